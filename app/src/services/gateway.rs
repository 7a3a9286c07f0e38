//! The payment-gateway interface, and the test gateway that implements it
//! inside the product. A real provider plugs in by implementing
//! `PaymentGateway`; nothing else changes.

use crate::domain::payment::TEST_CARD_DECLINED;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One charge to make. `idempotency_key` is passed on to the gateway, so a
/// retried request is charged once there too.
#[derive(Debug, Clone)]
pub struct Charge {
    pub payer_id: i64,
    pub amount_cents: i64,
    /// Digits only, already checked by `domain::payment::parse_card`.
    pub card: String,
    pub idempotency_key: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub gateway: &'static str,
    pub reference: String,
    pub card_last4: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayError {
    /// The bank said no: tell the payer, nothing was charged.
    Declined(String),
    /// The gateway could not be reached or failed: try again later.
    Unavailable(String),
}

pub type ChargeFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Receipt, GatewayError>> + Send + 'a>>;

pub trait PaymentGateway: Send + Sync {
    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeFuture<'a>;
}

/// Shared handle, put in the server's context.
#[derive(Clone)]
pub struct Gateway(pub Arc<dyn PaymentGateway>);

impl Gateway {
    pub fn test() -> Gateway {
        Gateway(Arc::new(TestGateway))
    }
}

/// Accepts every valid card number except the "declined" test card. Its
/// reference derives from the idempotency key, like a real gateway that
/// returns the first charge for a replayed key.
pub struct TestGateway;

impl PaymentGateway for TestGateway {
    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeFuture<'a> {
        Box::pin(async move {
            let declined: String = TEST_CARD_DECLINED.chars().filter(|c| *c != ' ').collect();
            if charge.card == declined {
                return Err(GatewayError::Declined(
                    "Your card was declined by the bank (test card). Nothing was charged.".into(),
                ));
            }
            let last4 = charge.card[charge.card.len().saturating_sub(4)..].to_owned();
            Ok(Receipt {
                gateway: "test",
                reference: format!("test_{}_{}", charge.payer_id, charge.idempotency_key),
                card_last4: last4,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(card: &str) -> Charge {
        Charge {
            payer_id: 7,
            amount_cents: 5000,
            card: card.into(),
            idempotency_key: "k-123456789".into(),
            description: "Top-up".into(),
        }
    }

    #[tokio::test]
    async fn the_test_gateway_declines_only_its_declined_card() {
        let g = TestGateway;
        let ok = g.charge(&charge("4242424242424242")).await.unwrap();
        assert_eq!(ok.card_last4, "4242");
        assert_eq!(ok.reference, "test_7_k-123456789");
        assert!(matches!(
            g.charge(&charge("4000000000000002")).await,
            Err(GatewayError::Declined(_))
        ));
    }
}
