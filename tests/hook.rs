//! The commit-msg hook with the real `git commit`: what gets rejected, what passes, and that a
//! rejected message can always be recovered with the command whylint prints.

mod common;

use common::{Repo, both, code, stderr, stdout};

fn commit_with_hook(repo: &Repo, message: &str) -> std::process::Output {
    repo.write("file.txt", format!("{message}\n"));
    repo.git(&["add", "file.txt"]);
    repo.git_output(&["commit", "-q", "-m", message])
}

#[test]
fn bare_subject_is_rejected_and_the_message_is_recoverable() {
    let repo = Repo::new();
    repo.install_commit_msg_hook();
    let output = commit_with_hook(&repo, "Add export");
    assert_eq!(code(&output), 1, "git commit must fail: {}", both(&output));
    let text = both(&output);
    let recovery = r#"git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#;
    // In order: what is missing, the question, an example built from this subject, how to
    // reopen the message, how to skip once.
    let order = [
        "[problem-link]",
        "What problem are we solving for the user?",
        "    Add export",
        "    Refs: #123",
        recovery,
        "--no-verify",
    ];
    let mut from = 0;
    for part in order {
        let found = text[from..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing after byte {from} in {text}"));
        from += found + part.len();
    }
    // Nothing was committed, and the typed message is still on disk.
    assert!(
        !repo
            .git_output(&["rev-parse", "--verify", "-q", "HEAD"])
            .status
            .success()
    );
    let kept =
        std::fs::read_to_string(repo.path().join(".git/COMMIT_EDITMSG")).expect("kept message");
    assert!(kept.starts_with("Add export"), "{kept}");

    // The printed recovery command works, run as printed from a subdirectory: an editor appends
    // the missing link and the commit lands with the original words.
    let editor = repo.write(
        "../add-ref.sh",
        "#!/bin/sh\nprintf '\\nRefs: #42\\n' >> \"$1\"\n",
    );
    common::make_executable(&editor);
    std::fs::create_dir_all(repo.path().join("sub")).expect("subdir");
    let template = repo.git_command(&[]);
    let mut recover = std::process::Command::new("sh");
    recover
        .arg("-c")
        .arg(recovery)
        .current_dir(repo.path().join("sub"));
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => recover.env(key, value),
            None => recover.env_remove(key),
        };
    }
    recover.env("GIT_EDITOR", &editor);
    let recovered = recover.output().expect("run the recovery command");
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(message.starts_with("Add export"), "{message}");
    assert!(message.contains("Refs: #42"), "{message}");
}

#[test]
fn a_reference_passes() {
    let repo = Repo::new();
    repo.install_commit_msg_hook();
    let output = commit_with_hook(&repo, "Add export\n\nRefs: #42");
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(repo.git(&["log", "-1", "--format=%s"]).trim(), "Add export");
}

#[test]
fn ticket_in_branch_name_links_the_problem() {
    let repo = Repo::new();
    repo.install_commit_msg_hook();
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    let output = commit_with_hook(&repo, "Add export");
    assert_eq!(code(&output), 0, "{}", both(&output));
}

#[test]
fn feat_commit_needs_a_metric_but_docs_does_not() {
    let repo = Repo::new();
    repo.install_commit_msg_hook();
    let feat = commit_with_hook(&repo, "feat: add export\n\nRefs: #42");
    assert_eq!(code(&feat), 1, "{}", both(&feat));
    let text = both(&feat);
    assert!(text.contains("[success-metric]"), "{text}");
    assert!(!text.contains("[problem-link]"), "{text}");

    let docs = commit_with_hook(&repo, "docs: explain export\n\nRefs: #42");
    assert_eq!(code(&docs), 0, "{}", both(&docs));

    let measured = commit_with_hook(
        &repo,
        "feat: add export\n\nRefs: #42\nMetric: export tickets drop from 40/week to under 5 within 30 days",
    );
    assert_eq!(code(&measured), 0, "{}", both(&measured));
}

