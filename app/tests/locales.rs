//! The translation files: every key in one language is in the other, with
//! the same placeholders, and no text is left empty or untranslated. (The
//! build already refuses a key used in code that a file lacks.)

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LANGS: [&str; 2] = ["fr", "en"];

/// Every text of one language, by namespace and dotted key.
fn texts(lang: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("the locale directory") {
        let path = entry.expect("a file").path();
        let ns = path.file_stem().unwrap().to_string_lossy().into_owned();
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        flatten(&ns, &json, &mut out);
    }
    out
}

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        other => panic!("{prefix}: a translation is text, not {other}"),
    }
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}

#[test]
fn every_key_is_in_both_languages_with_the_same_placeholders() {
    let (fr, en) = (texts("fr"), texts("en"));
    let only_fr: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    assert!(only_fr.is_empty(), "keys missing in English: {only_fr:?}");
    assert!(only_en.is_empty(), "keys missing in French: {only_en:?}");
    for (key, text) in &fr {
        assert_eq!(
            placeholders(text),
            placeholders(&en[key]),
            "placeholders of {key}"
        );
    }
    for lang in LANGS {
        for (key, text) in texts(lang) {
            assert!(!text.trim().is_empty(), "{lang} {key} is empty");
        }
    }
    println!("{} texts in each language", fr.len());
}

/// How many words a text has, its `{placeholders}` not counted.
fn words(text: &str) -> usize {
    let mut plain = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        plain.push_str(before);
        rest = after.split_once('}').map_or("", |(_, tail)| tail);
    }
    plain.push_str(rest);
    plain.split_whitespace().count()
}

#[test]
fn french_texts_are_not_english_copies() {
    let (fr, en) = (texts("fr"), texts("en"));
    // Words that read the same in both (names, "Certifications") are fine;
    // a whole sentence that does is a text nobody translated.
    let copies: Vec<_> = fr
        .iter()
        // Place names ("Pays de la Loire") are the same in both.
        .filter(|(k, _)| !k.starts_with("labels.region."))
        .filter(|(k, t)| words(t) >= 4 && en.get(*k) == Some(t))
        .map(|(k, _)| k)
        .collect();
    assert!(
        copies.is_empty(),
        "French texts left in English: {copies:?}"
    );
}

#[test]
fn french_texts_use_french_typography() {
    // A space before : ; ! ? in French is a no-break one or none, so the
    // sign never starts a line; the apostrophe is typographic.
    for (key, text) in texts("fr") {
        for sign in [" :", " ;", " !", " ?"] {
            assert!(
                !text.contains(sign),
                "fr {key}: breakable space before '{}'",
                &sign[1..]
            );
        }
        assert!(!text.contains('\''), "fr {key}: straight apostrophe");
    }
}

/// Every French text of the fixed pages (`app/pages/info.json`).
fn fixed_pages_french() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("pages/info.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for page in json.as_array().expect("a list of pages") {
        let fr = &page["fr"];
        out.push(fr["title"].as_str().unwrap().to_owned());
        out.push(fr["intro"].as_str().unwrap().to_owned());
        for s in fr["sections"].as_array().unwrap() {
            out.push(s["h"].as_str().unwrap().to_owned());
            out.extend(
                s["p"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_owned()),
            );
        }
    }
    out
}

#[test]
fn the_fixed_pages_use_french_typography_too() {
    let texts = fixed_pages_french();
    assert!(texts.len() > 30, "{}", texts.len());
    for text in texts {
        for sign in [" :", " ;", " !", " ?"] {
            assert!(
                !text.contains(sign),
                "breakable space before '{}' in {text}",
                &sign[1..]
            );
        }
        assert!(!text.contains('\''), "straight apostrophe in {text}");
    }
}

/// The top-level, comma-separated parts of a macro call's arguments.
fn parts(args: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0i32);
    let mut in_str = false;
    let mut prev = ' ';
    for c in args.chars() {
        if c == '"' && prev != '\\' {
            in_str = !in_str;
        }
        if !in_str {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(cur.trim().to_owned());
                    cur.clear();
                    prev = c;
                    continue;
                }
                _ => {}
            }
        }
        cur.push(c);
        prev = c;
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

