//! Derive macros behind unkey-edge's operation descriptions.
//!
//! - `#[derive(Schema)]` turns a model struct or string enum into a `const` constraint table
//!   (`unkey_edge::schema::Shape`) plus a separate doc table, so the validator (which ships in the
//!   wasm) never references the doc strings and the linker can drop them.
//! - `#[derive(Request)]` writes `new(required…)` and one fluent setter per optional field.
//!
//! Wire names follow serde: the container's `rename_all` and a field's `rename`. Constraints come
//! from `#[schema(...)]`:
//!
//! | attribute | meaning |
//! |---|---|
//! | `len = 1..=512` | string length in Unicode code points |
//! | `range = 0..=100` | integer bounds (inclusive) |
//! | `pattern = "alnum_"` | a named pattern (`alnum_`, `external_id`, `permission`, `resource_id`) |
//! | `items = ..=20` | array item count; `item(len = .., pattern = ..)` constrains each item |
//! | `props = ..=100` | property count of a free-form object |
//! | `nullable`, `required` | JSON `null` allowed; an `Option` that must still be present |
//! | `open` (container) | unknown properties / enum values are allowed |

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Ts};
use quote::quote;
use syn::parse::ParseStream;
use syn::{
    parse_macro_input, Attribute, Data, DeriveInput, Fields, GenericArgument, LitInt, LitStr,
    PathArguments, Token, Type,
};

