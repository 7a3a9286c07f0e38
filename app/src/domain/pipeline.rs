//! Where a project stands for one provider, and what they should do next:
//! the provider dashboard's pipeline. One function derives the stage from
//! the facts the database holds (the project's status, what the provider
//! unlocked or bought, their offer, the agreement), so the dashboard, its
//! counts and its tests agree on every combination.

use super::project::ProjectStatus;
use serde::{Deserialize, Serialize};

/// The pipeline's columns, in the order a project moves through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Credits spent on it or the lead bought; no offer yet.
    Unlocked,
    /// An offer the client has not opened (or not since it was edited).
    OfferSent,
    /// The client opened the offer.
    OfferRead,
    /// The client proposed terms to this provider: theirs to confirm.
    Selected,
    /// The agreement with this provider is confirmed; the work is on.
    InProgress,
    Completed,
    /// Another provider was chosen, or the client withdrew the project.
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Unlocked,
        Stage::OfferSent,
        Stage::OfferRead,
        Stage::Selected,
        Stage::InProgress,
        Stage::Completed,
        Stage::Lost,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Unlocked => "Unlocked",
            Stage::OfferSent => "Offer sent",
            Stage::OfferRead => "Offer read",
            Stage::Selected => "Selected",
            Stage::InProgress => "In progress",
            Stage::Completed => "Completed",
            Stage::Lost => "Lost",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Stage::Unlocked => "unlocked",
            Stage::OfferSent => "offer_sent",
            Stage::OfferRead => "offer_read",
            Stage::Selected => "selected",
            Stage::InProgress => "in_progress",
            Stage::Completed => "completed",
            Stage::Lost => "lost",
        }
    }
}

/// The provider's hold on the project before any offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// Nothing unlocked, nothing bought.
    None,
    /// Some credits spent, but not the offer credit.
    Unlocked,
    /// The offer credit spent: they may make an offer.
    MayOffer,
    /// The lead bought (or its half-price reservation awarded).
    LeadBought,
}

/// Their offer on the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferState {
    None,
    Sent,
    Read,
}

/// The project's live agreement, seen from this provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deal {
    /// No live agreement (none yet, or the last one was withdrawn).
    None,
    ProposedToMe,
    ConfirmedWithMe,
    ProposedToOther,
    ConfirmedWithOther,
}

/// What the database knows about one project for one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub status: ProjectStatus,
    pub hold: Hold,
    pub offer: OfferState,
    pub deal: Deal,
    /// The agreement is zero risk (money through escrow).
    pub zero_risk: bool,
    /// Escrow money deposited and still held for their work, in cents.
    pub held_cents: i64,
    /// Released to them and not yet asked for in a payout request.
    pub payable_cents: i64,
    /// They rated the client (once the project is completed).
    pub rated: bool,
}

/// Why a project left the provider's reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LostWhy {
    AnotherProvider,
    Withdrawn,
}

/// The card's one next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextAction {
    /// Spend the offer credit to be able to make an offer.
    UnlockOffer,
    MakeOffer,
    /// A bought lead: call the client with the details it gave.
    CallClient,
    /// The client has not opened the offer: it can still be improved.
    WaitForReading,
    /// The client read the offer: a question keeps the conversation going.
    FollowUp,
    ConfirmAgreement,
    /// Released money waiting for an invoice.
    RequestPayout {
        cents: i64,
    },
    /// Deposited money is held: the funded work can go ahead.
    DeliverFunded {
        cents: i64,
    },
    /// Zero risk with nothing held: wait for a deposit before working.
    AwaitDeposit,
    /// The basic formula: the parties settle payment between them.
    Deliver,
    RateClient,
    Nothing,
    Lost(LostWhy),
}

