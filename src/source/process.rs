//! The commands whylint starts (`git fetch`, `gh api`, a few local `git` look-ups), each with a
//! time limit.
//!
//! A hanging `gh` or a stalled upload-pack would otherwise hang the CI job until the platform
//! kills it, hours later, with no word about why. Here every child runs with its standard input
//! closed and its output collected on two threads; when it runs past its limit it is killed and
//! the run stops with exit code 2 and a message that says what was stopped, after how long, and
//! how to allow longer (`WHYLINT_TIMEOUT`). What a command's failure means is left to the caller.
//!
//! On Unix each child starts in a process group of its own, and a stop kills the whole group:
//! what the command started (the `ssh` under `git fetch`, a `sleep` in a `gh` wrapper script)
//! goes with it instead of running on, re-parented to PID 1.

use crate::error::{Error, Result};
use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The limit for a command that talks to a remote and may move a whole history (`git fetch`).
pub const NETWORK: Duration = Duration::from_secs(600);

/// The limit for everything else (`gh api`, local `git` look-ups).
pub const QUICK: Duration = Duration::from_secs(60);

/// Starts `command` in its own process group with no input and both outputs piped.
fn spawn_piped(command: &mut Command) -> std::io::Result<std::process::Child> {
    own_group(command);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// Runs `command` to the end and returns its output, stopping it after `default` (or
/// `WHYLINT_TIMEOUT`, when set). The outer error is whylint's (the command was stopped, or the
/// setting is wrong): it ends the run. The inner one is the operating system's when the command
/// could not be started at all (not installed, say), for the caller to weigh.
pub fn output(command: &mut Command, default: Duration) -> Result<std::io::Result<Output>> {
    let limit = super::env::timeout()?.unwrap_or(default);
    let mut child = match spawn_piped(command) {
        Ok(child) => child,
        Err(error) => return Ok(Err(error)),
    };
    let deadline = Instant::now() + limit;
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let stopped = || timed_out(command, limit);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                stop(&mut child);
                return Err(stopped());
            }
            Ok(None) => std::thread::sleep(pause(deadline)),
            Err(error) => {
                stop(&mut child);
                return Ok(Err(error));
            }
        }
    };
    // Something the command left running in the background can hold its output open: the
    // same deadline covers reading it, and what is left of the group is stopped with it.
    let (Some(stdout), Some(stderr)) = (take(&stdout, deadline), take(&stderr, deadline)) else {
        kill_group(&child);
        return Err(stopped());
    };
    Ok(Ok(Output {
        status,
        stdout,
        stderr,
    }))
}

/// Starts `command` with its standard output to be read as it comes (`git rev-list` over a long
/// history, read while the commits are linted). The time limit, `default` or `WHYLINT_TIMEOUT`,
/// covers each wait for output, not the reader's own pauses: a git that stops writing is
/// stopped, a slow linter is not. The outer error is whylint's; the inner one is the operating
/// system's when the command could not be started.
pub fn stream(command: &mut Command, default: Duration) -> Result<std::io::Result<Stream>> {
    let limit = super::env::timeout()?.unwrap_or(default);
    let mut child = match spawn_piped(command) {
        Ok(child) => child,
        Err(error) => return Ok(Err(error)),
    };
    let (Some(stdout), stderr) = (child.stdout.take(), collect(child.stderr.take())) else {
        stop(&mut child);
        return Ok(Err(std::io::Error::other("no pipe for the output")));
    };
    let watch = std::sync::Arc::new(Watch::default());
    let (hang_up, watching) = mpsc::channel::<()>();
    let id = child.id();
    let watched = std::sync::Arc::clone(&watch);
    let watchdog = std::thread::Builder::new()
        .name("whylint-watchdog".into())
        .spawn(move || watched.guard(id, limit, &watching));
    let Ok(watchdog) = watchdog else {
        stop(&mut child);
        return Ok(Err(std::io::Error::other("no thread to time the command")));
    };
    Ok(Ok(Stream {
        child,
        stdout,
        stderr,
        watch,
        watchdog: Some((hang_up, watchdog)),
        shown: shown(command),
        limit,
    }))
}