/// Emits `impl unkey_edge::schema::Schema` with the type's constraint table and doc table.
#[proc_macro_derive(Schema, attributes(schema))]
pub fn derive_schema(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match schema_impl(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Emits `new(required…)` and fluent setters for a request struct with named fields.
///
/// `#[request(deprecated_new = "note")]` on the struct marks the generated `new` deprecated (for
/// requests whose positional arguments are easy to swap and have a clearer constructor).
#[proc_macro_derive(Request, attributes(schema, request))]
pub fn derive_request(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match request_impl(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

// ---------------------------------------------------------------------------------------------
// attribute parsing

#[derive(Default, Clone)]
struct Constraints {
    len: Option<(Option<u64>, Option<u64>)>,
    range: Option<(Option<i128>, Option<i128>)>,
    pattern: Option<String>,
    items: Option<(Option<u64>, Option<u64>)>,
    props: Option<(Option<u64>, Option<u64>)>,
    item: Option<Box<Constraints>>,
    nullable: bool,
    required: bool,
    open: bool,
    /// `default = false` (or an integer): the JSON value the JS façade fills in when the field
    /// is absent.
    default: Option<String>,
}

/// Parses `a..=b`, `..=b`, `a..`, `a..b` with integer literals (underscores allowed).
fn parse_range(input: ParseStream) -> syn::Result<(Option<i128>, Option<i128>)> {
    let lo = if input.peek(LitInt) {
        Some(input.parse::<LitInt>()?.base10_parse::<i128>()?)
    } else {
        None
    };
    let inclusive = if input.peek(Token![..=]) {
        input.parse::<Token![..=]>()?;
        true
    } else {
        input.parse::<Token![..]>()?;
        false
    };
    let hi = if input.peek(LitInt) {
        let v = input.parse::<LitInt>()?.base10_parse::<i128>()?;
        Some(if inclusive { v } else { v - 1 })
    } else {
        None
    };
    Ok((lo, hi))
}

fn unsigned(
    r: (Option<i128>, Option<i128>),
    span: Span,
) -> syn::Result<(Option<u64>, Option<u64>)> {
    let conv = |v: Option<i128>| -> syn::Result<Option<u64>> {
        match v {
            None => Ok(None),
            Some(x) => u64::try_from(x)
                .map(Some)
                .map_err(|_| syn::Error::new(span, "bound must be a non-negative integer")),
        }
    };
    Ok((conv(r.0)?, conv(r.1)?))
}

fn parse_constraints(attrs: &[Attribute]) -> syn::Result<Constraints> {
    let mut c = Constraints::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("schema")) {
        attr.parse_nested_meta(|meta| parse_one(&mut c, meta))?;
    }
    Ok(c)
}

fn parse_one(c: &mut Constraints, meta: syn::meta::ParseNestedMeta) -> syn::Result<()> {
    let span = meta
        .path
        .get_ident()
        .map_or_else(Span::call_site, |i| i.span());
    if meta.path.is_ident("len") {
        c.len = Some(unsigned(parse_range(meta.value()?)?, span)?);
    } else if meta.path.is_ident("range") {
        c.range = Some(parse_range(meta.value()?)?);
    } else if meta.path.is_ident("items") {
        c.items = Some(unsigned(parse_range(meta.value()?)?, span)?);
    } else if meta.path.is_ident("props") {
        c.props = Some(unsigned(parse_range(meta.value()?)?, span)?);
    } else if meta.path.is_ident("pattern") {
        let s: LitStr = meta.value()?.parse()?;
        let v = s.value();
        if pattern_variant(&v).is_none() {
            return Err(syn::Error::new(
                s.span(),
                "unknown pattern: use alnum_, external_id, permission or resource_id",
            ));
        }
        c.pattern = Some(v);
    } else if meta.path.is_ident("item") {
        let mut inner = Constraints::default();
        meta.parse_nested_meta(|m| parse_one(&mut inner, m))?;
        c.item = Some(Box::new(inner));
    } else if meta.path.is_ident("default") {
        c.default = Some(match meta.value()?.parse::<syn::Lit>()? {
            syn::Lit::Bool(b) => b.value.to_string(),
            syn::Lit::Int(i) => i.base10_digits().to_string(),
            other => {
                return Err(syn::Error::new(
                    other.span(),
                    "default must be a boolean or integer literal",
                ))
            }
        });
    } else if meta.path.is_ident("nullable") {
        c.nullable = true;
    } else if meta.path.is_ident("required") {
        c.required = true;
    } else if meta.path.is_ident("open") {
        c.open = true;
    } else {
        return Err(meta.error("unknown schema attribute"));
    }
    Ok(())
}

fn pattern_variant(name: &str) -> Option<Ts> {
    Some(match name {
        "alnum_" => quote!(AlnumUnderscore),
        "external_id" => quote!(ExternalId),
        "permission" => quote!(PermissionSlug),
        "resource_id" => quote!(ResourceId),
        _ => return None,
    })
}

#[derive(Default)]
struct SerdeAttrs {
    rename: Option<String>,
    rename_all: Option<String>,
    skip: bool,
    transparent: bool,
    untagged: bool,
}

fn serde_attrs(attrs: &[Attribute]) -> syn::Result<SerdeAttrs> {
    let mut s = SerdeAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            match key.as_str() {
                "rename" => s.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename_all" => s.rename_all = Some(meta.value()?.parse::<LitStr>()?.value()),
                "skip" | "skip_serializing" => s.skip = true,
                "transparent" => s.transparent = true,
                "untagged" => s.untagged = true,
                _ => {
                    // Anything else (`default`, `skip_serializing_if = ".."`, `with`…) is
                    // irrelevant here: consume its value so parsing continues.
                    if meta.input.peek(Token![=]) {
                        meta.value()?.parse::<syn::Lit>()?;
                    } else if meta.input.peek(syn::token::Paren) {
                        let content;
                        syn::parenthesized!(content in meta.input);
                        content.parse::<Ts>()?;
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(s)
}

fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                lines.push(s.value().trim().to_string());
            }
        }
    }
    lines.join(" ").trim().to_string()
}

fn split_words(ident: &str) -> Vec<String> {
    // snake_case fields or PascalCase variants → lowercase words
    let mut words = Vec::new();
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let mut cur = String::new();
        for ch in part.chars() {
            if ch.is_uppercase() && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            cur.extend(ch.to_lowercase());
        }
        if !cur.is_empty() {
            words.push(cur);
        }
    }
    words
}

fn apply_rename_all(ident: &str, rule: Option<&str>, span: Span) -> syn::Result<String> {
    let words = split_words(ident);
    let cap = |w: &String| {
        let mut c = w.chars();
        c.next().map_or_else(String::new, |f| {
            f.to_uppercase().collect::<String>() + c.as_str()
        })
    };
    Ok(match rule {
        None => ident.to_string(),
        Some("camelCase") => {
            let mut out = String::new();
            for (i, w) in words.iter().enumerate() {
                out += &if i == 0 { w.clone() } else { cap(w) };
            }
            out
        }
        Some("PascalCase") => words.iter().map(cap).collect(),
        Some("snake_case") => words.join("_"),
        Some("lowercase") => words.concat(),
        Some("SCREAMING_SNAKE_CASE") => words.join("_").to_uppercase(),
        Some(other) => {
            return Err(syn::Error::new(
                span,
                format!("unsupported rename_all {other}"),
            ))
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Rust type → schema type

enum Wrapper {
    None,
    Option,
    Patch,
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

fn generic_arg(seg: &syn::PathSegment, idx: usize) -> Option<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .nth(idx),
        _ => None,
    }
}

/// Whether `ty` is a number or `bool`, which setters take as is.
fn is_primitive(ty: &Type) -> bool {
    const PRIMITIVES: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "bool",
    ];
    match ty {
        Type::Path(p) if p.qself.is_none() => p
            .path
            .get_ident()
            .is_some_and(|i| PRIMITIVES.iter().any(|n| i == n)),
        _ => false,
    }
}

fn unwrap_field(ty: &Type) -> (Wrapper, &Type) {
    if let Some(seg) = last_segment(ty) {
        let name = seg.ident.to_string();
        if name == "Option" || name == "Patch" {
            if let Some(inner) = generic_arg(seg, 0) {
                let w = if name == "Option" {
                    Wrapper::Option
                } else {
                    Wrapper::Patch
                };
                return (w, inner);
            }
        }
    }
    (Wrapper::None, ty)
}

fn bound_u32(v: Option<u64>, default: u32) -> u32 {
    v.map_or(default, |x| u32::try_from(x).unwrap_or(u32::MAX))
}

/// The `Ty` expression for a (non-Option) Rust type with its constraints.
fn ty_expr(ty: &Type, c: &Constraints) -> syn::Result<Ts> {
    let krate = quote!(::unkey_edge::schema);
    let seg = last_segment(ty)
        .ok_or_else(|| syn::Error::new_spanned(ty, "unsupported field type for Schema"))?;
    let name = seg.ident.to_string();
    const SAFE: i128 = 9_007_199_254_740_991;
    let int = |lo: i128, hi: i128| -> Ts {
        let (mut lo, mut hi) = (lo, hi);
        if let Some((l, h)) = c.range {
            if let Some(l) = l {
                lo = l;
            }
            if let Some(h) = h {
                hi = h;
            }
        }
        let lo = lo.clamp(-SAFE, SAFE) as i64;
        let hi = hi.clamp(-SAFE, SAFE) as i64;
        quote!(#krate::Ty::Int { min: #lo, max: #hi })
    };
    Ok(match name.as_str() {
        "String" => {
            let (lo, hi) = c.len.unwrap_or((None, None));
            let lo = bound_u32(lo, 0);
            let hi = bound_u32(hi, u32::MAX);
            let pattern = match &c.pattern {
                Some(p) => {
                    let v = pattern_variant(p).unwrap_or_else(|| quote!(AlnumUnderscore));
                    quote!(::core::option::Option::Some(#krate::Pattern::#v))
                }
                None => quote!(::core::option::Option::None),
            };
            quote!(#krate::Ty::Str { min: #lo, max: #hi, pattern: #pattern })
        }
        "bool" => quote!(#krate::Ty::Bool),
        "i64" | "isize" => int(-SAFE, SAFE),
        "u64" | "usize" => int(0, SAFE),
        "i32" => int(i32::MIN.into(), i32::MAX.into()),
        "u32" => int(0, u32::MAX.into()),
        "u16" => int(0, u16::MAX.into()),
        "u8" => int(0, u8::MAX.into()),
        "Vec" => {
            let inner = generic_arg(seg, 0)
                .ok_or_else(|| syn::Error::new_spanned(ty, "Vec without item type"))?;
            let item_c = c.item.as_deref().cloned().unwrap_or_default();
            let item = ty_expr(inner, &item_c)?;
            let (lo, hi) = c.items.unwrap_or((None, None));
            let lo = bound_u32(lo, 0);
            let hi = bound_u32(hi, u32::MAX);
            quote!(#krate::Ty::Array { items: &#item, min: #lo, max: #hi })
        }
        "Map" | "JsonMap" | "HashMap" | "BTreeMap" => {
            let hi = bound_u32(c.props.and_then(|p| p.1), u32::MAX);
            quote!(#krate::Ty::Map { max: #hi })
        }
        "Value" => quote!(#krate::Ty::Any),
        _ => quote!(#krate::Ty::Ref(<#ty as #krate::Schema>::SHAPE)),
    })
}

// ---------------------------------------------------------------------------------------------
// derive(Schema)

fn schema_impl(input: &DeriveInput) -> syn::Result<Ts> {
    let krate = quote!(::unkey_edge::schema);
    let ident = &input.ident;
    let name = ident.to_string();
    let cattrs = serde_attrs(&input.attrs)?;
    let cc = parse_constraints(&input.attrs)?;
    let type_doc = doc_of(&input.attrs);
    let (kind, field_docs): (Ts, Vec<String>) = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => {
                let mut fields = Vec::new();
                let mut docs = Vec::new();
                for f in &named.named {
                    let sa = serde_attrs(&f.attrs)?;
                    if sa.skip {
                        continue;
                    }
                    let fid = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
                    let fid = fid.trim_start_matches("r#").to_string();
                    let wire = match sa.rename {
                        Some(r) => r,
                        None => {
                            apply_rename_all(&fid, cattrs.rename_all.as_deref(), Span::call_site())?
                        }
                    };
                    let c = parse_constraints(&f.attrs)?;
                    let (wrap, inner) = unwrap_field(&f.ty);
                    let (required, nullable) = match wrap {
                        Wrapper::None => (true, c.nullable),
                        Wrapper::Option => (c.required, c.nullable),
                        Wrapper::Patch => (false, true),
                    };
                    let ty = ty_expr(inner, &c)?;
                    let default = match &c.default {
                        Some(v) => quote!(::core::option::Option::Some(#v)),
                        None => quote!(::core::option::Option::None),
                    };
                    fields.push(quote! {
                        #krate::Field {
                            name: #wire, ty: #ty, required: #required, nullable: #nullable,
                            #[cfg(not(npm))]
                            default: #default,
                        }
                    });
                    docs.push(doc_of(&f.attrs));
                }
                let closed = !cc.open;
                (
                    quote!(#krate::Kind::Object { fields: &[#(#fields),*], closed: #closed }),
                    docs,
                )
            }
            Fields::Unnamed(un) if un.unnamed.len() == 1 && cattrs.transparent => {
                let f = un
                    .unnamed
                    .first()
                    .ok_or_else(|| syn::Error::new_spanned(ident, "empty"))?;
                let c = parse_constraints(&f.attrs)?;
                let ty = ty_expr(&f.ty, &c)?;
                (quote!(#krate::Kind::Alias(#ty)), Vec::new())
            }
            Fields::Unit => (
                quote!(#krate::Kind::Object { fields: &[], closed: false }),
                Vec::new(),
            ),
            _ => {
                return Err(syn::Error::new_spanned(
                    ident,
                    "Schema supports named-field structs and #[serde(transparent)] newtypes",
                ))
            }
        },
        Data::Enum(e) => {
            let mut values = Vec::new();
            let mut docs = Vec::new();
            let mut open = cc.open;
            for v in &e.variants {
                let sa = serde_attrs(&v.attrs)?;
                match &v.fields {
                    Fields::Unit => {
                        let wire = match sa.rename {
                            Some(r) => r,
                            None => apply_rename_all(
                                &v.ident.to_string(),
                                cattrs.rename_all.as_deref(),
                                v.ident.span(),
                            )?,
                        };
                        values.push(wire);
                        docs.push(doc_of(&v.attrs));
                    }
                    // `Unknown(String)` (serde untagged / other): the enum is open.
                    Fields::Unnamed(u) if u.unnamed.len() == 1 => open = true,
                    _ => {
                        return Err(syn::Error::new_spanned(
                            v,
                            "Schema enums have unit variants plus at most one `Unknown(String)`",
                        ))
                    }
                }
            }
            (
                quote!(#krate::Kind::Enum { values: &[#(#values),*], open: #open }),
                docs,
            )
        }
        Data::Union(_) => return Err(syn::Error::new_spanned(ident, "unions are not supported")),
    };
    Ok(quote! {
        impl #krate::Schema for #ident {
            const SHAPE: &'static #krate::Shape = &#krate::Shape {
                name: #krate::host_name(#name),
                kind: #kind,
                #[cfg(not(npm))]
                docs: <Self as #krate::Schema>::DOCS,
            };
            const DOCS: &'static #krate::Docs = &#krate::Docs { doc: #type_doc, items: &[#(#field_docs),*] };
        }
    })
}

// ---------------------------------------------------------------------------------------------
// derive(Request)

fn request_impl(input: &DeriveInput) -> syn::Result<Ts> {
    let ident = &input.ident;
    let Data::Struct(s) = &input.data else {
        return Err(syn::Error::new_spanned(
            ident,
            "Request needs a struct with named fields",
        ));
    };
    let Fields::Named(named) = &s.fields else {
        return Err(syn::Error::new_spanned(
            ident,
            "Request needs a struct with named fields",
        ));
    };
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in &named.named {
        let Some(fid) = f.ident.as_ref() else {
            continue;
        };
        let c = parse_constraints(&f.attrs)?;
        let doc = doc_of(&f.attrs);
        let (wrap, inner) = unwrap_field(&f.ty);
        let vec_item = last_segment(inner)
            .filter(|s| s.ident == "Vec")
            .and_then(|s| generic_arg(s, 0));
        // Numbers and booleans are taken as the field's own type, not `impl Into<…>`: an
        // unsuffixed literal then infers (`.limit(100)` on a `u32`; `u32: From<i32>` does not
        // exist, so `impl Into<u32>` would refuse it).
        let (param_ty, conv) = match vec_item {
            Some(item) if is_primitive(item) => (
                quote!(impl ::core::iter::IntoIterator<Item = #item>),
                quote!(v.into_iter().collect()),
            ),
            Some(item) => (
                quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>),
                quote!(v.into_iter().map(::core::convert::Into::into).collect()),
            ),
            None if is_primitive(inner) => (quote!(#inner), quote!(v)),
            None => (quote!(impl ::core::convert::Into<#inner>), quote!(v.into())),
        };
        match wrap {
            Wrapper::None => {
                args.push(quote!(#fid: #param_ty));
                let v_conv = conv.clone();
                inits.push(quote!(#fid: { let v = #fid; #v_conv }));
            }
            Wrapper::Option if c.required => {
                args.push(quote!(#fid: impl ::core::convert::Into<::core::option::Option<#inner>>));
                inits.push(quote!(#fid: #fid.into()));
            }
            Wrapper::Option => {
                inits.push(quote!(#fid: ::core::option::Option::None));
                let d = format!("Sets `{fid}`. {doc}");
                setters.push(quote! {
                    #[doc = #d]
                    #[must_use]
                    pub fn #fid(mut self, v: #param_ty) -> Self {
                        self.#fid = ::core::option::Option::Some(#conv);
                        self
                    }
                });
            }
            Wrapper::Patch => {
                inits.push(quote!(#fid: ::unkey_edge::Patch::Absent));
                let d = format!("Sets `{fid}`. {doc}");
                let clear = syn::Ident::new(&format!("clear_{fid}"), fid.span());
                let dc = format!("Sends `{fid}: null`, clearing the stored value.");
                setters.push(quote! {
                    #[doc = #d]
                    #[must_use]
                    pub fn #fid(mut self, v: #param_ty) -> Self {
                        self.#fid = ::unkey_edge::Patch::Value(#conv);
                        self
                    }
                    #[doc = #dc]
                    #[must_use]
                    pub fn #clear(mut self) -> Self {
                        self.#fid = ::unkey_edge::Patch::Null;
                        self
                    }
                });
            }
        }
    }
    let mut deprecated = quote!();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("request")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deprecated_new") {
                let note: LitStr = meta.value()?.parse()?;
                deprecated = quote!(#[deprecated(note = #note)]);
                Ok(())
            } else {
                Err(meta.error("unknown request attribute (expected `deprecated_new = \"…\"`)"))
            }
        })?;
    }
    Ok(quote! {
        impl #ident {
            /// Creates the request from its required fields; optional fields start unset.
            #[must_use]
            #deprecated
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn expand(src: &str) -> Result<String, String> {
        let input: DeriveInput = syn::parse_str(src).unwrap();
        schema_impl(&input)
            .map(|ts| ts.to_string().replace(' ', ""))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn rename_rules() {
        let s = Span::call_site();
        assert_eq!(
            apply_rename_all("key_id", Some("camelCase"), s).unwrap(),
            "keyId"
        );
        assert_eq!(
            apply_rename_all("revalidate_keys_cache", Some("camelCase"), s).unwrap(),
            "revalidateKeysCache"
        );
        assert_eq!(
            apply_rename_all("InsufficientPermissions", Some("SCREAMING_SNAKE_CASE"), s).unwrap(),
            "INSUFFICIENT_PERMISSIONS"
        );
        assert_eq!(
            apply_rename_all("Monthly", Some("lowercase"), s).unwrap(),
            "monthly"
        );
        assert_eq!(apply_rename_all("x", None, s).unwrap(), "x");
        assert!(apply_rename_all("x", Some("kebab-case"), s).is_err());
    }

    #[test]
    fn struct_fields_constraints_and_docs() {
        let out = expand(
            r#"
            /// A request.
            #[serde(rename_all = "camelCase")]
            struct R {
                /// The id.
                #[schema(len = 3..=255, pattern = "alnum_")]
                key_id: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                #[schema(items = ..=20, item(len = 1..=512))]
                tags: Option<Vec<String>>,
                #[schema(range = 0..=1_000)]
                cost: Patch<i64>,
                #[serde(rename = "x_y")]
                #[schema(required, nullable, range = 0..)]
                remaining: Option<i64>,
                #[serde(skip)]
                hidden: u8,
            }"#,
        )
        .unwrap();
        assert!(out.contains(r#"name:"keyId",ty:::unkey_edge::schema::Ty::Str{min:3u32,max:255u32,pattern:::core::option::Option::Some(::unkey_edge::schema::Pattern::AlnumUnderscore)},required:true,nullable:false"#), "{out}");
        assert!(out.contains(r#"name:"tags",ty:::unkey_edge::schema::Ty::Array{items:&::unkey_edge::schema::Ty::Str{min:1u32,max:512u32"#), "{out}");
        assert!(
            out.contains("max:20u32},required:false,nullable:false"),
            "{out}"
        );
        assert!(out.contains(r#"name:"cost",ty:::unkey_edge::schema::Ty::Int{min:0i64,max:1000i64},required:false,nullable:true"#), "{out}");
        assert!(out.contains(r#"name:"x_y",ty:::unkey_edge::schema::Ty::Int{min:0i64,max:9007199254740991i64},required:true,nullable:true"#), "{out}");
        assert!(!out.contains("hidden"));
        assert!(
            out.contains(r#"doc:"Arequest.",items:&["Theid.","","","",]"#)
                || out.contains(r#"doc:"Arequest.",items:&["Theid.","","",""]"#),
            "{out}"
        );
        assert!(out.contains("closed:true"));
    }

    #[test]
    fn enums_and_open_shapes() {
        let out = expand(
            r#"#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
            enum Code { Valid, NotFound, #[serde(untagged)] Unknown(String) }"#,
        )
        .unwrap();
        assert!(
            out.contains(r#"values:&["VALID","NOT_FOUND"],open:true"#),
            "{out}"
        );
        let out = expand(r#"#[schema(open)] struct O { a: bool }"#).unwrap();
        assert!(out.contains("closed:false"), "{out}");
        let out = expand(r#"#[serde(transparent)] struct M(#[schema(items = 1..=100)] Vec<L>);"#)
            .unwrap();
        assert!(out.contains("Kind::Alias(::unkey_edge::schema::Ty::Array{items:&::unkey_edge::schema::Ty::Ref(<Las::unkey_edge::schema::Schema>::SHAPE),min:1u32,max:100u32})"), "{out}");
    }

    #[test]
    fn numeric_setters_take_the_field_type() {
        let input: DeriveInput = syn::parse_str(
            r#"struct R {
                id: String,
                count: i64,
                limit: Option<u32>,
                enabled: Option<bool>,
                expires: Patch<i64>,
                days: Option<Vec<u8>>,
                tags: Option<Vec<String>>,
            }"#,
        )
        .unwrap();
        let out = request_impl(&input).unwrap().to_string().replace(' ', "");
        assert!(
            out.contains("pubfnnew(id:impl::core::convert::Into<String>,count:i64)"),
            "{out}"
        );
        assert!(out.contains("pubfnlimit(mutself,v:u32)"), "{out}");
        assert!(out.contains("pubfnenabled(mutself,v:bool)"), "{out}");
        assert!(out.contains("pubfnexpires(mutself,v:i64)"), "{out}");
        assert!(
            out.contains("pubfndays(mutself,v:impl::core::iter::IntoIterator<Item=u8>)"),
            "{out}"
        );
        assert!(out.contains("pubfntags(mutself,v:impl::core::iter::IntoIterator<Item=impl::core::convert::Into<String>>)"), "{out}");
    }

    #[test]
    fn new_can_be_deprecated() {
        let input: DeriveInput =
            syn::parse_str(r#"#[request(deprecated_new = "use R::other")] struct R { a: i64 }"#)
                .unwrap();
        let out = request_impl(&input).unwrap().to_string().replace(' ', "");
        assert!(
            out.contains(r#"#[deprecated(note="useR::other")]"#),
            "{out}"
        );
        let input: DeriveInput = syn::parse_str(r#"#[request(nope)] struct R { a: i64 }"#).unwrap();
        assert!(request_impl(&input).is_err());
    }

    #[test]
    fn mistakes_are_compile_errors() {
        assert!(
            expand(r#"struct A { #[schema(pattern = "regex")] a: String }"#)
                .unwrap_err()
                .contains("unknown pattern")
        );
        assert!(expand(r#"struct A { #[schema(lenn = 1..2)] a: String }"#)
            .unwrap_err()
            .contains("unknown schema attribute"));
        assert!(expand(r#"struct A { #[schema(len = -1..2)] a: String }"#).is_err());
        assert!(expand(r#"struct A(u8, u8);"#).is_err());
        assert!(expand(r#"enum E { A { x: u8 } }"#).is_err());
    }
}
