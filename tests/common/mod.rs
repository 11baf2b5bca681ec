//! Shared helpers for integration tests: real git repositories in temp dirs, with a fixed
//! identity and fixed dates, and the real `whylint` binary run in them. Nothing here reads the
//! user's git configuration or touches the repository the tests run from.

#![allow(dead_code)]

pub mod github;
pub mod snapshot;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_whylint"))
}

/// A temporary git repository with its own HOME, so global and system git config cannot leak in.
pub struct Repo {
    dir: tempfile::TempDir,
    /// Commits made so far, used to advance the fixed clock.
    ticks: u32,
}

impl Repo {
    /// `git init -b main` in a fresh temp dir.
    pub fn new() -> Repo {
        let dir = tempfile::Builder::new()
            .prefix("whylint-test")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir_all(dir.path().join("home")).expect("home dir");
        std::fs::create_dir_all(dir.path().join("work")).expect("work dir");
        let repo = Repo { dir, ticks: 0 };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The working tree.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// The isolated HOME.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// A git command in the repository with a clean, fixed environment.
    pub fn git_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("git");
        command.args(args).current_dir(self.path());
        isolate(&mut command, &self.home());
        let date = format!("2026-01-{:02}T12:00:00Z", 1 + self.ticks.min(27));
        command
            .env("GIT_AUTHOR_NAME", "Ada Tester")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada Tester")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date);
        command
    }

    /// Runs git and asserts it succeeded; returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let output = self.git_command(args).output().expect("run git");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Runs git and returns the whole output, whatever the status.
    pub fn git_output(&self, args: &[&str]) -> Output {
        self.git_command(args).output().expect("run git")
    }

    /// Writes a file in the working tree.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// Commits a change to `file` with `message` (hooks bypassed), advancing the clock.
    pub fn commit(&mut self, file: &str, message: &str) -> String {
        self.commit_with(file, message, &[])
    }

    /// Commits with another author (e.g. a bot), advancing the clock.
    pub fn commit_as(&mut self, author: &str, email: &str, file: &str, message: &str) -> String {
        self.commit_with(
            file,
            message,
            &[("GIT_AUTHOR_NAME", author), ("GIT_AUTHOR_EMAIL", email)],
        )
    }

    /// Commits as `author <email>` at `date` (RFC 3339), for history-over-time tests.
    pub fn commit_on(&mut self, date: &str, author: &str, file: &str, message: &str) -> String {
        let email = format!("{}@example.com", author.to_lowercase());
        self.commit_with(
            file,
            message,
            &[
                ("GIT_AUTHOR_NAME", author),
                ("GIT_AUTHOR_EMAIL", &email),
                ("GIT_AUTHOR_DATE", date),
                ("GIT_COMMITTER_DATE", date),
            ],
        )
    }

    /// Commits a change to `file` with `message` and extra environment, advancing the clock.
    fn commit_with(&mut self, file: &str, message: &str, env: &[(&str, &str)]) -> String {
        self.write(file, format!("{message}\n{}\n", self.ticks));
        self.git(&["add", "--", file]);
        let mut command = self.git_command(&["commit", "-q", "--no-verify", "-m", message]);
        command.envs(env.iter().copied());
        let output = command.output().expect("git commit");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        self.ticks += 1;
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Advances the fixed clock (for commands that commit by themselves, like `git merge`).
    pub fn tick(&mut self) {
        self.ticks += 1;
    }

    /// Installs `whylint msg "$1"` as the commit-msg hook, the way the README says.
    pub fn install_commit_msg_hook(&self) {
        let hook = self.path().join(".git/hooks/commit-msg");
        let script = format!("#!/bin/sh\nexec '{}' msg \"$1\"\n", bin().display());
        std::fs::write(&hook, script).expect("write hook");
        make_executable(&hook);
    }

    /// `whylint ARGS` in the repository.
    pub fn whylint(&self, args: &[&str]) -> Output {
        self.whylint_command(args).output().expect("run whylint")
    }

    /// `whylint msg FILE` on `message` written to a file in the repository: the exit code and
    /// everything printed, standard output then standard error.
    pub fn lint_message(&self, message: &str) -> (i32, String) {
        let file = self.write("MSG", message);
        let file = file.to_string_lossy().into_owned();
        let output = self.whylint(&["msg", &file]);
        (
            code(&output),
            format!("{}{}", stdout(&output), stderr(&output)),
        )
    }

    /// The `whylint` command, not yet run.
    pub fn whylint_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(bin());
        command.args(args).current_dir(self.path());
        isolate(&mut command, &self.home());
        command
    }
}

/// Clears everything from the environment that could change git's or whylint's behaviour.
pub fn isolate(command: &mut Command, home: &Path) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("GIT_")
            || key.starts_with("WHYLINT_")
            || key.starts_with("GITHUB_")
            || key.starts_with("GITLAB_")
            || key.starts_with("CI_")
            || key == "CI"
            || key == "NO_COLOR"
            || key == "CLICOLOR_FORCE"
        {
            command.env_remove(&key);
        }
    }
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("LC_ALL", "C");
}

