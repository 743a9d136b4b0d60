//! The stories, one module per area of the page. Each `#[test]` is one story:
//! `Story::new("name")…run(|page| async move { … })`.

mod layout;
mod lesson;
mod load;
mod medium;
mod playground;
mod poster;
mod present;
mod seek;
mod shell;
mod site;
