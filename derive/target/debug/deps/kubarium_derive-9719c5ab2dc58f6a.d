/work/main/derive/target/debug/deps/kubarium_derive-9719c5ab2dc58f6a.d: src/lib.rs Cargo.toml

/work/main/derive/target/debug/deps/libkubarium_derive-9719c5ab2dc58f6a.rmeta: src/lib.rs Cargo.toml

src/lib.rs:
Cargo.toml:

# env-dep:CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# env-dep:CLIPPY_CONF_DIR
