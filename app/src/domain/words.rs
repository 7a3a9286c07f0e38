//! The words of the domain in each language: the names of its fixed values
//! (statuses, services, regions, credit kinds…) and what each message
//! (`Msg`) says. Pure, like `locale`, so the pages (in the wasm) and the
//! emails (on the server) say the same thing; the words themselves live in
//! the translation files (`app/locales/{fr,en}`).

use super::agreement::FeeKind;
use super::catalog::{Region, Service};
use super::device::Device;
use super::fees::Deadline;
use super::files::UploadRefusal;
use super::lead::{LapseReason, LeadRefusal};
use super::ledger::CreditKind;
use super::locale::{is_singular, Age, Lang};
use super::money::Cents;
use super::msg::Msg;
use super::notices::Channel;
use super::pipeline::Stage;
use super::project::{ProjectAction, ProjectStatus};
use super::rate_limit::Failures;
use super::values::Blocker;
use super::values::{ImageRefusal, Outcome};
use crate::domain::msg::{
    AccountMsg, AmountMsg, CreditMsg, DealMsg, DoneMsg, EscrowMsg, FeeMsg, FormMsg, NoticeMsg,
    ProfileMsg, ProjectMsg, StaffMsg, ToldMsg,
};
use crate::i18n::{td_string, Locale};

/// A text of the translation files with its `{name}` placeholders filled:
/// `tdf!(l, errors.too_short, min = 10)`. The texts are plain strings (one
/// shared filler instead of code generated per text keeps the wasm small);
/// `tests/placeholders.rs` checks every call names exactly the
/// placeholders of its text, in both languages.
#[macro_export]
macro_rules! tdf {
    ($l:expr, $($key:ident).+, $($arg:ident = $val:expr),+ $(,)?) => {
        $crate::domain::words::fill(
            $crate::i18n::td_string!($l, $($key).+),
            &[$((stringify!($arg), &$val as &dyn ::std::fmt::Display)),+],
        )
    };
}

/// `template` with each `{name}` replaced by its value; a name without a
/// value stays as it is written.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => {
                        use std::fmt::Write;
                        let _ = write!(out, "{v}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Fr => Locale::fr,
        Lang::En => Locale::en,
    }
}

/// A value with a name in each language.
pub trait Label: Copy + Send + Sync + 'static {
    fn text(self, l: Locale) -> &'static str;
}

impl Label for ProjectStatus {
    fn text(self, l: Locale) -> &'static str {
        match self {
            ProjectStatus::PendingValidation => td_string!(l, labels.status.pending_validation),
            ProjectStatus::Published => td_string!(l, labels.status.published),
            ProjectStatus::Rejected => td_string!(l, labels.status.rejected),
            ProjectStatus::Cancelled => td_string!(l, labels.status.cancelled),
            ProjectStatus::InProgress => td_string!(l, labels.status.in_progress),
            ProjectStatus::Completed => td_string!(l, labels.status.completed),
        }
    }
}

impl Label for Service {
    fn text(self, l: Locale) -> &'static str {
        match self {
            Service::WebDevelopment => td_string!(l, labels.service.web_development),
            Service::MobileApps => td_string!(l, labels.service.mobile_apps),
            Service::GraphicDesign => td_string!(l, labels.service.graphic_design),
            Service::Marketing => td_string!(l, labels.service.marketing),
            Service::Writing => td_string!(l, labels.service.writing),
            Service::Accounting => td_string!(l, labels.service.accounting),
            Service::Legal => td_string!(l, labels.service.legal),
            Service::Renovation => td_string!(l, labels.service.renovation),
            Service::Photography => td_string!(l, labels.service.photography),
            Service::ItSupport => td_string!(l, labels.service.it_support),
        }
    }
}

impl Label for Region {
    fn text(self, l: Locale) -> &'static str {
        match self {
            Region::IleDeFrance => td_string!(l, labels.region.ile_de_france),
            Region::AuvergneRhoneAlpes => td_string!(l, labels.region.auvergne_rhone_alpes),
            Region::NouvelleAquitaine => td_string!(l, labels.region.nouvelle_aquitaine),
            Region::Occitanie => td_string!(l, labels.region.occitanie),
            Region::HautsDeFrance => td_string!(l, labels.region.hauts_de_france),
            Region::GrandEst => td_string!(l, labels.region.grand_est),
            Region::Provence => td_string!(l, labels.region.provence),
            Region::Bretagne => td_string!(l, labels.region.bretagne),
            Region::Normandie => td_string!(l, labels.region.normandie),
            Region::PaysDeLaLoire => td_string!(l, labels.region.pays_de_la_loire),
            Region::Bourgogne => td_string!(l, labels.region.bourgogne),
            Region::CentreValDeLoire => td_string!(l, labels.region.centre_val_de_loire),
            Region::Corse => td_string!(l, labels.region.corse),
            Region::Remote => td_string!(l, labels.region.remote),
        }
    }
}

impl Label for CreditKind {
    fn text(self, l: Locale) -> &'static str {
        match self {
            CreditKind::Consultation => td_string!(l, labels.credit.consultation),
            CreditKind::Offer => td_string!(l, labels.credit.offer),
            CreditKind::Contact => td_string!(l, labels.credit.contact),
        }
    }
}

/// A message of the domain or a service, in `lang`.
pub fn say(lang: Lang, msg: &Msg) -> String {
    match msg {
        Msg::Form(m) => say_form(lang, m),
        Msg::Account(m) => say_account(lang, m),
        Msg::Amount(m) => say_amount(lang, m),
        Msg::Project(m) => say_project(lang, m),
        Msg::Credit(m) => say_credit(lang, m),
        Msg::Escrow(m) => say_escrow(lang, m),
        Msg::Deal(m) => say_deal(lang, m),
        Msg::Done(m) => say_done(lang, m),
        Msg::Fee(m) => say_fee(lang, m),
        Msg::Notice(m) => say_notice(lang, m),
        Msg::Told(m) => say_told(lang, m),
        Msg::Profile(m) => say_profile(lang, m),
        Msg::Staff(m) => say_staff(lang, m),
        Msg::Legacy(text) => text.clone(),
    }
}

fn say_form(lang: Lang, m: &FormMsg) -> String {
    let l = locale_of(lang);
    match m {
        FormMsg::UnknownLanguage => td_string!(l, errors.unknown_language).to_string(),
        FormMsg::Required => td_string!(l, errors.required).to_string(),
        FormMsg::TooShort { min } => crate::tdf!(l, errors.too_short, min = *min),
        FormMsg::TooLong { max, len } => {
            crate::tdf!(l, errors.too_long, max = *max, len = *len)
        }
        FormMsg::BadCharacters => td_string!(l, errors.bad_characters).to_string(),
        FormMsg::LengthBetween { min, max } => {
            crate::tdf!(l, errors.length_between, min = *min, max = *max)
        }
        FormMsg::NotUnderstood { detail } => {
            crate::tdf!(l, errors.not_understood, detail = detail.as_str())
        }
        FormMsg::RequestTooLarge { kb } => crate::tdf!(l, errors.request_too_large, kb = *kb),
        FormMsg::NulCharacters => td_string!(l, errors.nul_characters).to_string(),
        FormMsg::CrossSite => td_string!(l, errors.cross_site).to_string(),
        FormMsg::TooManyLiveTabs => td_string!(l, errors.too_many_live_tabs).to_string(),
        FormMsg::ConfirmationPhrase => td_string!(l, errors.confirmation_phrase).to_string(),
        FormMsg::ForClients => td_string!(l, errors.for_clients).to_string(),
        FormMsg::ForProviders => td_string!(l, errors.for_providers).to_string(),
        FormMsg::ForStaff => td_string!(l, errors.for_staff).to_string(),
        FormMsg::UnknownChoice { value } => {
            crate::tdf!(l, errors.unknown_choice, value = value.as_str())
        }
        FormMsg::ChooseAtLeast { min } => {
            crate::tdf!(l, errors.choose_at_least, min = *min)
        }
        FormMsg::ChooseAtMost { max } => {
            crate::tdf!(l, errors.choose_at_most, max = *max)
        }
        FormMsg::DateShape => td_string!(l, errors.date_shape).to_string(),
        FormMsg::PhoneRequired => td_string!(l, errors.phone_required).to_string(),
        FormMsg::PhoneShape => td_string!(l, errors.phone_shape).to_string(),
        FormMsg::PageNumber => td_string!(l, errors.page_number).to_string(),
        FormMsg::RequestKey => td_string!(l, errors.request_key).to_string(),
        FormMsg::KeyReused => td_string!(l, errors.key_reused).to_string(),
        FormMsg::StillProcessing => td_string!(l, errors.still_processing).to_string(),
    }
}

