//! Hostile inputs: huge, deep, binary or malformed messages, descriptions and configs. Each must
//! end in a correct result or a clear error (exit 0, 1 or 2 with output that says why), never a
//! hang, a crash or a memory blow-up.
//!
//! Time is bounded by a watchdog, not a timed assertion: a run that has not finished after
//! `WATCHDOG` is killed and the test fails. Memory is bounded where GNU time is installed
//! (`/usr/bin/time -f %M`): each test states its bound on peak resident memory, set far above
//! what a debug build uses and far below what a quadratic or exponential blow-up would need.
//! Output size is bounded everywhere: a report never echoes a huge input back.

mod common;

use common::{Repo, code, stderr, stdout};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any single run may take before it is killed and the test fails.
const WATCHDOG: Duration = Duration::from_secs(60);

/// A mebibyte.
const MIB: usize = 1024 * 1024;

/// A finished run: what it printed, and its peak memory when measurable.
struct Bounded {
    output: Output,
    peak_kib: Option<u64>,
}

impl Bounded {
    /// Fails unless peak resident memory stayed under `limit_mib` (when it could be measured).
    fn assert_peak_under(&self, limit_mib: u64) -> &Self {
        if let Some(peak) = self.peak_kib {
            assert!(
                peak < limit_mib * 1024,
                "peak memory {} MiB is over the {limit_mib} MiB bound",
                peak / 1024
            );
        }
        self
    }

    /// Fails when stdout is `limit` bytes or more: huge inputs must not be echoed back.
    fn assert_stdout_under(&self, limit: usize) -> &Self {
        assert!(
            self.output.stdout.len() < limit,
            "{} bytes of output for a bound of {limit}",
            self.output.stdout.len()
        );
        self
    }
}

/// GNU time, when installed: it reports the peak resident memory of what it runs.
fn gnu_time() -> Option<&'static Path> {
    static FOUND: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let path = PathBuf::from("/usr/bin/time");
            let version = Command::new(&path).arg("--version").output().ok()?;
            let text = format!("{}{}", stdout(&version), stderr(&version));
            text.contains("GNU").then_some(path)
        })
        .as_deref()
}

/// Runs `command` (program, arguments, environment and directory as built) under a watchdog
/// and, when GNU time is available, measures its peak memory. `input` goes to standard input.
fn run_bounded(command: &Command, input: Option<Vec<u8>>) -> Bounded {
    let report = tempfile::NamedTempFile::new().expect("memory report file");
    let mut run = match gnu_time() {
        Some(time) => {
            let mut wrapped = Command::new(time);
            wrapped
                .args(["-f", "%M", "-o"])
                .arg(report.path())
                .arg(command.get_program());
            wrapped
        }
        None => Command::new(command.get_program()),
    };
    run.args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => run.env(key, value),
            None => run.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        run.current_dir(dir);
    }
    // Its own process group, so the watchdog can kill whylint and not just `time`.
    std::os::unix::process::CommandExt::process_group(&mut run, 0);
    run.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());

    let started = Instant::now();
    let mut child = run.spawn().expect("start whylint");
    let feeder = input.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        // A closed pipe just means whylint stopped reading; what it did is judged by its output.
        std::thread::spawn(move || drop(pipe.write_all(&bytes)))
    });
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).expect("read output");
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout pipe")));
    let err = drain(Box::new(child.stderr.take().expect("stderr pipe")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for whylint") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            let _ = child.wait();
            panic!("whylint did not finish within {WATCHDOG:?}: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    if let Some(feeder) = feeder {
        feeder.join().expect("stdin writer");
    }
    let output = Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    };
    let peak_kib = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse().ok());
    // What was measured, for `cargo test --test hostile -- --nocapture`.
    #[allow(clippy::print_stderr)]
    {
        let args: Vec<String> = command
            .get_args()
            .map(|arg| arg.to_string_lossy().chars().take(40).collect())
            .collect();
        eprintln!(
            "measured: whylint {} — {elapsed:.2?}, peak {} KiB",
            args.join(" "),
            peak_kib.map_or("?".to_owned(), |kib: u64| kib.to_string())
        );
    }
    Bounded { output, peak_kib }
}

