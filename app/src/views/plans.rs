//! Subscription plans and a provider's subscription.

use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// A subscription plan as offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub slug: String,
    pub name: String,
    pub price: Cents,
    pub period_days: i32,
    pub consultation: i32,
    pub offer: i32,
    pub contact: i32,
    pub staff_notes: bool,
}

/// The provider's own subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub plan: PlanView,
    /// active or ended.
    pub status: String,
    pub renews: bool,
    pub card_last4: String,
    /// ISO date-times (UTC).
    pub period_start: String,
    pub period_end: String,
    /// stopped or payment_declined, once ended.
    pub ended_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlansPage {
    pub plans: Vec<PlanView>,
    pub current: Option<SubscriptionView>,
}
