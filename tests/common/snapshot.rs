//! Exact-text snapshots: output compared with a file in `tests/snapshots/`, the crate version
//! written as `VERSION`. `WHYLINT_BLESS=1 cargo test` rewrites them after an intended change.
//! `normalise` first makes a run's output the same on every machine.

use std::path::Path;

/// Compares `actual` with `tests/snapshots/NAME`, the crate version written as `VERSION`.
pub fn assert_snapshot(name: &str, actual: &str) {
    let actual = actual.replace(env!("CARGO_PKG_VERSION"), "VERSION");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("WHYLINT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("snapshot dir");
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from tests/snapshots/{name} (WHYLINT_BLESS=1 rewrites it):\n{actual}"
    );
}

/// `text` with what differs between machines and runs written as placeholders: the repository's
/// temp directory as `[TMP]`, each commit id (whole or abbreviated to 7 or more characters) as
/// `[commit-N]` (N counting from the oldest commit), findings' fingerprints (hashes of those
/// ids) as `[fingerprint]`, and timestamps as `[DATE]`.
pub fn normalise(text: &str, repo: &super::Repo) -> String {
    let mut text = text.to_owned();
    let root = repo
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for dir in [std::fs::canonicalize(&root).unwrap_or_default(), root] {
        let dir = dir.display().to_string();
        if !dir.is_empty() {
            text = text.replace(&dir, "[TMP]");
        }
    }
    let ids = repo.git(&["rev-list", "--all", "--reverse", "--topo-order"]);
    let ids: Vec<&str> = ids.lines().collect();
    let hex = regex::Regex::new(r"\b[0-9a-f]{7,40}\b").expect("hex pattern");
    let text = hex.replace_all(&text, |found: &regex::Captures<'_>| {
        let short = &found[0];
        match ids.iter().position(|id| id.starts_with(short)) {
            Some(number) => format!("[commit-{}]", number + 1),
            None => short.to_owned(),
        }
    });
    // What is left of 16 hex digits is a finding's fingerprint, a hash of a commit id.
    let fingerprint = regex::Regex::new(r"\b[0-9a-f]{16}\b").expect("fingerprint pattern");
    let text = fingerprint.replace_all(&text, "[fingerprint]");
    let date =
        regex::Regex::new(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
            .expect("date pattern");
    date.replace_all(&text, "[DATE]").into_owned()
}