/// `whylint ARGS` in `repo`, bounded.
fn whylint(repo: &Repo, args: &[&str]) -> Bounded {
    run_bounded(&repo.whylint_command(args), None)
}

/// `whylint ARGS` in `repo` with `input` on standard input, bounded.
fn whylint_with_input(repo: &Repo, args: &[&str], input: &[u8]) -> Bounded {
    run_bounded(&repo.whylint_command(args), Some(input.to_vec()))
}

/// Writes `bytes` next to the repository (not in it) and returns the path as an argument.
fn outside(repo: &Repo, name: &str, bytes: &[u8]) -> String {
    repo.write(&format!("../{name}"), bytes)
        .display()
        .to_string()
}

fn json_of(run: &Bounded) -> serde_json::Value {
    common::json(&run.output)
}

fn rules_in(run: &Bounded) -> Vec<String> {
    common::rules_of(&json_of(run))
}

/// Prose lines of about 80 bytes, like a pasted log, until `size` bytes.
fn prose(size: usize) -> String {
    let line = "2026-01-31T12:00:00Z worker-7 retried the export job after a timeout (attempt 3)\n";
    line.repeat(size / line.len())
}

#[test]
fn fifty_mib_message() {
    let repo = Repo::new();
    // The link is in the trailer at the very end: all 50 MiB have to be read to find it.
    let message = format!("Add export\n\n{}\nRefs: #12\n", prose(50 * MIB));
    let path = outside(&repo, "huge.txt", message.as_bytes());
    let run = whylint(&repo, &["msg", &path]);
    // Bound: 1 GiB peak (a debug build uses ~9× the input, ~460 MiB); 4 KiB of output.
    run.assert_peak_under(1024).assert_stdout_under(4096);
    assert_eq!(code(&run.output), 0, "{}", stderr(&run.output));
    assert!(
        stdout(&run.output).contains("1 commit message: says why"),
        "{}",
        stdout(&run.output)
    );
}

#[test]
fn ten_mib_single_line() {
    let repo = Repo::new();
    let line = "y".repeat(10 * MIB);
    // In the body: checked, and the finding is reported without echoing the line.
    let body = outside(
        &repo,
        "body.txt",
        format!("Add export\n\n{line}\n").as_bytes(),
    );
    let run = whylint(&repo, &["msg", &body, "--format", "json"]);
    // Bound: 256 MiB peak; output well under the line's size.
    run.assert_peak_under(256).assert_stdout_under(64 * 1024);
    assert_eq!(code(&run.output), 1);
    assert_eq!(rules_in(&run), ["problem-link"]);

    // As the subject of a rejected commit: the text report and its hints shorten it rather
    // than print 10 MiB (twice) to the terminal; the JSON report keeps it whole.
    let subject = format!("{line} export");
    std::fs::write(repo.path().join(".git/COMMIT_EDITMSG"), &subject).expect("write message");
    let report = repo.path().join("../report.json").display().to_string();
    let run = whylint(
        &repo,
        &[
            "msg",
            ".git/COMMIT_EDITMSG",
            "--format",
            "json",
            "--output",
            &report,
        ],
    );
    run.assert_peak_under(256).assert_stdout_under(64 * 1024);
    assert_eq!(code(&run.output), 1);
    let text = stdout(&run.output);
    let shortened = format!("{}…", "y".repeat(100));
    assert!(
        text.contains(&format!("COMMIT_EDITMSG \"{shortened}\"")),
        "{text}"
    );
    assert!(text.contains(&format!("\n    {shortened}\n")), "{text}");
    assert!(text.contains("git rev-parse --git-path COMMIT_EDITMSG"));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("JSON report")).expect("JSON");
    assert_eq!(report["findings"][0]["target"]["title"], subject);
}

