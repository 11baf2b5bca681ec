//! Nothing typed is lost when a hook fails. For each way the commit-msg path can break — a
//! broken config, a chained hook whose tool is missing, whylint itself missing, a crash — a real
//! `git commit` in which an editor types the message is refused or let through, and then:
//! the message git keeps is byte for byte what the editor left, and every recovery command
//! whylint printed, run as printed, commits exactly the words that were typed.

mod common;

use common::{Repo, both, code, make_executable, stderr};
use std::path::PathBuf;
use std::process::{Command, Output};

/// What the developer types: several paragraphs, non-ASCII, a reference, no metric needed.
const TYPED: &str = "Export receipts as CSV\n\nCashiers retype the day's receipts into a spreadsheet — twenty minutes a day.\n\nRefs: #42\n";

/// A repository with an editor that types `TYPED` above git's commented instructions, as a
/// person would, and keeps a copy of the file it saved.
struct Desk {
    repo: Repo,
    editor: PathBuf,
    opened: PathBuf,
    saved: PathBuf,
    /// Changes staged so far, so each commit has something new to commit.
    changes: std::cell::Cell<u32>,
}

impl Desk {
    fn new() -> Desk {
        let mut repo = Repo::new();
        repo.commit("a.txt", "Initial commit\n\nRefs: #1");
        let dir = repo.home();
        let typed = dir.join("typed.txt");
        std::fs::write(&typed, TYPED).expect("typed message");
        let opened = dir.join("editor-opened");
        let saved = dir.join("editor-saved");
        let editor = dir.join("editor.sh");
        std::fs::write(
            &editor,
            format!(
                "#!/bin/sh\ntouch '{opened}'\n{{ cat '{typed}'; cat \"$1\"; }} > \"$1.new\" && mv \"$1.new\" \"$1\"\ncp \"$1\" '{saved}'\n",
                opened = opened.display(),
                typed = typed.display(),
                saved = saved.display(),
            ),
        )
        .expect("editor");
        make_executable(&editor);
        Desk {
            repo,
            editor,
            opened,
            saved,
            changes: std::cell::Cell::new(0),
        }
    }

    /// Stages a new change.
    fn stage(&self) {
        self.changes.set(self.changes.get() + 1);
        self.repo
            .write("work.txt", format!("change {}\n", self.changes.get()));
        self.repo.git(&["add", "work.txt"]);
    }

    /// `git commit` with the editor, after staging a change; `env` is added to git's.
    fn commit(&self, env: &[(&str, &str)]) -> Output {
        self.stage();
        let mut command = self.repo.git_command(&["commit"]);
        command
            .env("GIT_EDITOR", &self.editor)
            .envs(env.iter().copied());
        command.output().expect("git commit")
    }

    /// `git commit -m TYPED` after staging a change; `env` is added to git's.
    fn commit_with_message(&self, env: &[(&str, &str)]) -> Output {
        self.stage();
        let mut command = self.repo.git_command(&["commit", "-m", TYPED.trim_end()]);
        command.envs(env.iter().copied());
        command.output().expect("git commit")
    }

    /// Puts `script` in place as hook `name` (a hook the team had before whylint), installs
    /// whylint's hooks over it, and returns a PATH on which neither whylint nor the tools the
    /// scripts of this file call can be found.
    fn with_previous_hook(&self, name: &str, script: &str) -> String {
        let hook = self.repo.path().join(".git/hooks").join(name);
        std::fs::write(&hook, script).expect("previous hook");
        make_executable(&hook);
        install_hooks(&self.repo);
        path_without_whylint()
    }

    fn kept(&self) -> Vec<u8> {
        std::fs::read(self.repo.path().join(".git/COMMIT_EDITMSG")).expect("COMMIT_EDITMSG")
    }

    fn editor_saved(&self) -> Vec<u8> {
        std::fs::read(&self.saved).expect("the editor ran and saved")
    }

    fn commits(&self) -> usize {
        self.repo
            .git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .expect("count")
    }

    /// Runs one printed command exactly as printed, in `sh`, with an editor that saves the
    /// message unchanged; `env` is added to the repository's environment.
    fn recover(&self, printed: &str, env: &[(&str, &str)]) -> Output {
        let mut command = self.repo.shell(printed);
        command.env("GIT_EDITOR", "true").envs(env.iter().copied());
        command.output().expect("run the recovery command")
    }

    /// Asserts git refused the commit and kept the file the editor saved, byte for byte;
    /// returns what the hooks said.
    fn assert_refused_and_kept(&self, output: &Output) -> String {
        assert_eq!(code(output), 1, "git must refuse: {}", both(output));
        assert_eq!(self.commits(), 1, "nothing was committed");
        assert_eq!(
            self.kept(),
            self.editor_saved(),
            "the message file is intact"
        );
        stderr(output)
    }

    fn assert_committed_as_typed(&self) {
        assert_eq!(
            self.repo.git(&["log", "-1", "--format=%B"]).trim_end(),
            TYPED.trim_end()
        );
    }
}