/// A running command's standard output, read as it comes (see `stream`). Dropping it before
/// the end stops the command.
pub struct Stream {
    child: Child,
    stdout: std::process::ChildStdout,
    stderr: Receiver<Vec<u8>>,
    watch: std::sync::Arc<Watch>,
    /// Hanging up on the watchdog ends it; it is joined before the child is reaped, so it can
    /// never signal a reused pid.
    watchdog: Option<(mpsc::Sender<()>, std::thread::JoinHandle<()>)>,
    shown: String,
    limit: Duration,
}

/// What the reader and the watchdog share.
#[derive(Default)]
struct Watch {
    /// When the reader started waiting for output (microseconds since `EPOCH`), 0 when it is
    /// not waiting.
    waiting_since: std::sync::atomic::AtomicU64,
    /// Set when the watchdog stopped the command.
    stopped: std::sync::atomic::AtomicBool,
}

/// How often the watchdog looks.
const TICK: Duration = Duration::from_millis(50);

fn micros_since_start() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_micros())
        .unwrap_or(u64::MAX)
        .max(1)
}

impl Watch {
    /// Stops the command `id` when a wait for its output lasts longer than `limit`; returns
    /// when told (the sender hangs up) or after stopping it.
    fn guard(&self, id: u32, limit: Duration, hang_up: &Receiver<()>) {
        use std::sync::atomic::Ordering;
        let limit = u64::try_from(limit.as_micros()).unwrap_or(u64::MAX);
        while let Err(RecvTimeoutError::Timeout) = hang_up.recv_timeout(TICK) {
            let since = self.waiting_since.load(Ordering::Relaxed);
            if since != 0 && micros_since_start().saturating_sub(since) > limit {
                self.stopped.store(true, Ordering::Relaxed);
                kill_id(id);
                return;
            }
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::atomic::Ordering;
        self.watch
            .waiting_since
            .store(micros_since_start(), Ordering::Relaxed);
        let read = self.stdout.read(buf);
        self.watch.waiting_since.store(0, Ordering::Relaxed);
        if self.watch.stopped.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "stopped at its time limit",
            ));
        }
        read
    }
}

impl Stream {
    /// Waits for the command to end (after its output was read to the end) and returns its
    /// exit status and error output; the error when it was stopped at its limit.
    pub fn finish(mut self) -> Result<(std::process::ExitStatus, Vec<u8>)> {
        self.end_watch();
        if self
            .watch
            .stopped
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            stop(&mut self.child);
            return Err(limit_error(&self.shown, self.limit));
        }
        let status = self.child.wait().map_err(|source| Error::Io {
            action: "wait for",
            path: self.shown.clone().into(),
            source,
        })?;
        let stderr = take(&self.stderr, Instant::now() + TICK).unwrap_or_default();
        Ok((status, stderr))
    }

    fn end_watch(&mut self) {
        if let Some((hang_up, watchdog)) = self.watchdog.take() {
            drop(hang_up);
            // A panic there leaves nothing to clean up here.
            let _ = watchdog.join();
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.watchdog.is_some() {
            // Not finished: the reader hung up early, and the command is not wanted any more.
            self.end_watch();
            stop(&mut self.child);
        }
    }
}

/// Reads a pipe to its end on a thread of its own, so a child that fills one pipe while we
/// wait on the other cannot stall.
fn collect(pipe: Option<impl Read + Send + 'static>) -> Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("whylint-pipe".into())
        .spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                // What could be read is what there is: a read error ends the output early.
                let _ = pipe.read_to_end(&mut bytes);
            }
            // The receiver is gone only when the command was stopped; nobody wants this then.
            let _ = sender.send(bytes);
        });
    if spawned.is_err() {
        // No thread: the output is lost, but the command still runs and is waited for.
        return mpsc::channel().1;
    }
    receiver
}

/// The collected output, or `None` when it did not end before the deadline.
fn take(receiver: &Receiver<Vec<u8>>, deadline: Instant) -> Option<Vec<u8>> {
    let left = deadline.saturating_duration_since(Instant::now());
    match receiver.recv_timeout(left) {
        Ok(bytes) => Some(bytes),
        Err(RecvTimeoutError::Disconnected) => Some(Vec::new()),
        Err(RecvTimeoutError::Timeout) => None,
    }
}

