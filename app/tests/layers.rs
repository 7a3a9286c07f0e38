//! The layers run one way: `domain` → `views` → `services` → `api` → `ui`.
//!
//! This test reads `app/src` as text, finds every path that names another
//! module of the crate (`crate::…`, `super::…`, grouped `use` trees
//! included; comments ignored) and fails when
//! - a module names a module of a higher layer (`services` naming `api`,
//!   `domain` naming anything above it, …), or
//! - modules import each other, directly or round a longer cycle.
//!
//! It also fails when a function in `app/src` or `server/src` passes
//! `MAX_FUNCTION_LINES` lines, not counting the bodies of `view!` macros
//! (markup, laid out by leptosfmt).
//!
//! A module is one file: `services/jobs.rs` is `services::jobs`, and a
//! folder's `mod.rs` is the folder's module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers from the bottom up. `error` is the one error type every layer
/// returns; it sits with the domain and may name nothing above it.
const LAYERS: &[(&str, usize)] = &[
    ("error", 0),
    ("domain", 0),
    ("views", 1),
    ("services", 2),
    ("api", 3),
    ("ui", 4),
];

fn layer_of(module: &str) -> Option<usize> {
    let top = module.split("::").next()?;
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, l)| *l)
}

/// Every `.rs` file under `dir`, with its module path.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read app/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("under src");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if parts.last().map(String::as_str) == Some("mod") {
                parts.pop();
            }
            if parts == ["lib"] {
                continue;
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The text without comments and string literals, so neither counts as an
/// import.
fn code_only(text: &str) -> String {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i] == '/' && bytes.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if bytes[i] == '*' && bytes.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    keep_newline(&mut out, bytes[i]);
                    i += 1;
                }
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                if let Some(&c) = bytes.get(i) {
                    keep_newline(&mut out, c);
                }
                i += 1;
            }
            i += 1;
        } else if c == 'r'
            && (next == Some('#') || next == Some('"'))
            && !ident_char_before(&bytes, i)
        {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while bytes.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            'scan: while j < bytes.len() {
                if bytes[j] == '"' && (0..hashes).all(|h| bytes.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break 'scan;
                }
                keep_newline(&mut out, bytes[j]);
                j += 1;
            }
            out.push(' ');
            i = j;
        } else if c == '\'' {
            // A char literal ('x', '\n', '"') — not a lifetime ('a).
            if next == Some('\\') {
                let mut j = i + 2;
                while j < bytes.len() && bytes[j] != '\'' {
                    j += 1;
                }
                out.push(' ');
                i = j + 1;
            } else if bytes.get(i + 2) == Some(&'\'') {
                out.push(' ');
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Comments and strings are dropped, but their line breaks kept, so that
/// line numbers stay those of the file.
fn keep_newline(out: &mut String, c: char) {
    if c == '\n' {
        out.push('\n');
    }
}

fn ident_char_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Parses a use tree at `s` (after `crate::` or `super::`), pushing every
/// full path it names into `out`. Returns the rest of the text.
fn paths<'a>(prefix: &[String], s: &'a str, out: &mut Vec<Vec<String>>) -> &'a str {
    let mut path = prefix.to_vec();
    let mut rest = s.trim_start();
    loop {
        if let Some(inner) = rest.strip_prefix('{') {
            let mut r = inner;
            loop {
                r = r.trim_start();
                if let Some(after) = r.strip_prefix('}') {
                    return after;
                }
                r = paths(&path, r, out);
                r = r.trim_start();
                if let Some(after) = r.strip_prefix(',') {
                    r = after;
                }
                if r.is_empty() {
                    return r;
                }
            }
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            out.push(path);
            return rest;
        }
        path.push(rest[..end].to_string());
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => {
                out.push(path);
                return rest;
            }
        }
    }
}

