use kubarium_derive::Decode;

#[derive(Decode)]
struct Service {
    #[json(rename = clusterIP)]
    cluster_ip: String,
}

fn main() {}
