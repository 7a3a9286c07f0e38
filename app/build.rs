//! Generates the `i18n` module from `locales/{fr,en}/*.json`: one typed
//! accessor per key, so a missing key or a wrong placeholder is a compile
//! error, not a blank on a page.

use leptos_i18n_build::{Config, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// One file per area of the product, in each language's directory.
const NAMESPACES: &[&str] = &[
    "account",
    "agreement",
    "auth",
    "common",
    "credits",
    "dashboard",
    "errors",
    "escrow",
    "feed",
    "fees",
    "help",
    "home",
    "kinds",
    "offers",
    "labels",
    "leads",
    "mail",
    "notices",
    "pages",
    "plans",
    "project",
    "queue",
    "staff",
    "certification",
    "profile",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Texts with values carry `{name}` placeholders, filled at run time
    // by `domain::words::fill` (`tdf!`): every text is a plain string.
    let config = Config::new("fr")?
        .add_locale("en")?
        .add_namespaces(NAMESPACES.iter().copied())?;
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
