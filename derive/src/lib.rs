//! `#[derive(Encode, Decode)]` for Kubarium's API object structs.
//!
//! Why not serde's derive: serde's generic visitors are instantiated once per struct and per
//! deserializer. Measured on the release bundle (README, "Bundle size"): serde's derive on the typed
//! objects makes the wasm 80 KB gzip larger and the page ~10 % slower to become interactive at
//! 10 Mbit/s (e2e `load_compare`). These derives emit plain code over
//! `serde_json::Value` that calls a handful of shared, non-generic-heavy helpers in
//! `crate::sim::objects::codec`, which is all the core needs: objects come in as JSON trees that the
//! manifest pipeline has already validated against the API's Go types.
//!
//! The attribute language is a small subset of serde's, under `#[json(...)]`:
//! - on the struct: `rename_all = "camelCase" | "snake_case"`, `default` (a missing or null field
//!   takes its type's default);
//! - on a field: `rename = "name"`, `default`, `skip_serializing_if = "path"`.
//!
//! Only structs with named fields are supported; the few enums are coded by hand. `tests/` holds
//! trybuild cases for both: what compiles (and round-trips through the real codec) and what is refused.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(Encode, attributes(json))]
pub fn derive_encode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, encode).unwrap_or_else(|e| e.to_compile_error()).into()
}

#[proc_macro_derive(Decode, attributes(json))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, decode).unwrap_or_else(|e| e.to_compile_error()).into()
}

struct Field {
    ident: syn::Ident,
    key: String,
    default: bool,
    skip_if: Option<syn::Path>,
}

fn expand(input: &DeriveInput, emit: fn(&syn::Ident, &[Field]) -> Tokens) -> syn::Result<Tokens> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "Encode/Decode derive only structs; code enums by hand"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(&input.ident, "Encode/Decode need named fields"));
    };
    let mut rename_all: Option<String> = None;
    let mut container_default = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("json")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value = meta.value()?.parse::<LitStr>()?;
                // Any other case would silently keep the Rust names.
                if !matches!(value.value().as_str(), "camelCase" | "snake_case") {
                    return Err(syn::Error::new_spanned(value, "rename_all takes \"camelCase\" or \"snake_case\""));
                }
                rename_all = Some(value.value());
            } else if meta.path.is_ident("default") {
                container_default = true;
            } else {
                return Err(meta.error("unknown #[json] option on a struct"));
            }
            Ok(())
        })?;
    }
    let mut fields = Vec::new();
    for field in &named.named {
        let ident = field.ident.clone().expect("named field");
        let mut key = None;
        let mut default = container_default;
        let mut skip_if = None;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("json")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    key = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("default") {
                    default = true;
                } else if meta.path.is_ident("skip_serializing_if") {
                    skip_if = Some(meta.value()?.parse::<LitStr>()?.parse::<syn::Path>()?);
                } else {
                    return Err(meta.error("unknown #[json] option on a field"));
                }
                Ok(())
            })?;
        }
        let name = ident.to_string();
        let key = key.unwrap_or_else(|| match rename_all.as_deref() {
            Some("camelCase") => camel_case(&name),
            _ => name.clone(),
        });
        fields.push(Field { ident, key, default, skip_if });
    }
    Ok(emit(&input.ident, &fields))
}

/// serde's `rename_all = "camelCase"`: `pod_ip` → `podIp`.
fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn encode(name: &syn::Ident, fields: &[Field]) -> Tokens {
    let puts = fields.iter().map(|f| {
        let (ident, key) = (&f.ident, &f.key);
        let put = quote! { codec::put(&mut map, #key, codec::Encode::encode(&self.#ident)); };
        match &f.skip_if {
            Some(path) => quote! { if !#path(&self.#ident) { #put } },
            None => put,
        }
    });
    quote! {
        impl crate::sim::objects::codec::Encode for #name {
            fn encode(&self) -> ::serde_json::Value {
                use crate::sim::objects::codec;
                let mut map = ::serde_json::Map::new();
                #(#puts)*
                ::serde_json::Value::Object(map)
            }
        }
    }
}

fn decode(name: &syn::Ident, fields: &[Field]) -> Tokens {
    let what = format!("struct {name}");
    let keys = fields.iter().map(|f| &f.key);
    let inits = fields.iter().map(|f| {
        let (ident, key) = (&f.ident, &f.key);
        let getter = if f.default { format_ident!("or_default") } else { format_ident!("required") };
        quote! { #ident: fields.#getter(#key), }
    });
    quote! {
        impl crate::sim::objects::codec::Decode for #name {
            const FIELDS: &'static [&'static str] = &[#(#keys),*];

            fn decode(value: &::serde_json::Value) -> ::core::result::Result<Self, crate::sim::objects::codec::DecodeError> {
                use crate::sim::objects::codec;
                let mut fields = codec::Fields::of(value, #what)?;
                let decoded = #name { #(#inits)* };
                fields.finish(decoded)
            }
        }
    }
}
