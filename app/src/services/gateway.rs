//! The payment-gateway interface, and the test gateway that implements it
//! inside the product. A real provider plugs in by implementing
//! `PaymentGateway`; nothing else changes.

use crate::domain::money::Cents;
use crate::domain::msg::CreditMsg;
use crate::domain::msg::Msg;
use crate::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_LOST_ANSWER};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The key a charge is made under at the gateway, which charges one key
/// once. People's own request keys and the keys the system makes live in
/// separate namespaces, so no request can take the key of another, nor of
/// a renewal to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeKey {
    /// A key a person's page made (already checked: letters, digits, `-`, `_`).
    Person { user_id: i64, key: String },
    /// A plan renewal: one charge per provider and period.
    Renewal { provider_id: i64, period_end: i64 },
}

impl ChargeKey {
    /// As sent to the gateway: `u<user>:<key>` or `sys:renewal:<provider>:<period>`.
    pub fn as_gateway_key(&self) -> String {
        match self {
            ChargeKey::Person { user_id, key } => format!("u{user_id}:{key}"),
            ChargeKey::Renewal {
                provider_id,
                period_end,
            } => format!("sys:renewal:{provider_id}:{period_end}"),
        }
    }
}

/// One charge to make. `key` is passed on to the gateway, so a retried
/// request is charged once there too.
#[derive(Debug, Clone)]
pub struct Charge {
    pub payer_id: i64,
    pub amount: Cents,
    pub method: Method,
    pub key: ChargeKey,
    pub description: String,
}

impl Charge {
    /// A card a person typed, charged under their request key.
    pub fn by_card(
        payer_id: i64,
        amount: Cents,
        card: String,
        key: &str,
        description: String,
    ) -> Charge {
        Charge {
            payer_id,
            amount,
            method: Method::Card(card),
            key: ChargeKey::Person {
                user_id: payer_id,
                key: key.to_owned(),
            },
            description,
        }
    }
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
    pub amount: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayError {
    /// The bank said no: tell the payer, nothing was charged.
    Declined(Msg),
    /// The gateway could not be reached or failed: try again later.
    Unavailable(String),
}

pub type GatewayFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, GatewayError>> + Send + 'a>>;

pub trait PaymentGateway: Send + Sync {
    fn charge<'a>(&'a self, charge: &'a Charge) -> GatewayFuture<'a, Receipt>;
    /// The charge made under `gateway_key`, if there is one (to reconcile
    /// a charge whose answer was lost).
    fn lookup<'a>(&'a self, gateway_key: &'a str) -> GatewayFuture<'a, Option<Receipt>>;
    /// Gives a charge back to the card in full.
    fn refund<'a>(&'a self, reference: &'a str) -> GatewayFuture<'a, ()>;
}

/// Shared handle, put in the server's context, with how long we wait for
/// any answer of the gateway.
#[derive(Clone)]
pub struct Gateway {
    pub inner: Arc<dyn PaymentGateway>,
    pub timeout: Duration,
}

impl Gateway {
    /// How long a payment may keep a person (and a row lock) waiting.
    pub const TIMEOUT: Duration = Duration::from_secs(10);

    pub fn test() -> Gateway {
        Gateway::test_with_timeout(Gateway::TIMEOUT)
    }

    pub fn test_with_timeout(timeout: Duration) -> Gateway {
        Gateway {
            inner: Arc::new(TestGateway::default()),
            timeout,
        }
    }

    /// Runs a gateway call, or says it is unavailable after `timeout`.
    pub async fn within<T>(&self, call: GatewayFuture<'_, T>) -> Result<T, GatewayError> {
        match tokio::time::timeout(self.timeout, call).await {
            Ok(answer) => answer,
            Err(_) => Err(GatewayError::Unavailable(format!(
                "no answer within {} ms",
                self.timeout.as_millis()
            ))),
        }
    }
}

/// Accepts every valid card number except the "declined" test card. Like a
/// real gateway, it charges one key once and returns the first charge for
/// a replayed key; it remembers its charges for as long as the server runs.
/// The "lost answer" test card is charged, but the answer never comes.
#[derive(Default)]
pub struct TestGateway {
    charges: Mutex<HashMap<String, (Receipt, bool)>>,
}

fn digits(card: &str) -> String {
    card.chars().filter(|c| c.is_ascii_digit()).collect()
}

impl PaymentGateway for TestGateway {
    fn charge<'a>(&'a self, charge: &'a Charge) -> GatewayFuture<'a, Receipt> {
        Box::pin(async move {
            let gateway_key = charge.key.as_gateway_key();
            if let Some((first, _)) = self.charges.lock().unwrap().get(&gateway_key) {
                return Ok(first.clone());
            }
            let (last4, declined, lost) = match &charge.method {
                Method::Card(card) => (
                    card[card.len().saturating_sub(4)..].to_owned(),
                    *card == digits(TEST_CARD_DECLINED),
                    *card == digits(TEST_CARD_LOST_ANSWER),
                ),
                Method::Token(token) => match token.strip_prefix("tok_test_") {
                    Some(rest) => (
                        rest.chars().take(4).collect(),
                        rest.ends_with("_declined"),
                        false,
                    ),
                    None => {
                        return Err(GatewayError::Declined(Msg::Credit(
                            CreditMsg::UnknownPaymentMethod,
                        )))
                    }
                },
            };
            if declined {
                return Err(GatewayError::Declined(Msg::Credit(CreditMsg::CardDeclined)));
            }
            let receipt = Receipt {
                gateway: "test",
                reference: format!("test_{gateway_key}"),
                token: format!("tok_test_{last4}"),
                card_last4: last4,
                amount: charge.amount,
            };
            self.charges
                .lock()
                .unwrap()
                .insert(gateway_key, (receipt.clone(), false));
            if lost {
                // Charged, but the answer never reaches us.
                std::future::pending::<()>().await;
            }
            Ok(receipt)
        })
    }

