//! A browser named the way its owner recognises it ("Firefox on Windows"),
//! from the User-Agent header its session was opened with.

use serde::{Deserialize, Serialize};

/// The browser and the system a User-Agent names, each when we know it.
/// Order matters: Edge and Opera also claim Chrome, Chrome also claims
/// Safari, Android also claims Linux, iOS also claims Mac OS.
pub fn describe(user_agent: &str) -> Device {
    let ua = user_agent;
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Headless Chrome"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("CriOS/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| *name);
    Device {
        browser: browser.map(str::to_owned),
        system: system.map(str::to_owned),
    }
}

/// A browser and its system, as far as its User-Agent tells: product
/// names, the same in every language (`words::device_text` joins them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub browser: Option<String>,
    pub system: Option<String>,
}
