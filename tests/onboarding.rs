//! Hooks and onboarding with the real `git commit`: `whylint hook install/uninstall/status`,
//! the prepare-commit-msg pre-fill, and `whylint init`.

mod common;

use common::{Repo, code, stderr, stdout};
use std::path::{Path, PathBuf};

/// Where `init` is told to install whylint from in CI (a commit of this repository).
const SOURCE: &str = "https://github.com/OWNER/whylint@dbc52c2a3b812a07a61794402cfd7b14924e6bbe";

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
        shown.contains("# whylint: how will we know this actually worked?"),
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

    let output = repo.whylint(&["init", "--source", SOURCE]);
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
    let output = repo.whylint(&["init", "--source", SOURCE]);
    assert_eq!(code(&output), 0);
    assert!(
        repo.path()
            .join(".gitlab/merge_request_templates/Default.md")
            .is_file()
    );
    assert!(repo.path().join(".gitlab/whylint.gitlab-ci.yml").is_file());
}

/// The lines of the "Next:" block, as printed.
fn next_lines(printed: &str) -> Vec<String> {
    printed
        .lines()
        .skip_while(|line| *line != "Next:")
        .skip(1)
        .map(|line| line.trim().to_owned())
        .collect()
}

/// Runs each shell command of `next` (`git …` and `printf …`) in `repo`, committing with an
/// editor that writes a message saying why.
fn follow(repo: &Repo, next: &[String]) {
    let editor = repo.write(
        "../message.sh",
        "#!/bin/sh\nprintf 'Set up whylint\\n\\nRefs: #1\\n' > \"$1\"\n",
    );
    common::make_executable(&editor);
    for line in next {
        let command = line.split(" # ").next().unwrap_or(line).trim();
        if !(command.starts_with("git ") || command.starts_with("printf ")) {
            continue;
        }
        let mut shell = repo.shell(command);
        shell.env("GIT_EDITOR", &editor);
        let run = shell.output().expect("run the Next: command");
        assert_eq!(code(&run), 0, "{command}: {}", both(&run));
    }
}

/// The `local:` entries of the committed `.gitlab-ci.yml`'s `include:`, read as YAML.
fn committed_gitlab_includes(repo: &Repo) -> Vec<String> {
    let text = repo.git(&["show", "HEAD:.gitlab-ci.yml"]);
    let node = marked_yaml::parse_yaml(0, &text).expect("committed .gitlab-ci.yml is YAML");
    let map = node.as_mapping().expect("a mapping");
    let include = map.get_node("include").expect("an include: key");
    include
        .as_sequence()
        .expect("a list")
        .iter()
        .filter_map(|item| {
            item.as_mapping()?
                .get_scalar("local")
                .map(|s| s.as_str().to_owned())
        })
        .collect()
}

