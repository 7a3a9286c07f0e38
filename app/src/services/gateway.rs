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
    pub method: Method,
    pub idempotency_key: String,
    pub description: String,
}

/// How the payer pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// Digits only, already checked by `domain::payment::parse_card`.
    Card(String),
    /// A token the gateway gave for a card earlier (renewals).
    Token(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub gateway: &'static str,
    pub reference: String,
    pub card_last4: String,
    /// Charges the same card again later, without its number.
    pub token: String,
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
            let declined_digits: String =
                TEST_CARD_DECLINED.chars().filter(|c| *c != ' ').collect();
            let (last4, declined) = match &charge.method {
                Method::Card(card) => (
                    card[card.len().saturating_sub(4)..].to_owned(),
                    *card == declined_digits,
                ),
                Method::Token(token) => match token.strip_prefix("tok_test_") {
                    Some(rest) => (rest.chars().take(4).collect(), rest.ends_with("_declined")),
                    None => {
                        return Err(GatewayError::Declined(
                            "This payment method is not known to the gateway.".into(),
                        ))
                    }
                },
            };
            if declined {
                return Err(GatewayError::Declined(
                    "Your card was declined by the bank (test card). Nothing was charged.".into(),
                ));
            }
            Ok(Receipt {
                gateway: "test",
                reference: format!("test_{}_{}", charge.payer_id, charge.idempotency_key),
                token: format!("tok_test_{last4}"),
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
            method: Method::Card(card.into()),
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
        let mut again = charge("");
        again.method = Method::Token(ok.token);
        assert!(g.charge(&again).await.is_ok());
        again.method = Method::Token("tok_test_4242_declined".into());
        assert!(g.charge(&again).await.is_err());
        assert!(matches!(
            g.charge(&charge("4000000000000002")).await,
            Err(GatewayError::Declined(_))
        ));
    }
}