/// Too many failed attempts, of one `scope`; try again after `wait`.
fn failures_text(lang: Lang, scope: Failures, wait: String) -> String {
    let l = locale_of(lang);
    match scope {
        Failures::AccountFromNetwork => crate::tdf!(l, errors.failures_here, wait = wait),
        Failures::Account => crate::tdf!(l, errors.failures_account, wait = wait),
        Failures::CurrentPassword => crate::tdf!(l, errors.failures_password, wait = wait),
        Failures::Network => crate::tdf!(l, errors.failures_network, wait = wait),
    }
}

fn say_account(lang: Lang, m: &AccountMsg) -> String {
    let l = locale_of(lang);
    match m {
        AccountMsg::NoSuchSession => td_string!(l, errors.no_such_session).to_string(),
        AccountMsg::UnsubscribeInvalid => td_string!(l, errors.unsubscribe_invalid).to_string(),
        AccountMsg::UnknownEmailKind => td_string!(l, errors.unknown_email_kind).to_string(),
        AccountMsg::PasswordsBusy => td_string!(l, errors.passwords_busy).to_string(),
        AccountMsg::LinkSpent => td_string!(l, errors.link_spent).to_string(),
        AccountMsg::SameAddress => td_string!(l, errors.same_address).to_string(),
        AccountMsg::AddressTaken => td_string!(l, errors.address_taken).to_string(),
        AccountMsg::Blocked { why, title } => blocker_text(lang, *why, title),
        AccountMsg::CannotDelete { reasons } => {
            let reasons: Vec<String> = reasons.iter().map(|r| say(lang, r)).collect();
            crate::tdf!(l, errors.cannot_delete, reasons = reasons.join(" "))
        }
        AccountMsg::EmailShape => td_string!(l, errors.email_shape).to_string(),
        AccountMsg::ChooseRole => td_string!(l, errors.choose_role).to_string(),
        AccountMsg::EmailTaken => td_string!(l, errors.email_taken).to_string(),
        AccountMsg::WrongCredentials => td_string!(l, errors.wrong_credentials).to_string(),
        AccountMsg::UnknownSection => td_string!(l, errors.unknown_section).to_string(),
        AccountMsg::SlugShape => td_string!(l, errors.slug_shape).to_string(),
        AccountMsg::LinkShape => td_string!(l, errors.link_shape).to_string(),
        AccountMsg::NoSuchArticle => td_string!(l, errors.no_such_article).to_string(),
        AccountMsg::NoSuchPage => td_string!(l, errors.no_such_page).to_string(),
        AccountMsg::ChooseTopic => td_string!(l, errors.choose_topic).to_string(),
        AccountMsg::TooManyMessages { minutes } => {
            crate::tdf!(l, errors.too_many_messages, minutes = *minutes)
        }
        AccountMsg::NoSuchMessage => td_string!(l, errors.no_such_message).to_string(),
        AccountMsg::AcceptTerms => td_string!(l, errors.accept_terms).to_string(),
        AccountMsg::Suspended { reason } => {
            crate::tdf!(l, errors.suspended, reason = reason.as_str())
        }
        AccountMsg::AlreadyConfirmed => td_string!(l, errors.already_confirmed).to_string(),
        AccountMsg::NotAClientEmail => td_string!(l, errors.not_a_client_email).to_string(),
        AccountMsg::NotCurrentPassword => td_string!(l, errors.not_current_password).to_string(),
        AccountMsg::OneChoicePerKind => td_string!(l, errors.one_choice_per_kind).to_string(),
        AccountMsg::ChooseHour => td_string!(l, errors.choose_hour).to_string(),
        AccountMsg::ClientNotConfirmed => td_string!(l, errors.client_not_confirmed).to_string(),
        AccountMsg::ResetSent => td_string!(l, auth.reset_sent).to_string(),
        AccountMsg::ClientNameNeeded => td_string!(l, errors.client_name_needed).to_string(),
        AccountMsg::AddressTakenSince => td_string!(l, errors.address_taken_since).to_string(),
        AccountMsg::TermsChanged { current } => {
            crate::tdf!(l, errors.terms_changed, current = *current)
        }
        AccountMsg::ConfirmEmailFirst { email } => {
            crate::tdf!(l, errors.confirm_email_first, email = email.as_str())
        }
        AccountMsg::TooManySignups { minutes } => crate::tdf!(
            l,
            errors.too_many_signups,
            wait = minutes_text(lang, *minutes)
        ),
        AccountMsg::TooManyFailures { scope, minutes } => {
            failures_text(lang, *scope, minutes_text(lang, *minutes))
        }
        AccountMsg::TooManyResends { minutes } => crate::tdf!(
            l,
            errors.too_many_resends,
            wait = minutes_text(lang, *minutes)
        ),
        AccountMsg::TooManyResets { minutes } => crate::tdf!(
            l,
            errors.too_many_resets,
            wait = minutes_text(lang, *minutes)
        ),
    }
}

fn say_amount(lang: Lang, m: &AmountMsg) -> String {
    let l = locale_of(lang);
    match m {
        AmountMsg::AmountRequired => td_string!(l, errors.amount_required).to_string(),
        AmountMsg::AmountNotNumber => td_string!(l, errors.amount_not_number).to_string(),
        AmountMsg::AmountNegative => td_string!(l, errors.amount_negative).to_string(),
        AmountMsg::AmountPlaces => td_string!(l, errors.amount_places).to_string(),
        AmountMsg::AmountTooLarge => td_string!(l, errors.amount_too_large).to_string(),
        AmountMsg::AmountAmbiguous {
            typed,
            whole,
            decimals,
        } => crate::tdf!(
            l,
            errors.amount_ambiguous,
            typed = typed.as_str(),
            whole = whole.as_str(),
            decimals = decimals.as_str()
        ),
        AmountMsg::AmountNotPositive => td_string!(l, errors.amount_not_positive).to_string(),
        AmountMsg::BudgetOrder => td_string!(l, errors.budget_order).to_string(),
        AmountMsg::TopUpMin { min } => {
            crate::tdf!(l, errors.top_up_min, min = lang.money(*min))
        }
        AmountMsg::TopUpMax { max } => {
            crate::tdf!(l, errors.top_up_max, max = lang.money(*max))
        }
        AmountMsg::PriceMin { min } => {
            crate::tdf!(l, errors.price_min, min = lang.money(*min))
        }
        AmountMsg::PriceMax { max } => {
            crate::tdf!(l, errors.price_max, max = lang.money(*max))
        }
        AmountMsg::DayRateOrder => td_string!(l, errors.day_rate_order).to_string(),
        AmountMsg::DayRateMax { max } => {
            crate::tdf!(l, errors.day_rate_max, max = lang.money(*max))
        }
        AmountMsg::DayRateBothEnds => td_string!(l, errors.day_rate_both_ends).to_string(),
        AmountMsg::AmountOutOfRange => td_string!(l, errors.amount_out_of_range).to_string(),
        AmountMsg::CapRange { max } => crate::tdf!(l, errors.cap_range, max = *max),
        AmountMsg::CapShape => td_string!(l, errors.cap_shape).to_string(),
    }
}

