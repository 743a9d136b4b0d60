use kubarium_derive::{Decode, Encode};

#[derive(Encode, Decode)]
struct Pair(String, i64);

fn main() {}