/// The commands whylint printed for getting the message back: indented `git …` lines.
fn printed_commands(output: &Output) -> Vec<String> {
    let commands: Vec<String> = both(output)
        .lines()
        .filter(|line| line.starts_with("  git "))
        .map(|line| line.trim().to_owned())
        .collect();
    assert!(
        !commands.is_empty(),
        "no recovery command printed:\n{}",
        both(output)
    );
    commands
}

/// PATH without any directory that holds a `whylint`, so only the hook's own path can find it.
fn path_without_whylint() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("whylint").exists())
        .collect();
    std::env::join_paths(kept)
        .expect("join PATH")
        .to_string_lossy()
        .into_owned()
}

fn install_hooks(repo: &Repo) {
    let output = repo.whylint(&["hook", "install"]);
    assert_eq!(code(&output), 0, "{}", both(&output));
}

const BROKEN_CONFIG: &str = "rules:\n  problem-link: { level: [warning }\n";

#[test]
fn bad_config_in_the_commit_msg_hook() {
    // The commit-msg hook alone, as husky, lefthook and pre-commit install it.
    let desk = Desk::new();
    desk.repo.install_commit_msg_hook();
    desk.repo.write(".whylint.yml", BROKEN_CONFIG);
    let output = desk.commit(&[]);
    let text = desk.assert_refused_and_kept(&output);
    assert!(
        text.contains("whylint: error: .whylint.yml:2:"),
        "the config error, located: {text}"
    );
    assert!(
        text.contains("whylint could not check your commit message, so git did not commit it"),
        "{text}"
    );

    let printed = printed_commands(&output);
    assert_eq!(
        printed,
        [
            r#"git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#,
            r#"git commit --no-verify -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#
        ]
    );
    // Reopening while the config is still broken fails the same way, and still loses nothing.
    let again = desk.recover(&printed[0], &[]);
    assert_eq!(code(&again), 1, "{}", both(&again));
    assert!(desk.kept().starts_with(TYPED.as_bytes()));
    // Fixed, the first command commits the typed words.
    desk.repo.write(
        ".whylint.yml",
        "rules:\n  problem-link: { level: warning }\n",
    );
    let recovered = desk.recover(&printed[0], &[]);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    assert_eq!(desk.commits(), 2);
    desk.assert_committed_as_typed();
}

