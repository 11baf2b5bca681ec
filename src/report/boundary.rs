//! The one door to standard output and standard error: every byte whylint prints, from every
//! command and in every format, passes through here.
//!
//! On GitHub Actions the runner executes `##[command]` anywhere in a line and `::command::`
//! after leading whitespace, on both streams, and whylint prints text that strangers wrote (PR
//! titles and bodies, commit messages, a PR's own config). So, once [`install`]ed for Actions:
//! - text on standard output is wrapped in a `::stop-commands::TOKEN` fence, opened before the
//!   first byte and closed by [`close`], with a fresh random token per fence;
//! - a JSON document on standard output ([`stdout_json`]) stays a valid document, so it is not
//!   fenced: inside its strings, whatever the runner would act on is written as a JSON escape
//!   (`##[` as `##\u005b`, line and paragraph separators, C1 controls), which reads back the same;
//! - whylint's own workflow commands (annotations) go through [`commands`], which closes the
//!   fence first, so they are the only commands the runner sees; when standard output holds a
//!   document (or is a file the runner never reads), they go to standard error instead;
//! - text on a standard output that is a regular file (`> report.txt`) is not fenced, so the
//!   file stays a clean document, but every line of it is neutralised as standard error is: a
//!   later step that prints the file cannot run a command from it;
//! - standard error is never fenced (the runner reads the two streams in no promised order):
//!   each line is neutralised instead ([`neutralise`]).
//!
//! A closed standard output (`whylint check | head -3`) is not an error: what cannot be read is
//! dropped and the run goes on, so the exit code still tells the verdict. Any other write error
//! (a full disk) is returned. Standard error never fails a run and never panics.
//! What to print, and escaping inside a format, is left to the reporters.

use std::io::{self, Write};
use std::sync::Mutex;

/// Where the output goes, decided once at start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Setting {
    /// Running in GitHub Actions: fence standard output, neutralise standard error.
    pub github: bool,
    /// Standard output is a regular file (`> report.json`), which the runner never reads: no
    /// fence there, and workflow commands go to standard error instead.
    pub stdout_is_file: bool,
}

#[derive(Debug, Default)]
struct State {
    setting: Setting,
    /// The token of the fence open on standard output, if any.
    fence: Option<String>,
    /// Standard output was closed by its reader; nothing more is written to it.
    stdout_closed: bool,
    /// Fences opened so far, mixed into the next token.
    fences: u64,
    /// The last byte written to standard output was not a newline.
    mid_line: bool,
    /// Standard output holds a JSON document: keep workflow commands out of it.
    document: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    setting: Setting {
        github: false,
        stdout_is_file: false,
    },
    fence: None,
    stdout_closed: false,
    fences: 0,
    mid_line: false,
    document: false,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    // A panic while printing leaves the state as consistent as any write would: keep going.
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Decides, once, how output is guarded for the rest of the process.
pub fn install(setting: Setting) {
    state().setting = setting;
}

/// Whether the guard for GitHub Actions is on. Never waits: asked from a panic hook while
/// this thread holds the state (a panic mid-write), it answers yes, the safe side.
pub fn is_github() -> bool {
    match STATE.try_lock() {
        Ok(state) => state.setting.github,
        Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner().setting.github,
        Err(std::sync::TryLockError::WouldBlock) => true,
    }
}

/// Standard output for text and documents (fenced on Actions), buffered until `flush`.
pub fn stdout() -> Box<dyn Write + Send> {
    Box::new(Channel {
        kind: Kind::Text,
        buffer: Vec::new(),
    })
}

/// Standard output for a JSON document: not fenced, and kept valid (see the module notes).
pub fn stdout_json() -> Box<dyn Write + Send> {
    Box::new(Channel {
        kind: Kind::Json,
        buffer: Vec::new(),
    })
}

/// Standard output for whylint's own workflow commands: written outside any fence. Only
/// lines whylint builds itself, with every piece of untrusted text escaped, belong here.
pub fn commands() -> Box<dyn Write + Send> {
    Box::new(Channel {
        kind: Kind::Commands,
        buffer: Vec::new(),
    })
}

/// A report file (`--output`): on Actions, whole lines are written made inert as on standard
/// output — JSON escaped so the document reads back the same, other text [`neutralise`]d —
/// since a later step may print the file; elsewhere `inner` itself.
pub fn file(inner: Box<dyn Write>, json: bool) -> Box<dyn Write> {
    if !is_github() {
        return inner;
    }
    Box::new(InertFile {
        inner,
        json,
        pending: Vec::new(),
    })
}

/// See [`file`]: holds an unfinished line back until the next newline or `flush`.
struct InertFile {
    inner: Box<dyn Write>,
    json: bool,
    pending: Vec<u8>,
}

impl InertFile {
    fn write_out(&mut self, bytes: &[u8]) -> io::Result<()> {
        let inert = if self.json {
            json_inert(bytes)
        } else {
            neutralise_lines(bytes)
        };
        self.inner.write_all(inert.as_bytes())
    }
}

impl Write for InertFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if let Some(end) = self.pending.iter().rposition(|byte| *byte == b'\n') {
            let rest = self.pending.split_off(end + 1);
            let lines = std::mem::replace(&mut self.pending, rest);
            self.write_out(&lines)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            self.write_out(&rest)?;
        }
        self.inner.flush()
    }
}

