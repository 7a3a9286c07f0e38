//! The services against a real PostgreSQL: one test binary (one link on a
//! slow machine), one module per area. Each `#[sqlx::test]` gets a fresh
//! database with the migrations applied.
#![cfg(feature = "ssr")]

mod common;

mod agreements;
mod certification;
mod credits;
mod dashboard;
mod email;
mod escrow;
mod fees;
mod files;
mod help;
mod leads;
mod notices;
mod offers;
mod pages;
mod payments;
mod plans;
mod profiles;
mod self_service;
mod services;
mod staff_desk;