fn say_project(lang: Lang, m: &ProjectMsg) -> String {
    let l = locale_of(lang);
    match m {
        ProjectMsg::ChooseRegion => td_string!(l, errors.choose_region).to_string(),
        ProjectMsg::ChooseStartDate => td_string!(l, errors.choose_start_date).to_string(),
        ProjectMsg::StartInPast => td_string!(l, errors.start_in_past).to_string(),
        ProjectMsg::StartTooFar => td_string!(l, errors.start_too_far).to_string(),
        ProjectMsg::NoSuchProject { id } => {
            crate::tdf!(l, errors.no_such_project, id = *id)
        }
        ProjectMsg::ActionNotAllowed { action } => {
            crate::tdf!(l, errors.action_not_allowed, action = action_do(l, *action))
        }
        ProjectMsg::WrongProjectStatus { from, action } => crate::tdf!(
            l,
            errors.wrong_project_status,
            status = from.text(l).to_lowercase(),
            action = action_done(l, *action)
        ),
        ProjectMsg::ProjectNumber => td_string!(l, errors.project_number).to_string(),
        ProjectMsg::DurationRange => td_string!(l, errors.duration_range).to_string(),
        ProjectMsg::DurationShape => td_string!(l, errors.duration_shape).to_string(),
        ProjectMsg::OffersClosed => td_string!(l, errors.offers_closed).to_string(),
        ProjectMsg::UnlockOfferFirst => td_string!(l, errors.unlock_offer_first).to_string(),
        ProjectMsg::NoSuchOffer => td_string!(l, errors.no_such_offer).to_string(),
        ProjectMsg::OffersForTheirClient => {
            td_string!(l, errors.offers_for_their_client).to_string()
        }
        ProjectMsg::Stars => td_string!(l, errors.stars).to_string(),
        ProjectMsg::TooManyThreadMessages { minutes } => crate::tdf!(
            l,
            errors.too_many_thread_messages,
            wait = minutes_text(lang, *minutes)
        ),
        ProjectMsg::ThreadClosed => td_string!(l, errors.thread_closed).to_string(),
        ProjectMsg::ThreadNeedsOffer => td_string!(l, errors.thread_needs_offer).to_string(),
        ProjectMsg::ThreadReadOnly => td_string!(l, errors.thread_read_only).to_string(),
        ProjectMsg::NotesPrivilege => td_string!(l, errors.notes_privilege).to_string(),
        ProjectMsg::NotesStaffOnly => td_string!(l, errors.notes_staff_only).to_string(),
        ProjectMsg::NoAgreementOfYours { id } => {
            crate::tdf!(l, errors.no_agreement_of_yours, id = *id)
        }
        ProjectMsg::ClientCompletes => td_string!(l, errors.client_completes).to_string(),
        ProjectMsg::SettleFirst => td_string!(l, errors.settle_first).to_string(),
        ProjectMsg::SettleBeforeCompletion => {
            td_string!(l, errors.settle_before_completion).to_string()
        }
        ProjectMsg::RatingsAfterCompletion => {
            td_string!(l, errors.ratings_after_completion).to_string()
        }
        ProjectMsg::RatedAlready => td_string!(l, errors.rated_already).to_string(),
    }
}

fn say_credit(lang: Lang, m: &CreditMsg) -> String {
    let l = locale_of(lang);
    match m {
        CreditMsg::LeadNotUnlockable { id } => {
            crate::tdf!(l, errors.lead_not_unlockable, id = *id)
        }
        CreditMsg::ProjectNotOpen { id } => {
            crate::tdf!(l, errors.project_not_open, id = *id)
        }
        CreditMsg::NoProviderWithEmail => td_string!(l, errors.no_provider_with_email).to_string(),
        CreditMsg::PaymentCancelled => td_string!(l, errors.payment_cancelled).to_string(),
        CreditMsg::NotEnoughCredits {
            kind,
            balance,
            needed,
        } => crate::tdf!(
            l,
            errors.not_enough_credits,
            kind = kind.text(l).to_lowercase(),
            balance = *balance,
            needed = *needed
        ),
        CreditMsg::NotEnoughMoney { balance, needed } => crate::tdf!(
            l,
            errors.not_enough_money,
            balance = lang.money(*balance),
            needed = lang.money(*needed)
        ),
        CreditMsg::CreditCountRange => td_string!(l, errors.credit_count_range).to_string(),
        CreditMsg::CreditCountShape => td_string!(l, errors.credit_count_shape).to_string(),
        CreditMsg::CardRequired => td_string!(l, errors.card_required).to_string(),
        CreditMsg::CardDigits => td_string!(l, errors.card_digits).to_string(),
        CreditMsg::CardInvalid => td_string!(l, errors.card_invalid).to_string(),
        CreditMsg::PaymentSettled => td_string!(l, errors.payment_settled).to_string(),
        CreditMsg::PaymentNoAnswer => td_string!(l, errors.payment_no_answer).to_string(),
        CreditMsg::CardDeclined => td_string!(l, errors.card_declined).to_string(),
        CreditMsg::UnknownPaymentMethod => td_string!(l, errors.unknown_payment_method).to_string(),
        CreditMsg::GatewayDeclined { reason } => reason.clone(),
        CreditMsg::ChoosePlan => td_string!(l, errors.choose_plan).to_string(),
        CreditMsg::PlanActive { until } => {
            crate::tdf!(l, errors.plan_active, until = lang.date(*until))
        }
        CreditMsg::NoActivePlan => td_string!(l, errors.no_active_plan).to_string(),
        CreditMsg::Lead { why } => why.text(l).to_string(),
        CreditMsg::NoSuchLead { id } => crate::tdf!(l, errors.no_such_lead, id = *id),
        CreditMsg::LeadNotOffered { id } => {
            crate::tdf!(l, errors.lead_not_offered, id = *id)
        }
        CreditMsg::CreditRequestFiled => td_string!(l, errors.credit_request_filed).to_string(),
        CreditMsg::NoSuchCreditRequest { id } => {
            crate::tdf!(l, errors.no_such_credit_request, id = *id)
        }
        CreditMsg::CreditRequestDecided { accepted: true } => {
            td_string!(l, errors.credit_request_accepted).to_string()
        }
        CreditMsg::CreditRequestDecided { accepted: false } => {
            td_string!(l, errors.credit_request_refused).to_string()
        }
        CreditMsg::RefusalNeedsReason => td_string!(l, errors.refusal_needs_reason).to_string(),
    }
}

fn say_escrow(lang: Lang, m: &EscrowMsg) -> String {
    let l = locale_of(lang);
    match m {
        EscrowMsg::NoSuchTranche => td_string!(l, errors.no_such_tranche).to_string(),
        EscrowMsg::OverPlan { unfunded } => {
            crate::tdf!(l, errors.over_plan, unfunded = lang.money(*unfunded))
        }
        EscrowMsg::OverHeld { held } => {
            crate::tdf!(l, errors.over_held, held = lang.money(*held))
        }
        EscrowMsg::EscrowFrozen => td_string!(l, errors.escrow_frozen).to_string(),
        EscrowMsg::NotDisputed => td_string!(l, errors.not_disputed).to_string(),
        EscrowMsg::OverReleased { available } => {
            crate::tdf!(l, errors.over_released, available = lang.money(*available))
        }
        EscrowMsg::TrancheCount => td_string!(l, errors.tranche_count).to_string(),
        EscrowMsg::TrancheLabel => td_string!(l, errors.tranche_label).to_string(),
        EscrowMsg::TrancheNotPositive => td_string!(l, errors.tranche_not_positive).to_string(),
        EscrowMsg::TranchesSum { sum, total } => crate::tdf!(
            l,
            errors.tranches_sum,
            sum = lang.money(*sum),
            total = lang.money(*total)
        ),
        EscrowMsg::DepositClientOnly => td_string!(l, errors.deposit_client_only).to_string(),
        EscrowMsg::ReleaseClientOnly => td_string!(l, errors.release_client_only).to_string(),
        EscrowMsg::RefundProviderOnly => td_string!(l, errors.refund_provider_only).to_string(),
        EscrowMsg::PayoutProviderOnly => td_string!(l, errors.payout_provider_only).to_string(),
        EscrowMsg::DisputeParties => td_string!(l, errors.dispute_parties).to_string(),
        EscrowMsg::DisputeOpenAlready => td_string!(l, errors.dispute_open_already).to_string(),
        EscrowMsg::NoEscrow { id } => crate::tdf!(l, errors.no_escrow, id = *id),
        EscrowMsg::ChooseTranche => td_string!(l, errors.choose_tranche).to_string(),
        EscrowMsg::NoSuchPayout { id } => {
            crate::tdf!(l, errors.no_such_payout, id = *id)
        }
        EscrowMsg::PayoutPaidAlready => td_string!(l, errors.payout_paid_already).to_string(),
        EscrowMsg::NoSuchInvoice { id } => {
            crate::tdf!(l, errors.no_such_invoice, id = *id)
        }
        EscrowMsg::DepositBlocked { provider_owes } => {
            crate::tdf!(l, errors.deposit_blocked, owes = lang.money(*provider_owes))
        }
        EscrowMsg::TrancheProblem { label, problem } => crate::tdf!(
            l,
            errors.tranche_problem,
            label = label.as_str(),
            problem = say(lang, problem)
        ),
    }
}

