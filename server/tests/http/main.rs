//! The router over HTTP, in-process, against a fresh database per test:
//! one test binary, one module per area, and `common`, the support module
//! (requests as the browser sends them, `serde_json::json!` bodies, sign-up
//! and staff helpers).

#[path = "../common/mod.rs"]
mod common;

mod access;
mod credits;
mod email;
mod escrow;
mod files;
mod forms;
mod leads;
mod profiles;
mod shell;
mod site;