/// Where the project stands for the provider; `None` when they never
/// engaged with it (a refused or only reserved lead, a project they merely
/// looked at), so it is not in their pipeline.
pub fn stage(f: &Facts) -> Option<Stage> {
    use ProjectStatus::*;
    match f.deal {
        Deal::ConfirmedWithMe => {
            return Some(if f.status == Completed {
                Stage::Completed
            } else {
                Stage::InProgress
            })
        }
        Deal::ProposedToMe if f.status == Published => return Some(Stage::Selected),
        _ => {}
    }
    let engaged = f.hold != Hold::None || f.offer != OfferState::None;
    if !engaged {
        return None;
    }
    if f.status != Published {
        return Some(Stage::Lost);
    }
    Some(match f.offer {
        OfferState::Read => Stage::OfferRead,
        OfferState::Sent => Stage::OfferSent,
        OfferState::None => Stage::Unlocked,
    })
}

/// The one thing to do next on a project at `stage`.
pub fn next_action(stage: Stage, f: &Facts) -> NextAction {
    match stage {
        Stage::Unlocked => match f.hold {
            Hold::LeadBought => NextAction::CallClient,
            Hold::MayOffer => NextAction::MakeOffer,
            Hold::Unlocked | Hold::None => NextAction::UnlockOffer,
        },
        Stage::OfferSent => NextAction::WaitForReading,
        Stage::OfferRead => NextAction::FollowUp,
        Stage::Selected => NextAction::ConfirmAgreement,
        Stage::InProgress | Stage::Completed if f.payable_cents > 0 => NextAction::RequestPayout {
            cents: f.payable_cents,
        },
        Stage::InProgress if !f.zero_risk => NextAction::Deliver,
        Stage::InProgress if f.held_cents > 0 => NextAction::DeliverFunded {
            cents: f.held_cents,
        },
        Stage::InProgress => NextAction::AwaitDeposit,
        Stage::Completed if !f.rated => NextAction::RateClient,
        Stage::Completed => NextAction::Nothing,
        Stage::Lost => NextAction::Lost(match f.status {
            ProjectStatus::Cancelled | ProjectStatus::Rejected => LostWhy::Withdrawn,
            _ => LostWhy::AnotherProvider,
        }),
    }
}

/// What the database knows about one of a client's projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientFacts {
    pub status: ProjectStatus,
    pub is_lead: bool,
    pub offers: i64,
    pub unread_offers: i64,
    /// Terms proposed to a provider, not yet confirmed by them.
    pub awaiting_provider: bool,
    /// Platform fees the client still owes on the agreement.
    pub fees_due_cents: i64,
    /// Zero-risk money planned but not deposited yet.
    pub to_deposit_cents: i64,
    /// Deposited and held: released when the work is accepted.
    pub held_cents: i64,
    pub dispute_open: bool,
    /// The client rated the provider (once completed).
    pub rated: bool,
}

/// The client's one next step on a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAction {
    AwaitValidation,
    /// Rejected: the reason is on the project.
    ReadRejection,
    /// A referral lead: providers who bought it call the client.
    AwaitCalls,
    AwaitOffers,
    ReadOffers {
        unread: i64,
    },
    /// Offers are read: time to choose one and propose terms.
    ChooseProvider,
    AwaitConfirmation,
    /// A dispute freezes the escrow until staff decide.
    FollowDispute,
    PayFees {
        cents: i64,
    },
    Deposit {
        cents: i64,
    },
    /// Held money is released as the work is accepted.
    ReleaseHeld {
        cents: i64,
    },
    /// The basic formula: the work is followed with the provider directly.
    FollowWork,
    RateProvider,
    Nothing,
}

