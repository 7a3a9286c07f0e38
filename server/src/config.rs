//! The server's configuration, read from the environment once at start-up
//! (see the README's table). Everything else receives what it needs from
//! here.

use app::domain::rate_limit::{Limit, Limits};
use ipnet::IpNet;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`, or none for the product's own cluster.
    pub database_url: Option<String>,
    /// Where the product's own cluster lives.
    pub data_dir: PathBuf,
    /// The public address, when one is configured.
    pub site_url: Option<String>,
    /// Seed demo data (with its published password) into an empty database.
    pub demo: bool,
    pub job_interval: Duration,
    pub files_dir: PathBuf,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    pub limits: Limits,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let mut limits = Limits::default();
        if let Some(n) = var("MARKETPLACE_SIGNUPS_PER_HOUR") {
            let max = n
                .parse()
                .map_err(|_| format!("MARKETPLACE_SIGNUPS_PER_HOUR must be a number, not {n:?}"))?;
            limits.signups_per_address = Limit::per_minutes(max, 60);
        }
        let config = Config {
            database_url: var("DATABASE_URL"),
            data_dir: var("MARKETPLACE_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".data/postgres")),
            site_url: var("SITE_URL"),
            demo: var("MARKETPLACE_DEMO").is_some_and(|v| v == "1"),
            job_interval: Duration::from_secs(
                var("MARKETPLACE_JOB_INTERVAL_SECS")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(10),
            ),
            files_dir: var("MARKETPLACE_FILES_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".data/files")),
            trusted_proxies: parse_proxies(
                &var("MARKETPLACE_TRUSTED_PROXIES").unwrap_or_default(),
            )?,
            limits,
        };
        config.check()?;
        Ok(config)
    }

    /// Served over https: cookies are `Secure` and browsers are told to
    /// keep to https (HSTS).
    pub fn https(&self) -> bool {
        self.site_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Demo accounts share a published password: never on a public site.
    fn check(&self) -> Result<(), String> {
        if self.demo && self.https() {
            return Err(format!(
                "MARKETPLACE_DEMO=1 would create demo accounts with a published password on {}; \
                 unset MARKETPLACE_DEMO on a public site",
                self.site_url.as_deref().unwrap_or_default()
            ));
        }
        Ok(())
    }
}

/// "10.0.0.1, 10.1.0.0/16, ::1": addresses or networks.
pub fn parse_proxies(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("MARKETPLACE_TRUSTED_PROXIES: {p:?} is not an address or a network")
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_are_addresses_or_networks() {
        let p = parse_proxies(" 10.0.0.1, 192.168.0.0/16,::1 ").unwrap();
        assert_eq!(p.len(), 3);
        assert!(p[1].contains(&"192.168.4.2".parse::<std::net::IpAddr>().unwrap()));
        assert!(parse_proxies("").unwrap().is_empty());
        assert!(parse_proxies("10.0.0.0/99").is_err());
        assert!(parse_proxies("proxy.example").is_err());
    }

    #[test]
    fn demo_data_is_refused_on_an_https_site() {
        let mut c = Config {
            database_url: None,
            data_dir: PathBuf::new(),
            site_url: Some("https://market.example".into()),
            demo: true,
            job_interval: Duration::from_secs(10),
            files_dir: PathBuf::new(),
            trusted_proxies: vec![],
            limits: Limits::default(),
        };
        assert!(c.check().unwrap_err().contains("MARKETPLACE_DEMO"));
        c.site_url = Some("http://127.0.0.1:3000".into());
        assert!(c.check().is_ok());
    }
}
