//! In-app notifications.

use serde::{Deserialize, Serialize};

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub message: crate::domain::msg::Msg,
    pub link: Option<String>,
    /// ISO date-time (UTC).
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
    pub unread: i64,
}

/// One kind of notification and the person's channel for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindSetting {
    /// Its slug: also what names it (`words::kind_text`).
    pub kind: String,
    pub channel: crate::domain::notices::Channel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsGroup {
    /// The group's slug (`words::kind_group_text` names it).
    pub name: String,
    pub kinds: Vec<KindSetting>,
}

/// The notification settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub groups: Vec<SettingsGroup>,
    /// The digest's hour, Paris time; none: no digest.
    pub digest_hour: Option<u8>,
    /// Where the emails go, and whether it is confirmed (no email before).
    pub email: String,
    pub verified: bool,
}