/// The client's next step: money owed first, then what unblocks the project.
pub fn client_action(f: &ClientFacts) -> ClientAction {
    use ProjectStatus::*;
    match f.status {
        PendingValidation => ClientAction::AwaitValidation,
        Rejected => ClientAction::ReadRejection,
        Cancelled => ClientAction::Nothing,
        Published if f.awaiting_provider => ClientAction::AwaitConfirmation,
        Published if f.unread_offers > 0 => ClientAction::ReadOffers {
            unread: f.unread_offers,
        },
        Published if f.offers > 0 => ClientAction::ChooseProvider,
        Published if f.is_lead => ClientAction::AwaitCalls,
        Published => ClientAction::AwaitOffers,
        InProgress | Completed if f.dispute_open => ClientAction::FollowDispute,
        InProgress | Completed if f.fees_due_cents > 0 => ClientAction::PayFees {
            cents: f.fees_due_cents,
        },
        InProgress if f.to_deposit_cents > 0 => ClientAction::Deposit {
            cents: f.to_deposit_cents,
        },
        InProgress | Completed if f.held_cents > 0 => ClientAction::ReleaseHeld {
            cents: f.held_cents,
        },
        InProgress => ClientAction::FollowWork,
        Completed if !f.rated => ClientAction::RateProvider,
        Completed => ClientAction::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectStatus::*;

    const HOLDS: [Hold; 4] = [Hold::None, Hold::Unlocked, Hold::MayOffer, Hold::LeadBought];
    const OFFERS: [OfferState; 3] = [OfferState::None, OfferState::Sent, OfferState::Read];
    const DEALS: [Deal; 5] = [
        Deal::None,
        Deal::ProposedToMe,
        Deal::ConfirmedWithMe,
        Deal::ProposedToOther,
        Deal::ConfirmedWithOther,
    ];

    /// Every combination of the facts, money included at its edges.
    fn every_combination() -> Vec<Facts> {
        let mut all = Vec::new();
        for status in ProjectStatus::ALL {
            for hold in HOLDS {
                for offer in OFFERS {
                    for deal in DEALS {
                        for zero_risk in [false, true] {
                            for (held_cents, payable_cents) in
                                [(0, 0), (0, 500), (700, 0), (700, 500)]
                            {
                                for rated in [false, true] {
                                    all.push(Facts {
                                        status,
                                        hold,
                                        offer,
                                        deal,
                                        zero_risk,
                                        held_cents,
                                        payable_cents,
                                        rated,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        all
    }

    fn facts(status: ProjectStatus, hold: Hold, offer: OfferState, deal: Deal) -> Facts {
        Facts {
            status,
            hold,
            offer,
            deal,
            zero_risk: false,
            held_cents: 0,
            payable_cents: 0,
            rated: false,
        }
    }

    /// One expected stage: status, hold, offer and deal in, stage out.
    fn check(cases: &[(ProjectStatus, Hold, OfferState, Deal, Option<Stage>)]) {
        for &(status, hold, offer, deal, expected) in cases {
            let f = facts(status, hold, offer, deal);
            assert_eq!(stage(&f), expected, "{f:?}");
        }
    }

    #[test]
    fn before_an_agreement_the_offer_then_the_hold_decide() {
        use Deal::None as NoDeal;
        use Hold::*;
        use OfferState::{None as NoOffer, Read, Sent};
        check(&[
            (Published, MayOffer, NoOffer, NoDeal, Some(Stage::Unlocked)),
            (Published, Unlocked, NoOffer, NoDeal, Some(Stage::Unlocked)),
            (
                Published,
                LeadBought,
                NoOffer,
                NoDeal,
                Some(Stage::Unlocked),
            ),
            (Published, MayOffer, Sent, NoDeal, Some(Stage::OfferSent)),
            (Published, MayOffer, Read, NoDeal, Some(Stage::OfferRead)),
            (
                Published,
                MayOffer,
                Read,
                Deal::ProposedToOther,
                Some(Stage::OfferRead),
            ),
            (Published, Hold::None, NoOffer, NoDeal, Option::None),
            (
                Published,
                Hold::None,
                NoOffer,
                Deal::ProposedToOther,
                Option::None,
            ),
            (Cancelled, Unlocked, NoOffer, NoDeal, Some(Stage::Lost)),
        ]);
    }

    #[test]
    fn an_agreement_decides_before_anything_else() {
        use Hold::*;
        use OfferState::{None as NoOffer, Read};
        check(&[
            (
                Published,
                MayOffer,
                Read,
                Deal::ProposedToMe,
                Some(Stage::Selected),
            ),
            (
                Published,
                LeadBought,
                NoOffer,
                Deal::ProposedToMe,
                Some(Stage::Selected),
            ),
            (
                InProgress,
                MayOffer,
                Read,
                Deal::ConfirmedWithMe,
                Some(Stage::InProgress),
            ),
            (
                Completed,
                MayOffer,
                Read,
                Deal::ConfirmedWithMe,
                Some(Stage::Completed),
            ),
            (
                InProgress,
                MayOffer,
                Read,
                Deal::ConfirmedWithOther,
                Some(Stage::Lost),
            ),
            (
                Completed,
                LeadBought,
                NoOffer,
                Deal::ConfirmedWithOther,
                Some(Stage::Lost),
            ),
            (
                InProgress,
                Hold::None,
                NoOffer,
                Deal::ConfirmedWithOther,
                Option::None,
            ),
        ]);
    }

    #[test]
    fn every_combination_lands_in_exactly_the_stage_its_facts_allow() {
        for f in every_combination() {
            let got = stage(&f);
            let engaged = f.hold != Hold::None || f.offer != OfferState::None;
            let mine = matches!(f.deal, Deal::ConfirmedWithMe);
            match got {
                None => assert!(
                    !engaged && !mine && !(f.deal == Deal::ProposedToMe && f.status == Published),
                    "{f:?}"
                ),
                Some(Stage::InProgress) => assert!(mine && f.status != Completed, "{f:?}"),
                Some(Stage::Completed) => assert!(mine && f.status == Completed, "{f:?}"),
                Some(Stage::Selected) => assert!(
                    f.deal == Deal::ProposedToMe && f.status == Published,
                    "{f:?}"
                ),
                Some(Stage::Lost) => assert!(engaged && !mine && f.status != Published, "{f:?}"),
                Some(Stage::OfferRead) => assert!(
                    f.offer == OfferState::Read && f.status == Published,
                    "{f:?}"
                ),
                Some(Stage::OfferSent) => assert!(
                    f.offer == OfferState::Sent && f.status == Published,
                    "{f:?}"
                ),
                Some(Stage::Unlocked) => assert!(
                    f.offer == OfferState::None && f.hold != Hold::None && f.status == Published,
                    "{f:?}"
                ),
            }
            // A confirmed agreement with this provider always shows, whatever else.
            assert_eq!(
                mine,
                matches!(got, Some(Stage::InProgress | Stage::Completed)),
                "{f:?}"
            );
        }
    }

    #[test]
    fn every_stage_has_a_next_action_that_fits_it() {
        for f in every_combination() {
            let Some(stage) = stage(&f) else { continue };
            let action = next_action(stage, &f);
            match action {
                NextAction::RequestPayout { cents } => {
                    assert!(matches!(stage, Stage::InProgress | Stage::Completed));
                    assert_eq!(cents, f.payable_cents);
                    assert!(cents > 0);
                }
                NextAction::DeliverFunded { cents } => {
                    assert_eq!(stage, Stage::InProgress);
                    assert!(
                        f.zero_risk && cents == f.held_cents && cents > 0 && f.payable_cents == 0
                    );
                }
                NextAction::AwaitDeposit => {
                    assert!(
                        stage == Stage::InProgress
                            && f.zero_risk
                            && f.held_cents == 0
                            && f.payable_cents == 0
                    )
                }
                NextAction::Deliver => assert!(stage == Stage::InProgress && !f.zero_risk),
                NextAction::RateClient => {
                    assert!(stage == Stage::Completed && !f.rated && f.payable_cents == 0)
                }
                NextAction::Nothing => {
                    assert!(stage == Stage::Completed && f.rated && f.payable_cents == 0)
                }
                NextAction::Lost(why) => {
                    assert_eq!(stage, Stage::Lost);
                    assert_eq!(
                        why == LostWhy::Withdrawn,
                        matches!(f.status, Cancelled | Rejected),
                        "{f:?}"
                    );
                }
                NextAction::ConfirmAgreement => assert_eq!(stage, Stage::Selected),
                NextAction::FollowUp => assert_eq!(stage, Stage::OfferRead),
                NextAction::WaitForReading => assert_eq!(stage, Stage::OfferSent),
                NextAction::CallClient => {
                    assert!(stage == Stage::Unlocked && f.hold == Hold::LeadBought)
                }
                NextAction::MakeOffer => {
                    assert!(stage == Stage::Unlocked && f.hold == Hold::MayOffer)
                }
                NextAction::UnlockOffer => {
                    assert!(stage == Stage::Unlocked && f.hold == Hold::Unlocked)
                }
            }
        }
    }

    #[test]
    fn money_waiting_for_an_invoice_comes_before_the_rating() {
        let mut f = facts(
            Completed,
            Hold::MayOffer,
            OfferState::Read,
            Deal::ConfirmedWithMe,
        );
        f.zero_risk = true;
        f.payable_cents = 12_000;
        assert_eq!(
            next_action(Stage::Completed, &f),
            NextAction::RequestPayout { cents: 12_000 }
        );
        f.payable_cents = 0;
        assert_eq!(next_action(Stage::Completed, &f), NextAction::RateClient);
        f.rated = true;
        assert_eq!(next_action(Stage::Completed, &f), NextAction::Nothing);
    }

    #[test]
    fn zero_risk_work_waits_for_a_deposit() {
        let mut f = facts(
            InProgress,
            Hold::MayOffer,
            OfferState::Read,
            Deal::ConfirmedWithMe,
        );
        f.zero_risk = true;
        assert_eq!(next_action(Stage::InProgress, &f), NextAction::AwaitDeposit);
        f.held_cents = 50_000;
        assert_eq!(
            next_action(Stage::InProgress, &f),
            NextAction::DeliverFunded { cents: 50_000 }
        );
        f.zero_risk = false;
        assert_eq!(next_action(Stage::InProgress, &f), NextAction::Deliver);
    }

    fn client(status: ProjectStatus) -> ClientFacts {
        ClientFacts {
            status,
            is_lead: false,
            offers: 0,
            unread_offers: 0,
            awaiting_provider: false,
            fees_due_cents: 0,
            to_deposit_cents: 0,
            held_cents: 0,
            dispute_open: false,
            rated: false,
        }
    }

    #[test]
    fn a_client_is_asked_for_money_owed_before_anything_else_once_the_work_is_on() {
        let mut f = client(InProgress);
        f.fees_due_cents = 24_000;
        f.to_deposit_cents = 300_000;
        f.held_cents = 100_000;
        assert_eq!(client_action(&f), ClientAction::PayFees { cents: 24_000 });
        f.dispute_open = true;
        assert_eq!(client_action(&f), ClientAction::FollowDispute);
        f.dispute_open = false;
        f.fees_due_cents = 0;
        assert_eq!(client_action(&f), ClientAction::Deposit { cents: 300_000 });
        f.to_deposit_cents = 0;
        assert_eq!(
            client_action(&f),
            ClientAction::ReleaseHeld { cents: 100_000 }
        );
        f.held_cents = 0;
        assert_eq!(client_action(&f), ClientAction::FollowWork);
        f.status = Completed;
        assert_eq!(client_action(&f), ClientAction::RateProvider);
        f.rated = true;
        assert_eq!(client_action(&f), ClientAction::Nothing);
        // A fee left unpaid on a completed project is still asked for.
        f.fees_due_cents = 5_000;
        assert_eq!(client_action(&f), ClientAction::PayFees { cents: 5_000 });
    }

    #[test]
    fn a_published_project_asks_for_reading_then_choosing() {
        let mut f = client(Published);
        assert_eq!(client_action(&f), ClientAction::AwaitOffers);
        f.is_lead = true;
        assert_eq!(client_action(&f), ClientAction::AwaitCalls);
        f.offers = 3;
        f.unread_offers = 2;
        assert_eq!(client_action(&f), ClientAction::ReadOffers { unread: 2 });
        f.unread_offers = 0;
        assert_eq!(client_action(&f), ClientAction::ChooseProvider);
        f.awaiting_provider = true;
        assert_eq!(client_action(&f), ClientAction::AwaitConfirmation);
        assert_eq!(
            client_action(&client(PendingValidation)),
            ClientAction::AwaitValidation
        );
        assert_eq!(
            client_action(&client(Rejected)),
            ClientAction::ReadRejection
        );
        assert_eq!(client_action(&client(Cancelled)), ClientAction::Nothing);
    }
}