#[test]
fn hundred_thousand_trailers() {
    let repo = Repo::new();
    let trailers: String = (0..100_000)
        .map(|i| format!("Signed-off-by: Dev {i} <dev{i}@example.com>\n"))
        .collect();
    let linked = outside(
        &repo,
        "linked.txt",
        format!("Add export\n\nThe export times out.\n\n{trailers}Refs: #12\n").as_bytes(),
    );
    let run = whylint(&repo, &["msg", &linked, "--format", "json"]);
    // Bound: 256 MiB peak; the report does not list the trailers.
    run.assert_peak_under(256).assert_stdout_under(4096);
    assert_eq!(code(&run.output), 0, "{}", stdout(&run.output));
    assert_eq!(json_of(&run)["summary"]["errors"], 0);

    let unlinked = outside(
        &repo,
        "unlinked.txt",
        format!("Add export\n\n{trailers}").as_bytes(),
    );
    let run = whylint(&repo, &["msg", &unlinked, "--format", "json"]);
    run.assert_peak_under(256).assert_stdout_under(4096);
    assert_eq!(code(&run.output), 1);
    assert_eq!(rules_in(&run), ["problem-link"]);
}

#[test]
fn ten_thousand_issue_references() {
    let repo = Repo::new();
    let inline: Vec<String> = (1..=10_000).map(|i| format!("#{i}")).collect();
    let trailers: String = (1..=10_000).map(|i| format!("Refs: PAY-{i}\n")).collect();
    let urls: String = (1..=10_000)
        .map(|i| format!("Fixes https://github.com/acme/shop/issues/{i}\n"))
        .collect();
    let message = format!(
        "Add export\n\nSee {}.\n\n{urls}\n{trailers}",
        inline.join(", ")
    );
    let path = outside(&repo, "refs.txt", message.as_bytes());
    let run = whylint(&repo, &["msg", &path, "--format", "json"]);
    // Bound: 256 MiB peak; 4 KiB of output (references are not listed back).
    run.assert_peak_under(256).assert_stdout_under(4096);
    assert_eq!(code(&run.output), 0, "{}", stdout(&run.output));
    assert!(rules_in(&run).is_empty());

    // The same references in a pull request description, with a metric.
    let body = format!(
        "{message}\n## Success metric\n\nExport tickets drop from 40/week to under 5 within 30 days.\n"
    );
    let run = whylint_with_input(
        &repo,
        &["pr", "--body-file", "-", "--format", "json"],
        body.as_bytes(),
    );
    run.assert_peak_under(256).assert_stdout_under(4096);
    assert_eq!(code(&run.output), 0, "{}", stdout(&run.output));
}

#[test]
fn markdown_nested_ten_thousand_deep_in_a_pr_body() {
    let repo = Repo::new();
    let depth = 10_000;
    let nesting = format!(
        "{}deep item\n\n{} deep quote\n\n{}mixed\n\n{}ordered\n\n{}indented\n",
        "- ".repeat(depth),
        ">".repeat(depth),
        "> - ".repeat(depth),
        "1. ".repeat(depth),
        // Indented list items: 10,000 levels would need 100 MB of spaces; 1,000 is 1 MB.
        (0..1_000)
            .map(|level| format!("{}- level {level}\n", "  ".repeat(level)))
            .collect::<String>(),
    );
    let filled = format!(
        "## Problem\n\nCashiers cannot export the day's receipts, see #12.\n\n{nesting}\n## Success metric\n\nExport tickets drop from 40/week to under 5 within 30 days.\n"
    );
    let run = whylint_with_input(
        &repo,
        &["pr", "--body-file", "-", "--title", "Add export"],
        filled.as_bytes(),
    );
    // Bound: 256 MiB peak; the report does not echo the body.
    run.assert_peak_under(256).assert_stdout_under(4096);
    assert_eq!(code(&run.output), 0, "{}", stdout(&run.output));
    assert!(stdout(&run.output).contains("says why"));

    let run = whylint_with_input(
        &repo,
        &["pr", "--body-file", "-", "--format", "json"],
        nesting.as_bytes(),
    );
    run.assert_peak_under(256).assert_stdout_under(8192);
    assert_eq!(code(&run.output), 1);
    assert_eq!(rules_in(&run), ["problem-link", "success-metric"]);
}

