//! Who is signed in, shared by every page.

use crate::error::AppError;
use crate::views::account::CurrentUser;
use leptos::prelude::*;

/// Who is signed in; `version` is bumped on log in/out.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub version: RwSignal<u32>,
}

impl Auth {
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}