/// How long to sleep before looking again: short at first (a local `git` look-up ends in a
/// few milliseconds), never past the deadline.
fn pause(deadline: Instant) -> Duration {
    let left = deadline.saturating_duration_since(Instant::now());
    left.min(Duration::from_millis(20))
}

/// Starts the command as the leader of a new process group, whose id is the child's pid —
/// except on a terminal: a group of its own is not the terminal's foreground group, so an ssh
/// under `git fetch` asking for a key's passphrase on /dev/tty would be stopped instead of
/// asking. There a stop kills the direct child only; CI, where hangs cost, has no terminal.
#[cfg(unix)]
fn own_group(command: &mut Command) {
    use std::io::IsTerminal;
    use std::os::unix::process::CommandExt;
    if !std::io::stdin().is_terminal() {
        command.process_group(0);
    }
}

#[cfg(not(unix))]
fn own_group(_command: &mut Command) {}

/// Kills every process in the child's group: the child and whatever it started.
#[cfg(unix)]
fn kill_group(child: &Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    // The group is gone already when everything in it has ended: nothing to kill then.
    if let Some(group) = i32::try_from(child.id()).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(group, Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_child: &Child) {}

/// Kills process `id` and, when it leads one, its process group (see `own_group`).
#[cfg(unix)]
fn kill_id(id: u32) {
    use rustix::process::{Pid, Signal, kill_process, kill_process_group};
    if let Some(pid) = i32::try_from(id).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(pid, Signal::KILL);
        let _ = kill_process(pid, Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill_id(_id: u32) {}

/// Kills the child (on Unix, with its whole process group) and reaps it, so no zombie is left
/// behind.
fn stop(child: &mut Child) {
    // Before the reaping: once the child is reaped its pid, and so the group id, may be reused.
    kill_group(child);
    // It may have ended on its own in the meantime: then there is nothing to kill.
    let _ = child.kill();
    let _ = child.wait();
}

/// The message for a command stopped at its limit: what, after how long, what to do.
fn timed_out(command: &Command, limit: Duration) -> Error {
    limit_error(&shown(command), limit)
}

/// The command line as shown in messages.
fn shown(command: &Command) -> String {
    let program = command.get_program().to_string_lossy();
    let args: Vec<String> = command
        .get_args()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    if args.is_empty() {
        program.into_owned()
    } else {
        format!("{program} {}", args.join(" "))
    }
}

/// The message for the command `shown`, stopped at `limit`.
fn limit_error(shown: &str, limit: Duration) -> Error {
    Error::Usage(format!(
        "`{shown}` did not finish within {} and was stopped; check that the network and the remote it talks to are reachable, or allow it longer with `WHYLINT_TIMEOUT=SECONDS`",
        seconds(limit)
    ))
}

/// `1 second`, `2.5 seconds`, `600 seconds`.
fn seconds(duration: Duration) -> String {
    let value = duration.as_secs_f64();
    if value == 1.0 {
        "1 second".to_owned()
    } else {
        format!("{value} seconds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_command_gives_its_output() {
        let output = output(
            Command::new("sh").args(["-c", "echo out; echo err >&2"]),
            QUICK,
        )
        .expect("no timeout")
        .expect("sh runs");
        assert!(output.status.success());
        assert_eq!(output.stdout, b"out\n");
        assert_eq!(output.stderr, b"err\n");
    }

    #[test]
    fn a_missing_program_is_the_callers_to_judge() {
        let result =
            output(&mut Command::new("whylint-no-such-program"), QUICK).expect("no timeout");
        assert!(result.is_err());
    }

    #[test]
    fn a_command_past_its_limit_is_stopped_and_named() {
        let error = output(
            Command::new("sh").args(["-c", "exec sleep 30"]),
            Duration::from_millis(200),
        )
        .expect_err("stopped");
        let message = error.to_string();
        assert!(
            message.contains("`sh -c exec sleep 30` did not finish within 0.2 seconds"),
            "{message}"
        );
        assert!(message.contains("WHYLINT_TIMEOUT"), "{message}");
    }
}