/// The modules that `text` (the code of `module`) names.
fn imports(
    module: &str,
    text: &str,
    known: &BTreeMap<String, PathBuf>,
    is_folder: bool,
) -> BTreeSet<String> {
    let code = code_only(text);
    let mut named = Vec::new();
    let self_path: Vec<String> = module.split("::").map(String::from).collect();
    // `super` of a folder's mod.rs is the folder's parent; of a file, the
    // folder it is in.
    let parent: Vec<String> = if is_folder {
        self_path[..self_path.len().saturating_sub(1)].to_vec()
    } else {
        self_path[..self_path.len() - 1].to_vec()
    };
    // A folder's mod.rs may name its children without a prefix
    // (`use common::Header;`).
    let inline = inline_modules(&code);
    let mut needles = vec![
        ("crate::".to_string(), Vec::new()),
        ("super::".to_string(), parent.clone()),
    ];
    if is_folder {
        for child in known.keys() {
            if let Some(name) = child.strip_prefix(&format!("{module}::")) {
                if !name.contains("::") {
                    needles.push((format!("{name}::"), self_path.clone()));
                    needles.push((format!("self::{name}::"), self_path.clone()));
                }
            }
        }
    }
    for (needle, base) in needles {
        let needle = needle.as_str();
        let base = if needle.starts_with("self::") || !(needle == "crate::" || needle == "super::")
        {
            // A child's path: keep the child's name in the path.
            let mut b = base;
            b.push(
                needle
                    .trim_start_matches("self::")
                    .trim_end_matches("::")
                    .to_string(),
            );
            b
        } else {
            base
        };
        let mut from = 0;
        while let Some(at) = code[from..].find(needle) {
            let start = from + at;
            from = start + needle.len();
            let before = code[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base = base.clone();
            if needle == "super::" && inline.iter().any(|r| r.contains(&start)) {
                // Inside an inline `mod x { … }`, super is this file.
                base = self_path.clone();
            }
            let mut rest = &code[from..];
            // super::super::…
            if needle == "super::" {
                while let Some(after) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = after;
                }
            }
            paths(&base, rest, &mut named);
        }
    }
    let mut out = BTreeSet::new();
    for path in named {
        // The longest prefix that is a module of the crate.
        for len in (1..=path.len()).rev() {
            let candidate = path[..len].join("::");
            if known.contains_key(&candidate) {
                if candidate != module {
                    out.insert(candidate);
                }
                break;
            }
        }
    }
    out
}

