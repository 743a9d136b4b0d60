use kubarium_derive::Decode;

#[derive(Decode)]
#[json(rename_all = "camelCase", deny_unknown_fields)]
struct ObjectMeta {
    name: String,
}

fn main() {}
