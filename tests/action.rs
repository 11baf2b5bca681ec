//! The action's own check script (action.yml, the step with `id: check`), run with bash as the
//! runner runs it, for every `format` × `output` (set or not) × `fail-on`: the annotations, the
//! job summary and the step outputs are there whatever the format and output, and the exit
//! code follows `fail-on`.

mod common;

use common::Repo;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The `run: |` block of the step with `id: check`, dedented.
fn check_script() -> String {
    let action = include_str!("../action.yml");
    let lines: Vec<&str> = action.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == "id: check")
        .expect("a step with id: check");
    let run = step
        + lines[step..]
            .iter()
            .position(|l| l.trim() == "run: |")
            .expect("its run block");
    let indent = |l: &str| l.len() - l.trim_start().len();
    let outer = indent(lines[run]);
    let body: Vec<&str> = lines[run + 1..]
        .iter()
        .copied()
        .take_while(|l| l.trim().is_empty() || indent(l) > outer)
        .collect();
    let inner = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(inner..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A pull request that links no problem and names no metric: errors by default, warnings only
/// when the repository's config makes those rules warnings.
fn pull_request(warnings_only: bool) -> (Repo, PathBuf) {
    let mut repo = Repo::new();
    if warnings_only {
        repo.write(
            ".whylint.yml",
            "rules:\n  problem-link: { level: warning }\n  success-metric: { level: warning }\n",
        );
    }
    let (base, head) = common::feature_branch(&mut repo, &["Add export"]);
    let event =
        common::pull_request_event(&repo, &base, &head, "Add CSV export", "Adds an export.");
    (repo, event)
}

struct Step {
    output: Output,
    outputs: String,
    summary: String,
    report: Option<String>,
}

fn run_step(repo: &Repo, event: &Path, format: &str, output: bool, fail_on: &str) -> Step {
    let script = repo.home().join("check.sh");
    std::fs::write(&script, check_script()).expect("script");
    let outputs = repo.home().join("github_output");
    let summary = repo.home().join("step_summary.md");
    let report = repo.home().join("report.out");
    for file in [&outputs, &summary, &report] {
        let _ = std::fs::remove_file(file);
    }
    let bin_dir = common::bin().parent().expect("bin dir").to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = repo.shell(&format!("bash '{}'", script.display()));
    command
        .env("PATH", path)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_REPOSITORY", "Codertocat/Hello-World")
        .env("WHYLINT_CONFIG", "")
        .env("INPUT_CONFIG_FROM", "")
        .env("INPUT_BASE", "")
        .env("INPUT_FORMAT", format)
        .env(
            "INPUT_OUTPUT",
            if output {
                report.to_string_lossy().into_owned()
            } else {
                String::new()
            },
        )
        .env("INPUT_FAIL_ON", fail_on);
    let run = command.output().expect("run the action's script");
    Step {
        output: run,
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        report: std::fs::read_to_string(&report).ok(),
    }
}

/// Annotation lines of one level that whylint wrote outside any fence.
fn annotations(step: &Step, level: &str) -> usize {
    let prefix = format!("::{level} title=whylint ");
    [&step.output.stdout, &step.output.stderr]
        .iter()
        .map(|bytes| {
            String::from_utf8_lossy(bytes)
                .lines()
                .filter(|l| l.starts_with(&prefix))
                .count()
        })
        .sum()
}

#[test]
fn every_format_output_and_fail_on_keeps_annotations_summary_and_outputs() {
    let formats = [
        "text", "json", "sarif", "junit", "gitlab", "markdown", "github",
    ];
    for warnings_only in [false, true] {
        let (repo, event) = pull_request(warnings_only);
        for format in formats {
            for output in [false, true] {
                for fail_on in ["error", "warning", "never"] {
                    let step = run_step(&repo, &event, format, output, fail_on);
                    let what = format!(
                        "format {format}, output {output}, fail-on {fail_on}, warnings only {warnings_only}:\n{}{}",
                        String::from_utf8_lossy(&step.output.stdout),
                        String::from_utf8_lossy(&step.output.stderr)
                    );
                    let expected = match (warnings_only, fail_on) {
                        (_, "never") => 0,
                        (false, _) | (true, "warning") => 1,
                        (true, _) => 0,
                    };
                    assert_eq!(step.output.status.code(), Some(expected), "{what}");
                    if warnings_only {
                        assert!(step.outputs.starts_with("result=pass\nerrors=0\nwarnings="));
                        assert!(!step.outputs.contains("warnings=0"), "{what}");
                        assert!(annotations(&step, "warning") > 0, "{what}");
                    } else {
                        assert!(
                            step.outputs.starts_with("result=fail\nerrors="),
                            "{}\n{what}",
                            step.outputs
                        );
                        assert!(annotations(&step, "error") > 0, "{what}");
                    }
                    assert!(step.summary.starts_with("## whylint: "), "{what}");
                    if output {
                        assert!(
                            step.report.as_deref().is_some_and(|r| !r.is_empty()),
                            "{what}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn an_unknown_fail_on_is_refused() {
    let (repo, event) = pull_request(true);
    let step = run_step(&repo, &event, "text", false, "warnings");
    assert_eq!(step.output.status.code(), Some(2));
    let out = String::from_utf8_lossy(&step.output.stdout);
    assert!(
        out.contains("fail-on must be error, warning or never"),
        "{out}"
    );
}
