//! Exact-text snapshots: output compared with a file in `tests/snapshots/`, the crate version
//! written as `VERSION`. `WHYLINT_BLESS=1 cargo test` rewrites them after an intended change.

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
