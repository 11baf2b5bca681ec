//! `whylint msg`: one message file or stdin, exit codes, the JSON contract and hard inputs.

mod common;

use common::{Repo, code, json, rules_of, stderr, stdout};
use std::io::Write;
use std::process::Stdio;

fn msg(repo: &Repo, contents: impl AsRef<[u8]>, extra: &[&str]) -> std::process::Output {
    let path = repo.write("../message.txt", contents);
    let path = path.display().to_string();
    let mut args = vec!["msg", path.as_str()];
    args.extend_from_slice(extra);
    repo.whylint(&args)
}

#[test]
fn json_report_follows_the_contract() {
    let repo = Repo::new();
    let output = msg(&repo, "Add export\n", &["--format", "json"]);
    assert_eq!(code(&output), 1);
    let report = json(&output);
    assert_eq!(report["version"], 1);
    assert_eq!(rules_of(&report), ["problem-link"]);
    let finding = &report["findings"][0];
    assert_eq!(finding["level"], "error");
    assert_eq!(finding["target"]["kind"], "message");
    assert!(
        finding["target"]["id"]
            .as_str()
            .expect("id")
            .ends_with("message.txt")
    );
    assert!(
        finding["message"]
            .as_str()
            .expect("message")
            .contains("found no reference")
    );
    assert!(
        finding["help"]
            .as_str()
            .expect("help")
            .contains("Refs: #123")
    );
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["checked"], 1);
    assert_eq!(report["exemptions"].as_array().map(Vec::len), Some(0));
}