#[test]
fn comment_char_is_honoured_in_the_hook() {
    let repo = Repo::new();
    repo.git(&["config", "core.commentChar", ";"]);
    repo.install_commit_msg_hook();
    // With `;` as comment character, `#12` is content: the issue link survives cleanup.
    repo.write("file.txt", "x\n");
    repo.git(&["add", "file.txt"]);
    let message = repo.write(
        "../msg.txt",
        "Fix crash on empty invoice\n\n#12 explains the crash\n; a comment\n",
    );
    let output = repo.git_output(&[
        "commit",
        "-q",
        "--cleanup=strip",
        "-F",
        &message.display().to_string(),
    ]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let kept = repo.git(&["log", "-1", "--format=%B"]);
    assert!(kept.contains("#12 explains"), "{kept}");
    assert!(!kept.contains("a comment"), "{kept}");
}

#[test]
fn no_text_reaches_a_shell() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    // A branch name and messages that a shell would run: `$(…)`, backticks, `;`, `|`.
    repo.git(&["checkout", "-q", "-b", "feat/$(touch${IFS}pwned-branch)"]);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let hostile = [
        "Add $(touch pwned-subst) export\n\nRefs: #2",
        "Add `touch pwned-tick` export; touch pwned-semi | touch pwned-pipe\n\nRefs: #3",
        "Add export\n\n$(touch pwned-body)\n\"; touch pwned-quote; echo \"",
    ];
    for message in hostile {
        repo.write("file.txt", format!("{message}\n"));
        repo.git(&["add", "file.txt"]);
        // Refused or not, the text is only ever read.
        let _ = repo.git_output(&["commit", "-q", "-m", message]);
    }
    for args in [
        &["commits", "main..HEAD"][..],
        &["check"],
        &["draft"],
        &["branch"],
    ] {
        let output = repo.whylint(args);
        assert!(code(&output) <= 1, "{args:?}: {}", both(&output));
    }
    let planted: Vec<_> = std::fs::read_dir(repo.path())
        .expect("list the working tree")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("pwned"))
        .collect();
    assert!(planted.is_empty(), "text was run by a shell: {planted:?}");
}

/// A good message committed through the hooks, the way a user commits.
fn commit_good_message(repo: &Repo) -> std::process::Output {
    commit_with_hook(repo, "Add export\n\nRefs: #42")
}

