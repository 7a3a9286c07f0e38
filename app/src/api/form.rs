//! Forms that work before and without the page's wasm.
//!
//! The wasm client calls server functions with a JSON body. A form on the
//! page also names its server function in `action` (`method="post"`), so a
//! person whose browser has not loaded the wasm yet, or runs no JavaScript,
//! posts the same form natively: an urlencoded body, with `Accept:
//! text/html`. [`JsonOrForm`] takes both. After a native post the server
//! answers with a redirect (post, redirect, get): on success to where the
//! server function says (`then_go`), on failure back to the form's page with
//! the error in its address (`__path`, `__err`, as server_fn writes them) and
//! what was typed, passwords and card numbers left out, so the page shows the
//! message beside a form that is still filled in.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use server_fn::codec::{Encoding, FromReq, IntoReq, Json};
use server_fn::request::{ClientReq, Req};
use server_fn::ContentType;

/// The input encoding of the server functions that forms post to: JSON from
/// the wasm client, JSON or an urlencoded form on the server.
pub struct JsonOrForm;

impl ContentType for JsonOrForm {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl Encoding for JsonOrForm {
    const METHOD: http::Method = http::Method::POST;
}

/// The content type a browser posts a plain form with.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Prefixes what was typed in a failed form's address, apart from the
/// page's own query (which never starts with `_`).
pub const ECHO: &str = "_";

/// Fields never written back into an address: secrets stay out of
/// history, logs and the `Referer` of the next page.
pub fn is_secret(field: &str) -> bool {
    let field = field.to_ascii_lowercase();
    ["password", "card", "cvc"]
        .iter()
        .any(|secret| field.contains(secret))
}

/// The error written into a failed form's address (`__err`).
pub fn posted_error(raw: &str) -> crate::error::AppError {
    server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(raw)
}

/// Decodes a form body into `T` (repeated names make lists, numbers are
/// read from their text) and remembers the post for `reply`.
#[cfg(feature = "ssr")]
pub fn decode_form<T: serde::de::DeserializeOwned>(
    path: &'static str,
    body: &[u8],
) -> Result<T, String> {
    let echo = url::form_urlencoded::parse(body)
        .filter(|(name, _)| !is_secret(name) && !name.starts_with("__"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    leptos::prelude::provide_context(NativePost::new(path, echo));
    serde_html_form::from_bytes(body).map_err(|e| e.to_string())
}

/// A form posted by the browser itself, not by the wasm client.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct NativePost {
    /// The server function's path, so the page knows which form failed.
    pub path: &'static str,
    /// What was typed, without secrets.
    pub echo: Vec<(String, String)>,
    /// Where to go on success, when the server function says.
    next: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

#[cfg(feature = "ssr")]
impl NativePost {
    fn new(path: &'static str, echo: Vec<(String, String)>) -> Self {
        NativePost {
            path,
            echo,
            next: Default::default(),
        }
    }

    /// The page the person lands on after a success.
    pub fn next(&self) -> Option<String> {
        self.next.lock().ok().and_then(|next| next.clone())
    }

    /// The address of the form's page again, with the error and what was
    /// typed in it (an earlier error and echo taken out first).
    pub fn back_with(&self, referer: Option<&str>, error: &AppError) -> String {
        use server_fn::error::ServerFnUrlError;
        let mut page = referer
            .and_then(|r| url::Url::parse(r).ok())
            .unwrap_or_else(|| url::Url::parse("http://site/").expect("a valid address"));
        let kept: Vec<(String, String)> = page
            .query_pairs()
            .filter(|(name, _)| !name.starts_with('_'))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        page.set_query(None);
        if !kept.is_empty() {
            page.query_pairs_mut().extend_pairs(&kept);
        }
        let Ok(mut back) = ServerFnUrlError::new(self.path, error.clone()).to_url(page.as_str())
        else {
            return "/".into();
        };
        back.query_pairs_mut().extend_pairs(
            self.echo
                .iter()
                .map(|(name, value)| (format!("{ECHO}{name}"), value)),
        );
        match back.query() {
            Some(query) => format!("{}?{query}", back.path()),
            None => back.path().to_string(),
        }
    }
}

/// After a native post that succeeds, go to `path` (a page of this site).
/// Calls from the wasm client are not affected: they get the server
/// function's answer and the page moves on by itself.
#[cfg(feature = "ssr")]
pub fn then_go(path: impl Into<String>) {
    if let Some(post) = leptos::prelude::use_context::<NativePost>() {
        if let Ok(mut next) = post.next.lock() {
            *next = Some(path.into());
        }
    }
}

/// Lets the named server functions' argument types be posted as JSON or as
/// a form. `Type` decodes the form's fields as the arguments themselves;
/// `Type { field: Inner }` decodes them as the one argument `field`.
#[macro_export]
macro_rules! json_or_form {
    ($($t:ident $({ $field:ident : $inner:ty })?),* $(,)?) => {$(
        impl<E, R> server_fn::codec::IntoReq<$crate::api::form::JsonOrForm, R, E> for $t
        where
            R: server_fn::request::ClientReq<E>,
            E: server_fn::error::FromServerFnError,
        {
            fn into_req(self, path: &str, accepts: &str) -> Result<R, E> {
                $crate::api::form::into_json_req(self, path, accepts)
            }
        }

        impl<E, R> server_fn::codec::FromReq<$crate::api::form::JsonOrForm, R, E> for $t
        where
            R: server_fn::request::Req<E> + Send + 'static,
            E: server_fn::error::FromServerFnError,
        {
            async fn from_req(req: R) -> Result<Self, E> {
                #[cfg(feature = "ssr")]
                if $crate::api::form::is_form(&req) {
                    use server_fn::ServerFn;
                    let body = req.try_into_bytes().await?;
                    return $crate::api::form::decode_form(<$t as ServerFn>::PATH, &body)
                        $(.map(|$field: $inner| $t { $field }))?
                        .map_err(|e| E::from_server_fn_error(
                            server_fn::error::ServerFnErrorErr::Deserialization(e),
                        ));
                }
                $crate::api::form::from_json_req(req).await
            }
        }
    )*};
}

/// Whether a request's body is a browser's form.
pub fn is_form<E, R: Req<E>>(req: &R) -> bool {
    req.to_content_type()
        .is_some_and(|c| c.starts_with(FORM_CONTENT_TYPE))
}

/// The wasm client's request: the arguments as JSON.
pub fn into_json_req<T, E, R>(args: T, path: &str, accepts: &str) -> Result<R, E>
where
    T: IntoReq<Json, R, E>,
    R: ClientReq<E>,
{
    args.into_req(path, accepts)
}

/// A JSON body, read as server_fn reads it.
pub async fn from_json_req<T, E, R>(req: R) -> Result<T, E>
where
    T: FromReq<Json, R, E>,
    R: Req<E> + Send + 'static,
{
    T::from_req(req).await
}
