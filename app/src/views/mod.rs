//! What server functions return and take besides plain values: the wire
//! types shared by the server and the wasm client, one file per area.
//! They depend only on `domain`.

pub mod account;
pub mod agreements;
pub mod certification;
pub mod completion;
pub mod credits;
pub mod dashboard;
pub mod escrow;
pub mod fees;
pub mod files;
pub mod help;
pub mod leads;
pub mod notes;
pub mod notifications;
pub mod offers;
pub mod outbox;
pub mod pages;
pub mod plans;
pub mod profiles;
pub mod projects;
pub mod staff;
pub mod threads;
