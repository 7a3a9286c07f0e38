//! Field-level validation errors, shared by every parser of user input.

use super::msg::Msg;
use crate::domain::msg::FormMsg;
use serde::{Deserialize, Serialize};

/// One problem with one input field, phrased for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: Msg,
}

/// Collects every problem of a form so that all of them are shown at once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<Msg>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Records the error of `result` under `field` and returns its value.
    pub fn check<T, E: Into<Msg>>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

/// Trims `raw` and checks its length in characters (not bytes): the
/// refusals are kinds of message, in the reader's language.
pub fn bounded(raw: &str, min: usize, max: usize) -> Result<String, Msg> {
    let text = raw.trim();
    let len = text.chars().count();
    if len == 0 {
        return Err(Msg::Form(FormMsg::Required));
    }
    if len < min {
        return Err(Msg::Form(FormMsg::TooShort { min }));
    }
    if len > max {
        return Err(Msg::Form(FormMsg::TooLong { max, len }));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Msg::Form(FormMsg::BadCharacters));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_trims_and_counts_characters() {
        assert_eq!(bounded("  héllo ", 2, 5), Ok("héllo".into()));
        assert_eq!(bounded("   ", 2, 5), Err(Msg::Form(FormMsg::Required)));
        assert_eq!(
            bounded("a", 2, 5),
            Err(Msg::Form(FormMsg::TooShort { min: 2 }))
        );
        assert_eq!(
            bounded("abcdéf", 2, 5),
            Err(Msg::Form(FormMsg::TooLong { max: 5, len: 6 }))
        );
        assert_eq!(
            bounded("ab\u{0}c", 2, 5),
            Err(Msg::Form(FormMsg::BadCharacters))
        );
    }

    #[test]
    fn field_errors_collect_every_problem() {
        let mut errors = FieldErrors::new();
        assert_eq!(errors.check("a", Ok::<_, Msg>(1)), Some(1));
        assert_eq!(
            errors.check::<i32, Msg>("b", Err(FormMsg::Required.into())),
            None
        );
        errors.add("c", FormMsg::BadCharacters);
        let all = errors.into_vec();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].field, "b");
    }
}