/// Every call of `name!(…)` in the app's sources: the file and its
/// arguments, macro definitions left out.
fn calls(name: &str) -> Vec<(String, Vec<String>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut out = Vec::new();
    let open = format!("{name}!(");
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut from = 0;
            while let Some(at) = text[from..].find(&open) {
                let start = from + at + open.len();
                let before = text[..from + at].chars().last().unwrap_or(' ');
                let mut depth = 1;
                let mut end = start;
                for (i, c) in text[start..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = start + i;
                        break;
                    }
                }
                from = end;
                let args = &text[start..end];
                // `tdf` inside `trf`'s or its own definition: not a call.
                if args.contains('$') || before.is_alphanumeric() || before == '_' {
                    continue;
                }
                out.push((path.display().to_string(), parts(args)));
            }
        }
    }
    out
}

/// The placeholders a call fills, from its `name = value` arguments.
fn filled(args: &[String]) -> BTreeSet<String> {
    args.iter()
        .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_owned()))
        .collect()
}

#[test]
fn every_call_fills_exactly_the_placeholders_of_its_text() {
    let (fr, en) = (texts("fr"), texts("en"));
    let mut checked = 0;
    let mut check = |file: &str, key: &str, given: BTreeSet<String>| {
        let key = key.split_whitespace().collect::<String>();
        for (lang, all) in [("fr", &fr), ("en", &en)] {
            let text = all
                .get(&key)
                .unwrap_or_else(|| panic!("{file}: no {lang} text {key}"));
            assert_eq!(
                placeholders(text),
                given,
                "{file}: {key} in {lang} has other placeholders than the call fills"
            );
        }
        checked += 1;
    };
    for (file, args) in calls("tdf") {
        check(&file, &args[1], filled(&args[2..]));
    }
    for (file, args) in calls("trf") {
        check(&file, &args[0], filled(&args[1..]));
    }
    for (file, args) in calls("td_string") {
        check(&file, &args[1], BTreeSet::new());
    }
    for (file, args) in calls("tr") {
        check(&file, &args[0], BTreeSet::new());
    }
    assert!(checked > 500, "only {checked} calls found");
    println!("{checked} calls checked");
}

#[test]
fn placeholders_are_filled_and_unknown_ones_left_visible() {
    use app::domain::words::fill;
    assert_eq!(
        fill("{a} and {b}", &[("a", &1), ("b", &"two")]),
        "1 and two"
    );
    assert_eq!(fill("{a} and {c}", &[("a", &1)]), "1 and {c}");
    assert_eq!(fill("no braces", &[]), "no braces");
    assert_eq!(fill("open { only", &[]), "open { only");
}

/// English words a French text replaced: the lead pages are "Mises en
/// relation" in the menu, so a French text that says "lead" names a page
/// the person cannot find.
const REPLACED_ENGLISH: [&str; 2] = ["lead", "leads"];

/// The replaced English words `text` uses as words of its own.
fn replaced_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| REPLACED_ENGLISH.contains(&w.as_str()))
        .collect()
}

/// Every French question and answer of the help centre as shipped
/// (`app/help/articles.json`, the source of its migrations).
fn help_french() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("help/articles.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json.as_array()
        .expect("a list of articles")
        .iter()
        .flat_map(|a| [&a["fr"]["q"], &a["fr"]["a"]].map(|t| t.as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn french_texts_say_mise_en_relation_not_lead() {
    assert_eq!(
        replaced_words("Acheter le lead, les Leads."),
        ["lead", "leads"]
    );
    assert!(replaced_words("mises en relation, leader, plead").is_empty());
    let mut found: Vec<String> = texts("fr")
        .into_iter()
        .filter(|(_, t)| !replaced_words(t).is_empty())
        .map(|(k, t)| format!("{k}: {t}"))
        .collect();
    let help = help_french();
    assert!(help.len() > 100, "{}", help.len());
    found.extend(
        fixed_pages_french()
            .into_iter()
            .chain(help)
            .filter(|t| !replaced_words(t).is_empty()),
    );
    assert!(found.is_empty(), "French texts saying lead: {found:#?}");
}
