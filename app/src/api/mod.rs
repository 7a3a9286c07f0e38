//! Server functions: thin adapters that find out who is asking, parse the
//! input and call one service. Every one is a POST under /api.

pub mod account;
pub mod agreements;
pub mod auth;
pub mod certification;
pub mod completion;
pub mod credits;
pub mod dashboard;
pub mod escrow;
pub mod fees;
pub mod files;
pub mod form;
pub mod help;
pub mod lang;
pub mod leads;
pub mod notes;
pub mod notifications;
pub mod offers;
pub mod outbox;
pub mod pages;
pub mod plans;
pub mod preferences;
pub mod profiles;
pub mod projects;
pub mod staff;
pub mod threads;

#[cfg(feature = "ssr")]
pub mod context;