#[test]
fn bad_config_with_both_hooks_installed() {
    let desk = Desk::new();
    install_hooks(&desk.repo);
    desk.repo.write(".whylint.yml", BROKEN_CONFIG);
    // A new message: prepare-commit-msg reads the config first and stops before the editor
    // opens, so there is nothing typed to lose.
    let output = desk.commit(&[]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(stderr(&output).contains("whylint: error: .whylint.yml:2:"));
    assert!(!desk.opened.exists(), "the editor must not have opened");

    // A message given with -F: prepare-commit-msg leaves it alone, commit-msg stops on the
    // config, and the second printed command commits it despite the broken config.
    let file = desk.repo.write("../typed-for-F.txt", TYPED);
    desk.stage();
    let output = desk
        .repo
        .git_output(&["commit", "-F", &file.display().to_string()]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert_eq!(desk.kept(), TYPED.as_bytes());
    let printed = printed_commands(&output);
    let recovered = desk.recover(&printed[1], &[]);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    desk.assert_committed_as_typed();
}

#[test]
fn chained_hooks_tool_missing_from_path() {
    let desk = Desk::new();
    // The team's previous commit-msg hook runs a linter that is not installed here.
    let path = desk.with_previous_hook("commit-msg", "#!/bin/sh\nexec commitlint --edit \"$1\"\n");

    let output = desk.commit(&[("PATH", &path)]);
    let text = desk.assert_refused_and_kept(&output);
    assert!(text.contains("commitlint: not found"), "{text}");
    assert!(
        text.contains("the commit-msg hook that was here before")
            && text.contains("failed (exit 127), so git did not commit"),
        "{text}"
    );
    let printed = printed_commands(&output);
    assert_eq!(printed.len(), 2, "{printed:?}");

    // Until the tool is installed, the second command commits without the hooks.
    let recovered = desk.recover(&printed[1], &[("PATH", &path)]);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    desk.assert_committed_as_typed();
    assert_eq!(desk.commits(), 2);

    // Once it is installed, the first command reopens a refused message and both hooks pass.
    let output = desk.commit(&[("PATH", &path)]);
    assert_eq!(code(&output), 1);
    let tools = desk.repo.home().join("tools");
    std::fs::create_dir_all(&tools).expect("tools");
    std::fs::write(tools.join("commitlint"), "#!/bin/sh\nexit 0\n").expect("commitlint");
    make_executable(&tools.join("commitlint"));
    let with_tool = format!("{}:{path}", tools.display());
    let recovered = desk.recover(&printed[0], &[("PATH", &with_tool)]);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    assert_eq!(desk.commits(), 3);
    desk.assert_committed_as_typed();
}

#[test]
fn chained_prepare_commit_msg_tool_missing_from_path() {
    let desk = Desk::new();
    let path = desk.with_previous_hook(
        "prepare-commit-msg",
        "#!/bin/sh\nexec add-ticket-prefix \"$@\"\n",
    );

    // New message: the failure comes before the editor; nothing was typed.
    let output = desk.commit(&[("PATH", &path)]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(!desk.opened.exists());
    assert!(!stderr(&output).contains("Your message is kept"));

    // A message given with -m is kept, and `--no-verify` would not skip this hook: the printed
    // command skips every hook.
    let output = desk.commit_with_message(&[("PATH", &path)]);
    assert_eq!(code(&output), 1, "{}", both(&output));
    let printed = printed_commands(&output);
    assert_eq!(
        printed[1],
        r#"git -c core.hooksPath=/dev/null commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#
    );
    let recovered = desk.recover(&printed[1], &[("PATH", &path)]);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    desk.assert_committed_as_typed();
}

#[test]
fn whylint_itself_missing() {
    let desk = Desk::new();
    // Installed from a copy that is later deleted, with no other whylint on PATH: the hooks
    // say so and let the commit through with the typed message.
    let copy = desk.repo.home().join("whylint-copy");
    std::fs::copy(common::bin(), &copy).expect("copy the binary");
    make_executable(&copy);
    let mut install = Command::new(&copy);
    install
        .args(["hook", "install"])
        .current_dir(desk.repo.path());
    common::isolate(&mut install, &desk.repo.home());
    let output = common::output_retrying_busy(&mut install);
    assert_eq!(code(&output), 0, "{}", both(&output));
    std::fs::remove_file(&copy).expect("delete the copy");

    let output = desk.commit(&[("PATH", &path_without_whylint())]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    assert!(
        stderr(&output).contains("whylint: not found") && stderr(&output).contains("skipping"),
        "{}",
        stderr(&output)
    );
    assert_eq!(desk.commits(), 2);
    desk.assert_committed_as_typed();
}

/// Asserts the run crashed (a panic, not an error exit) and said what to do.
fn assert_crashed_with_hint(output: &Output, hint: &str) {
    let text = stderr(output);
    assert!(text.contains("panicked at"), "{text}");
    assert!(text.contains("WHYLINT_DEBUG_PANIC"), "{text}");
    assert!(
        text.contains("whylint: internal error: this is a bug in whylint"),
        "{text}"
    );
    assert!(text.contains(hint), "{text}");
}

#[test]
fn panic_in_the_commit_msg_hook() {
    let desk = Desk::new();
    desk.repo.install_commit_msg_hook();
    let crash = [("WHYLINT_DEBUG_PANIC", "1")];
    let output = desk.commit(&crash);
    desk.assert_refused_and_kept(&output);
    assert_crashed_with_hint(
        &output,
        "whylint could not check your commit message, so git did not commit it",
    );

    let printed = printed_commands(&output);
    // While whylint still crashes, reopening crashes again and still loses nothing…
    let again = desk.recover(&printed[0], &crash);
    assert_eq!(code(&again), 1, "{}", both(&again));
    assert!(desk.kept().starts_with(TYPED.as_bytes()));
    // …and the second command commits the typed words past the broken hook.
    let recovered = desk.recover(&printed[1], &crash);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    assert_eq!(desk.commits(), 2);
    desk.assert_committed_as_typed();
}

#[test]
fn panic_with_both_hooks_installed() {
    let desk = Desk::new();
    install_hooks(&desk.repo);
    let crash = [("WHYLINT_DEBUG_PANIC", "1")];
    // A new message: prepare-commit-msg crashes before the editor opens.
    let output = desk.commit(&crash);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert!(stderr(&output).contains("panicked at"));
    assert!(!desk.opened.exists(), "the editor must not have opened");

    // A message given with -m: prepare-commit-msg crashes, the message is kept, and the
    // printed command that skips every hook commits it.
    let output = desk.commit_with_message(&crash);
    assert_eq!(code(&output), 1, "{}", both(&output));
    assert_crashed_with_hint(
        &output,
        "whylint could not prepare your commit message, so git did not commit it",
    );
    assert_eq!(desk.kept(), TYPED.as_bytes());
    let printed = printed_commands(&output);
    let recovered = desk.recover(&printed[1], &crash);
    assert_eq!(code(&recovered), 0, "{}", both(&recovered));
    desk.assert_committed_as_typed();
}

/// The debug-only crash switch really is debug-only in what it touches: without it, the same
/// hook passes the same message.
#[test]
fn without_the_crash_switch_the_hook_passes() {
    let desk = Desk::new();
    install_hooks(&desk.repo);
    let output = desk.commit(&[]);
    assert_eq!(code(&output), 0, "{}", both(&output));
    desk.assert_committed_as_typed();
    assert!(desk.opened.exists());
}
