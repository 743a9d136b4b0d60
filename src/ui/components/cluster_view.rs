use std::rc::Rc;

use yew::prelude::*;

use crate::ui::model::{ClaimView, NodeView, ObjectRef, OrdinalState, PodView, Snapshot, StatefulSetView, VolumeView};

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub snapshot: Rc<Snapshot>,
    /// The object the inspector shows.
    #[prop_or_default]
    pub selected: Option<ObjectRef>,
    /// Show an object in the inspector.
    #[prop_or_default]
    pub on_select: Callback<ObjectRef>,
    /// Sends a command line (`kubectl cordon node-2`, `node stop node-2`).
    #[prop_or_default]
    pub on_command: Callback<String>,
}

/// What the cluster view showed in its first render: the nodes and pods that were there when the
/// page opened. Only what arrives later animates in, so the live page's first frame is the same
/// picture as the poster it replaces (`view::poster`), with nothing appearing twice.
/// (Sorted vectors: a set type would cost the bundle more for the few lookups of a render.)
#[derive(PartialEq)]
struct Opening {
    nodes: Vec<String>,
    pods: Vec<String>,
}

impl Opening {
    fn of(snapshot: &Snapshot) -> Opening {
        let sorted = |mut names: Vec<String>| {
            names.sort();
            names
        };
        let pods = snapshot.nodes.iter().flat_map(|n| &n.pods).chain(&snapshot.pending).map(|p| p.uid.clone()).collect();
        Opening { nodes: sorted(snapshot.nodes.iter().map(|n| n.name.clone()).collect()), pods: sorted(pods) }
    }

    fn has_node(&self, name: &str) -> bool {
        self.nodes.binary_search_by(|n| n.as_str().cmp(name)).is_ok()
    }

    fn has_pod(&self, uid: &str) -> bool {
        self.pods.binary_search_by(|p| p.as_str().cmp(uid)).is_ok()
    }
}

fn select(on_select: &Callback<ObjectRef>, target: ObjectRef) -> Callback<MouseEvent> {
    on_select.reform(move |_: MouseEvent| target.clone())
}

fn pod_chip(pod: &PodView, props: &ClusterViewProps, opening: &Opening) -> Html {
    let target = pod.object_ref();
    let selected = props.selected.as_ref() == Some(&target);
    let label =
        if pod.gone { format!("Pod {}: deleted", pod.name) } else { format!("Pod {}: {}, {} ready", pod.name, pod.status, pod.ready) };
    let key = format!("{}{}", pod.uid, if pod.gone { "-gone" } else { "" });
    html! {
        <li class={classes!("pod", (!opening.has_pod(&pod.uid)).then_some("pod--entering"))} key={key}>
            <button
                type="button"
                class={classes!(
                    "chip", format!("chip--{}", pod.tone.modifier()),
                    pod.gone.then_some("chip--gone"),
                    (pod.status == "Terminating").then_some("chip--terminating"),
                    selected.then_some("chip--selected"),
                )}
                title={ if pod.owner.is_empty() { pod.status.clone() } else { format!("{} · {}", pod.status, pod.owner) } }
                aria-label={label}
                data-pod={pod.name.clone()}
                data-status={pod.status.clone()}
                disabled={pod.gone}
                onclick={select(&props.on_select, target)}
            >
                <span class="chip__name">{ pod.name.clone() }</span>
                <span class="chip__status">{ if pod.gone { "gone".to_string() } else { pod.status.clone() } }</span>
            </button>
        </li>
    }
}

fn node_action(props: &ClusterViewProps, label: &str, aria: String, command: String, class: &'static str) -> Html {
    let onclick = props.on_command.reform(move |_: MouseEvent| command.clone());
    html! {
        <button type="button" class={classes!("button", "button--tiny", class)} aria-label={aria} title={label.to_string()} {onclick}>
            { label.to_string() }
        </button>
    }
}