#[test]
fn clean_message_exits_zero_and_says_so() {
    let repo = Repo::new();
    let output = msg(&repo, "Add export\n\nRefs: #42\n", &[]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(stdout(&output).contains("says why"), "{}", stdout(&output));
}

#[test]
fn exit_zero_keeps_findings_but_exits_zero() {
    let repo = Repo::new();
    let output = msg(&repo, "Add export\n", &["--exit-zero"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains("[problem-link]"));
}

#[test]
fn reads_standard_input() {
    let repo = Repo::new();
    let mut child = repo
        .whylint_command(&["msg", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"PAY-812: add export\n")
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn missing_file_is_a_clear_error_with_exit_2() {
    let repo = Repo::new();
    let output = repo.whylint(&["msg", "no-such-file.txt"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(err.contains("cannot read `no-such-file.txt`"), "{err}");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let repo = Repo::new();
    assert_eq!(code(&repo.whylint(&["msg", "--frobnicate", "x"])), 2);
}

#[test]
fn non_utf8_is_decoded_lossily_with_a_notice() {
    let repo = Repo::new();
    let output = msg(
        &repo,
        b"Caf\xe9 export fix\n\nRefs: #42\n".as_slice(),
        &["--format", "json"],
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    let notice = report["notices"][0]["message"].as_str().expect("notice");
    assert!(notice.contains("not valid UTF-8"), "{notice}");
}

#[test]
fn huge_message_is_checked_without_trouble() {
    let repo = Repo::new();
    let mut message = String::from("Add export\n\n");
    while message.len() < 5 * 1024 * 1024 {
        message.push_str(
            "Finance staff copy every invoice into a spreadsheet by hand, every month.\n",
        );
    }
    message.push_str("\nRefs: #42\n");
    let output = msg(&repo, &message, &["--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn comment_only_message_is_reported_not_crashed() {
    let repo = Repo::new();
    let output = msg(
        &repo,
        "# Please enter the commit message\n# On branch main\n",
        &["--format", "json"],
    );
    assert_eq!(code(&output), 1);
    assert_eq!(rules_of(&json(&output)), ["problem-link", "subject-line"]);
}

#[test]
fn comment_char_setting_decides_what_is_a_comment() {
    let repo = Repo::new();
    repo.git(&["config", "core.commentChar", ";"]);
    let output = msg(
        &repo,
        "Fix crash\n\n#12 has the details\n; Please enter the commit message\n",
        &[],
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));

    // With the default `#`, the same line is a comment and the link is gone.
    let plain = Repo::new();
    let output = msg(&plain, "Fix crash\n\n#12 has the details\n", &[]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
}

#[test]
fn scissors_line_drops_the_diff() {
    let repo = Repo::new();
    let message = "Add export\n\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+Refs: #99\n";
    let output = msg(&repo, message, &["--format", "json"]);
    assert_eq!(
        code(&output),
        1,
        "a reference inside the diff must not count"
    );
}

#[test]
fn crlf_message_is_read_like_lf() {
    let repo = Repo::new();
    let output = msg(
        &repo,
        "feat: add export\r\n\r\nRefs: #42\r\nMetric: export tickets drop from 40/week to under 5\r\n",
        &[],
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn branch_flag_counts_as_the_change() {
    let repo = Repo::new();
    let output = msg(&repo, "Add export\n", &["--branch", "feat/PAY-12-export"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn works_outside_a_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("m.txt");
    std::fs::write(&file, "Add export\n\nFixes acme/shop#7\n").expect("write");
    let mut command = std::process::Command::new(common::bin());
    command.arg("msg").arg(&file).current_dir(dir.path());
    common::isolate(&mut command, dir.path());
    command.env(
        "GIT_CEILING_DIRECTORIES",
        dir.path().parent().expect("parent"),
    );
    let output = command.output().expect("run");
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
}

#[test]
fn exemptions_are_reported_with_their_reason() {
    let repo = Repo::new();
    for (message, kind) in [
        ("fixup! Add export\n", "autosquash"),
        (
            "Revert \"Add export\"\n\nThis reverts commit 0123456789abcdef.\n",
            "revert",
        ),
        ("Merge branch 'feature'\n", "merge"),
        (
            "Tidy comments\n\nWhy-Skip: comment-only change\n",
            "why-skip",
        ),
        ("v1.2.3\n", "release"),
    ] {
        let output = msg(&repo, message, &["--format", "json"]);
        assert_eq!(code(&output), 0, "{message}: {}", stdout(&output));
        let report = json(&output);
        assert_eq!(report["exemptions"][0]["kind"], kind, "{message}");
        assert!(
            report["exemptions"][0]["reason"]
                .as_str()
                .is_some_and(|r| !r.is_empty())
        );
    }
    // Anyone can write a trailer: a bot's `Signed-off-by:` does not make a message a bot's.
    let signed = "Bump lodash\n\nSigned-off-by: dependabot[bot] <support@github.com>\n";
    let output = msg(&repo, signed, &["--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
}

#[test]
fn why_skip_without_reason_is_a_finding() {
    let repo = Repo::new();
    let output = msg(&repo, "Tidy comments\n\nWhy-Skip:\n", &["--format", "json"]);
    assert_eq!(code(&output), 1);
    let rules = rules_of(&json(&output));
    assert!(rules.contains(&"why-skip-reason".to_owned()), "{rules:?}");
}

#[test]
fn text_output_escapes_terminal_control_characters() {
    let repo = Repo::new();
    let output = msg(&repo, "Add \u{1b}[2Jexport\n", &["--color", "never"]);
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("\\u{1b}"), "{text}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let repo = Repo::new();
    let always = msg(&repo, "Add export\n", &["--color", "always"]);
    assert!(
        stdout(&always).contains("\u{1b}["),
        "--color always colours"
    );
    let auto = msg(&repo, "Add export\n", &[]);
    assert!(
        !stdout(&auto).contains("\u{1b}["),
        "no colour when stdout is not a terminal"
    );
    let path = repo.write("../m.txt", "Add export\n").display().to_string();
    let forced = repo
        .whylint_command(&["msg", &path])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .expect("run");
    assert!(
        stdout(&forced).contains("\u{1b}["),
        "CLICOLOR_FORCE colours"
    );
    let disabled = repo
        .whylint_command(&["msg", &path])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!stdout(&disabled).contains("\u{1b}["), "NO_COLOR wins");
}

#[test]
fn output_file_gets_the_format_and_the_terminal_gets_text() {
    let repo = Repo::new();
    let report = repo.path().join("../report.json");
    let report_arg = report.display().to_string();
    let output = msg(
        &repo,
        "Add export\n",
        &["--format", "json", "--output", &report_arg],
    );
    assert_eq!(code(&output), 1);
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report written")).expect("json");
    assert_eq!(rules_of(&written), ["problem-link"]);
    assert!(
        stdout(&output).contains("[problem-link]"),
        "{}",
        stdout(&output)
    );
}
