//! Hooks and onboarding with the real `git commit`: `whylint hook install/uninstall/status`,
//! the prepare-commit-msg pre-fill, and `whylint init`.

mod common;

use common::{Repo, code, stderr, stdout};
use std::path::{Path, PathBuf};

fn both(output: &std::process::Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

/// An editor that saves a copy of what git showed it, then writes `subject` on the first line.
fn capturing_editor(repo: &Repo, subject: &str) -> (PathBuf, PathBuf) {
    let seen = repo.home().join("seen.txt");
    let script = format!(
        "#!/bin/sh\ncp \"$1\" '{}'\n{{ printf '%s\\n' '{subject}'; cat \"$1\"; }} > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
        seen.display()
    );
    let editor = repo.write("../editor.sh", script);
    common::make_executable(&editor);
    (editor, seen)
}

fn commit_with_editor(repo: &Repo, editor: &Path, args: &[&str]) -> std::process::Output {
    repo.write("file.txt", format!("{}\n", args.len()));
    repo.git(&["add", "file.txt"]);
    let mut all = vec!["commit"];
    all.extend_from_slice(args);
    let mut command = repo.git_command(&all);
    command.env("GIT_EDITOR", editor);
    command.output().expect("git commit")
}

#[test]
fn prepare_prefills_the_ticket_and_prompts_for_a_new_message() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let (editor, seen) = capturing_editor(&repo, "Add CSV export");
    let output = commit_with_editor(&repo, &editor, &[]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let shown = std::fs::read_to_string(&seen).expect("editor saw the message");
    assert!(
        shown.starts_with("\n\nRefs: PAY-12\n# whylint: what problem"),
        "{shown:?}"
    );
    assert!(
        shown.contains("# whylint: how will we know it worked?"),
        "{shown}"
    );
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert_eq!(message.trim(), "Add CSV export\n\nRefs: PAY-12");

    // A numbered branch gives `#12`.
    repo.git(&["checkout", "-q", "-b", "12-fix-login"]);
    commit_with_editor(&repo, &editor, &[]);
    assert!(
        std::fs::read_to_string(&seen)
            .expect("seen")
            .contains("Refs: #12")
    );
}

#[test]
fn prepare_leaves_m_amend_and_merge_messages_alone() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    repo.whylint(&["hook", "install"]);
    let output = commit_with_editor(&repo, Path::new("true"), &["-q", "-m", "Add export"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(repo.git(&["log", "-1", "--format=%B"]).trim(), "Add export");

    let (editor, seen) = capturing_editor(&repo, "");
    let output = commit_with_editor(&repo, &editor, &["--amend"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let shown = std::fs::read_to_string(&seen).expect("seen");
    assert!(
        !shown.contains("Refs: PAY-12") && !shown.contains("whylint:"),
        "{shown}"
    );

    repo.git(&["checkout", "-q", "-b", "side", "main"]);
    repo.commit("s.txt", "Side\n\nRefs: #3");
    repo.git(&["checkout", "-q", "feat/PAY-12-export"]);
    let mut merge = repo.git_command(&["merge", "--no-ff", "--edit", "side"]);
    merge.env("GIT_EDITOR", &editor);
    let output = merge.output().expect("git merge");
    assert_eq!(code(&output), 0, "{}", both(&output));
    let shown = std::fs::read_to_string(&seen).expect("seen");
    assert!(
        shown.contains("Merge branch 'side'") && !shown.contains("whylint:"),
        "{shown}"
    );
}

#[test]
fn prepare_uses_the_comment_character() {
    let mut repo = Repo::new();
    repo.git(&["config", "core.commentChar", ";"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    repo.whylint(&["hook", "install"]);
    let (editor, seen) = capturing_editor(&repo, "Add CSV export");
    let output = commit_with_editor(&repo, &editor, &[]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let shown = std::fs::read_to_string(&seen).expect("seen");
    assert!(shown.contains("\n; whylint: what problem"), "{shown}");
    assert!(!repo.git(&["log", "-1", "--format=%B"]).contains("whylint:"));
}

#[test]
fn install_chains_an_existing_hook_and_uninstall_restores_it_exactly() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let existing = "#!/bin/sh\n# the team's own hook\necho 'team hook says no' >&2\nexit 1\n";
    let hook = repo.write(".git/hooks/commit-msg", existing);
    common::make_executable(&hook);
    let output = repo.whylint(&["hook", "install"]);
    assert!(
        stdout(&output).contains("kept as commit-msg.whylint-chained"),
        "{}",
        both(&output)
    );
    // The old hook still runs first, and its failure still blocks a good message.
    let output = commit_with_editor(
        &repo,
        Path::new("true"),
        &["-q", "-m", "Add export\n\nRefs: #42"],
    );
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("team hook says no"),
        "{}",
        both(&output)
    );
    let status = stdout(&repo.whylint(&["hook", "status"]));
    assert!(
        status.contains("commit-msg: whylint, after the hook that was there before"),
        "{status}"
    );

    repo.whylint(&["hook", "uninstall"]);
    assert_eq!(std::fs::read(&hook).expect("restored"), existing.as_bytes());
    assert!(
        !repo
            .path()
            .join(".git/hooks/commit-msg.whylint-chained")
            .exists()
    );
    assert!(!repo.path().join(".git/hooks/prepare-commit-msg").exists());
}

#[test]
fn core_hooks_path_is_honoured() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(repo.path().join(".githooks/commit-msg").is_file());
    let output = commit_with_editor(&repo, Path::new("true"), &["-q", "-m", "Add export"]);
    assert_eq!(
        code(&output),
        1,
        "the hook in core.hooksPath ran: {}",
        both(&output)
    );
}

#[test]
fn husky_is_detected_and_not_overwritten() {
    let repo = Repo::new();
    std::fs::create_dir_all(repo.path().join(".husky/_")).expect("husky dir");
    repo.git(&["config", "core.hooksPath", ".husky/_"]);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("husky") && stderr(&output).contains(".husky/commit-msg"),
        "{}",
        both(&output)
    );
    assert!(!repo.path().join(".husky/_/commit-msg").exists());
}

#[test]
fn init_writes_templates_that_pass_once_filled() {
    let repo = Repo::new();
    let output = repo.whylint(&["init", "--dry-run"]);
    assert!(
        stdout(&output).contains("would write .github/pull_request_template.md"),
        "{}",
        both(&output)
    );
    assert!(
        !repo.path().join(".whylint.yml").exists(),
        "--dry-run writes nothing"
    );

    let output = repo.whylint(&["init"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    for file in [
        ".whylint.yml",
        ".gitmessage",
        ".github/pull_request_template.md",
        ".github/workflows/whylint.yml",
    ] {
        assert!(
            repo.path().join(file).is_file(),
            "{file}: {}",
            stdout(&output)
        );
    }
    assert!(stdout(&output).contains("Next:"));
    // The config it writes is valid, and the template, unfilled, fails; filled, it passes.
    assert_eq!(code(&repo.whylint(&["rules"])), 0);
    let template = repo.path().join(".github/pull_request_template.md");
    let path = template.display().to_string();
    assert_eq!(code(&repo.whylint(&["pr", "--body-file", &path])), 1);
    let filled = std::fs::read_to_string(&template)
        .expect("template")
        .replace(
            "<!-- What problem are we solving for the user? Link the issue (`Closes #123`, `Refs: PAY-812`) or say who is hurt and how. -->",
            "Finance staff copy invoices by hand. Closes #42",
        )
        .replace(
            "<!-- How will we know this actually worked? A number and a direction, and when to look again, e.g. \"export tickets drop from 40/week to under 5 within 30 days\". -->",
            "Export tickets drop from 40 a week to under 5 within 30 days.",
        );
    let filled_path = repo.write("../filled.md", filled).display().to_string();
    let output = repo.whylint(&["pr", "--body-file", &filled_path]);
    assert_eq!(code(&output), 0, "{}", both(&output));
}

#[test]
fn init_keeps_an_existing_template_unless_told() {
    let repo = Repo::new();
    let ours = "## What\n\nOur own template.\n";
    repo.write(".github/pull_request_template.md", ours);
    let output = repo.whylint(&["init"]);
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).contains("kept .github/pull_request_template.md"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".github/pull_request_template.md"))
            .expect("kept"),
        ours
    );
    let output = repo.whylint(&["init", "--yes"]);
    assert!(stdout(&output).contains("wrote .github/pull_request_template.md"));
    assert!(
        std::fs::read_to_string(repo.path().join(".github/pull_request_template.md"))
            .expect("new")
            .contains("## Success metric")
    );
}

#[test]
fn init_for_gitlab_writes_the_merge_request_template() {
    let repo = Repo::new();
    repo.write(".gitlab-ci.yml", "stages: [test]\n");
    let output = repo.whylint(&["init"]);
    assert_eq!(code(&output), 0);
    assert!(
        repo.path()
            .join(".gitlab/merge_request_templates/Default.md")
            .is_file()
    );
    assert!(repo.path().join(".gitlab/whylint.gitlab-ci.yml").is_file());
}

#[test]
fn completions_and_man_page() {
    let repo = Repo::new();
    let output = repo.whylint(&["completions", "bash"]);
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).contains("_whylint()"),
        "{}",
        stdout(&output)
    );
    let output = repo.whylint(&["man"]);
    assert!(
        stdout(&output).contains(".TH whylint"),
        "{}",
        stdout(&output)
    );
}

