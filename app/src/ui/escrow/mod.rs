//! The payment-management tab of a zero-risk project, live for everyone
//! looking: the client deposits and releases, the provider gives back and
//! requests payouts, either declares a dispute, staff decide and pay.
//! Also staff's escrow desk.

mod desk;
mod moves;
mod parts;
mod payouts;
mod tab;

pub use desk::EscrowDeskPage;
pub use payouts::PayoutForm;
pub use tab::EscrowPanel;
