//! The prepare-commit-msg prefill and the commit-msg hook together, driven by a real
//! `git commit` with `GIT_EDITOR`: a prefill saved unedited is rejected with a suggestion that
//! passes the same rules (taken from the output and linted by the real binary), and a message
//! saved empty, or a `commit.template` saved unedited, aborts with git's own words.

mod common;

use common::{Repo, both, code};

/// A repository with one commit, whylint's hooks installed, on `branch`, with `config` as its
/// `.whylint.yml` (none when empty).
fn hooked(branch: &str, config: &str) -> Repo {
    let mut repo = Repo::new();
    if !config.is_empty() {
        repo.write(".whylint.yml", config);
        repo.git(&["add", ".whylint.yml"]);
    }
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    if branch != "main" {
        repo.git(&["checkout", "-q", "-b", branch]);
    }
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    repo
}

/// `git commit ARGS` with `GIT_EDITOR=true` (the message saved as it was prepared).
fn commit_unedited(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.write("file.txt", format!("{args:?}\n"));
    repo.git(&["add", "file.txt"]);
    let mut all = vec!["commit"];
    all.extend_from_slice(args);
    repo.git_command(&all)
        .env("GIT_EDITOR", "true")
        .output()
        .expect("git commit")
}

/// The message printed after "A message that would pass", without its indentation.
fn suggestion(text: &str) -> Option<String> {
    let start = text.find("A message that would pass")?;
    let lines: Vec<&str> = text[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("    ") || line.is_empty())
        .map(|line| line.strip_prefix("    ").unwrap_or(line).trim_end())
        .collect();
    Some(format!("{}\n", lines.join("\n")))
}

#[test]
fn a_prefill_saved_unedited_suggests_a_message_that_passes() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("feat/PAY-12-export", "", &[]),
        ("12-fix-login", "", &[]),
        ("main", "", &["-m", "Add export"]),
        ("feat/PAY-12-export", "extends: [strict]\n", &[]),
        ("feat/PAY-12-export", "extends: [default, jira]\n", &[]),
        ("feat/export", "extends: [strict]\n", &["-m", "Refs: #4"]),
    ];
    for (branch, config, args) in cases {
        let repo = hooked(branch, config);
        let output = commit_unedited(&repo, args);
        let text = both(&output);
        assert_eq!(code(&output), 1, "{branch} {config}: {text}");
        let message = suggestion(&text)
            .unwrap_or_else(|| panic!("{branch} {config}: no suggestion in {text}"));
        assert!(!message.starts_with("Refs:"), "{message}");
        // Taken as suggested, it passes the same rules on the same branch.
        let file = repo.write("../suggested.txt", &message);
        let file = file.to_string_lossy().into_owned();
        let checked = repo.whylint(&["msg", &file]);
        assert_eq!(
            code(&checked),
            0,
            "{branch} {config}: the suggestion fails:\n{message}\n{}",
            both(&checked)
        );
    }
}

#[test]
fn the_prefilled_ticket_is_kept_in_the_suggestion() {
    let repo = hooked("feat/PAY-12-export", "");
    let text = both(&commit_unedited(&repo, &[]));
    let message = suggestion(&text).unwrap_or_default();
    assert!(message.contains("\nRefs: PAY-12\n"), "{message}");
}

#[test]
fn an_empty_message_aborts_as_git_does() {
    for template in ["# Say why\n", ""] {
        let repo = hooked("main", "");
        if !template.is_empty() {
            let path = repo.write("../template.txt", template);
            repo.git(&["config", "commit.template", &path.to_string_lossy()]);
        }
        let output = commit_unedited(&repo, &[]);
        let text = both(&output);
        assert_eq!(code(&output), 1, "{text}");
        assert!(
            text.contains("Aborting commit due to empty commit message"),
            "{template:?}: {text}"
        );
        assert!(!text.contains("error["), "{template:?}: {text}");
    }
}

#[test]
fn a_template_saved_unedited_aborts_as_git_does() {
    let repo = hooked("main", "");
    let path = repo.write("../template.txt", "Subject here\n\n# Why?\n");
    repo.git(&["config", "commit.template", &path.to_string_lossy()]);
    let output = commit_unedited(&repo, &[]);
    let text = both(&output);
    assert_eq!(code(&output), 1, "{text}");
    assert!(text.contains("you did not edit the message"), "{text}");
    assert!(!text.contains("error["), "{text}");
    // Edited, the same template text is checked as usual.
    let output = commit_unedited(&repo, &["-m", "Subject here"]);
    assert!(
        both(&output).contains("error[problem-link]"),
        "{}",
        both(&output)
    );
}
