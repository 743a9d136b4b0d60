use kubarium_derive::Encode;

#[derive(Encode)]
struct TimedIntent {
    at_ms: i64,
    #[json(flatten)]
    intent: String,
}

fn main() {}
