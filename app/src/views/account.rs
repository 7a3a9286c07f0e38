//! Who is signed in.

use crate::domain::account::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// The email address is confirmed.
    pub verified: bool,
    /// The language they chose to read the product in, if they did.
    pub lang: Option<crate::domain::locale::Lang>,
    /// Staff published terms they have not accepted yet (a banner asks).
    #[serde(default)]
    pub terms_due: bool,
}

/// One browser the signed-in person is signed in on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Names the session to sign it out (not the cookie's id).
    pub id: String,
    /// The browser asking.
    pub current: bool,
    /// "Firefox on Windows".
    pub device: crate::domain::device::Device,
    pub address: String,
    pub signed_in_at: time::OffsetDateTime,
    pub last_seen_at: time::OffsetDateTime,
}
