#![recursion_limit = "256"]
//! The marketplace: domain rules, server functions, services and pages.

pub mod api;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod services;
pub mod ui;
pub mod views;

pub use ui::{shell, App};

// The generated translations: `i18n::Locale`, `use_i18n`, `t!` and friends.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