#[test]
fn nul_bytes() {
    let repo = Repo::new();
    let linked = outside(&repo, "nul.txt", b"Add\0 export\n\nRefs: #12\0\n");
    let run = whylint(&repo, &["msg", &linked]);
    assert_eq!(code(&run.output), 0, "{}", stdout(&run.output));

    // A finding's heading shows the NUL escaped, never raw; JSON escapes it.
    let unlinked = outside(&repo, "nul2.txt", b"Add\0 export\n\nMore\0text\n");
    let run = whylint(&repo, &["msg", &unlinked]);
    assert_eq!(code(&run.output), 1);
    assert!(!run.output.stdout.contains(&0), "raw NUL in the report");
    assert!(
        stdout(&run.output).contains(r#""Add\u{0} export""#),
        "{}",
        stdout(&run.output)
    );
    let run = whylint(&repo, &["msg", &unlinked, "--format", "json"]);
    assert_eq!(
        json_of(&run)["findings"][0]["target"]["title"],
        "Add\u{0} export"
    );

    let run = whylint_with_input(
        &repo,
        &["pr", "--body-file", "-", "--title", "Add\0export"],
        b"## Problem\0\n\nRefs: #12\0\n\0\0\0",
    );
    assert_eq!(code(&run.output), 1, "no metric: {}", stdout(&run.output));
    assert!(!run.output.stdout.contains(&0), "raw NUL in the report");
}

#[test]
fn invalid_utf8_of_every_kind() {
    let repo = Repo::new();
    let kinds: &[(&str, &[u8])] = &[
        ("lone continuation byte", b"\x80"),
        ("two continuation bytes", b"\xbf\x80"),
        ("overlong slash (2 bytes)", b"\xc0\xaf"),
        ("overlong slash (3 bytes)", b"\xe0\x80\xaf"),
        ("overlong slash (4 bytes)", b"\xf0\x80\x80\xaf"),
        ("overlong NUL", b"\xc0\x80"),
        ("UTF-16 high surrogate", b"\xed\xa0\x80"),
        ("UTF-16 low surrogate", b"\xed\xbf\xbf"),
        ("surrogate pair", b"\xed\xa0\xbd\xed\xb8\x80"),
        ("truncated 2-byte sequence", b"\xc3"),
        ("truncated 3-byte sequence", b"\xe2\x82"),
        ("truncated 4-byte sequence", b"\xf0\x9f\x98"),
        ("above U+10FFFF", b"\xf4\x90\x80\x80"),
        ("F5", b"\xf5"),
        ("F8 (old 5-byte form)", b"\xf8\x88\x80\x80\x80"),
        ("FC (old 6-byte form)", b"\xfc\x84\x80\x80\x80\x80"),
        ("FE", b"\xfe"),
        ("FF", b"\xff"),
        ("UTF-16 BOM", b"\xff\xfe"),
    ];
    for (kind, bytes) in kinds {
        let mut message = b"Add export ".to_vec();
        message.extend_from_slice(bytes);
        message.extend_from_slice(b" here\n\nRefs: #12 ");
        message.extend_from_slice(bytes);
        message.push(b'\n');
        let path = outside(&repo, "invalid.txt", &message);
        // Text on the terminal and JSON in a file, from one run.
        let json = repo.path().join("../invalid.json");
        let run = whylint(
            &repo,
            &[
                "msg",
                &path,
                "--format",
                "json",
                "--output",
                &json.display().to_string(),
            ],
        );
        assert_eq!(code(&run.output), 0, "{kind}: {}", stderr(&run.output));
        let text = String::from_utf8(run.output.stdout.clone())
            .unwrap_or_else(|_| panic!("{kind}: the report is not UTF-8"));
        assert!(
            text.contains("the message is not valid UTF-8: invalid bytes were replaced"),
            "{kind}: {text}"
        );
        assert!(text.contains("\"Add export \u{fffd}"), "{kind}: {text}");
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json).expect("JSON report"))
                .unwrap_or_else(|e| panic!("{kind}: the JSON report does not parse: {e}"));
        assert_eq!(report["summary"]["errors"], 0, "{kind}: {report}");
        assert!(
            report["notices"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("not valid UTF-8")),
            "{kind}: {report}"
        );

        let run = whylint_with_input(&repo, &["pr", "--body-file", "-"], &message);
        assert_eq!(
            code(&run.output),
            1,
            "{kind}: a description without a metric"
        );
        assert!(
            String::from_utf8(run.output.stdout.clone()).is_ok(),
            "{kind}"
        );
    }
}