fn say_deal(lang: Lang, m: &DealMsg) -> String {
    let l = locale_of(lang);
    match m {
        DealMsg::ChooseFormula => td_string!(l, errors.choose_formula).to_string(),
        DealMsg::ChooseCommissionPayer => td_string!(l, errors.choose_commission_payer).to_string(),
        DealMsg::FeeNothingDue => td_string!(l, errors.fee_nothing_due).to_string(),
        DealMsg::FeeNothingToWaive => td_string!(l, errors.fee_nothing_to_waive).to_string(),
        DealMsg::RevisionLowers => td_string!(l, errors.revision_lowers).to_string(),
        DealMsg::FeesBeforeCompletion { due } => {
            crate::tdf!(l, errors.fees_before_completion, due = lang.money(*due))
        }
        DealMsg::SelectClientOnly => td_string!(l, errors.select_client_only).to_string(),
        DealMsg::SelectPublishedOnly => td_string!(l, errors.select_published_only).to_string(),
        DealMsg::SelectContender => td_string!(l, errors.select_contender).to_string(),
        DealMsg::AgreementWaiting => td_string!(l, errors.agreement_waiting).to_string(),
        DealMsg::NoSuchAgreement { id } => {
            crate::tdf!(l, errors.no_such_agreement, id = *id)
        }
        DealMsg::WithdrawClientOnly => td_string!(l, errors.withdraw_client_only).to_string(),
        DealMsg::AgreementNotWithdrawable { confirmed: true } => {
            td_string!(l, errors.agreement_confirmed_no_withdraw).to_string()
        }
        DealMsg::AgreementNotWithdrawable { confirmed: false } => {
            td_string!(l, errors.agreement_withdrawn_no_withdraw).to_string()
        }
        DealMsg::ConfirmProviderOnly => td_string!(l, errors.confirm_provider_only).to_string(),
        DealMsg::AgreementNotConfirmable { confirmed: true } => {
            td_string!(l, errors.agreement_confirmed_already).to_string()
        }
        DealMsg::AgreementNotConfirmable { confirmed: false } => {
            td_string!(l, errors.agreement_withdrawn_already).to_string()
        }
        DealMsg::NoSignedAgreement { id } => {
            crate::tdf!(l, errors.no_signed_agreement, id = *id)
        }
        DealMsg::NoSuchFee => td_string!(l, errors.no_such_fee).to_string(),
        DealMsg::FeePaidByOther => td_string!(l, errors.fee_paid_by_other).to_string(),
        DealMsg::ReviseParties => td_string!(l, errors.revise_parties).to_string(),
        DealMsg::ReviseBasicOnly => td_string!(l, errors.revise_basic_only).to_string(),
        DealMsg::ReviseInProgress => td_string!(l, errors.revise_in_progress).to_string(),
        DealMsg::RevisionBelow { amount } => {
            crate::tdf!(l, errors.revision_below, amount = lang.money(*amount))
        }
        DealMsg::RevisionWaiting => td_string!(l, errors.revision_waiting).to_string(),
        DealMsg::NoRevisionWaiting => td_string!(l, errors.no_revision_waiting).to_string(),
        DealMsg::RevisionOtherParty => td_string!(l, errors.revision_other_party).to_string(),
    }
}

fn say_done(lang: Lang, m: &DoneMsg) -> String {
    let l = locale_of(lang);
    match m {
        DoneMsg::Deposited {
            amount,
            tranche,
            last4,
            fees,
            charged,
        } => deposited(lang, *amount, tranche, last4, fees, *charged),
        DoneMsg::Released { amount, tranche } => crate::tdf!(
            l,
            escrow.line_released,
            amount = lang.money(*amount),
            tranche = tranche.as_str()
        ),
        DoneMsg::GaveBack { amount, tranche } => crate::tdf!(
            l,
            escrow.line_gave_back,
            amount = lang.money(*amount),
            tranche = tranche.as_str()
        ),
        DoneMsg::DisputeDecided {
            to_provider,
            to_client,
        } => crate::tdf!(
            l,
            escrow.line_decided,
            to_provider = lang.money(*to_provider),
            to_client = lang.money(*to_client)
        ),
        DoneMsg::DisputeDeclaredLine { reason } => {
            crate::tdf!(l, escrow.line_dispute, reason = reason.as_str())
        }
        DoneMsg::PayoutRequestedLine { amount, invoice } => crate::tdf!(
            l,
            escrow.line_payout_requested,
            amount = lang.money(*amount),
            invoice = invoice.as_str()
        ),
        DoneMsg::PayoutPaidLine { amount, reference } => crate::tdf!(
            l,
            escrow.line_payout_paid,
            amount = lang.money(*amount),
            reference = reference.as_str()
        ),
    }
}

fn say_fee(lang: Lang, m: &FeeMsg) -> String {
    let l = locale_of(lang);
    match m {
        FeeMsg::FeePaid {
            kind,
            amount,
            last4,
        } => crate::tdf!(
            l,
            fees.paid_line,
            fee = kind.text(l),
            amount = lang.money(*amount),
            last4 = last4.as_str()
        ),
        FeeMsg::RevisionDeclined => td_string!(l, fees.revision_declined).to_string(),
        FeeMsg::RevisionAccepted { amount, credit } => crate::tdf!(
            l,
            fees.revision_accepted,
            amount = lang.money(*amount),
            credit = lang.money(*credit)
        ),
        FeeMsg::FeeWaived {
            kind,
            amount,
            reason,
        } => crate::tdf!(
            l,
            fees.waived_line,
            fee = kind.text(l),
            amount = lang.money(*amount),
            reason = reason.as_str()
        ),
    }
}

fn say_notice(lang: Lang, m: &NoticeMsg) -> String {
    let l = locale_of(lang);
    match m {
        NoticeMsg::Selected => td_string!(l, notices.selected).to_string(),
        NoticeMsg::SelectionWithdrawn => td_string!(l, notices.selection_withdrawn).to_string(),
        NoticeMsg::AgreementConfirmed => td_string!(l, notices.agreement_confirmed).to_string(),
        NoticeMsg::ProjectLost => td_string!(l, notices.project_lost).to_string(),
        NoticeMsg::RevisionProposed { name, from, to } => crate::tdf!(
            l,
            notices.revision_proposed,
            name = name.as_str(),
            from = lang.money(*from),
            to = lang.money(*to)
        ),
        NoticeMsg::RevisionAnswered {
            name,
            accepted: true,
        } => crate::tdf!(l, notices.revision_accepted, name = name.as_str()),
        NoticeMsg::RevisionAnswered {
            name,
            accepted: false,
        } => crate::tdf!(l, notices.revision_declined, name = name.as_str()),
        NoticeMsg::CommissionCredit { credit } => {
            crate::tdf!(l, notices.commission_credit, credit = lang.money(*credit))
        }
        NoticeMsg::ThreadAnswer { title } => {
            crate::tdf!(l, notices.thread_answer, title = title.as_str())
        }
        NoticeMsg::ThreadQuestion { name, title } => crate::tdf!(
            l,
            notices.thread_question,
            name = name.as_str(),
            title = title.as_str()
        ),
        NoticeMsg::Completed => td_string!(l, notices.completed).to_string(),
        NoticeMsg::OfferMade { name, title } => crate::tdf!(
            l,
            notices.offer_made,
            name = name.as_str(),
            title = title.as_str()
        ),
        NoticeMsg::OfferChanged { name, title } => crate::tdf!(
            l,
            notices.offer_changed,
            name = name.as_str(),
            title = title.as_str()
        ),
        NoticeMsg::OfferRead { name, title } => crate::tdf!(
            l,
            notices.offer_read,
            name = name.as_str(),
            title = title.as_str()
        ),
        other => say_notice_money(lang, other),
    }
}