#[cfg(unix)]
#[test]
fn init_and_output_never_write_through_a_symbolic_link() {
    let repo = Repo::new();
    let outside = repo.home().join("precious.txt");
    std::fs::write(&outside, "not yours\n").expect("outside file");
    let dangling = repo.home().join("planted.txt");
    std::os::unix::fs::symlink(&outside, repo.path().join(".whylint.yml")).expect("symlink");
    std::os::unix::fs::symlink(&dangling, repo.path().join(".gitmessage")).expect("symlink");
    let output = repo.whylint(&["init", "--yes"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("kept .whylint.yml: it is a symbolic link"),
        "{}",
        both(&output)
    );
    assert!(
        stdout(&output).contains("kept .gitmessage: it is a symbolic link"),
        "{}",
        both(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&outside).expect("outside"),
        "not yours\n"
    );
    assert!(!dangling.exists(), "init wrote through a dangling link");

    // `--output` refuses a link too, naming it, and leaves the target alone.
    std::fs::remove_file(repo.path().join(".whylint.yml")).expect("remove the config link");
    let message = repo.write("../msg.txt", "Add export\n\nRefs: #42\n");
    let report = repo.path().join("report.json");
    std::os::unix::fs::symlink(&outside, &report).expect("symlink");
    let output = repo.whylint(&[
        "msg",
        &message.display().to_string(),
        "--format",
        "json",
        "--output",
        &report.display().to_string(),
    ]);
    assert_eq!(code(&output), 2, "{}", both(&output));
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        both(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&outside).expect("outside"),
        "not yours\n"
    );
}