#[test]
fn init_for_gitlab_tells_how_the_job_gets_run() {
    // No .gitlab-ci.yml: init writes one that includes the job, and commits it.
    let repo = Repo::new();
    let output = repo.whylint(&["init", "--gitlab", "--source", SOURCE]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("wrote .gitlab-ci.yml"),
        "{}",
        both(&output)
    );
    follow(&repo, &next_lines(&stdout(&output)));
    assert_eq!(
        committed_gitlab_includes(&repo),
        [".gitlab/whylint.gitlab-ci.yml"]
    );

    // A .gitlab-ci.yml of the user's, without an include: Next appends one, and commits it; the
    // user's lines stay as they were.
    let repo = Repo::new();
    repo.write(
        ".gitlab-ci.yml",
        "stages: [build, test]\nbuild:\n  stage: build\n  script: make",
    );
    let output = repo.whylint(&["init", "--gitlab", "--source", SOURCE]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        !stdout(&output).contains("wrote .gitlab-ci.yml"),
        "{}",
        both(&output)
    );
    follow(&repo, &next_lines(&stdout(&output)));
    assert_eq!(
        committed_gitlab_includes(&repo),
        [".gitlab/whylint.gitlab-ci.yml"]
    );
    assert!(
        repo.git(&["show", "HEAD:.gitlab-ci.yml"])
            .starts_with("stages: [build, test]\nbuild:\n  stage: build\n  script: make\n")
    );

    // One with an include: of its own is never appended to (a second key would break it); Next
    // says what to add to that list.
    let repo = Repo::new();
    repo.write(".gitlab-ci.yml", "include:\n  - local: ci/base.yml\n");
    let output = repo.whylint(&["init", "--gitlab", "--source", SOURCE]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let next = next_lines(&stdout(&output));
    assert!(
        !next.iter().any(|line| line.starts_with("printf")),
        "{next:?}"
    );
    assert!(
        next.iter().any(|line| line
            .contains("add `- local: .gitlab/whylint.gitlab-ci.yml` to the `include:` list")),
        "{next:?}"
    );
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
        stdout(&output).contains(".TH WHYLINT 1"),
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

/// Every `cargo install` in `text` builds a pinned commit from a git URL with `--locked`.
fn assert_installs_are_pinned(text: &str) {
    for line in text.lines().filter(|line| line.contains("cargo install")) {
        let pinned = line.contains("--locked")
            && line.contains("--git https://")
            && line
                .split_whitespace()
                .skip_while(|word| *word != "--rev")
                .nth(1)
                .is_some_and(|rev| rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(
            pinned,
            "an install that is not a pinned commit: {line}\n{text}"
        );
    }
    for line in text.lines().filter(|line| line.contains("uses:")) {
        let reference = line
            .split_whitespace()
            .find(|word| word.contains('@'))
            .and_then(|word| word.split_once('@'))
            .map(|(_, reference)| reference);
        assert!(
            reference.is_some_and(|r| r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit())),
            "an action that is not pinned by commit: {line}"
        );
    }
}

#[test]
fn init_writes_only_install_steps_that_work_and_a_next_that_runs() {
    // Not told where to install from: no CI file, and says why.
    let repo = Repo::new();
    let output = repo.whylint(&["init"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(!repo.path().join(".github/workflows/whylint.yml").exists());
    assert!(
        stdout(&output).contains("not written: .github/workflows/whylint.yml"),
        "{}",
        both(&output)
    );
    // "Next:" names only what was written, and its commands run as printed.
    let printed = stdout(&output);
    let next: Vec<&str> = printed
        .lines()
        .skip_while(|line| *line != "Next:")
        .map(|line| line.split('#').next().unwrap_or(line).trim())
        .filter(|line| line.starts_with("git "))
        .collect();
    assert_eq!(next.len(), 2, "{}", both(&output));
    let editor = repo.write(
        "../message.sh",
        "#!/bin/sh\nprintf 'Set up whylint\\n\\nRefs: #1\\n' > \"$1\"\n",
    );
    common::make_executable(&editor);
    for command in next {
        let mut shell = repo.shell(command);
        shell.env("GIT_EDITOR", &editor);
        let run = shell.output().expect("run the Next: command");
        assert_eq!(code(&run), 0, "{command}: {}", both(&run));
    }
    let committed = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        committed.lines().collect::<Vec<_>>(),
        [
            ".github/pull_request_template.md",
            ".gitmessage",
            ".whylint.yml"
        ],
        "{committed}"
    );

    // Told: GitHub gets the action pinned by commit, GitLab a pinned build; a bad source is an
    // error before anything is written.
    let repo = Repo::new();
    let output = repo.whylint(&["init", "--source", SOURCE]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let workflow = std::fs::read_to_string(repo.path().join(".github/workflows/whylint.yml"))
        .expect("workflow");
    // The pin covers the binary: the action builds that commit (no release asset, whose
    // contents can change under the same tag), and no version comment claims what the sha is.
    assert!(
        workflow.contains(
            "uses: OWNER/whylint@dbc52c2a3b812a07a61794402cfd7b14924e6bbe\n        with:\n"
        ),
        "{workflow}"
    );
    assert!(
        workflow.contains("          version: source\n"),
        "{workflow}"
    );
    assert_installs_are_pinned(&workflow);
    let repo = Repo::new();
    let output = repo.whylint(&["init", "--gitlab", "--source", SOURCE]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let job =
        std::fs::read_to_string(repo.path().join(".gitlab/whylint.gitlab-ci.yml")).expect("job");
    assert!(job.contains("cargo install --locked --git"), "{job}");
    assert_installs_are_pinned(&job);
    let output = repo.whylint(&[
        "init",
        "--source",
        "https://github.com/OWNER/whylint@v0.1.0",
    ]);
    assert_eq!(code(&output), 2, "{}", both(&output));
    assert!(
        stderr(&output).contains("full commit id"),
        "{}",
        both(&output)
    );
}

/// The fenced code block of `readme` whose first line is `first`, without that line when it is
/// only the file's name.
fn readme_block(readme: &str, first: &str) -> String {
    let start = readme
        .find(&format!("```yaml\n{first}\n"))
        .unwrap_or_else(|| panic!("README has no yaml block starting {first:?}"));
    let body = &readme[start + "```yaml\n".len()..];
    let end = body.find("```").expect("the block ends");
    body[..end].to_owned()
}

#[test]
fn readme_ci_snippets_are_what_init_writes() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let github = readme_block(&readme, "# .github/workflows/whylint.yml");
    let github = github
        .split_once('\n')
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or_default();
    let gitlab = readme_block(
        &readme,
        "# Include from .gitlab-ci.yml:  include: { local: .gitlab/whylint.gitlab-ci.yml }",
    );
    for (flags, file, shown) in [
        (&[][..], ".github/workflows/whylint.yml", &github),
        (&["--gitlab"][..], ".gitlab/whylint.gitlab-ci.yml", &gitlab),
    ] {
        let repo = Repo::new();
        let mut args = vec!["init", "--source", SOURCE];
        args.extend_from_slice(flags);
        let output = repo.whylint(&args);
        assert_eq!(code(&output), 0, "{}", both(&output));
        let written = std::fs::read_to_string(repo.path().join(file)).expect("written");
        assert_eq!(
            &written, shown,
            "README's {file} differs from what init writes"
        );
        assert!(written.contains("--config-from") || written.contains("config-from:"));
        assert!(written.contains("cannot weaken the rules"), "{written}");
    }
    // Every other CI snippet in the README installs a pinned commit too.
    let ci = &readme[readme.find("## In CI").expect("In CI")..];
    for block in ci.split("```yaml\n").skip(1) {
        assert_installs_are_pinned(block.split("```").next().unwrap_or(block));
    }
}
