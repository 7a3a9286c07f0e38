//! The zero-risk escrow in PostgreSQL. Every move takes the escrow's row
//! lock, loads it into `domain::escrow::Escrow`, lets the domain decide,
//! then writes the new tranche amounts, the balanced ledger postings and the
//! idempotency answer in the same transaction, and bumps the escrow's
//! version, whose trigger notifies every server instance after commit.

//!
//! `store` holds what every move shares (the row, its lock, saving); the
//! other files are the areas: `moves`, `payouts`, the `tab` and staff's
//! `desk`.

mod desk;
mod moves;
mod payouts;
mod store;
mod tab;

pub use desk::desk;
pub use moves::{
    decide, deposit, let_go, may_decide, open_dispute, Decision, Deposit, Direction, LetGo, Share,
};
pub use payouts::{mark_paid, open_invoice, request_payout, PayoutRefusal};
pub(crate) use store::{open_for_agreement, settled_or_absent};
pub use tab::{may_watch, tab};
