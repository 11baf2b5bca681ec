//! The git edge-case matrix: every repository shape whylint can meet, each with real git in a
//! temp dir and the real binary, and hooks installed with `whylint hook install` and fired by a
//! real `git commit`.

mod common;

use common::{
    Repo, both, code, exemptions, feature_origin, findings, json, make_executable, rules_of,
    stderr, stdout,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(mut command: Command) -> Output {
    command.output().expect("run")
}

/// Runs a command in `dir` instead of the repository root.
fn run_in(mut command: Command, dir: &Path) -> Output {
    command.current_dir(dir).output().expect("run")
}

/// Stages a change to `file` (relative to the working tree) for a commit through the hooks.
fn stage(repo: &Repo, file: &str) {
    repo.write(
        file,
        format!("{file}\n{:?}\n", std::time::SystemTime::now()),
    );
    repo.git(&["add", "--", file]);
}

/// Writes `file` in `dir`, stages it and runs `git commit -q -m MESSAGE` there, hooks and all.
fn commit_in(repo: &Repo, dir: &Path, file: &str, message: &str) -> Output {
    std::fs::write(dir.join(file), format!("{file}\n")).expect("write");
    let added = run_in(repo.git_command(&["add", file]), dir);
    assert!(added.status.success(), "{}", both(&added));
    run_in(repo.git_command(&["commit", "-q", "-m", message]), dir)
}

/// `git commit -q -m MESSAGE`, hooks and all.
fn commit_through_hooks(repo: &Repo, message: &str) -> Output {
    repo.git_output(&["commit", "-q", "-m", message])
}

fn install_hooks(repo: &Repo) -> Output {
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    output
}

/// Asserts a run stopped with exit 2, reported nothing, and said `needle` on stderr.
fn assert_stopped(output: &Output, needle: &str) {
    assert_eq!(code(output), 2, "{}", both(output));
    assert_eq!(stdout(output), "", "nothing is reported when a run stops");
    assert!(stderr(output).contains(needle), "{}", stderr(output));
}

/// A repository whose first commit adds `config` as its `.whylint.yml`.
fn repo_with_config(config: &str) -> Repo {
    let mut repo = Repo::new();
    repo.write(".whylint.yml", config);
    repo.git(&["add", ".whylint.yml"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo
}

fn head_subject(repo: &Repo) -> String {
    repo.git(&["log", "-1", "--format=%s"]).trim().to_owned()
}

#[test]
fn empty_repository() {
    let repo = Repo::new();
    for command in ["check", "branch"] {
        let output = repo.whylint(&[command]);
        assert_eq!(code(&output), 0, "{command}: {}", both(&output));
        assert!(
            stdout(&output).contains("note: branch `main` has no commits yet: nothing to check"),
            "{command}: {}",
            stdout(&output)
        );
    }
    for command in [&["commits", "HEAD"][..], &["draft"], &["report"], &["due"]] {
        assert_stopped(&repo.whylint(command), "no commits yet");
    }
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 0);

    // The very first commit goes through the hooks like any other.
    install_hooks(&repo);
    stage(&repo, "a.txt");
    let rejected = commit_through_hooks(&repo, "Initial commit");
    assert_eq!(code(&rejected), 1, "{}", both(&rejected));
    assert!(both(&rejected).contains("[problem-link]"));
    assert!(
        !repo
            .git_output(&["rev-parse", "--verify", "-q", "HEAD"])
            .status
            .success()
    );
    let accepted = commit_through_hooks(&repo, "Initial commit\n\nRefs: #1");
    assert_eq!(code(&accepted), 0, "{}", both(&accepted));
    assert_eq!(head_subject(&repo), "Initial commit");
}

#[test]
fn unborn_head() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    // An orphan branch: HEAD names a branch that has no commit yet, in a repository that has.
    repo.git(&["checkout", "-q", "--orphan", "feat/PAY-5-fresh"]);
    let output = repo.whylint(&["check"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("branch `feat/PAY-5-fresh` has no commits yet"),
        "{}",
        stdout(&output)
    );
    let output = repo.whylint(&["branch", "--base", "main"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_stopped(
        &repo.whylint(&["commits", "main..HEAD"]),
        "branch `feat/PAY-5-fresh` is unborn",
    );
    assert_stopped(
        &repo.whylint(&["draft", "--base", "main"]),
        "no commits yet",
    );

    // The unborn branch's ticket still counts for the message being written on it.
    let message = repo.write("../m.txt", "Add export\n").display().to_string();
    let output = repo.whylint(&["msg", &message, "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    install_hooks(&repo);
    stage(&repo, "b.txt");
    let output = commit_through_hooks(&repo, "Add export");
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn detached_head() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let older = repo.commit("a.txt", "Second commit\n\nRefs: #2");
    repo.git(&["checkout", "-q", "--detach", "main"]);
    let unlinked = repo.commit("b.txt", "Tidy export code");
    let linked = repo.commit("c.txt", "Add export\n\nRefs: #42");

    // Detached and ahead of main: the commits since main, and the change as a whole.
    let output = repo.whylint(&["check", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["checked"], 3, "{report}");
    let found = findings(&report);
    assert!(
        found.contains(&(unlinked.clone(), "problem-link".to_owned())),
        "{found:?}"
    );
    assert!(found.iter().all(|(id, _)| *id != linked), "{found:?}");
    let text = stdout(&repo.whylint(&["check"]));
    assert!(
        text.contains(&format!(
            "detached HEAD at {}: 2 commits since `main`",
            &linked[..10]
        )),
        "{text}"
    );

    // `--branch` names the branch a detached HEAD stands for; its ticket counts for every commit.
    let output = repo.whylint(&["check", "--branch", "feat/PAY-9-export", "--format", "json"]);
    let report = json(&output);
    assert!(
        findings(&report)
            .iter()
            .all(|(id, rule)| !(id == &unlinked && rule == "problem-link")),
        "{report}"
    );
    assert!(
        findings(&report).contains(&("feat/PAY-9-export".to_owned(), "success-metric".to_owned())),
        "{report}"
    );

    // A message written on a detached HEAD has no branch to borrow a ticket from.
    let message = repo.write("../m.txt", "Add export\n").display().to_string();
    let output = repo.whylint(&["msg", &message]);
    assert_eq!(code(&output), 1);
    assert!(
        !stdout(&output).contains("in branch"),
        "{}",
        stdout(&output)
    );

    // Detached at an older commit of main: nothing new, so the commit itself is checked.
    repo.git(&["checkout", "-q", "--detach", &older]);
    let output = repo.whylint(&["check"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("checked its latest commit instead"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn shallow_clone() {
    let origin = feature_origin();
    let full = Repo::clone_of(&origin, &["--branch", "feature"]);
    let expected = json(&full.whylint(&["check", "--format", "json"]));
    assert_eq!(expected["summary"]["checked"], 3, "{expected}");

    // A CI checkout: depth 1, the branch alone (no `origin/main` yet). Named, the base is
    // fetched and the history deepened; the result is the full clone's.
    let shallow = Repo::clone_of(&origin, &["--depth", "1", "--branch", "feature"]);
    assert_eq!(
        shallow
            .git(&["rev-parse", "--is-shallow-repository"])
            .trim(),
        "true"
    );
    let output = shallow.whylint(&["check", "--base", "origin/main", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(findings(&report), findings(&expected));
    assert_eq!(report["summary"], expected["summary"]);
    let notices = report["notices"].to_string();
    assert!(
        notices.contains("fetched `origin/main` from `origin`")
            && notices.contains("shallow clone"),
        "{notices}"
    );
    // Depth 1 with every branch: the base is found by itself, and the history deepened.
    let shallow = Repo::clone_of(
        &origin,
        &["--depth", "1", "--no-single-branch", "--branch", "feature"],
    );
    let output = shallow.whylint(&["check", "--format", "json"]);
    let report = json(&output);
    assert_eq!(findings(&report), findings(&expected));
    assert_eq!(report["summary"], expected["summary"]);

    // Without a remote to deepen from, nothing is reported on partial history.
    let stranded = Repo::clone_of(
        &origin,
        &["--depth", "1", "--no-single-branch", "--branch", "feature"],
    );
    stranded.git(&["remote", "remove", "origin"]);
    let main = origin.git(&["rev-parse", "main"]);
    stranded.git(&["update-ref", "refs/heads/main", main.trim()]);
    // Locally the fix is git's; CI settings are for CI (tests/shallow_ci.rs).
    assert_stopped(&stranded.whylint(&["check"]), "git fetch --unshallow");
}

#[test]
fn missing_base() {
    let mut repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "develop"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    // No origin/HEAD, main, master or trunk: say how to name the base.
    assert_stopped(&repo.whylint(&["check"]), "`whylint check --base <branch>`");
    for args in [
        &["check", "--base", "origin/main"][..],
        &["branch", "--base", "origin/main"],
        &["draft", "--base", "origin/main"],
        &["commits", "origin/main..HEAD"],
    ] {
        assert_stopped(
            &repo.whylint(args),
            "`origin/main` is not in this repository",
        );
    }
    // A base that shares no history with the branch: `A...B` has no merge base to start from.
    repo.git(&["checkout", "-q", "--orphan", "other"]);
    repo.commit("b.txt", "Other root\n\nRefs: #2");
    let unrelated = repo.whylint(&["commits", "develop...other"]);
    assert_stopped(&unrelated, "share no history");
    // Not a shallow clone, so no fetch to suggest, and none of libgit2's own words.
    let error = stderr(&unrelated);
    assert!(
        !error.contains("shallow") && !error.contains("class="),
        "{error}"
    );
}

#[test]
fn worktree() {
    let repo = repo_with_config("rules:\n  success-metric: { level: warning }\n");
    let tree = repo.path().join("../wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        &tree.display().to_string(),
        "-b",
        "feat/PAY-3-wt",
    ]);

    // Installed from the worktree, the hooks go where git looks for them: the common dir.
    let output = run_in(repo.whylint_command(&["hook", "install"]), &tree);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(repo.path().join(".git/hooks/commit-msg").is_file());
    let status = run_in(repo.whylint_command(&["hook", "status"]), &tree);
    assert!(
        stdout(&status).contains("commit-msg: whylint"),
        "{}",
        stdout(&status)
    );

    let git_in_tree = |args: &[&str]| run_in(repo.git_command(args), &tree);
    let output = commit_in(&repo, &tree, "b.txt", "Add export");
    assert_eq!(
        code(&output),
        0,
        "the worktree's branch links PAY-3: {}",
        both(&output)
    );

    // `check` in the worktree compares its branch with main, with the worktree's config (the
    // missing metric is a warning there).
    let output = run_in(repo.whylint_command(&["check", "--format", "json"]), &tree);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["checked"], 2, "{report}");
    assert_eq!(rules_of(&report), ["success-metric"], "{report}");
    assert_eq!(report["findings"][0]["level"], "warning");

    git_in_tree(&["checkout", "-q", "-b", "tidy"]);
    let output = commit_in(&repo, &tree, "c.txt", "Tidy export");
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(
        both(&output).contains("worktrees/wt/COMMIT_EDITMSG \"Tidy export\""),
        "{}",
        both(&output)
    );
    // The printed recovery reopens the worktree's own message.
    let editor = repo.write(
        "../add-ref.sh",
        "#!/bin/sh\nprintf '\\nRefs: #8\\n' >> \"$1\"\n",
    );
    make_executable(&editor);
    let mut recover =
        repo.shell(r#"git commit -q -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#);
    recover.env("GIT_EDITOR", &editor);
    let output = run_in(recover, &tree);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let message = git_in_tree(&["log", "-1", "--format=%B"]);
    assert_eq!(stdout(&message).trim(), "Tidy export\n\nRefs: #8");
}

#[test]
fn submodule() {
    let mut library = Repo::new();
    library.commit("lib.txt", "Start the library\n\nRefs: #1");
    let mut parent = Repo::new();
    // The parent switches problem-link off; the submodule is its own repository, so its
    // commits are still held to the default rules.
    parent.write(".whylint.yml", "rules:\n  problem-link: { level: off }\n");
    parent.git(&["add", ".whylint.yml"]);
    parent.commit("a.txt", "Initial commit");
    parent.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &format!("file://{}", library.path().display()),
        "libs/lib",
    ]);
    parent.git(&["commit", "-q", "--no-verify", "-m", "Add the library"]);
    let output = parent.whylint(&["commits", "HEAD", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));

    let sub = parent.path().join("libs/lib");
    let output = run_in(parent.whylint_command(&["hook", "install"]), &sub);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        parent
            .path()
            .join(".git/modules/libs/lib/hooks/commit-msg")
            .is_file(),
        "{}",
        stdout(&output)
    );
    assert!(!parent.path().join(".git/hooks/commit-msg").exists());

    let output = commit_in(&parent, &sub, "s.txt", "Add helper");
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(
        both(&output).contains("modules/libs/lib/COMMIT_EDITMSG \"Add helper\""),
        "{}",
        both(&output)
    );
    let output = run_in(
        parent.git_command(&["commit", "-q", "-m", "Add helper\n\nRefs: #77"]),
        &sub,
    );
    assert_eq!(code(&output), 0, "{}", both(&output));
    let output = run_in(
        parent.whylint_command(&["commits", "HEAD", "--format", "json"]),
        &sub,
    );
    let report = json(&output);
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    // Parent and library: what the library commit says does not leak into the parent's checks.
    let output = parent.whylint(&["check", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn bare_repository() {
    let mut origin = Repo::new();
    origin.commit("a.txt", "Initial commit\n\nRefs: #1");
    origin.git(&["checkout", "-q", "-b", "feat/x"]);
    let unlinked = origin.commit("b.txt", "Tidy export code");
    origin.git(&["checkout", "-q", "main"]);
    let bare = Repo::clone_of(&origin, &["--bare"]);
    assert_eq!(
        bare.git(&["rev-parse", "--is-bare-repository"]).trim(),
        "true"
    );

    let output = bare.whylint(&["commits", "main..feat/x", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(
        findings(&json(&output)),
        [(unlinked, "problem-link".to_owned())]
    );
    // HEAD is main: on the base branch, check looks at the latest commit.
    let output = bare.whylint(&["check"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(stdout(&output).contains("checked its latest commit instead"));
    let output = bare.whylint(&["report", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // Hooks go into the bare repository's own hooks directory.
    let output = bare.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(bare.path().join("hooks/commit-msg").is_file());
    let output = bare
        .whylint_command(&["msg", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"Add export\n\nRefs: #5\n")?;
            child.wait_with_output()
        })
        .expect("run");
    assert_eq!(code(&output), 0, "{}", both(&output));
}

#[test]
fn core_hooks_path() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    // A hook already there is kept, chained, and runs first.
    let marker = repo.path().join("../chained-ran");
    let previous = format!("#!/bin/sh\ntouch '{}'\n", marker.display());
    repo.write(".githooks/commit-msg", &previous);
    make_executable(&repo.path().join(".githooks/commit-msg"));

    std::fs::create_dir_all(repo.path().join("src/deep")).expect("subdir");
    let output = run_in(
        repo.whylint_command(&["hook", "install"]),
        &repo.path().join("src/deep"),
    );
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stdout(&output).contains("kept as commit-msg.whylint-chained"),
        "{}",
        stdout(&output)
    );
    let installed =
        std::fs::read_to_string(repo.path().join(".githooks/commit-msg")).expect("installed hook");
    assert!(installed.contains("Installed by whylint"), "{installed}");
    assert!(repo.path().join(".githooks/prepare-commit-msg").is_file());
    assert!(!repo.path().join(".git/hooks/commit-msg").exists());
    let status = repo.whylint(&["hook", "status"]);
    assert!(
        stdout(&status).contains("commit-msg: whylint, after the hook that was there before"),
        "{}",
        stdout(&status)
    );

    // The hook runs on a real commit: the chained hook first, then whylint.
    stage(&repo, "a.txt");
    let output = commit_through_hooks(&repo, "Add export");
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(marker.exists(), "the chained hook did not run");
    assert!(both(&output).contains("[problem-link]"));
    let output = commit_through_hooks(&repo, "Add export\n\nRefs: #4");
    assert_eq!(code(&output), 0, "{}", both(&output));

    // An absolute hooks path outside the repository (a shared hooks directory).
    let shared = repo.path().join("../shared hooks");
    repo.git(&["config", "core.hooksPath", &shared.display().to_string()]);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(shared.join("commit-msg").is_file());
    stage(&repo, "b.txt");
    let output = commit_through_hooks(&repo, "Tidy export");
    assert_eq!(code(&output), 1, "{}", both(&output));

    // Uninstalling puts the previous hook back byte for byte.
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let output = repo.whylint(&["hook", "uninstall"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".githooks/commit-msg")).expect("restored"),
        previous
    );
}

#[test]
fn path_with_spaces_and_non_ascii() {
    let repo = Repo::new();
    let odd = repo.path().join("../it's a dir/ünïcødé 日本 $HOME `id`");
    // The binary too lives at such a path; the hook script must quote it.
    let bin_dir = odd.join("bin dir");
    std::fs::create_dir_all(&bin_dir).expect("bin dir");
    let binary = bin_dir.join("why lint ü");
    std::fs::copy(common::bin(), &binary).expect("copy the binary");
    make_executable(&binary);
    let work = odd.join("repo");
    std::fs::create_dir_all(&work).expect("work dir");
    let git = |args: &[&str]| {
        let output = run_in(repo.git_command(args), &work);
        assert!(output.status.success(), "git {args:?}: {}", both(&output));
        output
    };
    git(&["init", "-q", "-b", "feat/PAY-5-ünïcödé"]);
    let mut install = Command::new(&binary);
    install.args(["hook", "install"]);
    common::isolate(&mut install, &repo.home());
    let output = run_in(install, &work);
    assert_eq!(code(&output), 0, "{}", both(&output));

    std::fs::write(work.join("ä b.txt"), "x\n").expect("write");
    git(&["add", "."]);
    let output = run_in(
        repo.git_command(&["commit", "-q", "-m", "Add ä export"]),
        &work,
    );
    assert_eq!(
        code(&output),
        0,
        "the branch links PAY-5: {}",
        both(&output)
    );
    git(&["checkout", "-q", "-b", "tidy/ö"]);
    std::fs::write(work.join(".whylint.yml"), "exempt:\n  paths: ['docs/**']\n").expect("write");
    git(&["add", ".whylint.yml"]);
    let output = run_in(repo.git_command(&["commit", "-q", "-m", "Tidy ü"]), &work);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(both(&output).contains("\"Tidy ü\""), "{}", both(&output));
    let output = run_in(
        repo.git_command(&["commit", "-q", "-m", "Tidy ü\n\nRefs: #6"]),
        &work,
    );
    assert_eq!(code(&output), 0, "{}", both(&output));

    // Exempt paths match non-ASCII file names with spaces.
    std::fs::create_dir_all(work.join("docs/ä ö")).expect("docs");
    std::fs::write(work.join("docs/ä ö/ü ß.md"), "docs\n").expect("write");
    git(&["add", "docs"]);
    git(&["commit", "-q", "--no-verify", "-m", "Explain ü"]);
    let mut commits = Command::new(&binary);
    commits.args(["commits", "HEAD", "--format", "json"]);
    common::isolate(&mut commits, &repo.home());
    let output = run_in(commits, &work);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(
        exemptions(&json(&output)),
        [(
            "paths".to_owned(),
            "changes only paths matching `docs/**`".to_owned()
        )]
    );
}

#[test]
fn commit_with_iso_8859_1_encoding() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["config", "i18n.commitEncoding", "ISO-8859-1"]);
    install_hooks(&repo);
    // An editor set up for the repository saves the message in Latin-1.
    let rejected = repo.write(
        "../unlinked-latin1.txt",
        b"Caf\xe9 cr\xe8me export\n\nPour la caissi\xe8re.\n",
    );
    stage(&repo, "b.txt");
    let output = repo.git_output(&["commit", "-q", "-F", &rejected.display().to_string()]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    let text = both(&output);
    assert!(
        text.contains("COMMIT_EDITMSG \"Café crème export\""),
        "{text}"
    );
    assert!(text.contains("\n    Café crème export\n"), "{text}");
    assert!(
        !text.contains('\u{fffd}') && !text.contains("not valid"),
        "{text}"
    );

    let linked = repo.write(
        "../linked-latin1.txt",
        b"Caf\xe9 cr\xe8me export\n\nPour la caissi\xe8re.\n\nRefs: #12\n",
    );
    let output = repo.git_output(&["commit", "-q", "-F", &linked.display().to_string()]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let raw = repo.git_output(&["cat-file", "commit", "HEAD"]).stdout;
    assert!(
        raw.windows(22).any(|w| w == b"encoding ISO-8859-1\n\nC"),
        "the commit records its encoding"
    );

    // Read back from history, the `encoding` header is honoured.
    let output = repo.whylint(&["commits", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    assert_eq!(report["notices"], serde_json::json!([]), "{report}");
    let text = stdout(&repo.whylint(&["commits", "HEAD~1..HEAD"]));
    assert!(!text.contains('\u{fffd}'), "{text}");

    // A Latin-1 commit with no reference: its title is decoded, not replaced.
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "--allow-empty",
        "-F",
        &rejected.display().to_string(),
    ]);
    let output = repo.whylint(&["commits", "HEAD", "--format", "json"]);
    let report = json(&output);
    assert_eq!(
        report["findings"][0]["target"]["title"],
        "Café crème export"
    );
}

#[test]
fn merge_with_three_parents() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "b1"]);
    let first = repo.commit("b1.txt", "Add export\n\nRefs: #11");
    repo.git(&["checkout", "-q", "-b", "b2", "main"]);
    let second = repo.commit("b2.txt", "Tidy export code");
    repo.git(&["checkout", "-q", "-b", "feature", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-edit", "b1", "b2"]);
    repo.tick();
    let merge = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    assert_eq!(
        repo.git(&["log", "-1", "--format=%P"])
            .split_whitespace()
            .count(),
        3
    );

    let output = repo.whylint(&["commits", "main..HEAD", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["checked"], 3, "{report}");
    assert_eq!(
        exemptions(&report),
        [("merge".to_owned(), "merge commit with 3 parents".to_owned())]
    );
    assert_eq!(
        findings(&report),
        [(second.clone(), "problem-link".to_owned())]
    );
    assert!(findings(&report).iter().all(|(id, _)| *id != first));

    // With merges not exempt, the octopus is checked like any commit.
    repo.write("../no-merges.yml", "exempt:\n  merges: false\n");
    let config = repo.path().join("../no-merges.yml").display().to_string();
    let output = repo.whylint(&["--config", &config, "commits", &merge, "--format", "json"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        findings(&json(&output)),
        [(merge, "problem-link".to_owned())]
    );

    let output = repo.whylint(&["check", "--format", "json"]);
    let report = json(&output);
    assert_eq!(
        report["summary"]["checked"], 4,
        "three commits and the branch: {report}"
    );
}

#[test]
fn root_commit() {
    let mut repo = Repo::new();
    let root = repo.commit("docs/guide.md", "Start the guide");
    // The root's diff is against the empty tree: touching only docs/**, it is path-exempt.
    repo.write("../docs-exempt.yml", "exempt:\n  paths: ['docs/**']\n");
    let config = repo.path().join("../docs-exempt.yml").display().to_string();
    let output = repo.whylint(&["--config", &config, "commits", "HEAD", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert_eq!(
        exemptions(&json(&output)),
        [(
            "paths".to_owned(),
            "changes only paths matching `docs/**`".to_owned()
        )]
    );
    // Without the exemption, the root is checked like any commit.
    let output = repo.whylint(&["commits", &root, "--format", "json"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        findings(&json(&output)),
        [(root.clone(), "problem-link".to_owned())]
    );
    // On main with only the root: check looks at it.
    let output = repo.whylint(&["check", "--format", "json"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        findings(&json(&output)),
        [(root, "problem-link".to_owned())]
    );
    // Ranges and reports that start at or before the root.
    assert_stopped(&repo.whylint(&["commits", "HEAD~1..HEAD"]), "`HEAD~1`");
    let output = repo.whylint(&["report", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = repo.whylint(&["draft"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn commit_with_empty_message() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "--allow-empty",
        "--allow-empty-message",
        "-m",
        "",
    ]);
    repo.tick();
    let empty = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let output = repo.whylint(&["commits", "HEAD", "--format", "json"]);
    assert_eq!(code(&output), 1);
    let report = json(&output);
    assert_eq!(
        findings(&report),
        [
            (empty.clone(), "problem-link".to_owned()),
            (empty.clone(), "subject-line".to_owned())
        ]
    );
    assert!(
        report["findings"][0]["target"].get("title").is_none(),
        "{report}"
    );
    let text = stdout(&repo.whylint(&["commits", "HEAD"]));
    assert!(
        text.contains(&format!("commit {}\n", &empty[..10])),
        "{text}"
    );

    // Through the hook, an empty message is rejected with a whole example to start from.
    install_hooks(&repo);
    stage(&repo, "b.txt");
    let output = repo.git_output(&["commit", "-q", "--allow-empty-message", "-m", ""]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    let text = both(&output);
    assert!(text.contains("[subject-line]"), "{text}");
    assert!(text.contains("\n    Add CSV export\n"), "{text}");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]).trim(), empty);
}

#[test]
fn git_dir_and_work_tree_set_by_hooks() {
    // A project rule, to see that the hook found the repository's own configuration.
    let repo = repo_with_config(
        "rules:\n  - id: no-wip\n    level: error\n    on: [commit]\n    summary: No work in progress\n    question: Is this ready?\n    help: Finish it first.\n    check:\n      pattern: { field: subject, not-matches: '(?i)\\bwip\\b' }\n",
    );
    install_hooks(&repo);
    repo.git(&["checkout", "-q", "-b", "feat/PAY-7-export"]);

    // From a subdirectory: git runs the hook at the top of the working tree.
    let deep = repo.path().join("src/deep");
    std::fs::create_dir_all(&deep).expect("subdir");
    let output = commit_in(&repo, &deep, "b.txt", "WIP export");
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(both(&output).contains("[no-wip]"), "{}", both(&output));
    let output = run_in(
        repo.git_command(&["commit", "-q", "-m", "Add export"]),
        &deep,
    );
    assert_eq!(
        code(&output),
        0,
        "the branch links PAY-7: {}",
        both(&output)
    );

    // From outside, with GIT_DIR and GIT_WORK_TREE exported (git hands hooks
    // `GIT_WORK_TREE=.`): the same repository, configuration and branch.
    let elsewhere = repo.home().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("elsewhere");
    let git_dir: PathBuf = repo.path().join(".git");
    let exported = |args: &[&str]| {
        let mut command = repo.git_command(args);
        command
            .env("GIT_DIR", &git_dir)
            .env("GIT_WORK_TREE", repo.path())
            .current_dir(&elsewhere);
        run(command)
    };
    repo.write("c.txt", "c\n");
    exported(&["add", "c.txt"]);
    let output = exported(&["commit", "-q", "-m", "WIP export"]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(both(&output).contains("[no-wip]"), "{}", both(&output));
    let output = exported(&["commit", "-q", "-m", "Export as CSV"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(head_subject(&repo), "Export as CSV");

    // `git --git-dir --work-tree`, on a branch without a ticket: rejected, and the printed
    // recovery command works from there too.
    let flags = [
        format!("--git-dir={}", git_dir.display()),
        format!("--work-tree={}", repo.path().display()),
    ];
    let with_flags = |args: &[&str]| {
        let mut command = repo.git_command(&[flags[0].as_str(), flags[1].as_str()]);
        command.args(args).current_dir(&elsewhere);
        run(command)
    };
    let output = with_flags(&["checkout", "-q", "-b", "tidy"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    repo.write("d.txt", "d\n");
    with_flags(&["add", "d.txt"]);
    let output = with_flags(&["commit", "-q", "-m", "Tidy export"]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(
        both(&output).contains("[problem-link]"),
        "{}",
        both(&output)
    );
    assert!(!both(&output).contains("[no-wip]"));
    let editor = repo.write(
        "../add-ref.sh",
        "#!/bin/sh\nprintf '\\nRefs: #8\\n' >> \"$1\"\n",
    );
    make_executable(&editor);
    let mut recover =
        repo.shell(r#"git commit -q -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#);
    recover
        .env("GIT_EDITOR", &editor)
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", repo.path())
        .current_dir(&elsewhere);
    let output = run(recover);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]).trim(),
        "Tidy export\n\nRefs: #8"
    );
}
