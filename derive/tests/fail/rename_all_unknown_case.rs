use kubarium_derive::Encode;

#[derive(Encode)]
#[json(rename_all = "PascalCase")]
struct PodSpec {
    node_name: String,
}

fn main() {}
