use kubarium_derive::Encode;

#[derive(Encode)]
struct Marker;

fn main() {}
