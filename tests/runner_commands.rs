//! Every byte whylint writes in GitHub Actions, read the way the Actions runner reads it: per
//! line, `::command` after leading whitespace, `##[command]` anywhere, with the
//! stop-commands/resume state. Hostile text in a PR title and body, commit subjects and
//! trailers, and a `.whylint.yml`'s rule text is run through every command and every format,
//! to stdout, stderr and `--output`; the only commands the runner may execute are whylint's
//! own: its fence (a random token, resumed at the end) and its annotations.

mod common;

use common::{Repo, code};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Text that would act on the runner if printed raw. `PWN` marks what must never execute.
const HOSTILE: &str = "it gets better ##[stop-commands]PWN\n::error::PWN\n   ::add-mask::PWN\n\t::error title=whylint PWN::x\r::warning::PWN\u{2028}::notice::PWN\u{85}::error::PWN ##[error]PWN\u{1b}]52;c;UFdO\u{7}\u{1b}[2J";

/// One workflow command the runner would execute.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Executed {
    name: String,
    /// Properties and data, as written.
    rest: String,
    line: String,
}

/// Reads one stream as the runner does and returns what it would execute; `stopped` is the
/// token it is waiting for when the stream ends.
fn execute(stream: &str) -> (Vec<Executed>, Option<String>) {
    let mut executed = Vec::new();
    let mut stopped: Option<String> = None;
    for line in stream.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
        for command in commands_in(line) {
            match &stopped {
                Some(token) => {
                    if command.name.eq_ignore_ascii_case(token) {
                        stopped = None;
                        executed.push(command);
                    }
                }
                None => {
                    if command.name == "stop-commands" {
                        stopped = Some(data_of(&command).to_owned());
                    }
                    executed.push(command);
                }
            }
        }
    }
    (executed, stopped)
}

/// The commands in one line: `::name props::data` after leading whitespace, and every
/// `##[name props]data`.
fn commands_in(line: &str) -> Vec<Executed> {
    let mut found = Vec::new();
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("::")
        && let Some(end) = rest.find("::")
    {
        let head = &rest[..end];
        let name = head.split(' ').next().unwrap_or("").to_owned();
        if !name.is_empty() {
            found.push(Executed {
                name,
                rest: rest[head.split(' ').next().unwrap_or("").len()..].to_owned(),
                line: line.to_owned(),
            });
        }
    }
    let mut from = 0;
    while let Some(at) = line[from..].find("##[") {
        let start = from + at + 3;
        if let Some(close) = line[start..].find(']') {
            let head = &line[start..start + close];
            let name = head.split([' ', ';']).next().unwrap_or("").to_owned();
            if !name.is_empty() {
                found.push(Executed {
                    name,
                    rest: line[start..].to_owned(),
                    line: line.to_owned(),
                });
            }
        }
        from = start;
    }
    found
}

fn data_of(command: &Executed) -> &str {
    match command.rest.find("::") {
        Some(at) => &command.rest[at + 2..],
        None => command.rest.trim_start_matches(' '),
    }
}

/// Asserts that only whylint's own commands run, and returns the fence tokens used.
fn only_ours(stream: &str, what: &str) -> Vec<String> {
    let (executed, stopped) = execute(stream);
    assert!(
        stopped.is_none(),
        "{what}: the fence is never closed:\n{stream}"
    );
    let mut tokens = Vec::new();
    let mut open: Option<String> = None;
    for command in executed {
        let ours = match command.name.as_str() {
            "stop-commands" => {
                let token = data_of(&command).to_owned();
                let random = token.len() == "whylint-".len() + 32
                    && token.starts_with("whylint-")
                    && token["whylint-".len()..]
                        .chars()
                        .all(|c| c.is_ascii_hexdigit());
                open = Some(token.clone());
                tokens.push(token);
                random && command.line.starts_with("::stop-commands::")
            }
            "error" | "warning" | "notice" => {
                command
                    .line
                    .starts_with(&format!("::{} title=whylint", command.name))
                    && !command.line.contains("##[")
                    && !command
                        .rest
                        .split("::")
                        .next()
                        .unwrap_or("")
                        .contains("PWN")
            }
            name => {
                let resumes =
                    open.as_deref() == Some(name) && command.line == format!("::{name}::");
                if resumes {
                    open = None;
                }
                resumes
            }
        };
        assert!(
            ours,
            "{what}: the runner would execute a command that is not whylint's own: {:?}\n--- stream ---\n{stream}",
            command.line
        );
    }
    tokens
}

