//! The words of the domain in each language: the names of its fixed values
//! (statuses, services, regions, credit kinds…) and what each message
//! (`Msg`) says. Pure, like `locale`, so the pages (in the wasm) and the
//! emails (on the server) say the same thing; the words themselves live in
//! the translation files (`app/locales/{fr,en}`).

use super::catalog::{Region, Service};
use super::ledger::CreditKind;
use super::locale::{is_singular, Age, Lang};
use super::msg::Msg;
use super::project::{ProjectAction, ProjectStatus};
use crate::i18n::{td_string, Locale};

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
    let l = locale_of(lang);
    match msg {
        Msg::UnknownLanguage => td_string!(l, errors.unknown_language).to_string(),
        Msg::Required => td_string!(l, errors.required).to_string(),
        Msg::TooShort { min } => td_string!(l, errors.too_short, min = *min).to_string(),
        Msg::TooLong { max, len } => {
            td_string!(l, errors.too_long, max = *max, len = *len).to_string()
        }
        Msg::BadCharacters => td_string!(l, errors.bad_characters).to_string(),
        Msg::EmailShape => td_string!(l, errors.email_shape).to_string(),
        Msg::ChooseRole => td_string!(l, errors.choose_role).to_string(),
        Msg::EmailTaken => td_string!(l, errors.email_taken).to_string(),
        Msg::WrongCredentials => td_string!(l, errors.wrong_credentials).to_string(),
        Msg::UnknownSection => td_string!(l, errors.unknown_section).to_string(),
        Msg::SlugShape => td_string!(l, errors.slug_shape).to_string(),
        Msg::LinkShape => td_string!(l, errors.link_shape).to_string(),
        Msg::NoSuchArticle => td_string!(l, errors.no_such_article).to_string(),
        Msg::NoSuchPage => td_string!(l, errors.no_such_page).to_string(),
        Msg::ChooseTopic => td_string!(l, errors.choose_topic).to_string(),
        Msg::TooManyMessages { minutes } => {
            td_string!(l, errors.too_many_messages, minutes = *minutes).to_string()
        }
        Msg::NoSuchMessage => td_string!(l, errors.no_such_message).to_string(),
        Msg::AcceptTerms => td_string!(l, errors.accept_terms).to_string(),
        Msg::TermsChanged { current } => {
            td_string!(l, errors.terms_changed, current = *current).to_string()
        }
        Msg::ConfirmationPhrase => td_string!(l, errors.confirmation_phrase).to_string(),
        Msg::ForClients => td_string!(l, errors.for_clients).to_string(),
        Msg::ForProviders => td_string!(l, errors.for_providers).to_string(),
        Msg::ForStaff => td_string!(l, errors.for_staff).to_string(),
        Msg::AmountRequired => td_string!(l, errors.amount_required).to_string(),
        Msg::AmountNotNumber => td_string!(l, errors.amount_not_number).to_string(),
        Msg::AmountNegative => td_string!(l, errors.amount_negative).to_string(),
        Msg::AmountPlaces => td_string!(l, errors.amount_places).to_string(),
        Msg::AmountTooLarge => td_string!(l, errors.amount_too_large).to_string(),
        Msg::AmountAmbiguous {
            typed,
            whole,
            decimals,
        } => td_string!(
            l,
            errors.amount_ambiguous,
            typed = typed.as_str(),
            whole = whole.as_str(),
            decimals = decimals.as_str()
        )
        .to_string(),
        Msg::AmountNotPositive => td_string!(l, errors.amount_not_positive).to_string(),
        Msg::BudgetOrder => td_string!(l, errors.budget_order).to_string(),
        Msg::ChooseRegion => td_string!(l, errors.choose_region).to_string(),
        Msg::UnknownChoice { value } => {
            td_string!(l, errors.unknown_choice, value = value.as_str()).to_string()
        }
        Msg::ChooseAtLeast { min } => td_string!(l, errors.choose_at_least, min = *min).to_string(),
        Msg::ChooseAtMost { max } => td_string!(l, errors.choose_at_most, max = *max).to_string(),
        Msg::ChooseStartDate => td_string!(l, errors.choose_start_date).to_string(),
        Msg::DateShape => td_string!(l, errors.date_shape).to_string(),
        Msg::StartInPast => td_string!(l, errors.start_in_past).to_string(),
        Msg::StartTooFar => td_string!(l, errors.start_too_far).to_string(),
        Msg::PhoneRequired => td_string!(l, errors.phone_required).to_string(),
        Msg::PhoneShape => td_string!(l, errors.phone_shape).to_string(),
        Msg::PageNumber => td_string!(l, errors.page_number).to_string(),
        Msg::NoSuchProject { id } => td_string!(l, errors.no_such_project, id = *id).to_string(),
        Msg::ActionNotAllowed { action } => {
            td_string!(l, errors.action_not_allowed, action = action_do(l, *action)).to_string()
        }
        Msg::WrongProjectStatus { from, action } => td_string!(
            l,
            errors.wrong_project_status,
            status = from.text(l).to_lowercase(),
            action = action_done(l, *action)
        )
        .to_string(),
        Msg::ProjectNumber => td_string!(l, errors.project_number).to_string(),
        Msg::DurationRange => td_string!(l, errors.duration_range).to_string(),
        Msg::DurationShape => td_string!(l, errors.duration_shape).to_string(),
        Msg::OffersClosed => td_string!(l, errors.offers_closed).to_string(),
        Msg::UnlockOfferFirst => td_string!(l, errors.unlock_offer_first).to_string(),
        Msg::NoSuchOffer => td_string!(l, errors.no_such_offer).to_string(),
        Msg::OffersForTheirClient => td_string!(l, errors.offers_for_their_client).to_string(),
        Msg::LeadNotUnlockable { id } => {
            td_string!(l, errors.lead_not_unlockable, id = *id).to_string()
        }
        Msg::ProjectNotOpen { id } => td_string!(l, errors.project_not_open, id = *id).to_string(),
        Msg::NoProviderWithEmail => td_string!(l, errors.no_provider_with_email).to_string(),
        Msg::NotEnoughCredits {
            kind,
            balance,
            needed,
        } => td_string!(
            l,
            errors.not_enough_credits,
            kind = kind.text(l).to_lowercase(),
            balance = *balance,
            needed = *needed
        )
        .to_string(),
        Msg::NotEnoughMoney { balance, needed } => td_string!(
            l,
            errors.not_enough_money,
            balance = lang.money(*balance),
            needed = lang.money(*needed)
        )
        .to_string(),
        Msg::RequestKey => td_string!(l, errors.request_key).to_string(),
        Msg::CreditCountRange => td_string!(l, errors.credit_count_range).to_string(),
        Msg::CreditCountShape => td_string!(l, errors.credit_count_shape).to_string(),
        Msg::TopUpMin { min } => {
            td_string!(l, errors.top_up_min, min = lang.money(*min)).to_string()
        }
        Msg::TopUpMax { max } => {
            td_string!(l, errors.top_up_max, max = lang.money(*max)).to_string()
        }
        Msg::CardRequired => td_string!(l, errors.card_required).to_string(),
        Msg::CardDigits => td_string!(l, errors.card_digits).to_string(),
        Msg::CardInvalid => td_string!(l, errors.card_invalid).to_string(),
        Msg::PaymentSettled => td_string!(l, errors.payment_settled).to_string(),
        Msg::PaymentNoAnswer => td_string!(l, errors.payment_no_answer).to_string(),
        Msg::CardDeclined => td_string!(l, errors.card_declined).to_string(),
        Msg::UnknownPaymentMethod => td_string!(l, errors.unknown_payment_method).to_string(),
        Msg::GatewayDeclined { reason } => reason.clone(),
        Msg::ChoosePlan => td_string!(l, errors.choose_plan).to_string(),
        Msg::PlanActive { until } => {
            td_string!(l, errors.plan_active, until = lang.date(*until)).to_string()
        }
        Msg::NoActivePlan => td_string!(l, errors.no_active_plan).to_string(),
        Msg::KeyReused => td_string!(l, errors.key_reused).to_string(),
        Msg::StillProcessing => td_string!(l, errors.still_processing).to_string(),
        Msg::PriceMin { min } => {
            td_string!(l, errors.price_min, min = lang.money(*min)).to_string()
        }
        Msg::PriceMax { max } => {
            td_string!(l, errors.price_max, max = lang.money(*max)).to_string()
        }
        Msg::DayRateOrder => td_string!(l, errors.day_rate_order).to_string(),
        Msg::DayRateMax { max } => {
            td_string!(l, errors.day_rate_max, max = lang.money(*max)).to_string()
        }
        Msg::DayRateBothEnds => td_string!(l, errors.day_rate_both_ends).to_string(),
        Msg::Legacy(text) => text.clone(),
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
    let (n, one, many): (i64, fn(Locale, i64) -> String, fn(Locale, i64) -> String) = match age {
        Age::JustNow => return td_string!(l, common.age.just_now).to_string(),
        Age::Minutes(n) => (
            n,
            |l, n| td_string!(l, common.age.minute, n = n).to_string(),
            |l, n| td_string!(l, common.age.minutes, n = n).to_string(),
        ),
        Age::Hours(n) => (
            n,
            |l, n| td_string!(l, common.age.hour, n = n).to_string(),
            |l, n| td_string!(l, common.age.hours, n = n).to_string(),
        ),
        Age::Days(n) => (
            n,
            |l, n| td_string!(l, common.age.day, n = n).to_string(),
            |l, n| td_string!(l, common.age.days, n = n).to_string(),
        ),
        Age::Months(n) => (
            n,
            |l, n| td_string!(l, common.age.month, n = n).to_string(),
            |l, n| td_string!(l, common.age.months, n = n).to_string(),
        ),
        Age::Years(n) => (
            n,
            |l, n| td_string!(l, common.age.year, n = n).to_string(),
            |l, n| td_string!(l, common.age.years, n = n).to_string(),
        ),
    };
    if is_singular(lang, n) {
        one(l, n)
    } else {
        many(l, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_well_in_both_languages() {
        let msg = Msg::WrongProjectStatus {
            from: ProjectStatus::Completed,
            action: ProjectAction::Cancel,
        };
        assert_eq!(
            say(Lang::En, &msg),
            "A project that is completed cannot be cancelled."
        );
        assert_eq!(
            say(Lang::Fr, &msg),
            "Un projet « terminé » ne peut pas être annulé."
        );
        let ambiguous = Msg::AmountAmbiguous {
            typed: "1,500".into(),
            whole: "1500".into(),
            decimals: "1,50".into(),
        };
        assert!(say(Lang::En, &ambiguous).contains("type 1500 for the whole amount, or 1,50"));
        assert!(say(Lang::Fr, &ambiguous).contains("1500"));
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