    fn lookup<'a>(&'a self, gateway_key: &'a str) -> GatewayFuture<'a, Option<Receipt>> {
        Box::pin(async move {
            Ok(self
                .charges
                .lock()
                .unwrap()
                .get(gateway_key)
                .filter(|(_, refunded)| !refunded)
                .map(|(r, _)| r.clone()))
        })
    }

    fn refund<'a>(&'a self, reference: &'a str) -> GatewayFuture<'a, ()> {
        Box::pin(async move {
            let mut charges = self.charges.lock().unwrap();
            match charges.values_mut().find(|(r, _)| r.reference == reference) {
                Some((_, refunded)) => {
                    *refunded = true;
                    Ok(())
                }
                None => Err(GatewayError::Unavailable(format!(
                    "no charge {reference} to refund"
                ))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(card: &str, key: &str) -> Charge {
        Charge {
            payer_id: 7,
            amount: Cents::new(5000),
            method: Method::Card(card.into()),
            key: ChargeKey::Person {
                user_id: 7,
                key: key.into(),
            },
            description: "Top-up".into(),
        }
    }

    #[tokio::test]
    async fn the_test_gateway_declines_only_its_declined_card() {
        let g = TestGateway::default();
        let ok = g.charge(&charge("4242424242424242", "k-1")).await.unwrap();
        assert_eq!(ok.card_last4, "4242");
        assert_eq!(ok.reference, "test_u7:k-1");
        let mut again = charge("", "k-2");
        again.method = Method::Token(ok.token);
        assert!(g.charge(&again).await.is_ok());
        let mut declined = charge("", "k-3");
        declined.method = Method::Token("tok_test_4242_declined".into());
        assert!(g.charge(&declined).await.is_err());
        assert!(matches!(
            g.charge(&charge("4000000000000002", "k-4")).await,
            Err(GatewayError::Declined(_))
        ));
    }

    #[tokio::test]
    async fn one_key_is_charged_once_and_people_cannot_take_system_keys() {
        let g = TestGateway::default();
        let first = g
            .charge(&charge("4242424242424242", "same-key"))
            .await
            .unwrap();
        let mut again = charge("4242424242424242", "same-key");
        again.amount = Cents::new(9999);
        assert_eq!(g.charge(&again).await.unwrap(), first);
        // A person's key shaped like a renewal's is still theirs.
        let mimic = ChargeKey::Person {
            user_id: 7,
            key: "renewal-7-1790000000".into(),
        };
        let renewal = ChargeKey::Renewal {
            provider_id: 7,
            period_end: 1_790_000_000,
        };
        assert_ne!(mimic.as_gateway_key(), renewal.as_gateway_key());
        assert!(!mimic.as_gateway_key().starts_with("sys:"));
    }

    #[tokio::test]
    async fn a_lost_answer_times_out_but_the_charge_can_be_found_and_refunded() {
        let g = Gateway::test_with_timeout(Duration::from_millis(50));
        let c = charge("4000000000000119", "lost-1");
        let answer = g.within(g.inner.charge(&c)).await;
        assert!(matches!(answer, Err(GatewayError::Unavailable(_))));
        let key = c.key.as_gateway_key();
        let found = g.within(g.inner.lookup(&key)).await.unwrap().unwrap();
        assert_eq!(found.amount, Cents::new(5000));
        g.within(g.inner.refund(&found.reference)).await.unwrap();
        assert_eq!(g.within(g.inner.lookup(&key)).await.unwrap(), None);
    }
}