/// `chmod +x`.
pub fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut permissions = std::fs::metadata(path).expect("metadata").permissions();
        permissions.set_mode(0o755);
        std::fs::set_permissions(path, permissions).expect("chmod");
    }
}

/// Runs `command`, retrying while the kernel says its program is busy (`ETXTBSY`): a binary
/// just copied can still be open for writing in a child another test thread forked meanwhile,
/// until that child execs. The race is the test harness's, not whylint's.
pub fn output_retrying_busy(command: &mut std::process::Command) -> std::process::Output {
    for _ in 0..100 {
        match command.output() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result.expect("run the command"),
        }
    }
    panic!("the program stayed busy (ETXTBSY) for 2 seconds");
}

/// stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The exit code (panics when killed by a signal).
pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

/// Parses stdout as JSON.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", stdout(output)))
}

/// The `rule` ids of every finding in a JSON report.
pub fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule id").to_owned())
        .collect()
}

impl Repo {
    /// `sh -c SCRIPT` in the repository with the same clean environment as `git_command`: for
    /// running a command exactly as whylint printed it.
    pub fn shell(&self, script: &str) -> Command {
        let template = self.git_command(&[]);
        let mut command = Command::new("sh");
        command.arg("-c").arg(script).current_dir(self.path());
        for (key, value) in template.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        command
    }

    /// `git clone ARGS file://ORIGIN` into a fresh repository's working tree.
    pub fn clone_of(origin: &Repo, args: &[&str]) -> Repo {
        let target = Repo::new();
        std::fs::remove_dir_all(target.path()).expect("clear the working tree");
        let mut command = target.git_command(&["clone", "-q"]);
        command
            .args(args)
            .arg(format!("file://{}", origin.path().display()))
            .arg(target.path())
            .current_dir(target.home());
        let output = command.output().expect("git clone");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target
    }
}

/// stdout and stderr together, for messages that may go to either.
pub fn both(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

/// An origin for clone tests: main with six linked commits; `feature` adds a linked and an
/// unlinked commit; then main moves on with one more.
pub fn feature_origin() -> Repo {
    let mut origin = Repo::new();
    for i in 1..=6 {
        origin.commit("a.txt", &format!("Base work {i}\n\nRefs: #{i}"));
    }
    origin.git(&["checkout", "-q", "-b", "feature"]);
    origin.commit("b.txt", "Add export\n\nRefs: #42");
    origin.commit("c.txt", "Tidy export code");
    origin.git(&["checkout", "-q", "main"]);
    origin.commit("a.txt", "Main moves on\n\nRefs: #9");
    origin
}

/// `(target id, rule)` for every finding in a JSON report.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["target"]["id"].as_str().expect("target id").to_owned(),
                f["rule"].as_str().expect("rule id").to_owned(),
            )
        })
        .collect()
}

/// `(kind, reason)` for every exemption in a JSON report.
pub fn exemptions(report: &serde_json::Value) -> Vec<(String, String)> {
    report["exemptions"]
        .as_array()
        .expect("exemptions array")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind").to_owned(),
                e["reason"].as_str().expect("reason").to_owned(),
            )
        })
        .collect()
}

/// Where `log` breaks the SARIF 2.1.0 schema (tests/fixtures/sarif-schema-2.1.0.json).
pub fn sarif_schema_errors(log: &serde_json::Value) -> Vec<String> {
    let mut schema: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/sarif-schema-2.1.0.json")).expect("schema");
    // The published schema's `language` patterns (`…[a-zA-Z]{2}]?$`, on `run` and
    // `toolComponent`) are not valid regexes, so a strict validator rejects the schema itself;
    // drop those two patterns (we never emit `language`).
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"];
        assert!(
            language["pattern"].is_string(),
            "the erratum this works around is still there"
        );
        if let Some(object) = language.as_object_mut() {
            object.remove("pattern");
        }
    }
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator.iter_errors(log).map(|e| e.to_string()).collect()
}

/// main with one linked commit, then a `feature` branch with `messages`, a day apart from
/// 2026-01-06. Returns the base (main's tip) and the head.
pub fn feature_branch(repo: &mut Repo, messages: &[&str]) -> (String, String) {
    repo.commit_on(
        "2026-01-05T10:00:00Z",
        "Ada",
        "a.txt",
        "Add export\n\nRefs: #1",
    );
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let mut head = base.clone();
    for (day, message) in messages.iter().enumerate() {
        let date = format!("2026-01-{:02}T10:00:00Z", 6 + day.min(20));
        head = repo.commit_on(&date, "Ada", &format!("f{day}.txt"), message);
    }
    (base, head)
}

/// A real `pull_request` payload (#7, `feature` into `main`) with this title and body, written
/// to HOME/event.json.
pub fn pull_request_event(repo: &Repo, base: &str, head: &str, title: &str, body: &str) -> PathBuf {
    github::pr_event(repo, base, head, |payload| {
        payload["pull_request"]["title"] = title.into();
        payload["pull_request"]["body"] = body.into();
    })
}