#[test]
fn only_whitespace() {
    let repo = Repo::new();
    for (name, text) in [
        ("empty", ""),
        ("spaces", "   "),
        ("blank lines", "\n\n\n"),
        ("mixed", " \t\n\r\n \x0b\x0c\n\t\t\n"),
        ("lots", &" \n".repeat(MIB)),
    ] {
        let path = outside(&repo, "blank.txt", text.as_bytes());
        let run = whylint(&repo, &["msg", &path, "--format", "json"]);
        run.assert_peak_under(256).assert_stdout_under(8192);
        assert_eq!(code(&run.output), 1, "{name}");
        assert_eq!(rules_in(&run), ["problem-link", "subject-line"], "{name}");
        let run = whylint_with_input(
            &repo,
            &["pr", "--body-file", "-", "--format", "json"],
            text.as_bytes(),
        );
        assert_eq!(code(&run.output), 1, "{name}");
        assert_eq!(rules_in(&run), ["problem-link", "success-metric"], "{name}");
    }
}

#[test]
fn only_comments() {
    let repo = Repo::new();
    let template = "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n# Refs: #12\n# Metric: tickets drop from 40/week to under 5 within 30 days\n";
    let verbose = format!(
        "{template}# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+Refs: #13\n"
    );
    for (name, text) in [("template", template), ("verbose", verbose.as_str())] {
        let path = outside(&repo, "comments.txt", text.as_bytes());
        let run = whylint(&repo, &["msg", &path, "--format", "json"]);
        assert_eq!(code(&run.output), 1, "{name}: {}", stdout(&run.output));
        // The references inside comments (and below the scissors) do not count.
        assert_eq!(rules_in(&run), ["problem-link", "subject-line"], "{name}");
    }
    // A description made of HTML comments only (an untouched template).
    let run = whylint_with_input(
        &repo,
        &["pr", "--body-file", "-", "--format", "json"],
        b"<!-- Refs: #12 -->\n<!--\n## Problem\nMetric: under 5 within 30 days\n-->\n",
    );
    assert_eq!(code(&run.output), 1);
    assert!(
        rules_in(&run).contains(&"problem-link".to_owned()),
        "{}",
        stdout(&run.output)
    );
}

/// A custom rule with a `pattern` check on one field of the message.
fn pattern_rule(id: &str, field: &str, pattern: &str) -> String {
    format!(
        "  - id: {id}\n    level: error\n    on: [commit]\n    summary: s\n    question: q?\n    help: h\n    check:\n      pattern: {{ field: {field}, matches: '{pattern}' }}\n"
    )
}

/// `count` warning rules: every tenth a regex of its own, the others a section check, a
/// reference check with its own trackers, or a section check under a `when`.
fn many_rules(count: usize) -> String {
    (0..count)
        .map(|i| {
            let id = format!("rule-{i}");
            let rule = match i % 10 {
                0 => pattern_rule(&id, "body", &format!(r"\btoken-{i}\b")),
                1..=4 => pattern_rule(&id, "body", "x").replace(
                    "pattern: { field: body, matches: 'x' }",
                    "section: { name: problem, min-words: 3 }",
                ),
                5..=7 => pattern_rule(&id, "body", "x").replace(
                    "pattern: { field: body, matches: 'x' }",
                    "reference: { trackers: [jira] }",
                ),
                _ => pattern_rule(&id, "body", "x")
                    .replace(
                        "pattern: { field: body, matches: 'x' }",
                        "section: { name: problem, min-words: 3 }",
                    )
                    .replace("    check:", "    when: { type: [feat, fix] }\n    check:"),
            };
            rule.replace("level: error", "level: warning")
        })
        .collect()
}