/// What a notification tells about projects and escrow.
fn say_notice_money(lang: Lang, m: &NoticeMsg) -> String {
    let l = locale_of(lang);
    match m {
        NoticeMsg::ProjectPublished { title } => {
            crate::tdf!(l, notices.project_published, title = title.as_str())
        }
        NoticeMsg::ProjectMatching { title } => {
            crate::tdf!(l, notices.project_matching, title = title.as_str())
        }
        NoticeMsg::ProjectNotPublished {
            title,
            reason: Some(reason),
        } => crate::tdf!(
            l,
            notices.project_not_published,
            title = title.as_str(),
            reason = reason.as_str()
        ),
        NoticeMsg::ProjectNotPublished {
            title,
            reason: None,
        } => {
            crate::tdf!(
                l,
                notices.project_not_published_no_reason,
                title = title.as_str()
            )
        }
        NoticeMsg::EscrowDeposited { amount, tranche } => crate::tdf!(
            l,
            notices.escrow_deposited,
            amount = lang.money(*amount),
            tranche = tranche.as_str()
        ),
        NoticeMsg::EscrowReleased { amount, tranche } => crate::tdf!(
            l,
            notices.escrow_released,
            amount = lang.money(*amount),
            tranche = tranche.as_str()
        ),
        NoticeMsg::EscrowGivenBack { amount, tranche } => crate::tdf!(
            l,
            notices.escrow_given_back,
            amount = lang.money(*amount),
            tranche = tranche.as_str()
        ),
        NoticeMsg::DisputeDeclared { name } => {
            crate::tdf!(l, notices.dispute_declared, name = name.as_str())
        }
        NoticeMsg::DisputeSettled { summary, note } => crate::tdf!(
            l,
            notices.dispute_decided,
            summary = say(lang, summary),
            note = note.as_str()
        ),
        other => say_notice_payments(lang, other),
    }
}

/// What a notification tells about payouts, payments and plans.
fn say_notice_payments(lang: Lang, m: &NoticeMsg) -> String {
    let l = locale_of(lang);
    match m {
        NoticeMsg::PayoutPaid { amount, reference } => crate::tdf!(
            l,
            notices.payout_paid,
            amount = lang.money(*amount),
            reference = reference.as_str()
        ),
        NoticeMsg::PaymentGivenBack { amount } => {
            crate::tdf!(l, notices.payment_given_back, amount = lang.money(*amount))
        }
        NoticeMsg::PlanEnded { plan, on } => crate::tdf!(
            l,
            notices.plan_ended,
            plan = plan.as_str(),
            on = lang.date(*on)
        ),
        NoticeMsg::PlanNotRenewed { plan, why } => crate::tdf!(
            l,
            notices.plan_not_renewed,
            plan = plan.as_str(),
            why = say(lang, why)
        ),
        NoticeMsg::PlanRenewed {
            plan,
            until,
            amount,
            last4,
        } => crate::tdf!(
            l,
            notices.plan_renewed,
            plan = plan.as_str(),
            until = lang.date(*until),
            amount = lang.money(*amount),
            last4 = last4.as_str()
        ),
        NoticeMsg::Rated { name, stars } => {
            crate::tdf!(l, notices.rated, name = name.as_str(), stars = *stars)
        }
        other => unreachable!("say_notice answers {other:?}"),
    }
}

fn say_told(lang: Lang, m: &ToldMsg) -> String {
    let l = locale_of(lang);
    match m {
        ToldMsg::YourFeeWaived {
            kind,
            amount,
            project_id,
            reason,
        } => crate::tdf!(
            l,
            notices.fee_waived,
            fee = kind.text(l).to_lowercase(),
            amount = lang.money(*amount),
            id = *project_id,
            reason = reason.as_str()
        ),
        ToldMsg::FeeReminder {
            kind,
            due,
            project_id,
            deadline,
            overdue,
        } => fee_reminder(lang, *kind, *due, *project_id, *deadline, *overdue),
        ToldMsg::LeadOffered { title, price } => crate::tdf!(
            l,
            notices.lead_offered,
            title = title.as_str(),
            price = lang.money(*price)
        ),
        ToldMsg::ReservationLapsed { title, reason } => crate::tdf!(
            l,
            notices.reservation_lapsed,
            title = title.as_str(),
            reason = reason.text(l)
        ),
        ToldMsg::ReservationAwarded { title, price } => crate::tdf!(
            l,
            notices.reservation_awarded,
            title = title.as_str(),
            price = lang.money(*price)
        ),
        ToldMsg::CreditAccepted { title, amount } => crate::tdf!(
            l,
            notices.credit_accepted,
            title = title.as_str(),
            amount = lang.money(*amount)
        ),
        ToldMsg::CreditRefused { title, reason } => crate::tdf!(
            l,
            notices.credit_refused,
            title = title.as_str(),
            reason = reason.as_str()
        ),
        other => say_ledger_line(lang, other),
    }
}

/// A credit statement's line, as the product wrote it.
fn say_ledger_line(lang: Lang, m: &ToldMsg) -> String {
    let l = locale_of(lang);
    match m {
        ToldMsg::CardTopUp { last4, reference } => crate::tdf!(
            l,
            credits.line.card_top_up,
            last4 = last4.as_str(),
            reference = reference.as_str()
        ),
        ToldMsg::PlanCredits { plan, until } => crate::tdf!(
            l,
            credits.line.plan_credits,
            plan = plan.as_str(),
            until = lang.date(*until)
        ),
        ToldMsg::LeadBought { title } => {
            crate::tdf!(l, credits.line.lead_bought, title = title.as_str())
        }
        ToldMsg::LeadBoughtHalfPrice { title } => {
            crate::tdf!(l, credits.line.lead_half_price, title = title.as_str())
        }
        ToldMsg::RequestAccepted { reason: None } => {
            td_string!(l, credits.line.request_accepted).to_string()
        }
        ToldMsg::RequestAccepted {
            reason: Some(reason),
        } => crate::tdf!(
            l,
            credits.line.request_accepted_because,
            reason = reason.as_str()
        ),
        other => unreachable!("say_told answers {other:?}"),
    }
}

impl Label for UploadRefusal {
    fn text(self, l: Locale) -> &'static str {
        match self {
            UploadRefusal::Empty => td_string!(l, errors.upload.empty),
            UploadRefusal::TooBig => td_string!(l, errors.upload.too_big),
            UploadRefusal::NotAllowed => td_string!(l, errors.upload.not_allowed),
            UploadRefusal::NameMismatch => td_string!(l, errors.upload.name_mismatch),
            UploadRefusal::TooMany => td_string!(l, errors.upload.too_many),
            UploadRefusal::Forbidden => td_string!(l, errors.upload.forbidden),
            UploadRefusal::Closed => td_string!(l, errors.upload.closed),
            UploadRefusal::NotPdf => td_string!(l, errors.upload.not_pdf),
        }
    }
}

