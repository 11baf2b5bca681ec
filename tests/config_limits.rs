//! What a config can cost and what it can reach (issue #17): a total budget for a config's
//! regexes and globs, a cap on its size, no config read through a link out of the repository,
//! no file content quoted back beyond a short snippet, `WHYLINT_CONFIG` honoured with
//! `--config-from`, and `due` dates past the end of the calendar.
//!
//! The budget tests have no timer: without a budget they would run for minutes, not fail fast.

mod common;

use common::{Repo, code, json, rules_of, stderr, stdout};

/// What every config problem report ends with.
const ONE_PROBLEM: &str = "1 problem in the configuration; fix it and run again (`whylint rules` shows the rules in effect)\n";

/// A `rules:` entry whose check is `check`, with the fields every rule needs.
fn rule(id: &str, check: &str) -> String {
    format!("  - id: {id}\n    summary: s\n    question: q\n    help: h\n    check: {check}\n")
}

/// A repository with `.whylint.yml` holding `config`, and a commit message to check.
fn repo_with_config(config: &str) -> Repo {
    let repo = Repo::new();
    repo.write(".whylint.yml", config);
    repo.write("msg.txt", "Add CSV export\n\nRefs: #42\n");
    repo
}

/// Asserts that checking a message under `config` stops with exactly one config `problem`.
fn assert_one_problem(config: &str, problem: &str) {
    let repo = repo_with_config(config);
    let output = repo.whylint(&["msg", "msg.txt"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!("whylint: error: {problem}\n{ONE_PROBLEM}")
    );
}

#[test]
fn two_thousand_huge_regexes_are_refused_at_the_first_past_the_total_budget() {
    // Each `\w{20}…` compiles to a third of the 1 MiB one regex may have (`\w{25}` is refused);
    // together they took 25–47 s and 2–4.5 GB per commit before the budget.
    let mut config = String::from("rules:\n");
    for i in 0..2000 {
        config += &rule(
            &format!("big-{i}"),
            &format!("{{ pattern: {{ field: subject, not-matches: '\\w{{20}}x{i}' }} }}"),
        );
    }
    assert_one_problem(
        &config,
        ".whylint.yml:61:54: regex `\\w{20}x11` brings the config's compiled regexes to 4125 KiB, over the 4096 KiB they may have together (every run compiles them all, the commit-msg hook on every commit); simplify the largest (a Unicode class such as `\\w` or `\\S` repeated with `{n}` costs most; `[A-Za-z0-9_]` is far smaller), or remove some",
    );
}

#[test]
fn a_config_may_hold_200_regexes_and_no_more() {
    let mut config = String::from("placeholders:\n");
    for i in 0..2000 {
        config += &format!("  - '^prompt {i}$'\n");
    }
    assert_one_problem(
        &config,
        ".whylint.yml:202:5: regex `^prompt 200$` is one more than the 200 a config may have (every run compiles them all, the commit-msg hook on every commit); merge some with `|`, or remove the ones you can do without",
    );
}

#[test]
fn a_config_may_hold_200_globs_and_no_more() {
    let mut config = String::from("exempt:\n  paths:\n");
    for i in 0..5000 {
        config += &format!("    - 'generated/{i}/**'\n");
    }
    assert_one_problem(
        &config,
        ".whylint.yml:203:7: glob `generated/200/**` is one more than the 200 a config may have (every run compiles them all, the commit-msg hook on every commit); merge some with `{a,b}` or `**`, or remove the ones you can do without",
    );
}

#[test]
fn a_glob_may_be_256_characters_long_and_no_longer() {
    let long = format!("docs/{}", "*a".repeat(200));
    assert_one_problem(
        &format!("exempt:\n  branches: ['release/*']\n  paths:\n    - 'docs/**'\n    - '{long}'\n"),
        &format!(
            ".whylint.yml:5:7: glob `{}…` is 405 characters long, more than the 256 a glob may have (every run compiles them all, the commit-msg hook on every commit); shorten it, or split it into several",
            &long[..79]
        ),
    );
}

#[test]
fn fifty_ordinary_regexes_still_work() {
    let mut config = String::from("rules:\n");
    for i in 0..49 {
        config += &rule(
            &format!("no-word-{i}"),
            &format!(
                "{{ pattern: {{ field: text, not-matches: '(?i)\\bforbidden{i}\\w*\\b|^\\S+ {i}$' }} }}"
            ),
        );
    }
    config += &rule(
        "no-csv",
        "{ pattern: { field: subject, not-matches: '(?i)\\bcsv\\b' } }",
    );
    let repo = repo_with_config(&config);
    let output = repo.whylint(&["msg", "msg.txt", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(rules_of(&json(&output)).contains(&"no-csv".to_owned()));
    assert!(!rules_of(&json(&output)).contains(&"no-word-7".to_owned()));
}

#[test]
fn a_config_over_256_kib_is_refused_before_it_is_parsed() {
    let mut config = String::from("extends: [default]\n");
    while config.len() <= 256 * 1024 {
        config += "# a comment line that pads the file out to past the limit\n";
    }
    let repo = repo_with_config(&config);
    let output = repo.whylint(&["msg", "msg.txt"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "whylint: error: config file `.whylint.yml` is larger than 256 KiB, far more than a config needs (the built-in packs together are 10 KiB); is it the right file?\n"
    );
}

/// A file outside the repository that would be an error as a config, quoting what it holds.
const SECRET: &str = "FAKE_SECRET_TOKEN_7f3a9c";

fn secret_file(repo: &Repo) -> std::path::PathBuf {
    let outside = repo.home().join("secrets.yml");
    std::fs::write(&outside, format!("{SECRET}: hunter2\n")).expect("write secret");
    outside
}

fn symlink(target: &std::path::Path, link: &std::path::Path) {
    if let Some(parent) = link.parent() {
        std::fs::create_dir_all(parent).expect("create parent");
    }
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// Asserts the run refused the config without showing a byte of the secret.
fn assert_refused_without_the_secret(output: &std::process::Output, expected: &str) {
    assert_eq!(code(output), 2, "{}", stderr(output));
    let everything = format!("{}{}", stdout(output), stderr(output));
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(!everything.contains("hunter2"), "{everything}");
    assert_eq!(stderr(output), expected);
}

fn refusal(name: &str, target: &std::path::Path, repo: &Repo) -> String {
    let root = repo.path();
    format!(
        "whylint: error: config file `{name}` leads to `{}`, outside the repository `{}/`; a config in a repository is read only from the repository's own files, so that a pull request or a clone cannot make whylint read others. Put the file itself in its place, or name a file outside the repository with `--config PATH`\n",
        target.canonicalize().expect("target").display(),
        root.display()
    )
}

#[test]
fn a_discovered_config_linked_out_of_the_repository_is_refused_unread() {
    let repo = Repo::new();
    let outside = secret_file(&repo);
    symlink(&outside, &repo.path().join(".whylint.yml"));
    repo.write("msg.txt", "Add CSV export\n\nRefs: #42\n");
    for args in [&["msg", "msg.txt"][..], &["rules"]] {
        let output = repo.whylint(args);
        assert_refused_without_the_secret(&output, &refusal(".whylint.yml", &outside, &repo));
    }
}

#[test]
fn a_config_under_a_directory_linked_out_of_the_repository_is_refused() {
    let repo = Repo::new();
    let outside = secret_file(&repo);
    std::fs::rename(&outside, repo.home().join("whylint.yml")).expect("rename");
    symlink(&repo.home(), &repo.path().join(".github"));
    let output = repo.whylint(&["rules"]);
    assert_refused_without_the_secret(
        &output,
        &refusal(
            ".github/whylint.yml",
            &repo.home().join("whylint.yml"),
            &repo,
        ),
    );
}

#[test]
fn whylint_config_naming_a_link_in_the_repository_is_held_to_the_repository_too() {
    // The action passes its `config:` input as `WHYLINT_CONFIG`; in a pull request's checkout
    // that file is the pull request's.
    let repo = Repo::new();
    let outside = secret_file(&repo);
    symlink(&outside, &repo.path().join("ci/whylint.yml"));
    let output = repo
        .whylint_command(&["rules"])
        .env("WHYLINT_CONFIG", "ci/whylint.yml")
        .output()
        .expect("run whylint");
    assert_refused_without_the_secret(&output, &refusal("ci/whylint.yml", &outside, &repo));
}

#[test]
fn a_config_linked_into_git_s_own_directory_is_refused() {
    let repo = Repo::new();
    repo.git(&[
        "config",
        "http.extraheader",
        &format!("AUTHORIZATION: {SECRET}"),
    ]);
    symlink(
        std::path::Path::new(".git/config"),
        &repo.path().join(".whylint.yml"),
    );
    let output = repo.whylint(&["rules"]);
    let real = repo
        .path()
        .join(".git/config")
        .canonicalize()
        .expect("real");
    assert_refused_without_the_secret(
        &output,
        &format!(
            "whylint: error: config file `.whylint.yml` leads to `{}`, inside git's own directory; a config in a repository is read only from the repository's own files, so that a pull request or a clone cannot make whylint read others. Put the file itself in its place, or name a file outside the repository with `--config PATH`\n",
            real.display()
        ),
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_config_linked_to_the_environment_never_shows_it() {
    let repo = Repo::new();
    symlink(
        std::path::Path::new("/proc/self/environ"),
        &repo.path().join(".whylint.yml"),
    );
    let output = repo
        .whylint_command(&["rules"])
        .env("WHYLINT_TEST_SECRET", SECRET)
        .output()
        .expect("run whylint");
    assert_eq!(code(&output), 2);
    let everything = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(
        stderr(&output).starts_with("whylint: error: config file `.whylint.yml` leads to `/proc/"),
        "{everything}"
    );
}

#[test]
fn links_within_the_repository_and_files_named_outside_it_are_read() {
    let repo = Repo::new();
    repo.write(
        "config/whylint.yml",
        "rules:\n  success-metric: { level: off }\n",
    );
    symlink(
        std::path::Path::new("config/whylint.yml"),
        &repo.path().join(".whylint.yml"),
    );
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("rules/default.yml, .whylint.yml"));
    // A path the user names outside the repository is the user's choice.
    let outside = repo.home().join("team-whylint.yml");
    std::fs::write(&outside, "rules:\n  problem-link: { level: warning }\n").expect("write");
    let output = repo.whylint(&["rules", "--config", &outside.display().to_string()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn error_messages_quote_a_short_inert_snippet_of_the_config() {
    // `\e` in a double-quoted YAML string is ESC: the start of a terminal clipboard write.
    let name = format!("\"\\e]52;c;{}\"", "k".repeat(5000));
    assert_one_problem(
        &format!("extends: [{name}]\n"),
        &format!(
            ".whylint.yml:1:11: unknown pack `\\u{{1b}}]52;c;{}…`; built-in packs: default, jira, conventional, strict",
            "k".repeat(72)
        ),
    );
}

/// A repository whose `main` has `ci/whylint.yml` defining `from-main`, and whose working tree
/// has been changed since (as a pull request's checkout would be).
fn repo_with_config_in_main() -> Repo {
    let mut repo = Repo::new();
    repo.write(
        "ci/whylint.yml",
        format!(
            "rules:\n{}",
            rule("from-main", "{ pattern: { field: subject, matches: '.' } }")
        ),
    );
    repo.git(&["add", "ci/whylint.yml"]);
    repo.commit("README", "Add the team's rules\n\nRefs: #1");
    repo.write("ci/whylint.yml", "rules:\n  problem-link: { level: off }\n");
    repo.write(".whylint.yml", "rules:\n  success-metric: { level: off }\n");
    repo
}

fn rules_from_main(repo: &Repo, config: &str) -> std::process::Output {
    repo.whylint_command(&["rules", "--config-from", "main"])
        .env("WHYLINT_CONFIG", config)
        .output()
        .expect("run whylint")
}

#[test]
fn config_from_reads_the_file_whylint_config_names_as_it_is_in_the_revision() {
    let repo = repo_with_config_in_main();
    let output = rules_from_main(&repo, "ci/whylint.yml");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("from-main"), "{text}");
    assert!(
        text.contains("Rule files, in the order applied: rules/default.yml, main:ci/whylint.yml"),
        "{text}"
    );
    // An absolute path into the repository names the same file.
    let absolute = repo.path().join("ci/whylint.yml");
    let output = rules_from_main(&repo, &absolute.display().to_string());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("from-main"));
}

#[test]
fn config_from_with_a_whylint_config_missing_there_or_outside_is_an_error() {
    let repo = repo_with_config_in_main();
    let output = rules_from_main(&repo, ".config/whylint.yml");
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "whylint: error: `WHYLINT_CONFIG` names `.config/whylint.yml`, which is not in `main` (`--config-from` reads the config as it is there); commit it to that revision first, or unset `WHYLINT_CONFIG` to use the config found in `main`\n"
    );
    let output = rules_from_main(&repo, "/etc/whylint.yml");
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "whylint: error: `WHYLINT_CONFIG` names `/etc/whylint.yml`, outside the repository, so `--config-from main` cannot read it from git; name a file in the repository, or unset `WHYLINT_CONFIG` to use the config found in `main`\n"
    );
}

#[test]
fn config_from_refuses_a_link_committed_in_place_of_the_config() {
    let mut repo = Repo::new();
    repo.commit("README", "Start\n\nRefs: #1");
    symlink(
        std::path::Path::new("/proc/self/environ"),
        &repo.path().join(".whylint.yml"),
    );
    repo.git(&["add", ".whylint.yml"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "Link the config"]);
    let output = repo.whylint(&["rules", "--config-from", "main"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "whylint: error: `main:.whylint.yml` is a symbolic link; `--config-from` reads the config only from a regular file in git: commit the file itself there, or name the file it links to with `WHYLINT_CONFIG`\n"
    );
}

#[test]
fn due_within_more_days_than_the_calendar_has_reaches_its_end() {
    let mut repo = Repo::new();
    repo.commit(
        "a.txt",
        "Add CSV export\n\nRefs: #42\nMetric: export tickets drop from 40/week to under 5 within 99999999 days",
    );
    for within in ["9999999d", "99999999999999999999d", "9223372036854775807w"] {
        let output = repo.whylint(&["due", "--as-of", "2026-02-01", "--within", within]);
        assert_eq!(code(&output), 0, "--within {within}: {}", stderr(&output));
        assert!(
            stdout(&output).contains("review 9999-12-31 (shipped 2026-01-01)"),
            "--within {within}: {}",
            stdout(&output)
        );
    }
    let output = repo.whylint(&["due", "--as-of", "2026-02-01"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "Nothing is due as of 2026-02-01.\n");
    let output = repo.whylint(&["due", "--as-of", "99999-01-01"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
}
