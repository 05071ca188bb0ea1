//! The shape docs/ARCHITECTURE.md promises, checked on the sources: handlers coordinate, and every
//! query lives in `src/db/` (issue 10).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)
}

#[test]
fn handlers_hold_no_sql() {
    let files = rust_files(&src("web"));
    assert!(files.len() > 10, "the web modules are where they should be");
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("sqlx"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "sqlx in src/web/ (queries belong in src/db/): {offenders:?}"
    );
}

#[test]
fn the_pure_domain_knows_neither_the_web_nor_the_database() {
    for p in rust_files(&src("domain")) {
        let text = std::fs::read_to_string(&p).unwrap();
        for word in [
            "sqlx",
            "axum",
            "crate::web",
            "crate::db",
            "crate::storage",
            "crate::startup",
            "crate::export",
        ] {
            assert!(!text.contains(word), "{} uses {word}", p.display());
        }
    }
}

/// The documents take plain data (`domain` types), never the database's; and no handler runs a
/// program: LibreOffice and poppler are run by `export::programs`, behind its queues.
#[test]
fn exports_take_plain_data_and_handlers_run_no_program() {
    for p in rust_files(&src("export")) {
        let text = std::fs::read_to_string(&p).unwrap();
        for word in ["crate::db", "crate::web", "sqlx"] {
            assert!(!text.contains(word), "{} uses {word}", p.display());
        }
    }
    for p in rust_files(&src("web")) {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            !text.contains("process::Command"),
            "{} runs a program itself",
            p.display()
        );
    }
}

#[test]
fn queries_are_checked_at_compile_time() {
    // no query text built at run time (format! into sqlx::query): every query is a literal that
    // query!/query_as!/query_scalar! check against the schema
    for p in rust_files(&src("db")) {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            !text.contains("sqlx::query(&format!"),
            "{}: a query built with format!",
            p.display()
        );
    }
}

/// Files of data rather than code (the 2022 plan word for word, the demo's names), which may be long.
const DATA_FILES: &[&str] = &["src/demo/plan.rs", "src/demo/names.rs"];

#[test]
fn no_file_over_700_lines_and_no_function_over_100() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for p in rust_files(&root.join("src")) {
        let rel = p.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        if DATA_FILES.contains(&rel.as_str()) {
            continue;
        }
        if lines.len() > 700 {
            long.push(format!("{rel}: {} lines", lines.len()));
        }
        // rustfmt's layout: a function ends at the first line that is its indentation and "}"
        let mut in_tests = false;
        for (i, l) in lines.iter().enumerate() {
            if l.starts_with("#[cfg(test)]") {
                in_tests = true;
            }
            let t = l.trim_start();
            let is_fn = [
                "fn ",
                "pub fn ",
                "async fn ",
                "pub async fn ",
                "pub(crate) fn ",
                "pub(crate) async fn ",
                "pub(super) fn ",
                "pub(super) async fn ",
                "const fn ",
            ]
            .iter()
            .any(|k| t.starts_with(k));
            if in_tests || !is_fn || t.ends_with(';') {
                continue;
            }
            let indent = &l[..l.len() - t.len()];
            let close = format!("{indent}}}");
            let end = lines[i..].iter().position(|x| *x == close).unwrap_or(0);
            if end + 1 > 100 {
                long.push(format!("{rel}:{}: a function of {} lines", i + 1, end + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these (issue 10):\n{}",
        long.join("\n")
    );
}

/// Issue 29, 10: a migration that has landed is never edited (a database migrated by the earlier
/// text would refuse to start): tests/migrations.sha256 holds each landed file's SHA-256, and a
/// correction goes in a new migration. A new migration adds its line when it lands:
/// `sha256sum migrations/NEW.sql >> tests/migrations.sha256`.
#[test]
fn landed_migrations_never_change() {
    use sha2::{Digest, Sha256};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = std::fs::read_to_string(root.join("tests/migrations.sha256")).unwrap();
    let landed: std::collections::BTreeMap<&str, &str> = listed
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, file)| (file.trim(), hash.trim()))
        .collect();
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    for path in &files {
        let name = format!("migrations/{}", path.file_name().unwrap().to_string_lossy());
        let hash: String = Sha256::digest(std::fs::read(path).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        match landed.get(name.as_str()) {
            Some(h) if *h == hash => {}
            Some(_) => problems.push(format!(
                "{name} was edited after it landed: restore it and fix forward in a new migration"
            )),
            None => problems.push(format!(
                "{name} is new: add its line with `sha256sum {name} >> tests/migrations.sha256`"
            )),
        }
    }
    for name in landed.keys() {
        if !root.join(name).exists() {
            problems.push(format!("{name} landed and is gone"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The feature folders of `src/web/`, in the order of the award cycle (docs/ARCHITECTURE.md).
const FEATURES: &[&str] = &[
    "desk",
    "org",
    "admin",
    "rule_sets",
    "campaigns",
    "registrations",
    "eligibility",
    "year_end",
    "council",
    "awards",
    "reviews",
];

/// The web kernel: what every feature may use (the page context and middleware, extractors, forms,
/// files, access checks with the entities they load, the evaluation, the papers made once, …).
const KERNEL: &[&str] = &[
    "mod.rs",
    "access",
    "choices.rs",
    "evaluation.rs",
    "extract.rs",
    "files.rs",
    "forms.rs",
    "health.rs",
    "import_jobs.rs",
    "layers.rs",
    "metrics.rs",
    "papers.rs",
    "schema.rs",
    "tasks.rs",
];

/// The modules of `src/web/` a source text names through `prefix` (`crate::web::`, or `super::`
/// where that is the web module): the first segment of each path, groups (`{a, b::c}`) opened.
fn web_modules_named(text: &str, prefix: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (i, _) in code.match_indices(prefix) {
        // `super::` inside a longer path (`x::super::`) is not the prefix
        if i > 0 && code[..i].ends_with("::") {
            continue;
        }
        let rest = code[i + prefix.len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0usize, true);
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        out.push(ident(&group[j..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out
}

/// Feature folders use the kernel and the layers below, never each other: a feature that needs
/// another's loader or paper gets it moved into the kernel (issue 29). Nothing new sits at the top
/// of `src/web/` but the kernel, and the kernel depends on no feature.
#[test]
fn feature_folders_use_the_kernel_never_each_other() {
    let web = src("web");
    let mut violations = Vec::new();
    for entry in std::fs::read_dir(&web).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let feature = FEATURES.contains(&name.as_str());
        assert!(
            feature || KERNEL.contains(&name.as_str()),
            "src/web/{name} is neither a feature folder nor the kernel: put it in a folder"
        );
        let files = if path.is_dir() {
            rust_files(&path)
        } else {
            vec![path.clone()]
        };
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // within a folder's mod.rs (and the kernel's files) `super::` is the web module;
            // within a folder's other files, `super::super::` is
            let depth = file.strip_prefix(&web).unwrap().components().count();
            let is_mod = file.file_name().is_some_and(|f| f == "mod.rs");
            let mut named = web_modules_named(&text, "crate::web::");
            let up = match (depth, is_mod) {
                (1, _) => None,
                (2, true) => Some("super::"),
                (2, false) => Some("super::super::"),
                _ => Some("super::super::super::"),
            };
            if let Some(up) = up {
                named.extend(web_modules_named(&text, up));
            }
            for m in named {
                if FEATURES.contains(&m.as_str()) && (!feature || m != name) {
                    violations.push(format!("{} uses web::{m}", file.display()));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports between feature folders (or from the kernel into one):\n{}",
        violations.join("\n")
    );
}
