//! The quality guard (issue #16): the measurement of `examples/quality.rs`, run with this build's
//! binary on the labelled corpus beside the checkout, must not fall below the figures committed
//! in `bench/quality/floor.json`. Where the corpus is absent (a clone outside CI) the test says
//! so on stderr and passes. `cargo run --release --example quality` shows the disagreements.

#[path = "../bench/quality/mod.rs"]
#[allow(
    dead_code,
    reason = "the report and floor writer are for examples/quality.rs"
)]
mod quality;

use std::io::Write as _;
use std::path::{Path, PathBuf};

#[test]
fn corpus_figures_stay_at_or_above_their_floor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = match quality::corpus_dir(root) {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            // Written past the test harness's capture, so the skip shows in a normal run.
            let _ = writeln!(
                std::io::stderr().lock(),
                "note: quality guard skipped: no labelled corpus at {} (set {} to measure one elsewhere)",
                root.join("../shared/corpus").display(),
                quality::CORPUS_ENV
            );
            return;
        }
        Err(why) => panic!("{why}"),
    };
    let corpus = quality::load(&dir).unwrap_or_else(|why| panic!("{why}"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_whylint"));
    let verdicts = quality::run_all(&bin, &corpus.items, 2).unwrap_or_else(|why| panic!("{why}"));
    let measurement = quality::measure(&corpus.items, &verdicts);
    let floor = quality::load_floor(&root.join("bench/quality/floor.json"))
        .unwrap_or_else(|why| panic!("{why}"));
    let failures = quality::below_floor(&measurement, &floor);
    assert!(
        failures.is_empty(),
        "{}\n\n{}\nSee every disagreement with `cargo run --release --example quality`; when a \
         change raises a figure, raise its floor with `-- --write-floor`.",
        failures.join("\n"),
        quality::table(&measurement)
    );
}