/// A repository where everything carries hostile text: main, then a feature branch with
/// commits whose subjects, bodies and trailers hold it, and a config whose rule text does.
fn hostile_repo() -> (Repo, String, String) {
    let mut repo = Repo::new();
    let yaml_hostile = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    let yaml_hostile = yaml_hostile
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
        .replace('\u{2028}', "\\L")
        .replace('\u{85}', "\\N")
        .replace('\u{1b}', "\\e")
        .replace('\u{7}', "\\a");
    repo.write(
        ".whylint.yml",
        format!(
            "rules:\n  - id: hostile-rule\n    level: error\n    summary: \"{yaml_hostile}\"\n    question: \"{yaml_hostile}?\"\n    help: \"{yaml_hostile}\"\n    example: \"{yaml_hostile}\"\n    check:\n      pattern:\n        field: subject\n        matches: '^Never matches this$'\n        message: \"{yaml_hostile}\"\n"
        ),
    );
    let subject = HOSTILE.replace(['\n', '\r'], " ");
    let (base, head) = common::feature_branch(
        &mut repo,
        &[
            &format!("{subject}\n\n{HOSTILE}\n\nWhy-Skip: {subject}"),
            &format!(
                "perf: {subject}\n\nProblem: {subject}\nMetric: p95 under 300 ms {subject}\nReview-By: 2026-03-01"
            ),
        ],
    );
    (repo, base, head)
}

/// A pull request event whose title and body hold hostile text.
fn event(repo: &Repo, base: &str, head: &str) -> PathBuf {
    common::pull_request_event(
        repo,
        base,
        head,
        &format!("Add export {HOSTILE}"),
        &format!("## Problem\n\n{HOSTILE}\n\n## Success metric\n\n{HOSTILE}\n"),
    )
}

fn in_actions(repo: &Repo, event: &Path, args: &[&str]) -> Output {
    repo.whylint_command(args)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event)
        .env("GITHUB_STEP_SUMMARY", repo.home().join("summary.md"))
        .env("GITHUB_OUTPUT", repo.home().join("output.txt"))
        .env("GITHUB_REPOSITORY", "Codertocat/Hello-World")
        .output()
        .expect("run whylint")
}

