//! Server-side use cases: each takes the pool (or a transaction) and the
//! acting user (together: `acting::Acting`), applies the domain rules and
//! writes to PostgreSQL.

/// Whether a provider's preferences match a project (no preferences match
/// everything), as SQL over `p` (projects) and `pp` (provider_preferences,
/// left-joined).
macro_rules! matches_preferences {
    () => {
        "(pp.provider_id IS NULL OR (
            (cardinality(pp.services) = 0 OR pp.services && p.services)
            AND (cardinality(pp.regions) = 0 OR p.region = ANY(pp.regions))
            AND (pp.budget_min IS NULL OR p.budget_max >= pp.budget_min)
            AND (pp.budget_max IS NULL OR p.budget_min <= pp.budget_max)))"
    };
}

pub mod account_changes;
pub mod accounts;
pub mod acting;
pub mod agreements;
pub mod certification;
pub mod completion;
pub mod contact;
pub mod credit_requests;
pub mod credits;
pub mod dashboard;
pub mod digests;
pub mod email_desk;
pub mod escrow;
pub mod fees;
pub mod files;
pub mod gateway;
pub mod help;
pub mod hidden;
pub mod idempotency;
pub mod images;
pub mod info_pages;
pub mod jobs;
pub mod leads;
pub mod notes;
pub mod notifications;
pub mod offers;
pub mod outbox;
pub mod passwords;
pub mod payments;
pub mod preferences;
pub mod profiles;
pub mod projects;
pub mod rate_limits;
pub mod sessions;
pub mod signing;
pub mod staff_desk;
pub mod subscriptions;
pub mod terms;
pub mod threads;
pub mod tokens;
pub mod worker;

/// Runs the migrations in `migrations/` at the top of the workspace.
pub async fn migrate(pool: &sqlx::PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../migrations").run(pool).await
}
