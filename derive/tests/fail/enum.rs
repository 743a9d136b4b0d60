use kubarium_derive::{Decode, Encode};

/// intstr.IntOrString is coded by hand in the crate, not derived.
#[derive(Encode, Decode)]
enum IntOrString {
    Int(i64),
    String(String),
}

fn main() {}