impl Drop for InertFile {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Writes `text` and a newline to standard error: control characters shown escaped, and on
/// Actions every line neutralised. Errors (a closed stderr) are ignored: there is nowhere left
/// to say anything.
pub fn eprint(text: &str) {
    let github = is_github();
    let mut shown = String::with_capacity(text.len() + 1);
    for line in text.split('\n') {
        let line = super::human::safe(line);
        if github {
            shown.push_str(&neutralise(&line));
        } else {
            shown.push_str(&line);
        }
        shown.push('\n');
    }
    let mut err = io::stderr().lock();
    let _ = err.write_all(shown.as_bytes());
    let _ = err.flush();
}

/// Ends the fence, if one is open. Called once at the end of the process.
pub fn close() -> io::Result<()> {
    let mut state = state();
    close_fence(&mut state)
}

/// `line` (with no newline in it) made inert for the runner: no `##[` anywhere, no `::` after
/// leading whitespace, and no character a log reader could take as a line break.
pub fn neutralise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut leading = true;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let taken = c.len_utf8();
        if rest.starts_with("##[") {
            out.push_str("##\\u{5b}");
            rest = &rest[3..];
            leading = false;
            continue;
        }
        if leading && rest.starts_with("::") {
            out.push_str("\\u{3a}");
            rest = &rest[1..];
            leading = false;
            continue;
        }
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}' => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
        leading = leading && c.is_whitespace();
        rest = &rest[taken..];
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Json,
    Commands,
}

/// Bytes are written through in pieces this large, so memory stays bounded.
const CHUNK: usize = 64 * 1024;

struct Channel {
    kind: Kind,
    buffer: Vec<u8>,
}

impl Write for Channel {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        // A JSON document is sent whole, so no escape is split between two writes.
        if self.buffer.len() >= CHUNK && self.kind != Kind::Json {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        // As `BufWriter` does: a report that never flushed has nobody left to tell.
        let _ = self.send_all();
    }
}

impl Channel {
    fn send(&mut self) -> io::Result<()> {
        self.send_up_to(false)
    }

    fn send_all(&mut self) -> io::Result<()> {
        self.send_up_to(true)
    }

    /// Sends the buffer; with `whole` false, text bound for a file on Actions keeps its last,
    /// unfinished line back, so a `##[` split across two writes is still seen whole.
    fn send_up_to(&mut self, whole: bool) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let setting = state().setting;
        let lines_only = self.kind == Kind::Text && setting.github && setting.stdout_is_file;
        let bytes = match self.buffer.iter().rposition(|byte| *byte == b'\n') {
            Some(end) if lines_only && !whole => {
                let rest = self.buffer.split_off(end + 1);
                std::mem::replace(&mut self.buffer, rest)
            }
            None if lines_only && !whole => return Ok(()),
            _ => std::mem::take(&mut self.buffer),
        };
        let mut state = state();
        match self.kind {
            Kind::Commands
                if setting.github
                    && state.fence.is_none()
                    && (setting.stdout_is_file || state.document) =>
            {
                // The runner does not read this stdout; stderr carries the commands, and
                // nothing is fenced anywhere, so nothing can hide them.
                let mut err = io::stderr().lock();
                let _ = err.write_all(&bytes).and_then(|()| err.flush());
                Ok(())
            }
            Kind::Commands => {
                close_fence(&mut state)?;
                write_stdout(&mut state, &bytes)
            }
            Kind::Json if setting.github => {
                state.document = true;
                write_stdout(&mut state, json_inert(&bytes).as_bytes())
            }
            Kind::Json => write_stdout(&mut state, &bytes),
            Kind::Text if setting.github && setting.stdout_is_file => {
                write_stdout(&mut state, neutralise_lines(&bytes).as_bytes())
            }
            Kind::Text => {
                if setting.github && state.fence.is_none() {
                    state.fences += 1;
                    let token = token(state.fences);
                    write_stdout(&mut state, format!("::stop-commands::{token}\n").as_bytes())?;
                    state.fence = Some(token);
                }
                write_stdout(&mut state, &bytes)
            }
        }
    }
}

