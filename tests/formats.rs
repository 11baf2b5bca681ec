//! Every output format of `check`, `commits` and `pr`, pinned in `tests/snapshots/formats/`:
//! the formats are those `whylint check --help` lists, so a new one gets a snapshot too. Output
//! is made the same on every machine (`common::snapshot::normalise`: temp paths, commit ids,
//! dates, the version). `WHYLINT_BLESS=1 cargo test --test formats` rewrites the snapshots.

mod common;

use common::snapshot::{assert_snapshot, normalise};
use common::{Repo, code, stderr, stdout};

/// `main` with a linked commit; `feature` adds a linked commit, an unlinked one, an exempt one
/// and one whose metric is not measurable; a pull request description beside the repository.
fn project() -> Repo {
    project_in("2026")
}

/// `project()` with its commits made in `year` (other ids, same history).
fn project_in(year: &str) -> Repo {
    let mut repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  success-metric: { level: warning }\n",
    );
    repo.git(&["add", ".whylint.yml"]);
    let mut day = 0;
    let mut commit = |repo: &mut Repo, file: &str, message: &str| {
        day += 1;
        let date = format!("{year}-02-{day:02}T12:00:00Z");
        repo.commit_on(&date, "Ada", file, message);
    };
    commit(&mut repo, "src/lib.rs", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    commit(&mut repo, "src/export.rs", "Add export\n\nRefs: #1");
    commit(&mut repo, "src/names.rs", "Name export files by period");
    commit(
        &mut repo,
        "src/fmt.rs",
        "Reformat\n\nWhy-Skip: formatting only",
    );
    commit(
        &mut repo,
        "src/fast.rs",
        "feat: speed up export\n\nRefs: #2\nMetric: exports feel faster",
    );
    repo.write(
        "../pr.md",
        "## Problem\n\nFinance copies invoices by hand.\n\n## Success metric\n\nTBD\n",
    );
    repo
}

/// The values `whylint check --help` lists for `--format`.
fn formats(repo: &Repo) -> Vec<String> {
    let help = stdout(&repo.whylint(&["check", "-h"]));
    let list = help
        .split("--format <FORMAT>")
        .nth(1)
        .and_then(|rest| rest.split("[possible values: ").nth(1))
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_else(|| panic!("no format list in {help}"));
    list.split(", ").map(str::to_owned).collect()
}

/// The file name ending for a format's snapshot.
fn extension(format: &str) -> &'static str {
    match format {
        "json" | "sarif" | "gitlab" => "json",
        "junit" => "xml",
        "markdown" => "md",
        _ => "txt",
    }
}

/// Runs `whylint ARGS --format F` for every format, each expected to exit 1, and pins its
/// standard output as `formats/NAME.F.EXT`.
fn pin_every_format(repo: &Repo, name: &str, args: &[&str]) {
    let formats = formats(repo);
    assert!(formats.len() >= 7, "{formats:?}");
    for format in &formats {
        let mut all = args.to_vec();
        all.extend(["--format", format.as_str(), "--color", "never"]);
        let output = repo.whylint(&all);
        assert_eq!(code(&output), 1, "{all:?}: {}", stderr(&output));
        let text = normalise(&stdout(&output), repo);
        assert_snapshot(
            &format!("formats/{name}.{format}.{}", extension(format)),
            &text,
        );
    }
}

#[test]
fn commits_in_every_format() {
    let repo = project();
    pin_every_format(&repo, "commits", &["commits", "main..feature"]);
}

#[test]
fn check_in_every_format() {
    let repo = project();
    pin_every_format(&repo, "check", &["check", "--pr-body", "../pr.md"]);
}

#[test]
fn pr_in_every_format() {
    let repo = project();
    pin_every_format(
        &repo,
        "pr",
        &["pr", "--body-file", "../pr.md", "--title", "Add CSV export"],
    );
}

#[test]
fn verbose_text_of_each_command() {
    let repo = project();
    for (name, args) in [
        ("commits", &["commits", "main..feature"][..]),
        ("check", &["check", "--pr-body", "../pr.md"][..]),
        ("pr", &["pr", "--body-file", "../pr.md"][..]),
    ] {
        let mut all = args.to_vec();
        all.extend(["--verbose", "--color", "never"]);
        let output = repo.whylint(&all);
        assert_eq!(code(&output), 1, "{all:?}: {}", stderr(&output));
        let text = normalise(&stdout(&output), &repo);
        assert_snapshot(&format!("formats/{name}.verbose.txt"), &text);
    }
}

/// The normalised output is the same whatever the temp dir, the day or the commit ids: the
/// same history made in another year, with other ids, gives the same text in every format.
#[test]
fn snapshots_do_not_depend_on_the_machine() {
    let text = |repo: &Repo, format: &str| {
        let output = repo.whylint(&["commits", "main..feature", "--format", format]);
        normalise(&stdout(&output), repo)
    };
    let first = project_in("2026");
    let second = project_in("2031");
    assert_ne!(
        first.git(&["rev-parse", "HEAD"]),
        second.git(&["rev-parse", "HEAD"])
    );
    for format in formats(&first) {
        assert_eq!(text(&first, &format), text(&second, &format), "{format}");
    }
}