#[test]
fn ten_thousand_rules() {
    let repo = Repo::new();
    let message = outside(&repo, "m.txt", b"Add export\n\nRefs: #12\ntoken-70\n");
    // 10,000 rules are 1.6 MB, and loading them took 5 s of a debug build per run: refused
    // unread past 256 KiB (tests/config_limits.rs pins the message).
    repo.write(
        ".whylint.yml",
        format!("extends: [default]\nrules:\n{}", many_rules(10_000)),
    );
    let run = whylint(&repo, &["msg", &message]);
    run.assert_peak_under(64);
    assert_eq!(code(&run.output), 2);
    assert!(stderr(&run.output).contains("is larger than 256 KiB"));
    // As many as fit: 1,400 rules, 140 of them regexes (of the 200 a config may have).
    repo.write(
        ".whylint.yml",
        format!("extends: [default]\nrules:\n{}", many_rules(1_400)),
    );
    let run = whylint(&repo, &["msg", &message, "--format", "json"]);
    // Bound: 512 MiB peak (a debug build uses ~100 MiB).
    run.assert_peak_under(512);
    assert_eq!(
        code(&run.output),
        0,
        "warnings only: {}",
        stderr(&run.output)
    );
    let report = json_of(&run);
    // Fail: 139 regexes (not rule-70), 560 sections, 420 Jira references; the 280
    // `when: feat/fix` rules do not apply to a plain subject.
    assert_eq!(
        report["summary"]["warnings"], 1_119,
        "{}",
        report["summary"]
    );
    assert!(!common::rules_of(&report).contains(&"rule-70".to_owned()));
}

#[test]
fn regex_that_explodes_a_backtracking_engine() {
    let repo = Repo::new();
    let rules = [
        pattern_rule("nested-plus", "subject", "(a+)+$"),
        pattern_rule("alternation", "subject", "^(a|a)*$"),
        pattern_rule("overlap", "subject", "^(a|aa)+$"),
        pattern_rule("quantified", "subject", "^(a*)*b$"),
    ]
    .concat();
    repo.write(
        ".whylint.yml",
        format!("extends: [default]\nrules:\n{rules}"),
    );
    // A subject of 100 KB of `a` then `b`: a backtracking engine needs ~2^100000 steps for
    // `(a+)+$`; the regex crate is linear. Three rules fail (the subject ends in `b`), and
    // `quantified` passes.
    let body = format!("{}b\n\nRefs: #12\n", "a".repeat(100_000));
    let path = outside(&repo, "redos.txt", body.as_bytes());
    let run = whylint(&repo, &["msg", &path, "--format", "json"]);
    run.assert_peak_under(256);
    assert_eq!(code(&run.output), 1, "{}", stderr(&run.output));
    assert_eq!(rules_in(&run), ["nested-plus", "alternation", "overlap"]);
}

#[test]
fn regex_over_the_size_limit() {
    let repo = Repo::new();
    let rules = pattern_rule("huge", "body", r"\w{1000}\w{1000}\w{1000}");
    repo.write(
        ".whylint.yml",
        format!("extends: [default]\nrules:\n{rules}"),
    );
    let message = outside(&repo, "m.txt", b"Add export\n\nRefs: #12\n");
    let run = whylint(&repo, &["msg", &message]);
    run.assert_peak_under(256);
    assert_eq!(code(&run.output), 2);
    assert_eq!(stdout(&run.output), "");
    assert_eq!(
        stderr(&run.output),
        "whylint: error: .whylint.yml:10:40: invalid regex `\\w{1000}\\w{1000}\\w{1000}`: it compiles to more than 1024 KiB; simplify it\n1 problem in the configuration; fix it and run again (`whylint rules` shows the rules in effect)\n"
    );
}