/// Every command, every format, with and without `--output`, stdout and stderr.
#[test]
fn only_whylints_own_commands_reach_the_runner() {
    let (repo, base, head) = hostile_repo();
    let event = event(&repo, &base, &head);
    let message = repo.write("message.txt", format!("{HOSTILE}\n\nWhy-Skip: {HOSTILE}\n"));
    let message = message.to_string_lossy().into_owned();
    // A message whose evidence (problem, metric, reference) quotes the hostile text.
    let subject = HOSTILE.replace(['\n', '\r'], " ");
    let judged = repo.write(
        "judged.txt",
        format!(
            "Add export {subject}\n\nProblem: {subject}\nMetric: p95 under 300 ms {subject}\nRefs: https://example.com/issues/1?{subject}\n"
        ),
    );
    let judged = judged.to_string_lossy().into_owned();
    let range = format!("{base}..{head}");
    let commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["msg", &message],
        vec!["msg", &judged, "--verbose"],
        vec!["commits", &range],
        vec!["commits", &range, "-v"],
        vec!["check", "-v"],
        vec!["explain", "problem-link", "--message", &judged],
        vec!["branch", "--base", "main"],
        vec!["pr", "--event", event.to_str().expect("utf-8 path")],
        vec!["report"],
        vec!["due", "--as-of", "2026-04-01"],
        vec!["draft", "--base", "main"],
        vec!["rules"],
        vec!["rules", "test"],
        vec!["explain", "hostile-rule"],
        vec!["commits", "nosuch ##[stop-commands]PWN\n::error::PWN"],
    ];
    let formats = [
        "text", "json", "sarif", "github", "gitlab", "junit", "markdown", "html",
    ];
    let file = repo.home().join("report.out");
    let mut checked = 0;
    for command in &commands {
        for format in formats {
            for to_file in [false, true] {
                let mut args = command.clone();
                args.extend(["--format", format]);
                let file_arg = file.to_string_lossy().into_owned();
                if to_file {
                    args.extend(["--output", &file_arg]);
                }
                let _ = std::fs::remove_file(&file);
                let output = in_actions(&repo, &event, &args);
                let what = args.join(" ");
                assert_ne!(code(&output), 101, "{what} panicked");
                let out = String::from_utf8_lossy(&output.stdout);
                let err = String::from_utf8_lossy(&output.stderr);
                only_ours(&out, &format!("{what} (stdout)"));
                only_ours(&err, &format!("{what} (stderr)"));
                // A later step may print the report file: it is inert too, and a JSON
                // document stays one.
                if let Ok(written) = std::fs::read_to_string(&file) {
                    only_ours(&written, &format!("{what} (--output)"));
                    // (Commands that write no JSON, `draft`, ignore the format.)
                    let document = written.trim_start().starts_with(['{', '[']);
                    if ["json", "sarif", "gitlab"].contains(&format) && document {
                        assert!(
                            serde_json::from_str::<serde_json::Value>(&written).is_ok(),
                            "{what}: --output is still JSON:\n{written}"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, commands.len() * formats.len() * 2);
    // The hostile text did reach whylint's output (so the test tests something) — made inert.
    let text = in_actions(&repo, &event, &["check"]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("stop-commands]PWN"), "{out}");
}

/// Standard output redirected to a file (`whylint check > report.txt`): no fence in the file,
/// every line inert, and the annotations still reach the runner on standard error.
#[test]
fn a_report_redirected_to_a_file_is_inert_and_annotations_still_run() {
    let (repo, base, head) = hostile_repo();
    let event = event(&repo, &base, &head);
    for format in ["text", "junit", "markdown", "json"] {
        let path = repo.home().join(format!("redirected.{format}"));
        let file = std::fs::File::create(&path).expect("create");
        let output = repo
            .whylint_command(&["check", "--format", format])
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", &event)
            .env("GITHUB_REPOSITORY", "Codertocat/Hello-World")
            .stdout(file)
            .output()
            .expect("run whylint");
        assert_eq!(code(&output), 1, "{format}");
        let written = std::fs::read_to_string(&path).expect("read");
        assert!(written.contains("stop-commands]PWN"), "{format}: {written}");
        assert!(
            !written.contains("::stop-commands::whylint-"),
            "{format}: {written}"
        );
        only_ours(&written, &format!("{format} (redirected stdout)"));
        let err = String::from_utf8_lossy(&output.stderr);
        only_ours(&err, &format!("{format} (stderr)"));
        let (executed, _) = execute(&err);
        assert!(
            executed.iter().any(|c| c.name == "error"),
            "{format}: {err}"
        );
    }
}

/// A broken config quoting hostile text: the error on stderr is inert too.
#[test]
fn config_errors_quoting_hostile_text_are_inert() {
    let (repo, base, head) = hostile_repo();
    let event = event(&repo, &base, &head);
    repo.write(
        ".whylint.yml",
        "rules:\n  - id: x\n    summary: x\n    question: x\n    help: x\n    check:\n      pattern: { field: subject, matches: \"##[stop-commands]PWN (\\n  ::error::PWN\" }\n",
    );
    for args in [&["check"][..], &["rules"], &["explain", "x"]] {
        let output = in_actions(&repo, &event, args);
        assert_eq!(code(&output), 2, "{args:?}");
        only_ours(&String::from_utf8_lossy(&output.stdout), "stdout");
        only_ours(&String::from_utf8_lossy(&output.stderr), "stderr");
    }
}

/// The fence's token is random per run, and whylint's annotations still run after it.
#[test]
fn the_fence_token_is_fresh_each_run_and_annotations_still_work() {
    let (repo, base, head) = hostile_repo();
    let event = event(&repo, &base, &head);
    let first = in_actions(&repo, &event, &["check"]);
    let second = in_actions(&repo, &event, &["check"]);
    assert_eq!(code(&first), 1);
    let tokens = |output: &Output| only_ours(&String::from_utf8_lossy(&output.stdout), "check");
    let (one, two) = (tokens(&first), tokens(&second));
    assert!(!one.is_empty() && !two.is_empty());
    assert!(one.iter().all(|t| !two.contains(t)), "{one:?} {two:?}");
    let (executed, _) = execute(&String::from_utf8_lossy(&first.stdout));
    assert!(
        executed.iter().any(|c| c.name == "error"),
        "whylint's own annotations run: {executed:?}"
    );
}
