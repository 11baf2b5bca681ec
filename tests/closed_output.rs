//! The exit code tells the verdict whatever happens to the output: a reader that goes away
//! (`whylint check | head -3`, a hook whose pipe closes) keeps 1 for findings, a full disk is 2
//! with a message, and nothing panics (exit 101) on a closed stdout or stderr — for every
//! command, run as the real binary.

mod common;

use common::{Repo, code};
use std::process::{Command, Output, Stdio};

/// A repository with a linked commit on main and an unlinked one on a feature branch.
fn repo() -> Repo {
    let mut repo = Repo::new();
    common::feature_branch(
        &mut repo,
        &[
            "perf: cache invoice totals\n\nProblem: pages are slow.\nMetric: p95 under 300 ms\nReview-By: 2026-03-01",
            "Tidy export code",
        ],
    );
    repo.write("message.txt", "Tidy things\n");
    repo
}

/// Every command that reads rather than writes the repository, with its arguments (`hook
/// install` and `init` write files; their output is the same boundary's).
fn commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["check"],
        vec!["msg", "message.txt"],
        vec!["commits", "main..feature"],
        vec!["branch", "--base", "main"],
        vec!["report"],
        vec!["report", "--format", "json"],
        vec!["due", "--as-of", "2026-04-01", "--fail-if-due"],
        vec!["draft", "--base", "main"],
        vec!["rules"],
        vec!["rules", "test"],
        vec!["explain", "problem-link"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "sarif"],
        vec!["check", "--format", "junit"],
        vec!["check", "--format", "github"],
        vec!["commits", "nosuch..HEAD"],
        vec!["hook", "status"],
        vec!["init", "--help"],
        vec!["--version"],
    ]
}

/// Runs with standard output (and, if asked, standard error) a pipe whose reader is gone.
fn with_closed(mut command: Command, close_stderr: bool) -> Output {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn whylint");
    drop(child.stdout.take());
    if close_stderr {
        drop(child.stderr.take());
    }
    child.wait_with_output().expect("wait for whylint")
}

#[test]
fn a_closed_stdout_or_stderr_keeps_the_verdict_and_never_panics() {
    let repo = repo();
    let mut verdicts = Vec::new();
    for args in commands() {
        let verdict = code(&repo.whylint(&args));
        assert_ne!(verdict, 101, "{args:?} panicked with its output open");
        verdicts.push(verdict);
        for close_stderr in [false, true] {
            let output = with_closed(repo.whylint_command(&args), close_stderr);
            assert_eq!(
                code(&output),
                verdict,
                "{args:?} with stdout closed (stderr closed too: {close_stderr}): {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    // The cases the promise is about are there: findings (1) and an error (2).
    assert!(
        verdicts.contains(&1) && verdicts.contains(&2),
        "{verdicts:?}"
    );
}

#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let repo = repo();
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["msg", "message.txt"],
        &["rules"],
        &["completions", "bash"],
        &["due", "--as-of", "2026-04-01"],
    ] {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = repo
            .whylint_command(args)
            .stdout(Stdio::from(full))
            .output()
            .expect("run whylint");
        assert_eq!(code(&output), 2, "{args:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
    }
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "sarif"],
        &["report", "--format", "html"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--output", "/dev/full"]);
        let output = repo.whylint(&all);
        assert_eq!(code(&output), 2, "{all:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains("No space left on device"), "{all:?}: {err}");
    }
}

/// Absurd review spans, from the command line or from a commit's metric, are dates far away,
/// not a crash.
#[test]
fn absurd_review_spans_do_not_panic() {
    let mut repo = Repo::new();
    common::feature_branch(
        &mut repo,
        &[
            "perf: cache invoice totals\n\nProblem: pages are slow.\nMetric: p95 under 300 ms within 4000000000 days",
        ],
    );
    for args in [
        &["due", "--as-of", "2026-04-01"][..],
        &["due", "--within", "9999999d"],
        &["due", "--within", "999999999999999999w"],
    ] {
        let output = repo.whylint(args);
        assert_eq!(
            code(&output),
            0,
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
