/work/main/derive/target/debug/deps/kubarium_derive-688554dab256876b.d: src/lib.rs Cargo.toml

/work/main/derive/target/debug/deps/libkubarium_derive-688554dab256876b.rmeta: src/lib.rs Cargo.toml

src/lib.rs:
Cargo.toml:

# env-dep:CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# env-dep:CLIPPY_CONF_DIR
