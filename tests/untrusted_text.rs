//! Text from a commit or a config reaches no terminal with control characters (OSC 52
//! clipboard writes, screen clears, C1 controls), and the GitHub job summary stays under
//! GitHub's 1 MiB limit with its HTML escaped.

mod common;

use common::{Repo, code};

/// Clipboard write (OSC 52), screen clear, bell, DEL and a C1 CSI.
const CONTROLS: &str = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{7f}\u{9b}31m";

/// Control characters in `bytes`, other than newline and tab, and (when colours are on) other
/// than the SGR colour sequences whylint writes itself.
fn controls_in(bytes: &[u8], colour: bool) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    for (at, c) in text.char_indices() {
        if !c.is_control() || c == '\n' || c == '\t' {
            continue;
        }
        if colour && c == '\u{1b}' {
            // `ESC [ digits ; … m` is a colour; anything else is not ours.
            let rest = &text[at + 1..];
            if let Some(body) = rest.strip_prefix('[') {
                let end = body.find(|c: char| !(c.is_ascii_digit() || c == ';'));
                if end.is_some_and(|e| body[e..].starts_with('m')) {
                    continue;
                }
            }
        }
        found.push(format!("{:?} at {at}", c));
    }
    found
}

fn yaml_escaped(text: &str) -> String {
    text.replace('\u{1b}', "\\e")
        .replace('\u{7}', "\\a")
        .replace('\u{7f}', "\\x7f")
        .replace('\u{9b}', "\\x9b")
}

#[test]
fn config_text_reaches_the_terminal_without_control_characters() {
    let mut repo = Repo::new();
    let c = yaml_escaped(CONTROLS);
    repo.write(
        ".whylint.yml",
        format!(
            "rules:\n  - id: loud-rule\n    level: error\n    summary: \"Summary {c}\"\n    question: \"Question {c}?\"\n    help: \"Help {c}\"\n    example: \"Example {c}\"\n    check:\n      pattern:\n        field: subject\n        matches: '^Never matches this$'\n        message: \"Message {c}\"\n"
        ),
    );
    repo.commit("a.txt", "Add export\n\nRefs: #1");
    repo.write("message.txt", "Tidy things\n");
    for colour in ["never", "always"] {
        for args in [
            &["explain", "loud-rule"][..],
            &["rules"],
            &["msg", "message.txt"],
            &["commits", "HEAD"],
            &["msg", "message.txt", "--format", "markdown"],
        ] {
            let mut all = args.to_vec();
            all.extend(["--color", colour]);
            let output = repo.whylint(&all);
            assert_ne!(code(&output), 101, "{all:?}");
            let found = controls_in(&output.stdout, colour == "always");
            assert!(
                found.is_empty(),
                "{all:?}: {found:?}\n{}",
                String::from_utf8_lossy(&output.stdout)
            );
            let shown = String::from_utf8_lossy(&output.stdout);
            if args[0] == "explain" {
                assert!(shown.contains("Help \\u{1b}]52"), "shown escaped: {shown}");
            }
        }
    }
}

#[test]
fn commit_text_reaches_the_terminal_without_control_characters() {
    let mut repo = Repo::new();
    common::feature_branch(
        &mut repo,
        &[
            &format!(
                "perf: cache {CONTROLS}\n\nProblem: slow {CONTROLS}\nMetric: p95 under 300 ms {CONTROLS}\nReview-By: 2026-03-01\nWhy-Skip: {CONTROLS}"
            ),
            &format!("Tidy {CONTROLS}\n\n{CONTROLS}"),
        ],
    );
    // Evidence quotes the message: a problem, a metric and a reference URL holding controls.
    repo.write(
        "message.txt",
        format!(
            "feat: add {CONTROLS}\n\nProblem: slow {CONTROLS}\nMetric: p95 under 300 ms {CONTROLS}\nRefs: https://example.com/issues/1{CONTROLS}\n"
        ),
    );
    for args in [
        &["commits", "main..feature"][..],
        &["commits", "main..feature", "--verbose"],
        &["branch", "--base", "main", "-v"],
        &["explain", "success-metric", "--message", "message.txt"],
        &["branch", "--base", "main"],
        &["draft", "--base", "main"],
        &["report"],
        &["due", "--as-of", "2026-04-01"],
        &["commits", "main..feature", "--format", "markdown"],
        &["due", "--as-of", "2026-04-01", "--format", "markdown"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--color", "never"]);
        let output = repo.whylint(&all);
        assert_ne!(code(&output), 101, "{all:?}");
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let found = controls_in(bytes, false);
            assert!(
                found.is_empty(),
                "{all:?} {stream}: {found:?}\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// Commits `messages` on `main` with `git fast-import` (a message too long for `git commit -m`).
fn import(repo: &Repo, messages: &[String]) {
    let mut stream = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        let time = 1_767_225_600 + i * 60;
        stream.extend_from_slice(
            format!(
                "commit refs/heads/main\nauthor Ada Tester <ada@example.com> {time} +0000\ncommitter Ada Tester <ada@example.com> {time} +0000\ndata {}\n{message}\n",
                message.len()
            )
            .as_bytes(),
        );
    }
    let mut import = repo.git_command(&["fast-import", "--quiet", "--force"]);
    import.stdin(std::process::Stdio::piped());
    let mut child = import.spawn().expect("run git fast-import");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), &stream).expect("feed it");
    assert!(child.wait().expect("fast-import ends").success());
}

/// A 300 KB subject, and more findings than fit: the summary stays under 1 MiB, says what it
/// left out, and shows the subject's HTML as text.
#[test]
fn the_step_summary_stays_under_one_mib() {
    let run = |repo: &Repo, args: &[&str]| {
        let summary = repo.home().join("summary.md");
        let _ = std::fs::remove_file(&summary);
        let output = repo
            .whylint_command(args)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .expect("run whylint");
        assert_eq!(
            code(&output),
            1,
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(&summary).expect("summary written")
    };
    let big = Repo::new();
    let subject = format!("<img src=x onerror=alert(1)> {}", "<b>".repeat(100_000));
    import(&big, &[format!("{subject}\n")]);
    let one = run(&big, &["commits", "main"]);
    assert!(one.len() < 64 * 1024, "{} bytes", one.len());
    assert!(
        !one.contains("<img") && !one.contains("<b>"),
        "HTML escaped"
    );
    assert!(one.contains("&lt;img"), "{one}");

    // Thousands of commits whose findings cannot all fit.
    let many = Repo::new();
    let title = "&<".repeat(400);
    let messages: Vec<String> = (1..=3000).map(|i| format!("{title} {i}\n")).collect();
    import(&many, &messages);
    let root = many.git(&["rev-list", "--max-parents=0", "main"]);
    let many = run(&many, &["commits", &format!("{}..main", root.trim())]);
    assert!(many.len() < 1024 * 1024, "{} bytes", many.len());
    let note = many
        .lines()
        .find(|l| l.contains("truncated: "))
        .unwrap_or_else(|| {
            panic!(
                "a truncation note: {}",
                &many[many.len().saturating_sub(500)..]
            )
        });
    let left_out: usize = note
        .split("truncated: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(left_out > 0, "{note}");
}