#[test]
fn yaml_billion_laughs() {
    let repo = Repo::new();
    let mut config = String::from(
        "extends: [default]\nplaceholders: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\nsections:\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(", ");
        config.push_str(&format!("  {0}: &{0} [{aliases}]\n", pair[1]));
    }
    repo.write(".whylint.yml", &config);
    let message = outside(&repo, "m.txt", b"Add export\n\nRefs: #12\n");
    let run = whylint(&repo, &["msg", &message]);
    // Bound: 64 MiB peak; expanded, the aliases would be 9^9 ≈ 387 million strings.
    run.assert_peak_under(64);
    assert_eq!(code(&run.output), 2);
    assert_eq!(stdout(&run.output), "");
    assert!(
        stderr(&run.output).starts_with(
            "whylint: error: .whylint.yml:2:18: YAML anchors and aliases (`&name`, `*name`) are not supported; write the value out\n"
        ),
        "{}",
        stderr(&run.output)
    );
}

#[test]
fn config_that_extends_itself() {
    let repo = Repo::new();
    let message = outside(&repo, "m.txt", b"Add export\n\nRefs: #12\n");
    // `extends` names built-in packs only, so a file cannot include itself (or anything else):
    // naming it is an unknown pack, located, not a loop.
    for (text, column) in [
        ("extends: [default, .whylint.yml]\n", 20),
        ("extends: [./.whylint.yml]\n", 11),
    ] {
        repo.write(".whylint.yml", text);
        let run = whylint(&repo, &["msg", &message]);
        assert_eq!(code(&run.output), 2, "{text}");
        let err = stderr(&run.output);
        assert!(
            err.starts_with(&format!(
                "whylint: error: .whylint.yml:1:{column}: unknown pack `"
            )),
            "{err}"
        );
        assert!(err.contains("built-in packs: default, jira, conventional, strict"));
    }
    // Through `--config` too, naming the file that is being read.
    let path = outside(&repo, "self.yml", b"extends: [self.yml]\n");
    let run = whylint(&repo, &["--config", &path, "msg", &message]);
    assert_eq!(code(&run.output), 2);
    assert!(
        stderr(&run.output).contains(":1:11: unknown pack `self.yml`"),
        "{}",
        stderr(&run.output)
    );
    // Packs that extend each other (strict extends default) are loaded once each, so naming one
    // twice, or with its base, is no cycle and no duplicate rule.
    repo.write(
        ".whylint.yml",
        "extends: [strict, default, strict, default]\n",
    );
    let run = whylint(&repo, &["msg", &message, "--format", "json"]);
    assert_eq!(code(&run.output), 1, "{}", stderr(&run.output));
    assert_eq!(rules_in(&run), ["success-metric"]);
}

#[test]
fn yaml_nested_too_deep_is_a_config_error_not_a_crash() {
    let repo = Repo::new();
    let message = outside(&repo, "m.txt", b"Add export\n\nRefs: #12\n");
    // Line N is indented N - 1 columns: 700 levels, about as many as 256 KiB (the most a config
    // may have) holds, far past the 100 columns allowed.
    let block: String = (0..700).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    let cases = [
        ("block mappings", block, "102:101".to_owned()),
        (
            "compact sequences",
            format!("extends:\n{}default\n", "- ".repeat(100_000)),
            "2:101".to_owned(),
        ),
        (
            "flow sequences",
            format!("extends: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            "1:".to_owned(),
        ),
    ];
    for (name, config, at) in cases {
        repo.write(".whylint.yml", &config);
        let run = whylint(&repo, &["msg", &message]);
        run.assert_peak_under(256);
        assert_eq!(
            run.output.status.code(),
            Some(2),
            "{name}: {}",
            stderr(&run.output)
        );
        assert!(
            stderr(&run.output).starts_with(&format!("whylint: error: .whylint.yml:{at}")),
            "{name}: {}",
            stderr(&run.output)
        );
    }
    // A GitHub event nested as deep is refused by the JSON reader, also with exit 2.
    let event = format!(
        "{{\"pull_request\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let path = outside(&repo, "event.json", event.as_bytes());
    let run = whylint(&repo, &["pr", "--event", &path]);
    assert_eq!(run.output.status.code(), Some(2));
    assert!(stderr(&run.output).contains("is not a GitHub event payload"));
}