#[test]
fn an_edited_hook_is_kept_and_never_chained_to_itself() {
    let repo = Repo::new();
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let hooks = repo.path().join(".git/hooks");
    // The user edits whylint's hook and drops its marker line.
    let hook = hooks.join("commit-msg");
    let original = std::fs::read_to_string(&hook).expect("installed hook");
    let edited: String = original
        .lines()
        .filter(|line| !line.starts_with("# Installed by whylint"))
        .map(|line| format!("{line}\n"))
        .collect::<String>()
        .replacen("#!/bin/sh\n", "#!/bin/sh\n# our tweak\n", 1);
    std::fs::write(&hook, &edited).expect("edit the hook");

    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let backup = hooks.join("commit-msg.whylint-backup");
    assert!(
        stdout(&output).contains(&backup.display().to_string()),
        "the backup is named: {}",
        both(&output)
    );
    assert_eq!(std::fs::read_to_string(&backup).expect("backup"), edited);
    assert!(
        !hooks.join("commit-msg.whylint-chained").exists(),
        "whylint's own hook was chained: {}",
        both(&output)
    );
    let status = stdout(&repo.whylint(&["hook", "status"]));
    assert!(status.contains("commit-msg: whylint\n"), "{status}");
    let output = commit_good_message(&repo);
    assert_eq!(code(&output), 0, "{}", both(&output));

    // Uninstalling an edited hook keeps the edit too.
    let hook_text = std::fs::read_to_string(&hook).expect("hook");
    std::fs::write(&hook, format!("{hook_text}# another tweak\n")).expect("edit again");
    let output = repo.whylint(&["hook", "uninstall"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let second = hooks.join("commit-msg.whylint-backup.2");
    assert!(
        stdout(&output).contains(&second.display().to_string()),
        "{}",
        both(&output)
    );
    assert!(
        std::fs::read_to_string(&second)
            .expect("second backup")
            .ends_with("# another tweak\n")
    );
    assert!(!hook.exists());
}

#[test]
fn a_hook_chained_to_itself_runs_once() {
    // The state an older whylint left behind: a copy of whylint's hook as the chained one.
    let repo = Repo::new();
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let hooks = repo.path().join(".git/hooks");
    std::fs::copy(
        hooks.join("commit-msg"),
        hooks.join("commit-msg.whylint-chained"),
    )
    .expect("copy the hook");
    let output = commit_good_message(&repo);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stderr(&output).contains("leads back to itself"),
        "{}",
        both(&output)
    );
    // Re-installing repairs it, keeping the copy.
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(!hooks.join("commit-msg.whylint-chained").exists());
    assert!(hooks.join("commit-msg.whylint-backup").is_file());
}

#[cfg(unix)]
#[test]
fn hooks_never_write_through_a_symbolic_link() {
    let repo = Repo::new();
    let hooks = repo.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("hooks dir");
    // A dangling link pointing out of .git.
    let outside = repo.home().join("planted-hook");
    std::os::unix::fs::symlink(&outside, hooks.join("commit-msg")).expect("symlink");
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 2, "{}", both(&output));
    assert!(
        stderr(&output).contains("symbolic link") && stderr(&output).contains("planted-hook"),
        "{}",
        both(&output)
    );
    assert!(!outside.exists(), "a file was written through the link");
    let output = repo.whylint(&["hook", "uninstall"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        std::fs::symlink_metadata(hooks.join("commit-msg"))
            .expect("the link is still there")
            .file_type()
            .is_symlink()
    );

    // A link to the team's hook is moved aside as a link, runs first, and comes back as a link.
    std::fs::remove_file(hooks.join("commit-msg")).expect("remove link");
    let team = repo.write("tools/commit-msg", "#!/bin/sh\necho 'team hook ran' >&2\n");
    common::make_executable(&team);
    std::os::unix::fs::symlink(&team, hooks.join("commit-msg")).expect("symlink");
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(stdout(&output).contains("as a link"), "{}", both(&output));
    assert_eq!(
        std::fs::read_to_string(&team).expect("team hook"),
        "#!/bin/sh\necho 'team hook ran' >&2\n",
        "the team's hook was written through the link"
    );
    let output = commit_good_message(&repo);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stderr(&output).contains("team hook ran"),
        "{}",
        both(&output)
    );
    let output = repo.whylint(&["hook", "uninstall"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(
        std::fs::read_link(hooks.join("commit-msg")).expect("link restored"),
        team
    );
}

#[test]
fn an_empty_core_hooks_path_is_refused() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ""]);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 2, "{}", both(&output));
    assert!(
        stderr(&output).contains("core.hooksPath") && stderr(&output).contains("--unset"),
        "{}",
        both(&output)
    );
    assert!(!repo.path().join("commit-msg").exists());
    assert!(!repo.path().join(".git/hooks/commit-msg").exists());
    // The reason given is what git does: with an empty `core.hooksPath` it runs no hook at all,
    // neither one at the top of the working tree nor one in `.git/hooks`.
    assert!(
        stderr(&output).contains("git runs no hooks at all")
            && !stderr(&output).contains("top directory"),
        "{}",
        both(&output)
    );
    for place in ["commit-msg", ".git/hooks/commit-msg"] {
        let hook = repo.write(place, "#!/bin/sh\necho 'a hook ran' >&2\nexit 1\n");
        common::make_executable(&hook);
    }
    let output = commit_with_hook(&repo, "Add export\n\nRefs: #42");
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(!stderr(&output).contains("a hook ran"), "{}", both(&output));
}

#[test]
fn status_names_the_backup_install_would_write() {
    let repo = Repo::new();
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let hooks = repo.path().join(".git/hooks");
    let hook = hooks.join("commit-msg");
    let edited = format!(
        "{}# our tweak\n",
        std::fs::read_to_string(&hook).expect("installed hook")
    );
    std::fs::write(&hook, &edited).expect("edit the hook");
    let status = stdout(&repo.whylint(&["hook", "status"]));
    assert!(
        status.contains("keeps your version as commit-msg.whylint-backup)"),
        "{status}"
    );
    // With that name taken, status names the one install then writes.
    std::fs::write(hooks.join("commit-msg.whylint-backup"), "older\n").expect("older backup");
    let status = stdout(&repo.whylint(&["hook", "status"]));
    assert!(
        status.contains("keeps your version as commit-msg.whylint-backup.2)"),
        "{status}"
    );
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(
        std::fs::read_to_string(hooks.join("commit-msg.whylint-backup.2")).expect("backup"),
        edited
    );
}

