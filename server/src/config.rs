//! The server's configuration, read from the environment once at start-up
//! (see the README's table). Everything else receives what it needs from
//! here.

use app::domain::agreement::{parse_rate_bp, FeeRates};
use app::domain::rate_limit::{Limit, Limits};
use ipnet::IpNet;
use leptos::config::LeptosOptions;
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
    /// The mail server (`SMTP_URL`); without it emails wait in the outbox.
    pub smtp_url: Option<String>,
    /// Seed demo data (with its published password) into an empty database.
    pub demo: bool,
    pub job_interval: Duration,
    pub files_dir: PathBuf,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    pub limits: Limits,
    /// The rates new agreements are made at.
    pub fee_rates: FeeRates,
    /// Where to listen and what to serve (the variables cargo-leptos sets).
    pub leptos: LeptosOptions,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        Config::from_vars(|k| std::env::var(k).ok())
    }

    /// The configuration from `lookup` (the environment, or a test's
    /// table); an empty value counts as unset.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let var = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
        let mut limits = Limits::default();
        if let Some(n) = var("MARKETPLACE_SIGNUPS_PER_HOUR") {
            let max = n
                .parse()
                .map_err(|_| format!("MARKETPLACE_SIGNUPS_PER_HOUR must be a number, not {n:?}"))?;
            limits.signups_per_address = Limit::per_minutes(max, 60);
        }
        if let Some(n) = var("MARKETPLACE_LOGIN_FAILURES_PER_ADDRESS") {
            let max = n.parse().map_err(|_| {
                format!("MARKETPLACE_LOGIN_FAILURES_PER_ADDRESS must be a number, not {n:?}")
            })?;
            limits.login_failures_per_address = Limit::per_minutes(max, 15);
        }
        let rate = |k: &str, default: i64| match var(k) {
            None => Ok(default),
            Some(raw) => parse_rate_bp(&raw).map_err(|e| format!("{k}: {e}")),
        };
        let fee_rates = FeeRates {
            connection_bp: rate(
                "MARKETPLACE_CONNECTION_RATE_BP",
                FeeRates::default().connection_bp,
            )?,
            zero_risk_bp: rate(
                "MARKETPLACE_ZERO_RISK_RATE_BP",
                FeeRates::default().zero_risk_bp,
            )?,
        };
        let job_interval = match var("MARKETPLACE_JOB_INTERVAL_SECS") {
            None => Duration::from_secs(10),
            Some(v) => Duration::from_secs(v.trim().parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                format!("MARKETPLACE_JOB_INTERVAL_SECS must be a whole number of seconds, not {v:?}")
            })?),
        };
        let or = |k: &str, d: &str| var(k).unwrap_or_else(|| d.to_string());
        let site_addr = or("LEPTOS_SITE_ADDR", DEFAULT_SITE_ADDR);
        let mut leptos = leptos_options(
            &or("LEPTOS_OUTPUT_NAME", DEFAULT_OUTPUT_NAME),
            &or("LEPTOS_SITE_ROOT", DEFAULT_SITE_ROOT),
            &or("LEPTOS_SITE_PKG_DIR", DEFAULT_PKG_DIR),
            site_addr.parse().map_err(|_| {
                format!(
                    "LEPTOS_SITE_ADDR must be an address like 127.0.0.1:3000, not {site_addr:?}"
                )
            })?,
        );
        // cargo-leptos names the built files by their content and writes
        // their names beside the server binary, where leptos reads them.
        leptos.hash_files = hash_file_beside_the_server();
        let config = Config {
            database_url: var("DATABASE_URL"),
            data_dir: var("MARKETPLACE_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".data/postgres")),
            site_url: var("SITE_URL"),
            smtp_url: var("SMTP_URL"),
            demo: var("MARKETPLACE_DEMO").is_some_and(|v| v == "1"),
            job_interval,
            files_dir: var("MARKETPLACE_FILES_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".data/files")),
            trusted_proxies: parse_proxies(
                &var("MARKETPLACE_TRUSTED_PROXIES").unwrap_or_default(),
            )?,
            limits,
            fee_rates,
            leptos,
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

    /// The address emails link to: `SITE_URL`, or where the server listens.
    pub fn public_url(&self) -> String {
        match &self.site_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.leptos.site_addr),
        }
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

const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
const DEFAULT_OUTPUT_NAME: &str = "marketplace";
const DEFAULT_SITE_ROOT: &str = "target/site";
const DEFAULT_PKG_DIR: &str = "pkg";

fn leptos_options(
    output: &str,
    root: &str,
    pkg: &str,
    addr: std::net::SocketAddr,
) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(output)
        .site_root(root)
        .site_pkg_dir(pkg)
        .site_addr(addr)
        .build()
}

/// Whether the release build wrote `hash.txt` beside this binary: its
/// built files are then named by their content.
fn hash_file_beside_the_server() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

/// Leptos' options with every default (for tests).
pub fn default_leptos_options() -> LeptosOptions {
    leptos_options(
        DEFAULT_OUTPUT_NAME,
        DEFAULT_SITE_ROOT,
        DEFAULT_PKG_DIR,
        DEFAULT_SITE_ADDR.parse().expect("a valid default address"),
    )
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

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn every_setting_has_a_default_and_bad_values_are_named() {
        let c = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(c.fee_rates, FeeRates::default());
        assert_eq!(c.leptos.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(&*c.leptos.output_name, "marketplace");
        assert!(!c.demo && c.database_url.is_none());
        assert_eq!(c.public_url(), "http://127.0.0.1:3000");
        assert!(c.smtp_url.is_none());

        let c = Config::from_vars(vars(&[
            ("MARKETPLACE_CONNECTION_RATE_BP", "450"),
            ("MARKETPLACE_ZERO_RISK_RATE_BP", " 0 "),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("MARKETPLACE_SIGNUPS_PER_HOUR", "3"),
            ("MARKETPLACE_LOGIN_FAILURES_PER_ADDRESS", "7"),
        ]))
        .unwrap();
        assert_eq!(
            (c.fee_rates.connection_bp, c.fee_rates.zero_risk_bp),
            (450, 0)
        );
        assert_eq!(c.leptos.site_addr.port(), 8080);
        assert_eq!(c.limits.signups_per_address.max, 3);
        assert_eq!(c.limits.login_failures_per_address.max, 7);

        for (k, v) in [
            ("MARKETPLACE_CONNECTION_RATE_BP", "6000"),
            ("MARKETPLACE_ZERO_RISK_RATE_BP", "three"),
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("MARKETPLACE_SIGNUPS_PER_HOUR", "many"),
            ("MARKETPLACE_LOGIN_FAILURES_PER_ADDRESS", "lots"),
            ("MARKETPLACE_TRUSTED_PROXIES", "proxy.example"),
            ("MARKETPLACE_JOB_INTERVAL_SECS", "0"),
        ] {
            let e = Config::from_vars(vars(&[(k, v)])).unwrap_err();
            assert!(e.contains(k), "{k}={v}: {e}");
        }
    }

    #[test]
    fn demo_data_is_refused_on_an_https_site() {
        let mut c = Config {
            database_url: None,
            data_dir: PathBuf::new(),
            site_url: Some("https://market.example".into()),
            smtp_url: None,
            demo: true,
            job_interval: Duration::from_secs(10),
            files_dir: PathBuf::new(),
            trusted_proxies: vec![],
            limits: Limits::default(),
            fee_rates: FeeRates::default(),
            leptos: default_leptos_options(),
        };
        assert!(c.check().unwrap_err().contains("MARKETPLACE_DEMO"));
        c.site_url = Some("http://127.0.0.1:3000".into());
        assert!(c.check().is_ok());
    }
}