fn close_fence(state: &mut State) -> io::Result<()> {
    match state.fence.take() {
        Some(token) => {
            let newline = if state.mid_line { "\n" } else { "" };
            write_stdout(state, format!("{newline}::{token}::\n").as_bytes())
        }
        None => Ok(()),
    }
}

/// Writes to standard output; a reader that went away is remembered, not an error.
fn write_stdout(state: &mut State, bytes: &[u8]) -> io::Result<()> {
    if state.stdout_closed {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    if let Some(last) = bytes.last() {
        state.mid_line = *last != b'\n';
    }
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            state.stdout_closed = true;
            Ok(())
        }
        other => other,
    }
}

/// Text of whole lines, each line [`neutralise`]d.
fn neutralise_lines(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for (at, line) in text.split('\n').enumerate() {
        if at > 0 {
            out.push('\n');
        }
        out.push_str(&neutralise(line));
    }
    out
}

/// JSON text with every character the runner (or a terminal) could act on inside a string
/// written as a JSON escape: the same document to any JSON reader.
fn json_inert(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    let mut leading = true;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("##[") {
            out.push_str("##\\u005b");
            rest = &rest[3..];
            leading = false;
            continue;
        }
        // Never in JSON (a line starts with `{`, `}`, `]`, `"` or a value): a guard for
        // anything else that reaches this channel.
        if leading && rest.starts_with("::") {
            out.push_str("\\u003a");
            rest = &rest[1..];
            leading = false;
            continue;
        }
        match c {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\r' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
        leading = c == '\n' || (leading && c.is_whitespace());
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// An unguessable token for `::stop-commands::`, so no text can resume commands by itself:
/// 128 bits from the standard library's randomly seeded hasher, the clock and the process.
fn token(serial: u64) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut halves = [0u64; 2];
    for half in &mut halves {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        hasher.write_u32(std::process::id());
        hasher.write_u64(serial);
        *half = hasher.finish();
    }
    format!("whylint-{:016x}{:016x}", halves[0], halves[1])
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn no_command_survives() {
        assert_eq!(neutralise("  ::error::x"), "  \\u{3a}:error::x");
        assert_eq!(
            neutralise("better ##[stop-commands]x"),
            "better ##\\u{5b}stop-commands]x"
        );
        assert_eq!(neutralise("a\rb\u{2028}c"), "a\\u{d}b\\u{2028}c");
        assert_eq!(neutralise("text :: not a command"), "text :: not a command");
    }

    #[test]
    fn json_stays_the_same_document() {
        let text = "{\"a\":\"x ##[stop-commands]y\\n  ::error::z\u{2028}\u{85}\"}";
        let inert = super::json_inert(text.as_bytes());
        assert!(!inert.contains("##[") && !inert.contains('\u{2028}'));
        // Not JSON at all: still no command.
        assert_eq!(
            super::json_inert(b"a\n  ::error::x"),
            "a\n  \\u003a:error::x"
        );
        let back: serde_json::Value = serde_json::from_str(&inert).expect("json");
        let original: serde_json::Value = serde_json::from_str(text).expect("json");
        assert_eq!(back, original);
    }

    #[test]
    fn lines_for_a_file_are_each_made_inert() {
        assert_eq!(
            super::neutralise_lines(b"a ##[error]x\n  ::warning::y\n"),
            "a ##\\u{5b}error]x\n  \\u{3a}:warning::y\n"
        );
    }

    #[test]
    fn tokens_differ() {
        assert_ne!(super::token(1), super::token(1));
        assert_eq!(super::token(1).len(), "whylint-".len() + 32);
    }
}