impl Label for LeadRefusal {
    fn text(self, l: Locale) -> &'static str {
        match self {
            LeadRefusal::Closed => td_string!(l, errors.lead.closed),
            LeadRefusal::Full => td_string!(l, errors.lead.full),
            LeadRefusal::Refused => td_string!(l, errors.lead.refused),
            LeadRefusal::NoHalfPrice => td_string!(l, errors.lead.no_half_price),
            LeadRefusal::PastMark => td_string!(l, errors.lead.past_mark),
            LeadRefusal::AlreadyBought => td_string!(l, errors.lead.already_bought),
            LeadRefusal::NotBought => td_string!(l, errors.lead.not_bought),
        }
    }
}

impl Label for LapseReason {
    fn text(self, l: Locale) -> &'static str {
        match self {
            LapseReason::CapReached => td_string!(l, labels.lapse.cap_reached),
            LapseReason::CannotPay => td_string!(l, labels.lapse.cannot_pay),
            LapseReason::Closed => td_string!(l, labels.lapse.closed),
        }
    }
}

/// "Firefox on Windows", "A browser on Android", "Unknown browser".
pub fn device_text(lang: Lang, device: &Device) -> String {
    let l = locale_of(lang);
    match (&device.browser, &device.system) {
        (Some(b), Some(s)) => crate::tdf!(
            l,
            labels.device.both,
            browser = b.as_str(),
            system = s.as_str()
        ),
        (Some(b), None) => b.clone(),
        (None, Some(s)) => {
            crate::tdf!(l, labels.device.system_only, system = s.as_str())
        }
        (None, None) => td_string!(l, labels.device.unknown).to_string(),
    }
}

/// Why an account cannot be deleted yet, on which project.
fn blocker_text(lang: Lang, why: Blocker, title: &str) -> String {
    let l = locale_of(lang);
    match why {
        Blocker::Staff => td_string!(l, errors.blocker.staff).to_string(),
        Blocker::Open => crate::tdf!(l, errors.blocker.open, title = title),
        Blocker::InProgress => crate::tdf!(l, errors.blocker.in_progress, title = title),
        Blocker::Working => crate::tdf!(l, errors.blocker.working, title = title),
        Blocker::Held => crate::tdf!(l, errors.blocker.held, title = title),
        Blocker::Payout => crate::tdf!(l, errors.blocker.payout, title = title),
        Blocker::Fees => crate::tdf!(l, errors.blocker.fees, title = title),
    }
}

/// The name of a kind of notification ("Money deposited in escrow"), for
/// the settings page and the subject of its email; its slug if unknown.
pub fn kind_text(lang: Lang, slug: &str) -> String {
    let l = locale_of(lang);
    let name = match slug {
        "escrow_deposit" => td_string!(l, kinds.escrow_deposit),
        "escrow_release" => td_string!(l, kinds.escrow_release),
        "escrow_refund" => td_string!(l, kinds.escrow_refund),
        "escrow_dispute" => td_string!(l, kinds.escrow_dispute),
        "escrow_decision" => td_string!(l, kinds.escrow_decision),
        "payout_request" => td_string!(l, kinds.payout_request),
        "payout_paid" => td_string!(l, kinds.payout_paid),
        "payment_refunded" => td_string!(l, kinds.payment_refunded),
        "commission_credit" => td_string!(l, kinds.commission_credit),
        "fee_reminder" => td_string!(l, kinds.fee_reminder),
        "fee_waived" => td_string!(l, kinds.fee_waived),
        "revision_proposed" => td_string!(l, kinds.revision_proposed),
        "revision_answered" => td_string!(l, kinds.revision_answered),
        "plan_renewed" => td_string!(l, kinds.plan_renewed),
        "plan_ended" => td_string!(l, kinds.plan_ended),
        "agreement_to_confirm" => td_string!(l, kinds.agreement_to_confirm),
        "agreement_confirmed" => td_string!(l, kinds.agreement_confirmed),
        "agreement_withdrawn" => td_string!(l, kinds.agreement_withdrawn),
        "project_lost" => td_string!(l, kinds.project_lost),
        "project_completed" => td_string!(l, kinds.project_completed),
        "project_matching" => td_string!(l, kinds.project_matching),
        "project_validated" => td_string!(l, kinds.project_validated),
        "project_rejected" => td_string!(l, kinds.project_rejected),
        "offer_received" => td_string!(l, kinds.offer_received),
        "offer_read" => td_string!(l, kinds.offer_read),
        "lead_offered" => td_string!(l, kinds.lead_offered),
        "lead_awarded" => td_string!(l, kinds.lead_awarded),
        "lead_lapsed" => td_string!(l, kinds.lead_lapsed),
        "credit_request_decided" => td_string!(l, kinds.credit_request_decided),
        "thread_question" => td_string!(l, kinds.thread_question),
        "thread_answer" => td_string!(l, kinds.thread_answer),
        "rated" => td_string!(l, kinds.rated),
        "certification" => td_string!(l, kinds.certification),
        _ => return slug.to_owned(),
    };
    name.to_owned()
}

/// The name of a group of notification kinds on the settings page.
pub fn kind_group_text(lang: Lang, slug: &str) -> String {
    let l = locale_of(lang);
    let name = match slug {
        "money" => td_string!(l, kinds.group_money),
        "selection" => td_string!(l, kinds.group_selection),
        "projects" => td_string!(l, kinds.group_projects),
        "leads" => td_string!(l, kinds.group_leads),
        "conversation" => td_string!(l, kinds.group_conversation),
        "account" => td_string!(l, kinds.group_account),
        _ => return slug.to_owned(),
    };
    name.to_owned()
}

impl Label for Channel {
    fn text(self, l: Locale) -> &'static str {
        match self {
            Channel::InApp => td_string!(l, kinds.channel.in_app),
            Channel::Email => td_string!(l, kinds.channel.email),
            Channel::Digest => td_string!(l, kinds.channel.digest),
        }
    }
}

/// "1 minute", "15 minutes".
pub fn minutes_text(lang: Lang, n: i64) -> String {
    let l = locale_of(lang);
    if is_singular(lang, n) {
        crate::tdf!(l, labels.minute, n = n)
    } else {
        crate::tdf!(l, labels.minutes, n = n)
    }
}

/// How long until a moment, to the minute: "3 days 4 h", "2 h 05 min".
pub fn remaining_text(lang: Lang, seconds: i64) -> String {
    let l = locale_of(lang);
    let minutes = (seconds.max(0) + 59) / 60;
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours) {
        (0, 0) => crate::tdf!(l, labels.remaining.minutes, m = mins),
        (0, h) => {
            crate::tdf!(l, labels.remaining.hours, h = h, m = format!("{mins:02}"))
        }
        (1, h) => crate::tdf!(l, labels.remaining.one_day, h = h),
        (d, h) => crate::tdf!(l, labels.remaining.days, d = d, h = h),
    }
}

impl Label for Stage {
    fn text(self, l: Locale) -> &'static str {
        match self {
            Stage::Unlocked => td_string!(l, labels.stage.unlocked),
            Stage::OfferSent => td_string!(l, labels.stage.offer_sent),
            Stage::OfferRead => td_string!(l, labels.stage.offer_read),
            Stage::Selected => td_string!(l, labels.stage.selected),
            Stage::InProgress => td_string!(l, labels.stage.in_progress),
            Stage::Completed => td_string!(l, labels.stage.completed),
            Stage::Lost => td_string!(l, labels.stage.lost),
        }
    }
}

impl Label for FeeKind {
    fn text(self, l: Locale) -> &'static str {
        match self {
            FeeKind::Connection => td_string!(l, labels.fee.connection),
            FeeKind::ZeroRisk => td_string!(l, labels.fee.zero_risk),
        }
    }
}

