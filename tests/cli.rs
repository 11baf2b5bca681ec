//! The command line as a user meets it: each command's `--help` pinned in
//! `tests/snapshots/help/`, shared flags refused where they mean nothing, `--output -` and
//! missing directories, and the man pages (`mandoc -Tlint` and `groff -ww` clean, every
//! cross-reference a page that exists). Real binary, run in a temp repository.

mod common;

use common::snapshot::assert_snapshot;
use common::{Repo, code, stderr, stdout};
use std::path::Path;
use std::process::Command;

/// Every command, as typed after `whylint` (`` for whylint itself).
const COMMANDS: &[&str] = &[
    "",
    "check",
    "msg",
    "pr",
    "commits",
    "branch",
    "draft",
    "report",
    "due",
    "prepare",
    "hook",
    "hook install",
    "hook uninstall",
    "hook status",
    "init",
    "completions",
    "man",
    "rules",
    "rules test",
    "explain",
];

/// `whylint-hook-install` for `hook install`.
fn page_name(path: &str) -> String {
    if path.is_empty() {
        "whylint".to_owned()
    } else {
        format!("whylint-{}", path.replace(' ', "-"))
    }
}

/// `whylint PATH --help` (or `-h`, `flag`), which must succeed.
fn help_with(repo: &Repo, path: &str, flag: &'static str) -> String {
    let mut args: Vec<&str> = path.split_whitespace().collect();
    args.push(flag);
    let output = repo.whylint(&args);
    assert_eq!(code(&output), 0, "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// `whylint PATH --help`.
fn help(repo: &Repo, path: &str) -> String {
    help_with(repo, path, "--help")
}

#[test]
fn every_commands_help_is_pinned() {
    let repo = Repo::new();
    for path in COMMANDS {
        assert_snapshot(&format!("help/{}.txt", page_name(path)), &help(&repo, path));
    }
}

#[test]
fn each_command_offers_the_formats_it_writes_and_no_flag_that_means_nothing() {
    let repo = Repo::new();
    let values = |path: &str| -> Option<String> {
        let text = help_with(&repo, path, "-h");
        let format = text.split("--format <FORMAT>").nth(1)?;
        let list = format.split("[possible values: ").nth(1)?;
        Some(list.split(']').next()?.to_owned())
    };
    let checks = "text, json, sarif, junit, gitlab, markdown, github";
    for path in ["check", "msg", "pr", "commits", "branch"] {
        assert_eq!(values(path).as_deref(), Some(checks), "{path}");
    }
    assert_eq!(
        values("report").as_deref(),
        Some("text, markdown, json, html")
    );
    assert_eq!(values("due").as_deref(), Some("text, markdown, json"));
    for path in ["rules", "rules test", "explain"] {
        assert_eq!(values(path).as_deref(), Some("text, json"), "{path}");
    }
    for path in [
        "draft",
        "prepare",
        "hook",
        "hook install",
        "init",
        "completions",
        "man",
    ] {
        let text = help(&repo, path);
        assert!(!text.contains("--format"), "{path}:\n{text}");
        assert!(!text.contains("--exit-zero"), "{path}:\n{text}");
    }
    for path in [
        "man",
        "completions",
        "hook status",
        "init",
        "prepare",
        "rules",
    ] {
        let text = help(&repo, path);
        assert!(!text.contains("--output"), "{path}:\n{text}");
    }
    for path in ["man", "completions", "hook", "init"] {
        let text = help(&repo, path);
        assert!(!text.contains("--config"), "{path}:\n{text}");
    }
}

#[test]
fn a_shared_flag_where_it_means_nothing_is_a_usage_error() {
    let repo = Repo::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["man", "-o", "f"],
            "`whylint man` prints to standard output only (redirect it to keep a copy), so `--output` means nothing to it; remove `--output` and run again",
        ),
        (
            &["rules", "--format", "sarif"],
            "`whylint rules` writes text or json, not sarif",
        ),
        (
            &["explain", "problem-link", "--format", "sarif"],
            "`whylint explain` writes text or json, not sarif",
        ),
        (
            &["rules", "test", "--format", "xml"],
            "invalid value 'xml' for '--format <FORMAT>'\n  [possible values: text, json]",
        ),
        (
            &["--format", "sarif", "rules"],
            "`whylint rules` writes text or json, not sarif",
        ),
        (
            &["--format", "html", "check"],
            "`whylint check` writes text, json, sarif, junit, gitlab, markdown or github, not html",
        ),
        (
            &["draft", "--format", "json"],
            "`whylint draft` writes a pull request description in Markdown only, so `--format` means nothing to it",
        ),
        (
            &["--color", "always", "report"],
            "`whylint report` prints no colour",
        ),
        (
            &["completions", "bash", "--config", "x.yml"],
            "`whylint completions` reads no rules, so `--config` means nothing to it",
        ),
        (
            &["hook", "status", "--exit-zero"],
            "`whylint hook status` never exits 1",
        ),
    ];
    for (args, says) in cases {
        let output = repo.whylint(args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!repo.path().join("f").exists(), "`man -o f` wrote f");
    // Where a flag means something, it may still come before the command's name.
    let output = repo.whylint(&["--format", "json", "rules"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    common::json(&output);
}

#[test]
fn output_dash_is_standard_output_and_missing_directories_are_created() {
    let repo = Repo::new();
    std::fs::write(repo.path().join("message.txt"), "Add export\n").expect("message");
    let output = repo.whylint(&["msg", "message.txt", "--format", "json", "-o", "-"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = common::json(&output);
    assert_eq!(
        report["summary"]["errors"].as_u64().map(|n| n > 0),
        Some(true)
    );
    assert!(
        !repo.path().join("-").exists(),
        "`-o -` wrote a file named `-`"
    );

    let nested = Path::new("out").join("ci").join("whylint.sarif");
    let output = repo.whylint(&[
        "msg",
        "message.txt",
        "--format",
        "sarif",
        "-o",
        &nested.display().to_string(),
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let written = std::fs::read_to_string(repo.path().join(&nested)).expect("the SARIF file");
    let log: serde_json::Value = serde_json::from_str(&written).expect("SARIF JSON");
    assert_eq!(log["version"], "2.1.0");
    // The text still goes to the terminal, as with any `--output FILE` of a check.
    assert!(
        !stdout(&output).trim().is_empty(),
        "no text on the terminal"
    );
}

/// `whylint man --dir DIR` into a fresh directory; the pages by file name.
fn man_pages(repo: &Repo) -> Vec<(String, String)> {
    let dir = repo.home().join("man").join("man1");
    let output = repo.whylint(&["man", "--dir", &dir.display().to_string()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("man dir")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&path).expect("page"))
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn a_man_page_for_every_command_with_exit_status_environment_and_real_references() {
    let repo = Repo::new();
    let pages = man_pages(&repo);
    let mut expected: Vec<String> = COMMANDS
        .iter()
        .map(|path| format!("{}.1", page_name(path)))
        .collect();
    expected.sort();
    let names: Vec<String> = pages.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(names, expected);
    let reference = regex::Regex::new(r"(whylint(?:-[a-z]+)*)\((\d)\)").expect("regex");
    for (name, page) in &pages {
        assert!(page.contains(".SH \"EXIT STATUS\""), "{name}:\n{page}");
        assert!(page.contains(".SH ENVIRONMENT"), "{name}:\n{page}");
        let text = page
            .replace("\\-", "-")
            .replace("\\fB", "")
            .replace("\\fR", "");
        for found in reference.captures_iter(&text) {
            let target = format!("{}.{}", &found[1], &found[2]);
            assert!(
                names.contains(&target),
                "{name} refers to {target}, which does not exist"
            );
        }
    }
    let check = &pages
        .iter()
        .find(|(name, _)| name == "whylint-check.1")
        .expect("whylint-check.1")
        .1;
    for variable in [
        "WHYLINT_CONFIG",
        "WHYLINT_TIMEOUT",
        "NO_COLOR",
        "GITHUB_EVENT_PATH",
    ] {
        assert!(check.contains(variable), "{variable}:\n{check}");
    }
    // `whylint man COMMAND` prints the page `--dir` writes.
    let output = repo.whylint(&["man", "hook", "install"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let written = pages
        .iter()
        .find(|(name, _)| name == "whylint-hook-install.1");
    assert_eq!(
        Some(stdout(&output).as_str()),
        written.map(|(_, page)| page.as_str())
    );
    let output = repo.whylint(&["man", "nosuch"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("no man page for `nosuch`"),
        "{}",
        stderr(&output)
    );
}

/// Whether `program` runs here; in CI (`CI` set) it must, so a check is never skipped there.
fn available(program: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is not installed, and CI must run this check (.ci/run installs it)"
        );
        // A skipped check says so (`cargo test -- --nocapture` shows it).
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "note: {program} is not installed here, so its check of the man pages is skipped"
            );
        }
    }
    found
}

#[test]
fn man_pages_are_clean_under_mandoc_lint_and_groff_warnings() {
    let repo = Repo::new();
    let dir = repo.home().join("man").join("man1");
    let pages = man_pages(&repo);
    if available("mandoc") {
        for (name, _) in &pages {
            let output = Command::new("mandoc")
                .args(["-Tlint", "-W", "all"])
                .arg(dir.join(name))
                .output()
                .expect("run mandoc");
            let said = format!("{}{}", stdout(&output), stderr(&output));
            assert!(
                output.status.success() && said.is_empty(),
                "{name}:\n{said}"
            );
        }
    }
    if available("groff") {
        for (name, _) in &pages {
            let output = Command::new("groff")
                .args(["-man", "-Tutf8", "-ww", "-z"])
                .arg(dir.join(name))
                .output()
                .expect("run groff");
            assert!(
                output.status.success() && output.stderr.is_empty(),
                "{name}:\n{}",
                stderr(&output)
            );
        }
    }
}
