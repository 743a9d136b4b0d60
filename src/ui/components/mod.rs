//! One function component per page region. Each takes plain data and `Callback`s as props.

mod cluster_view;
mod console;
mod controls;
mod events_pane;
mod header;
mod lesson_panel;
mod logo;
mod manifest_editor;
mod notice_bar;
mod share_panel;
mod timeline_bar;

pub use cluster_view::{ClusterView, ClusterViewProps};
pub use console::{Console, ConsoleProps};
pub use controls::{Controls, ControlsProps};
pub use events_pane::{EventsPane, EventsPaneProps};
pub use header::{Header, HeaderProps};
pub use lesson_panel::{LessonPanel, LessonPanelProps};
pub use logo::Logo;
pub use manifest_editor::{ManifestEditor, ManifestEditorProps};
pub use notice_bar::{NoticeBar, NoticeBarProps};
pub use share_panel::{SharePanel, SharePanelProps};
pub use timeline_bar::{TimelineBar, TimelineBarProps};