fn node_card(node: &NodeView, props: &ClusterViewProps, opening: &Opening) -> Html {
    let name = &node.name;
    let target = ObjectRef::new("Node", "", name);
    let selected = props.selected.as_ref() == Some(&target);
    let cordon = if node.unschedulable {
        node_action(props, "Uncordon", format!("Uncordon {name}"), format!("kubectl uncordon {name}"), "node-card__uncordon")
    } else {
        node_action(props, "Cordon", format!("Cordon {name}"), format!("kubectl cordon {name}"), "node-card__cordon")
    };
    let power = if node.kubelet_running {
        node_action(props, "Stop", format!("Stop the kubelet of {name}"), format!("node stop {name}"), "node-card__stop")
    } else {
        node_action(props, "Start", format!("Start the kubelet of {name}"), format!("node start {name}"), "node-card__start")
    };
    let remove = node_action(props, "Remove", format!("Remove {name}"), format!("node remove {name}"), "node-card__remove");
    html! {
        <li class={classes!(
                "node-card", format!("node-card--{}", node.tone.modifier()), selected.then_some("node-card--selected"),
                (!opening.has_node(name)).then_some("node-card--entering"),
            )}
            key={name.clone()} aria-label={format!("Node {name}")} data-node={name.clone()}>
            <div class="node-card__head">
                <button type="button" class="node-card__name" onclick={select(&props.on_select, target)}
                    aria-label={format!("Inspect node {name}")}>
                    { name.clone() }
                </button>
                <span class={classes!("badge", format!("badge--{}", node.tone.modifier()))} data-node-status={node.status.clone()}>
                    { node.status.clone() }
                </span>
            </div>
            if !node.labels.is_empty() || !node.taints.is_empty() {
                <ul class="node-card__tags" aria-label={format!("Labels and taints of {name}")}>
                    { for node.labels.iter().map(|l| html! { <li class="tag tag--label" title="label">{ l.clone() }</li> }) }
                    { for node.taints.iter().map(|t| html! { <li class="tag tag--taint" title="taint">{ format!("taint {t}") }</li> }) }
                </ul>
            }
            <p class="node-card__usage" title="requested / allocatable">
                { for node.usage.iter().map(|u| html! {
                    <span class={classes!("usage", (u.percent >= 90).then_some("usage--full"))}>{ format!("{} {}", u.text, u.resource) }</span>
                }) }
            </p>
            if node.pods.is_empty() {
                <p class="node-card__empty">{ "No pods" }</p>
            } else {
                <ul class="node-card__pods" aria-label={format!("Pods on {name}")}>
                    { for node.pods.iter().map(|p| pod_chip(p, props, opening)) }
                </ul>
            }
            <div class="node-card__actions" role="group" aria-label={format!("Actions for {name}")}>
                { cordon }{ power }{ remove }
            </div>
        </li>
    }
}

fn claim_chip(claim: &ClaimView, props: &ClusterViewProps) -> Html {
    let target = ObjectRef::new("PersistentVolumeClaim", &claim.namespace, &claim.name);
    let volume = if claim.volume.is_empty() { "no volume yet".to_string() } else { format!("→ {}", claim.volume) };
    html! {
        <li key={claim.name.clone()}>
            <button type="button" class={classes!("chip", "chip--claim", format!("chip--{}", claim.tone.modifier()))}
                data-claim={claim.name.clone()} data-status={claim.status.clone()}
                aria-label={format!("Claim {}: {}, {volume}", claim.name, claim.status)}
                onclick={select(&props.on_select, target)}>
                <span class="chip__name">{ claim.name.clone() }</span>
                <span class="chip__status">{ format!("{} {volume}", claim.status) }</span>
            </button>
        </li>
    }
}

fn volume_chip(volume: &VolumeView, props: &ClusterViewProps) -> Html {
    let target = ObjectRef::new("PersistentVolume", "", &volume.name);
    let claim = if volume.claim.is_empty() { String::new() } else { format!(" ← {}", volume.claim) };
    html! {
        <li key={volume.name.clone()}>
            <button type="button" class={classes!("chip", "chip--volume", format!("chip--{}", volume.tone.modifier()))}
                data-volume={volume.name.clone()} data-status={volume.status.clone()}
                aria-label={format!("Volume {} ({}): {}{claim}", volume.name, volume.capacity, volume.status)}
                onclick={select(&props.on_select, target)}>
                <span class="chip__name">{ format!("{} {}", volume.name, volume.capacity) }</span>
                <span class="chip__status">{ format!("{}{claim}", volume.status) }</span>
            </button>
        </li>
    }
}