/// `git commit ARGS` with `editor` as GIT_EDITOR (a script path, or `None` for no editor).
fn commit_through_hooks(
    repo: &Repo,
    editor: Option<&std::path::Path>,
    args: &[&str],
) -> std::process::Output {
    repo.write("file.txt", format!("{args:?}\n"));
    repo.git(&["add", "file.txt"]);
    let mut all = vec!["commit", "-q"];
    all.extend_from_slice(args);
    let mut command = repo.git_command(&all);
    if let Some(editor) = editor {
        command.env("GIT_EDITOR", editor);
    }
    command.output().expect("git commit")
}

/// An editor script that replaces the message with `text`.
fn editor_writing(repo: &Repo, name: &str, text: &str) -> std::path::PathBuf {
    let body = text.replace('\'', r"'\''");
    let editor = repo.write(
        &format!("../{name}.sh"),
        format!("#!/bin/sh\nprintf '%s' '{body}' > \"$1\"\n"),
    );
    common::make_executable(&editor);
    editor
}

#[test]
fn the_hook_reads_comment_lines_as_git_does_for_that_commit() {
    let repo = Repo::new();
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));

    // `-m`, no editor: git keeps `#42 …`, so it links the problem.
    let output = commit_through_hooks(&repo, None, &["-m", "#42 Fix crash"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]).trim(),
        "#42 Fix crash"
    );
    let output = commit_through_hooks(
        &repo,
        None,
        &["-m", "Fix crash", "-m", "#42 was the report"],
    );
    assert_eq!(code(&output), 0, "{}", both(&output));

    // With an editor git drops `#` lines, so a link only there does not count.
    let editor = editor_writing(&repo, "commented", "Fix crash\n\n# Refs: #42\n");
    let output = commit_through_hooks(&repo, Some(&editor), &[]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(
        both(&output).contains("[problem-link]"),
        "{}",
        both(&output)
    );

    // `--cleanup=verbatim` with an editor keeps them again.
    let editor = editor_writing(&repo, "kept", "#43 Fix another crash\n");
    let output = commit_through_hooks(&repo, Some(&editor), &["--cleanup=verbatim"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        repo.git(&["log", "-1", "--format=%B"])
            .starts_with("#43 Fix another crash")
    );
}

#[test]
fn the_recovery_command_keeps_lines_git_would_have_kept() {
    let repo = Repo::new();
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let output = commit_through_hooks(
        &repo,
        None,
        &["-m", "Add export", "-m", "# keep this line\nbody text"],
    );
    assert_eq!(code(&output), 1, "{}", both(&output));
    let text = both(&output);
    let recovery =
        r#"git commit --cleanup=scissors -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#;
    assert!(text.contains(recovery), "{text}");

    // Run as printed: an editor adds the link under the subject (above git's scissors line);
    // the `#` line is still there.
    let editor = repo.write(
        "../add-ref.sh",
        "#!/bin/sh\n{ head -n 1 \"$1\"; printf '\\nRefs: #42\\n'; tail -n +2 \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    common::make_executable(&editor);
    let mut recover = repo.shell(recovery);
    recover.env("GIT_EDITOR", &editor);
    let output = recover.output().expect("run the recovery command");
    assert_eq!(code(&output), 0, "{}", both(&output));
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(message.contains("# keep this line\nbody text"), "{message}");
    assert!(message.contains("Refs: #42"), "{message}");
    assert!(!message.contains("Please enter"), "{message}");
}

#[test]
fn a_failing_chained_hook_prints_a_reopen_command_that_keeps_hash_lines() {
    let repo = Repo::new();
    let team = repo.write(
        ".git/hooks/commit-msg",
        "#!/bin/sh\necho 'team says no' >&2\nexit 1\n",
    );
    common::make_executable(&team);
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    let output = commit_through_hooks(&repo, None, &["-m", "#42 Fix crash"]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(
        stderr(&output).contains(
            r#"git commit --cleanup=scissors -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#
        ),
        "{}",
        both(&output)
    );
}
