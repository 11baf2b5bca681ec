//! A command whylint stops at its time limit is stopped with everything it started: nothing
//! keeps running after whylint exits, re-parented to PID 1.
#![cfg(unix)]

mod common;

use common::{Repo, both, code, stderr};
use std::path::Path;

/// Whether process `pid` still runs: its `/proc` entry exists and it is not a zombie (killed,
/// waiting only to be reaped by whoever adopted it).
fn runs(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // `pid (comm) STATE …`: the state follows the last `)`.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}

/// Polls for up to ~5 s, in short steps, for `pid` to stop running: the kill is asynchronous.
fn ended(pid: &str) -> bool {
    (0..50).any(|_| {
        if !runs(pid) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        false
    })
}

/// The pids a pid file lists, one a line.
fn pids(pidfile: &Path) -> Vec<String> {
    std::fs::read_to_string(pidfile)
        .unwrap_or_default()
        .lines()
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

/// Kills what the pid file lists when dropped, so that a failing test leaves nothing running.
struct Reaper<'a>(&'a Path);

impl Drop for Reaper<'_> {
    fn drop(&mut self) {
        for pid in pids(self.0).iter().filter(|pid| runs(pid)) {
            let _ = std::process::Command::new("kill")
                .args(["-9", pid])
                .status();
        }
    }
}

#[test]
fn a_stopped_command_takes_what_it_started_with_it() {
    if !Path::new("/proc/self/stat").exists() {
        return; // no /proc to look at processes through
    }
    let repo = Repo::new();
    // A `git` that starts a long `sleep` in the background and waits for it, as `git fetch`
    // waits for its ssh. Each run of it adds its sleep's pid to the file.
    let bin = repo.home().join("slow-bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let pidfile = repo.home().join("sleep.pid");
    let _reaper = Reaper(&pidfile);
    std::fs::write(
        bin.join("git"),
        "#!/bin/sh\nsleep 300 &\necho $! >> \"$SLEEP_PIDFILE\"\nwait\n",
    )
    .expect("fake git");
    common::make_executable(&bin.join("git"));
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = repo
        .whylint_command(&["hook", "install"])
        .env("PATH", &path)
        .env("SLEEP_PIDFILE", &pidfile)
        .env("WHYLINT_TIMEOUT", "1")
        .output()
        .expect("run");
    assert_eq!(code(&output), 2, "{}", both(&output));
    assert!(
        stderr(&output).contains("did not finish within 1 second and was stopped"),
        "{}",
        both(&output)
    );
    let started = pids(&pidfile);
    assert!(!started.is_empty(), "the fake git started no sleep");
    for pid in &started {
        assert!(
            ended(pid),
            "a `sleep` a stopped `git` started (pid {pid}) still runs"
        );
    }
}

#[test]
fn a_time_limit_under_one_second_is_refused_as_said() {
    let repo = Repo::new();
    for value in ["0", "0.5", "86401"] {
        let output = repo
            .whylint_command(&["hook", "install"])
            .env("WHYLINT_TIMEOUT", value)
            .output()
            .expect("run");
        assert_eq!(code(&output), 2, "{value}: {}", both(&output));
        assert!(
            stderr(&output).contains(&format!(
                "WHYLINT_TIMEOUT=`{value}` is not a number of seconds between 1 and 86400"
            )),
            "{}",
            both(&output)
        );
    }
}
