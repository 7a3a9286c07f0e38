//! The marketplace's rules as plain Rust: no I/O, no database, no UI.
//! Compiled into the server and into the wasm client, so forms and the
//! server apply the very same checks.

pub mod account;
pub mod agreement;
pub mod catalog;
pub mod certification;
pub mod contact;
pub mod dates;
pub mod device;
pub mod escrow;
pub mod feed;
pub mod fees;
pub mod fields;
pub mod files;
pub mod help;
pub mod lead;
pub mod ledger;
pub mod locale;
pub mod mail;
pub mod money;
pub mod msg;
pub mod notices;
pub mod offer;
pub mod panels;
pub mod payment;
pub mod phone;
pub mod pipeline;
pub mod profile;
pub mod project;
pub mod rate_limit;
pub mod terms;
pub mod usage;
pub mod values;
pub mod words;