/// A deposit's line: "Deposited 1 000,00 € into “Design” (card ending
/// 4242)", and what it paid besides, if anything.
fn deposited(
    lang: Lang,
    amount: Cents,
    tranche: &str,
    last4: &str,
    fees: &[(FeeKind, Cents)],
    charged: Cents,
) -> String {
    let l = locale_of(lang);
    let line = crate::tdf!(
        l,
        escrow.line_deposited,
        amount = lang.money(amount),
        tranche = tranche,
        last4 = last4
    );
    if fees.is_empty() {
        return line;
    }
    let paid = fees
        .iter()
        .map(|(kind, due)| {
            crate::tdf!(
                l,
                escrow.fee_paid,
                fee = kind.text(l).to_lowercase(),
                amount = lang.money(*due)
            )
        })
        .collect::<Vec<_>>()
        .join(td_string!(l, escrow.and));
    crate::tdf!(
        l,
        escrow.line_deposited_with_fees,
        line = line,
        paid = paid,
        charged = lang.money(charged)
    )
}

/// A fee's deadline in words: "With the first deposit", "By 12 March
/// 2027", "Overdue since 12 March 2027".
pub fn deadline_text(lang: Lang, deadline: Deadline, overdue: bool) -> String {
    let l = locale_of(lang);
    match deadline {
        Deadline::FirstDeposit => td_string!(l, fees.with_first_deposit).to_string(),
        Deadline::By(by) if overdue => {
            crate::tdf!(l, fees.overdue_since, day = lang.date(by.date()))
        }
        Deadline::By(by) => crate::tdf!(l, fees.due_by, day = lang.date(by.date())),
    }
}

fn fee_reminder(
    lang: Lang,
    kind: FeeKind,
    due: Cents,
    id: i64,
    deadline: Deadline,
    overdue: bool,
) -> String {
    let l = locale_of(lang);
    let (fee, due) = (kind.text(l).to_lowercase(), lang.money(due));
    match deadline {
        Deadline::FirstDeposit => {
            crate::tdf!(l, notices.reminder_deposit, fee = fee, due = due, id = id)
        }
        Deadline::By(by) if overdue => crate::tdf!(
            l,
            notices.reminder_overdue,
            fee = fee,
            due = due,
            id = id,
            day = lang.date(by.date())
        ),
        Deadline::By(by) => crate::tdf!(
            l,
            notices.reminder_by,
            fee = fee,
            due = due,
            id = id,
            day = lang.date(by.date())
        ),
    }
}

fn action_do(l: Locale, action: ProjectAction) -> &'static str {
    match action {
        ProjectAction::Validate => td_string!(l, labels.action_do.validate),
        ProjectAction::Reject => td_string!(l, labels.action_do.reject),
        ProjectAction::Cancel => td_string!(l, labels.action_do.cancel),
        ProjectAction::Start => td_string!(l, labels.action_do.start),
        ProjectAction::Complete => td_string!(l, labels.action_do.complete),
    }
}

fn action_done(l: Locale, action: ProjectAction) -> &'static str {
    match action {
        ProjectAction::Validate => td_string!(l, labels.action_done.validate),
        ProjectAction::Reject => td_string!(l, labels.action_done.reject),
        ProjectAction::Cancel => td_string!(l, labels.action_done.cancel),
        ProjectAction::Start => td_string!(l, labels.action_done.start),
        ProjectAction::Complete => td_string!(l, labels.action_done.complete),
    }
}

/// "il y a 3 jours", "3 days ago".
pub fn age_text(lang: Lang, age: Age) -> String {
    let l = locale_of(lang);
    type Phrase = fn(Locale, i64) -> String;
    let (n, one, many): (i64, Phrase, Phrase) = match age {
        Age::JustNow => return td_string!(l, common.age.just_now).to_string(),
        Age::Minutes(n) => (
            n,
            |l, n| crate::tdf!(l, common.age.minute, n = n),
            |l, n| crate::tdf!(l, common.age.minutes, n = n),
        ),
        Age::Hours(n) => (
            n,
            |l, n| crate::tdf!(l, common.age.hour, n = n),
            |l, n| crate::tdf!(l, common.age.hours, n = n),
        ),
        Age::Days(n) => (
            n,
            |l, n| crate::tdf!(l, common.age.day, n = n),
            |l, n| crate::tdf!(l, common.age.days, n = n),
        ),
        Age::Months(n) => (
            n,
            |l, n| crate::tdf!(l, common.age.month, n = n),
            |l, n| crate::tdf!(l, common.age.months, n = n),
        ),
        Age::Years(n) => (
            n,
            |l, n| crate::tdf!(l, common.age.year, n = n),
            |l, n| crate::tdf!(l, common.age.years, n = n),
        ),
    };
    if is_singular(lang, n) {
        one(l, n)
    } else {
        many(l, n)
    }
}

/// A file's size the reader's way: "1,5 Mo" or "1.5 MB", "34 Ko" or "34 KB".
pub fn size_text(lang: Lang, bytes: i64) -> String {
    let l = locale_of(lang);
    if bytes >= 1024 * 1024 {
        // Tenths of a megabyte, rounded half up, without floats.
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        let point = if lang == Lang::Fr { ',' } else { '.' };
        let n = format!("{}{point}{}", tenths / 10, tenths % 10);
        crate::tdf!(l, labels.size_mb, n = n)
    } else {
        crate::tdf!(l, labels.size_kb, n = (bytes + 1023) / 1024)
    }
}

impl Label for super::files::FileKind {
    fn text(self, l: Locale) -> &'static str {
        use super::files::FileKind;
        match self {
            FileKind::Pdf => td_string!(l, labels.file.pdf),
            FileKind::Png => td_string!(l, labels.file.png),
            FileKind::Jpeg => td_string!(l, labels.file.jpeg),
        }
    }
}

fn say_profile(lang: Lang, m: &ProfileMsg) -> String {
    let l = locale_of(lang);
    match m {
        ProfileMsg::TooFewReferences { min } => crate::tdf!(l, errors.cert.too_few, min = *min),
        ProfileMsg::TooManyReferences { max } => crate::tdf!(l, errors.cert.too_many, max = *max),
        ProfileMsg::AlreadyApplied => td_string!(l, errors.cert.already_applied).into(),
        ProfileMsg::AlreadyCertified => td_string!(l, errors.cert.already_certified).into(),
        ProfileMsg::NotUnderReview => td_string!(l, errors.cert.not_under_review).into(),
        ProfileMsg::NotChecked => td_string!(l, errors.cert.not_checked).into(),
        ProfileMsg::TooFewConfirmed { min, confirmed } => crate::tdf!(
            l,
            errors.cert.too_few_confirmed,
            min = *min,
            confirmed = *confirmed
        ),
        ProfileMsg::NotCertified => td_string!(l, errors.cert.not_certified).into(),
        ProfileMsg::ReferenceRows => td_string!(l, errors.cert.rows).into(),
        ProfileMsg::ReferenceIsYou => td_string!(l, errors.cert.is_you).into(),
        ProfileMsg::ReferenceTwice => td_string!(l, errors.cert.twice).into(),
        ProfileMsg::YearRange { first, last } => {
            crate::tdf!(l, errors.cert.year, first = *first, last = *last)
        }
        ProfileMsg::OnlyProvidersApply => td_string!(l, errors.cert.providers_only).into(),
        ProfileMsg::NoApplication { id } => crate::tdf!(l, errors.cert.no_application, id = *id),
        ProfileMsg::NoReference { id, position } => {
            crate::tdf!(l, errors.cert.no_reference, id = *id, position = *position)
        }
        other => say_profile_more(lang, other),
    }
}

fn say_profile_more(lang: Lang, m: &ProfileMsg) -> String {
    let l = locale_of(lang);
    match m {
        ProfileMsg::AppliedWith { references } => {
            crate::tdf!(l, staff.history.applied, n = *references)
        }
        ProfileMsg::ReferenceChecked {
            position,
            name,
            company,
            outcome,
            notes,
        } => {
            let line = crate::tdf!(
                l,
                staff.history.checked,
                position = *position,
                name = name.as_str(),
                company = company.as_str(),
                outcome = outcome.text(l)
            );
            if notes.is_empty() {
                line
            } else {
                format!("{line} {notes}")
            }
        }
        ProfileMsg::CertifiedAfter { confirmed } => {
            crate::tdf!(l, staff.history.certified, n = *confirmed)
        }
        ProfileMsg::RefusedBecause { reason } => {
            crate::tdf!(l, staff.history.refused, reason = reason.as_str())
        }
        ProfileMsg::RevokedBecause { reason } => {
            crate::tdf!(l, staff.history.revoked, reason = reason.as_str())
        }
        ProfileMsg::NowCertified => td_string!(l, notices.certified).into(),
        ProfileMsg::NotGranted { reason } => {
            crate::tdf!(l, notices.cert_not_granted, reason = reason.as_str())
        }
        ProfileMsg::Withdrawn { reason } => {
            crate::tdf!(l, notices.cert_withdrawn, reason = reason.as_str())
        }
        other => say_profile_page(lang, other),
    }
}

