//! The one error type that crosses the server-function boundary.
//! Internal causes never reach the browser: they are logged with a request id.

use crate::domain::fields::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(String),
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyAttempts(String),
    /// Not enough credits or money; nothing was charged.
    #[error("{0}")]
    Insufficient(String),
    #[error("Something went wrong on our side. If it persists, quote reference {request_id}.")]
    Internal { request_id: String },
    #[error("Could not reach the server. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    /// One message attached to one field.
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The message for `field`, if this error has one.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
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

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(value: sqlx::Error) -> Self {
        AppError::internal(value)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::field("form", format!("The form was incomplete: {msg}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
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
        let e = AppError::field("email", "Enter an email address.");
        assert_eq!(
            e.message_for("email").as_deref(),
            Some("Enter an email address.")
        );
        assert_eq!(e.message_for("password"), None);
        assert_eq!(AppError::Unauthenticated.message_for("email"), None);
    }
}
