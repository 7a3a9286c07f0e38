//! The fixed lists a project is described with: services and regions.

use super::msg::Msg;
use crate::domain::msg::FormMsg;
use serde::{Deserialize, Serialize};

macro_rules! fixed_list {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => ($slug:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable identifier stored in the database and used in URLs.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(raw: &str) -> Result<$name, Msg> {
                let raw = raw.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.slug() == raw)
                    .ok_or_else(|| Msg::Form(FormMsg::UnknownChoice { value: raw.chars().take(40).collect() }))
            }
        }
    };
}

fixed_list!(
    /// The categories of work a project asks for.
    Service, "service", {
        WebDevelopment => ("web_development", "Web development"),
        MobileApps => ("mobile_apps", "Mobile apps"),
        GraphicDesign => ("graphic_design", "Graphic design"),
        Marketing => ("marketing", "Marketing & SEO"),
        Writing => ("writing", "Writing & translation"),
        Accounting => ("accounting", "Accounting"),
        Legal => ("legal", "Legal advice"),
        Renovation => ("renovation", "Renovation & building"),
        Photography => ("photography", "Photography & video"),
        ItSupport => ("it_support", "IT support"),
    }
);

fixed_list!(
    /// Where the work happens.
    Region, "region", {
        IleDeFrance => ("ile_de_france", "Île-de-France"),
        AuvergneRhoneAlpes => ("auvergne_rhone_alpes", "Auvergne-Rhône-Alpes"),
        NouvelleAquitaine => ("nouvelle_aquitaine", "Nouvelle-Aquitaine"),
        Occitanie => ("occitanie", "Occitanie"),
        HautsDeFrance => ("hauts_de_france", "Hauts-de-France"),
        GrandEst => ("grand_est", "Grand Est"),
        Provence => ("provence", "Provence-Alpes-Côte d'Azur"),
        Bretagne => ("bretagne", "Bretagne"),
        Normandie => ("normandie", "Normandie"),
        PaysDeLaLoire => ("pays_de_la_loire", "Pays de la Loire"),
        Bourgogne => ("bourgogne", "Bourgogne-Franche-Comté"),
        CentreValDeLoire => ("centre_val_de_loire", "Centre-Val de Loire"),
        Corse => ("corse", "Corse"),
        Remote => ("remote", "Remote"),
    }
);

/// Parses a list of service slugs: no unknown slug, no duplicate, at least `min`.
pub fn parse_services(raw: &[String], min: usize, max: usize) -> Result<Vec<Service>, Msg> {
    parse_set(raw, Service::parse, min, max)
}

pub fn parse_regions(raw: &[String], min: usize, max: usize) -> Result<Vec<Region>, Msg> {
    parse_set(raw, Region::parse, min, max)
}

fn parse_set<T: Ord + Copy>(
    raw: &[String],
    parse: fn(&str) -> Result<T, Msg>,
    min: usize,
    max: usize,
) -> Result<Vec<T>, Msg> {
    let mut out = Vec::new();
    for item in raw.iter().filter(|s| !s.trim().is_empty()) {
        out.push(parse(item)?);
    }
    out.sort();
    out.dedup();
    if out.len() < min {
        return Err(Msg::Form(FormMsg::ChooseAtLeast { min }));
    }
    if out.len() > max {
        return Err(Msg::Form(FormMsg::ChooseAtMost { max }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_are_unique() {
        for s in Service::ALL {
            assert_eq!(Service::parse(s.slug()), Ok(*s));
        }
        for r in Region::ALL {
            assert_eq!(Region::parse(r.slug()), Ok(*r));
        }
        let mut slugs: Vec<_> = Service::ALL.iter().map(|s| s.slug()).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), Service::ALL.len());
    }

    #[test]
    fn unknown_service_is_named_in_the_error() {
        assert_eq!(
            Service::parse("plumbing"),
            Err(Msg::Form(FormMsg::UnknownChoice {
                value: "plumbing".into()
            }))
        );
    }

    #[test]
    fn service_sets_are_checked() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_services(&v(&["marketing", "writing", "marketing"]), 1, 5),
            Ok(vec![Service::Marketing, Service::Writing])
        );
        assert_eq!(
            parse_services(&v(&[]), 1, 5),
            Err(Msg::Form(FormMsg::ChooseAtLeast { min: 1 }))
        );
        assert!(parse_services(&v(&["", " "]), 1, 5).is_err());
        assert!(matches!(
            parse_services(&v(&["nope"]), 1, 5),
            Err(Msg::Form(FormMsg::UnknownChoice { .. }))
        ));
        assert_eq!(
            parse_services(&v(&["marketing", "writing", "legal"]), 1, 2),
            Err(Msg::Form(FormMsg::ChooseAtMost { max: 2 }))
        );
        assert_eq!(parse_regions(&v(&[]), 0, 3), Ok(vec![]));
    }
}