fn say_profile_page(lang: Lang, m: &ProfileMsg) -> String {
    let l = locale_of(lang);
    match m {
        ProfileMsg::ImageRefused { why, max } => match why {
            ImageRefusal::Empty => td_string!(l, errors.image.empty).into(),
            ImageRefusal::TooBig => td_string!(l, errors.image.too_big).into(),
            ImageRefusal::NotImage => td_string!(l, errors.image.not_image).into(),
            ImageRefusal::Damaged => td_string!(l, errors.image.damaged).into(),
            ImageRefusal::TooMany => crate::tdf!(l, errors.image.too_many, max = *max),
        },
        ProfileMsg::TooManyLanguages { max } => {
            crate::tdf!(l, errors.profile.languages, max = *max)
        }
        ProfileMsg::StaffNoProfile => td_string!(l, errors.profile.staff).into(),
        ProfileMsg::LinkScheme => td_string!(l, errors.profile.link_scheme).into(),
        ProfileMsg::WebAddress => td_string!(l, errors.profile.link_shape).into(),
        ProfileMsg::NoProfile { id } => crate::tdf!(l, errors.profile.none, id = *id),
        ProfileMsg::OnlyProvidersPortfolio => {
            td_string!(l, errors.profile.portfolio_providers).into()
        }
        ProfileMsg::PortfolioFull { max } => {
            crate::tdf!(l, errors.profile.portfolio_full, max = *max)
        }
        ProfileMsg::NoPortfolioItem { id } => crate::tdf!(l, errors.profile.no_item, id = *id),
        ProfileMsg::NoImage { id } => crate::tdf!(l, errors.profile.no_image, id = *id),
        ProfileMsg::OnlyProvidersPublic => td_string!(l, errors.profile.public_providers).into(),
        ProfileMsg::FilesNeedCredit => td_string!(l, errors.files_need_credit).into(),
        ProfileMsg::NoFile { id } => crate::tdf!(l, errors.no_file, id = *id),
        _ => unreachable!("said by say_profile"),
    }
}

fn say_staff(lang: Lang, m: &StaffMsg) -> String {
    let l = locale_of(lang);
    match m {
        StaffMsg::SearchLength => td_string!(l, errors.staff.search_length).into(),
        StaffMsg::NoPerson { id } => crate::tdf!(l, errors.staff.no_person, id = *id),
        StaffMsg::StaffNotSuspended => td_string!(l, errors.staff.staff_not_suspended).into(),
        StaffMsg::AccountDeleted => td_string!(l, errors.staff.deleted).into(),
        StaffMsg::AlreadySuspended => td_string!(l, errors.staff.already_suspended).into(),
        StaffMsg::NotSuspended => td_string!(l, errors.staff.not_suspended).into(),
        StaffMsg::NoGivenUpEmail { id } => crate::tdf!(l, errors.staff.no_given_up, id = *id),
    }
}

impl Label for super::account::Role {
    fn text(self, l: Locale) -> &'static str {
        use super::account::Role;
        match self {
            Role::Client => td_string!(l, common.role.client),
            Role::Provider => td_string!(l, common.role.provider),
            Role::Staff => td_string!(l, common.role.staff),
        }
    }
}

impl Label for Outcome {
    fn text(self, l: Locale) -> &'static str {
        match self {
            Outcome::Pending => td_string!(l, labels.outcome.pending),
            Outcome::Contacted => td_string!(l, labels.outcome.contacted),
            Outcome::Confirmed => td_string!(l, labels.outcome.confirmed),
            Outcome::Refused => td_string!(l, labels.outcome.refused),
        }
    }
}

impl Label for crate::domain::certification::Status {
    fn text(self, l: Locale) -> &'static str {
        use crate::domain::certification::Status;
        match self {
            Status::Applied => td_string!(l, labels.cert_status.applied),
            Status::Certified => td_string!(l, labels.cert_status.certified),
            Status::Refused => td_string!(l, labels.cert_status.refused),
            Status::Revoked => td_string!(l, labels.cert_status.revoked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_each_language() {
        assert_eq!(size_text(Lang::En, 2048), "2 KB");
        assert_eq!(size_text(Lang::Fr, 2048), "2 Ko");
        assert_eq!(size_text(Lang::En, 1536 * 1024), "1.5 MB");
        assert_eq!(size_text(Lang::Fr, 1536 * 1024), "1,5 Mo");
    }
    use crate::domain::device::describe;

    #[test]
    fn refusals_read_well_in_both_languages() {
        let msg = Msg::Project(ProjectMsg::WrongProjectStatus {
            from: ProjectStatus::Completed,
            action: ProjectAction::Cancel,
        });
        assert_eq!(
            say(Lang::En, &msg),
            "A project that is completed cannot be cancelled."
        );
        assert_eq!(
            say(Lang::Fr, &msg),
            "Un projet « terminé » ne peut pas être annulé."
        );
        let ambiguous = Msg::Amount(AmountMsg::AmountAmbiguous {
            typed: "1,500".into(),
            whole: "1500".into(),
            decimals: "1,50".into(),
        });
        assert!(say(Lang::En, &ambiguous).contains("type 1500 for the whole amount, or 1,50"));
        assert!(say(Lang::Fr, &ambiguous).contains("1500"));
    }

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Headless Chrome on Linux"),
            ("curl/8.5.0", "curl"),
            ("", "Unknown browser"),
            ("SomeBot (Windows)", "A browser on Windows"),
        ];
        for (ua, expected) in cases {
            assert_eq!(device_text(Lang::En, &describe(ua)), expected, "{ua}");
        }
        let chrome_linux = describe(cases[0].0);
        assert_eq!(device_text(Lang::Fr, &chrome_linux), "Chrome sous Linux");
        assert_eq!(device_text(Lang::Fr, &describe("")), "Navigateur inconnu");
    }

    #[test]
    fn time_left_reads_in_days_hours_and_minutes() {
        assert_eq!(remaining_text(Lang::En, 4 * 86400), "4 days 0 h");
        assert_eq!(remaining_text(Lang::En, 86400 + 7200 + 30), "1 day 2 h");
        assert_eq!(remaining_text(Lang::En, 3 * 3600 + 5 * 60), "3 h 05 min");
        assert_eq!(remaining_text(Lang::En, 61), "2 min");
        assert_eq!(remaining_text(Lang::En, 0), "0 min");
        assert_eq!(remaining_text(Lang::Fr, 4 * 86400), "4 jours 0 h");
        assert_eq!(remaining_text(Lang::Fr, 86400 + 7200 + 30), "1 jour 2 h");
        assert_eq!(minutes_text(Lang::En, 1), "1 minute");
        assert_eq!(minutes_text(Lang::En, 3), "3 minutes");
        assert_eq!(minutes_text(Lang::Fr, 3), "3 minutes");
    }

    #[test]
    fn ages_take_the_plural_each_language_uses() {
        assert_eq!(age_text(Lang::En, Age::Days(3)), "3 days ago");
        assert_eq!(age_text(Lang::En, Age::Days(1)), "1 day ago");
        assert_eq!(age_text(Lang::Fr, Age::Days(1)), "il y a 1 jour");
        assert_eq!(age_text(Lang::Fr, Age::Hours(2)), "il y a 2 heures");
        assert_eq!(age_text(Lang::Fr, Age::JustNow), "à l’instant");
    }
}
