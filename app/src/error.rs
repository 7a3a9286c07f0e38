//! The one error type that crosses the server-function boundary.
//! Internal causes never reach the browser: they are logged with a request id.

use crate::domain::fields::{FieldError, FieldErrors};
pub use crate::domain::msg::Msg;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(Msg),
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(Msg),
    #[error("{0}")]
    Conflict(Msg),
    /// Too many attempts of one kind (logins, sign-ups, messages): wait.
    #[error("{0}")]
    TooManyAttempts(Msg),
    /// The request itself was malformed (not JSON, wrong shape): nothing was done.
    #[error("{0}")]
    BadRequest(Msg),
    /// The request body was larger than this address accepts.
    #[error("{0}")]
    TooLarge(Msg),
    /// The server is at capacity for this kind of work: try again shortly.
    #[error("{0}")]
    Busy(Msg),
    /// Not enough credits or money; nothing was charged.
    #[error("{0}")]
    Insufficient(Msg),
    #[error("Something went wrong on our side. If it persists, quote reference {request_id}.")]
    Internal { request_id: String },
    #[error("Could not reach the server. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    /// One message attached to one field.
    pub fn field(field: &str, message: impl Into<Msg>) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The message for `field`, if this error has one.
    pub fn message_for(&self, field: &str) -> Option<Msg> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status this error is answered with: every refusal is a
    /// 4xx, only our own failures are 5xx.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Insufficient(_) => StatusCode::PAYMENT_REQUIRED,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal { .. } | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// For a refusal that says how long to wait, that wait in seconds
    /// (the `Retry-After` of its answer).
    pub fn retry_after_secs(&self) -> Option<i64> {
        use crate::domain::msg::{AccountMsg, ProjectMsg};
        let minutes = match self {
            AppError::TooManyAttempts(Msg::Account(
                AccountMsg::TooManySignups { minutes }
                | AccountMsg::TooManyFailures { minutes, .. }
                | AccountMsg::TooManyResends { minutes }
                | AccountMsg::TooManyResets { minutes }
                | AccountMsg::TooManyMessages { minutes },
            ))
            | AppError::TooManyAttempts(Msg::Project(ProjectMsg::TooManyThreadMessages {
                minutes,
            })) => *minutes,
            _ => return None,
        };
        Some(minutes.max(1) * 60)
    }

    /// Logs an unexpected failure with a fresh request id and hides its cause.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        let request_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
        tracing::error!(%request_id, error = %cause, "internal error");
        AppError::Internal { request_id }
    }
}

impl From<FieldErrors> for AppError {
    fn from(value: FieldErrors) -> Self {
        AppError::Invalid(value.into_vec())
    }
}

/// Database checks a person's input could reach if a parser missed it:
/// the field each one speaks for, and what it says. The parsers check the
/// same bounds first; these turn a slip into a message next to the field,
/// not a 500.
#[cfg(feature = "ssr")]
fn field_constraint(name: &str) -> Option<(&'static str, Msg)> {
    use crate::domain::msg::{AccountMsg, EscrowMsg, FormMsg};
    let between = |min, max| Msg::Form(FormMsg::LengthBetween { min, max });
    Some(match name {
        "users_display_name_check" => ("display_name", between(2, 60)),
        "users_email_key" => ("email", AccountMsg::EmailTaken.into()),
        "projects_title_check" => ("title", between(5, 120)),
        "projects_description_check" => ("description", between(20, 5000)),
        "offers_message_check" => ("message", between(10, 3000)),
        "project_messages_body_check" => ("body", between(2, 2000)),
        "project_notes_body_check" => ("body", between(3, 2000)),
        "agreements_scope_check" => ("scope", between(20, 5000)),
        "agreement_tranches_label_check" => ("tranches", between(1, 120)),
        "agreement_tranches_position_check" => ("tranches", EscrowMsg::TrancheCount.into()),
        "ratings_comment_check" => ("comment", between(0, 2000)),
        _ => return None,
    })
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(value: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &value {
            if let Some((field, message)) = db.constraint().and_then(field_constraint) {
                tracing::warn!(error = %db, "a database check refused input a parser let through");
                return AppError::field(field, message);
            }
        }
        AppError::internal(value)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            // On the server these come from the request's body: the caller
            // sent something that is not the arguments of this function.
            if let ServerFnErrorErr::Args(msg)
            | ServerFnErrorErr::MissingArg(msg)
            | ServerFnErrorErr::Deserialization(msg) = &value
            {
                let error = AppError::BadRequest(malformed(msg));
                if let Some(options) =
                    leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
                {
                    options.set_status(error.status());
                }
                return error;
            }
        }
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => AppError::field(
                "form",
                crate::domain::msg::FormMsg::NotUnderstood {
                    detail: msg.clone(),
                },
            ),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// What a caller is told about a body that is not this function's
/// arguments: the parser's own words, cut short (they never contain our
/// data, only the caller's).
#[cfg(feature = "ssr")]
fn malformed(detail: &str) -> Msg {
    let detail: String = detail
        .chars()
        .filter(|c| !c.is_control())
        .take(160)
        .collect();
    crate::domain::msg::FormMsg::NotUnderstood { detail }.into()
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause_behind_a_reference() {
        let e = AppError::internal("password authentication failed for user secret_admin");
        let shown = e.to_string();
        assert!(!shown.contains("secret_admin"), "{shown}");
        let AppError::Internal { request_id } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(request_id.len(), 12);
        assert!(shown.contains(request_id.as_str()));
        let json = serde_json::to_string(&e).unwrap();
        assert!(!json.contains("secret_admin"));
    }

    #[test]
    fn field_messages_are_found_by_field() {
        let said = Msg::from(crate::domain::msg::AccountMsg::EmailShape);
        let e = AppError::field("email", said.clone());
        assert_eq!(e.message_for("email"), Some(said));
        assert_eq!(e.message_for("password"), None);
        assert_eq!(AppError::Unauthenticated.message_for("email"), None);
    }
}