/// The byte ranges of inline `mod name { … }` blocks.
fn inline_modules(code: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("mod ") {
        let start = from + at;
        from = start + 4;
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[from..];
        let name_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let after = rest[name_end..].trim_start();
        if name_end == 0 || !after.starts_with('{') {
            continue;
        }
        let open = code.len() - after.len();
        let mut depth = 0;
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(open..open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    known
        .iter()
        .map(|(module, path)| {
            let text = std::fs::read_to_string(path).expect("read module");
            let is_folder = path.file_name().and_then(|f| f.to_str()) == Some("mod.rs");
            (module.clone(), imports(module, &text, &known, is_folder))
        })
        .collect()
}

#[test]
fn every_import_runs_down_the_layers() {
    let graph = graph();
    let mut wrong = Vec::new();
    for (module, targets) in &graph {
        let Some(from) = layer_of(module) else {
            wrong.push(format!("{module} is in no layer: add it to LAYERS"));
            continue;
        };
        for target in targets {
            let to = layer_of(target).unwrap_or(usize::MAX);
            if to > from {
                wrong.push(format!("{module} names {target}, a higher layer"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn no_modules_import_each_other() {
    let graph = graph();
    // Tarjan's strongly connected components: any with two or more modules
    // is a cycle.
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        cycles: Vec<Vec<&'g str>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.cycles.push(component);
            }
        }
    }
    let mut s = State {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        cycles: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    let cycles: Vec<String> = s.cycles.iter().map(|c| c.join(" ⇄ ")).collect();
    assert!(
        cycles.is_empty(),
        "modules that import each other:\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn the_checker_sees_grouped_and_relative_imports() {
    let mut known = BTreeMap::new();
    for m in [
        "domain",
        "domain::money",
        "views",
        "views::escrow",
        "services",
        "services::jobs",
        "api",
    ] {
        known.insert(m.to_string(), PathBuf::new());
    }
    let text = "use crate::{domain::money::Cents, views::{escrow::X, Y}};\n\
                // crate::api::nothing\n\
                let s = \"crate::api::not_code\";\n\
                fn f() -> super::jobs::Kind { crate::api::real() }";
    let found = imports("services::leads", text, &known, false);
    let expect: BTreeSet<String> = [
        "domain::money",
        "views::escrow",
        "views",
        "services::jobs",
        "api",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expect);

    // super:: inside an inline module is the file itself; a folder's
    // mod.rs names its children directly.
    let text = "mod tests { use super::*; }\nuse jobs::Kind;";
    assert_eq!(
        imports("services", text, &known, true),
        BTreeSet::from(["services::jobs".to_string()])
    );
    let text = "#[cfg(test)]\nmod tests { use super::Thing; }";
    assert!(imports("services::jobs", text, &known, false).is_empty());
}

/// The longest a function may be, in lines, `view!` bodies not counted.
const MAX_FUNCTION_LINES: usize = 80;

/// Every function in `text` longer than `max` lines once its `view!`
/// bodies are taken out: (name, first line, counted lines).
fn long_functions(text: &str, max: usize) -> Vec<(String, usize, usize)> {
    let code: Vec<char> = code_only(text).chars().collect();
    let line_at = |i: usize| code[..i].iter().filter(|c| **c == '\n').count() + 1;
    let word_at = |i: usize, w: &str| {
        w.chars()
            .enumerate()
            .all(|(k, c)| code.get(i + k) == Some(&c))
            && !ident_char_before(&code, i)
            && !code
                .get(i + w.len())
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    };
    let mut long = Vec::new();
    for start in 0..code.len() {
        if !word_at(start, "fn") {
            continue;
        }
        let mut i = start + 2;
        while code.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        let name: String = code[i..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        if name.is_empty() {
            continue; // a `fn(…)` type
        }
        // The body: the first `{` outside parentheses, brackets and
        // generics' `<…>` is where it opens; a `;` first means none.
        let mut nest = 0i32;
        let mut open = None;
        while let Some(&c) = code.get(i) {
            match c {
                '(' | '[' => nest += 1,
                ')' | ']' => nest -= 1,
                '{' if nest == 0 => {
                    open = Some(i);
                    break;
                }
                ';' if nest == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let Some(open) = open else { continue };
        let (mut depth, mut close, mut markup) = (0usize, open, 0usize);
        let mut view_until: Option<usize> = None;
        let mut j = open;
        while let Some(&c) = code.get(j) {
            if view_until.is_none() && word_at(j, "view") && code.get(j + 4) == Some(&'!') {
                // The macro's own braces: its lines are markup.
                let mut k = j + 5;
                while code.get(k).is_some_and(|c| c.is_whitespace()) {
                    k += 1;
                }
                if code.get(k) == Some(&'{') {
                    let mut d = 0usize;
                    let mut e = k;
                    while let Some(&c) = code.get(e) {
                        if c == '{' {
                            d += 1;
                        } else if c == '}' {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        e += 1;
                    }
                    markup += line_at(e) - line_at(j) + 1;
                    view_until = Some(e);
                }
            }
            if view_until.is_some_and(|e| j >= e) {
                view_until = None;
            }
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                depth -= 1;
                if depth == 0 {
                    close = j;
                    break;
                }
            }
            j += 1;
        }
        let lines = (line_at(close) - line_at(start) + 1).saturating_sub(markup);
        if lines > max {
            long.push((name, line_at(start), lines));
        }
    }
    long
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read source folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_function_passes_the_length_limit() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&app.join("src"), &mut files);
    rust_files(&app.join("../server/src"), &mut files);
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read source");
        for (name, line, lines) in long_functions(&text, MAX_FUNCTION_LINES) {
            long.push(format!(
                "{}:{line} fn {name}: {lines} lines",
                file.display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "functions longer than {MAX_FUNCTION_LINES} lines (view! bodies not counted):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_check_counts_code_not_markup() {
    let body = "    let x = 1;\n".repeat(5);
    let long = format!("fn long() {{\n{body}}}\n");
    assert_eq!(long_functions(&long, 6), vec![("long".to_owned(), 1, 7)]);
    assert!(long_functions(&long, 7).is_empty());
    // Markup, comments and strings: only the code lines count.
    let markup = "        <p>\"{\"</p>\n".repeat(20);
    let view = format!(
        "// fn commented() {{\n#[component]\nfn Page() -> impl IntoView {{\n    let s = \"fn not_one() {{\";\n    view! {{\n{markup}    }}\n}}\nfn decl();\n"
    );
    assert_eq!(long_functions(&view, 3), Vec::new());
    assert_eq!(long_functions(&view, 2), vec![("Page".to_owned(), 3, 3)]);
}