fn statefulset_panel(set: &StatefulSetView, props: &ClusterViewProps) -> Html {
    let target = ObjectRef::new("StatefulSet", &set.namespace, &set.name);
    let ordinals = set.ordinals.iter().map(|ordinal| {
        let (mark, text, class) = match &ordinal.state {
            OrdinalState::Ready => ("✓", ordinal.status.clone(), "ordinal--ready"),
            OrdinalState::Starting => ("…", ordinal.status.clone(), "ordinal--starting"),
            OrdinalState::Waiting { waiting_for: Some(previous) } => {
                ("○", format!("waiting for {previous} to be Ready"), "ordinal--waiting")
            }
            OrdinalState::Waiting { waiting_for: None } => ("○", "not created yet".to_string(), "ordinal--waiting"),
        };
        html! {
            <li class={classes!("ordinal", class)} key={ordinal.pod.clone()} data-ordinal={ordinal.pod.clone()}>
                <span class="ordinal__mark" aria-hidden="true">{ mark }</span>
                <span class="ordinal__pod">{ ordinal.pod.clone() }</span>
                <span class="ordinal__state">{ text }</span>
            </li>
        }
    });
    html! {
        <li class="workload" key={format!("sts/{}", set.name)} data-statefulset={set.name.clone()}>
            <div class="workload__head">
                <button type="button" class="workload__name" onclick={select(&props.on_select, target)}
                    aria-label={format!("Inspect StatefulSet {}", set.name)}>
                    { format!("statefulset/{}", set.name) }
                </button>
                <span class="workload__meta">{ format!("{}/{} ready", set.ready_replicas, set.replicas) }</span>
            </div>
            <ol class="ordinals" aria-label={format!("Pods of {} in order", set.name)}>{ for ordinals }</ol>
            if !set.claims.is_empty() {
                <ul class="workload__claims" aria-label={format!("Claims of {}", set.name)}>
                    { for set.claims.iter().map(|c| claim_chip(c, props)) }
                </ul>
            }
        </li>
    }
}

/// The cluster: the pending lane, one card per node with its pods, and beside them the
/// workloads (StatefulSet order, claims, DaemonSets) and the volumes.
#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let snapshot = &props.snapshot;
    let opening = use_memo((), |_| Opening::of(snapshot));
    let opening = &*opening;
    let has_workloads = !snapshot.statefulsets.is_empty()
        || !snapshot.daemonsets.is_empty()
        || !snapshot.volumes.is_empty()
        || !snapshot.other_claims.is_empty();
    html! {
        <section class="pane pane--cluster" aria-labelledby="cluster-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="cluster-heading">{ "Cluster" }</h2>
                <span class="pane__meta" id="cluster-summary">
                    { format!("{} nodes · {} pods", snapshot.nodes.len(), snapshot.pod_count) }
                </span>
            </div>
            <div class="pane__body cluster">
                <div class="cluster__main">
                    <div class={classes!("lane", (!snapshot.pending.is_empty()).then_some("lane--busy"))} aria-label="Pending pods" id="pending-lane">
                        <h3 class="lane__title">{ format!("Pending · {}", snapshot.pending.len()) }</h3>
                        if snapshot.pending.is_empty() {
                            <span class="lane__empty">{ "no pod is waiting for a node" }</span>
                        } else {
                            <ul class="node-card__pods">{ for snapshot.pending.iter().map(|p| pod_chip(p, props, opening)) }</ul>
                        }
                    </div>
                    if snapshot.nodes.is_empty() {
                        <p class="empty">{ "The cluster has no nodes. Add one with “+ Add node”." }</p>
                    } else {
                        <ul class="cluster__nodes" aria-label="Nodes">{ for snapshot.nodes.iter().map(|n| node_card(n, props, opening)) }</ul>
                    }
                </div>
                if has_workloads {
                    <aside class="cluster__side" aria-label="Workloads and storage">
                        <ul class="workloads">
                            { for snapshot.statefulsets.iter().map(|s| statefulset_panel(s, props)) }
                            { for snapshot.daemonsets.iter().map(|d| {
                                let target = ObjectRef::new("DaemonSet", &d.namespace, &d.name);
                                html! {
                                    <li class="workload" key={format!("ds/{}", d.name)} data-daemonset={d.name.clone()}>
                                        <div class="workload__head">
                                            <button type="button" class="workload__name" onclick={select(&props.on_select, target)}
                                                aria-label={format!("Inspect DaemonSet {}", d.name)}>
                                                { format!("daemonset/{}", d.name) }
                                            </button>
                                            <span class="workload__meta">{ format!("{}/{} ready", d.ready, d.desired) }</span>
                                        </div>
                                    </li>
                                }
                            }) }
                        </ul>
                        if !snapshot.volumes.is_empty() || !snapshot.other_claims.is_empty() {
                            <h3 class="cluster__subtitle">{ "Volumes" }</h3>
                            <ul class="volumes" aria-label="Persistent volumes">
                                { for snapshot.volumes.iter().map(|v| volume_chip(v, props)) }
                                { for snapshot.other_claims.iter().map(|c| claim_chip(c, props)) }
                            </ul>
                        }
                    </aside>
                }
            </div>
        </section>
    }
}
