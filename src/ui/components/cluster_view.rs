use yew::prelude::*;

use crate::ui::model::{NodeCard, PodChip};

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub nodes: Vec<NodeCard>,
    /// Pods that no node runs yet, shown in a tray below the nodes.
    #[prop_or_default]
    pub unscheduled: Vec<PodChip>,
}

fn pod_chip(pod: &PodChip) -> Html {
    html! {
        <li class={classes!("chip", format!("chip--{}", pod.tone.modifier()))} title={pod.status.clone()}>
            <span class="chip__name">{ pod.name.clone() }</span>
            <span class="chip__status">{ pod.status.clone() }</span>
        </li>
    }
}

fn node_card(node: &NodeCard) -> Html {
    html! {
        <li class="node-card" aria-label={format!("Node {}", node.name)}>
            <div class="node-card__head">
                <span class="node-card__name">{ node.name.clone() }</span>
                <span class={classes!("badge", format!("badge--{}", node.tone.modifier()))}>
                    { node.status.clone() }
                </span>
            </div>
            if !node.details.is_empty() {
                <p class="node-card__details">
                    { for node.details.iter().map(|detail| html! { <span>{ detail.clone() }</span> }) }
                </p>
            }
            if node.pods.is_empty() {
                <p class="node-card__empty">{ "No pods" }</p>
            } else {
                <ul class="node-card__pods" aria-label={format!("Pods on {}", node.name)}>
                    { for node.pods.iter().map(pod_chip) }
                </ul>
            }
        </li>
    }
}

/// The cluster: one card per node with its pods, and the pods still waiting for a node.
#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let pod_count: usize = props
        .nodes
        .iter()
        .map(|node| node.pods.len())
        .sum::<usize>()
        + props.unscheduled.len();
    html! {
        <section class="pane pane--cluster" aria-labelledby="cluster-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="cluster-heading">{ "Cluster" }</h2>
                <span class="pane__meta">
                    { format!("{} nodes · {} pods", props.nodes.len(), pod_count) }
                </span>
            </div>
            <div class="pane__body">
                if props.nodes.is_empty() {
                    <p class="empty">{ "The cluster has no nodes yet." }</p>
                } else {
                    <ul class="cluster__nodes">{ for props.nodes.iter().map(node_card) }</ul>
                }
                if !props.unscheduled.is_empty() {
                    <div class="cluster__unscheduled">
                        <h3 class="cluster__subtitle">{ "Waiting for a node" }</h3>
                        <ul class="node-card__pods">{ for props.unscheduled.iter().map(pod_chip) }</ul>
                    </div>
                }
            </div>
        </section>
    }
}
