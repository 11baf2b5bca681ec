//! Finding problem links: references to the issue or ticket where a user's problem lives.
//!
//! This module owns the step from free text (a commit message, a PR title or body) or a branch
//! name to a list of [`Reference`]s: which tracker each one points at ([`Tracker`]), whether it
//! closes the issue or only mentions it ([`RefKind`]), and exactly where it is written. It knows
//! the written forms of GitHub, GitLab, Jira, Linear, Azure Boards and Gerrit/Bugzilla-style
//! references, plus URL patterns configured by the project ([`TrackerSettings`]), and it knows the
//! many look-alikes that are not references: `UTF-8`, `SHA-256`, `CVE-2024-1234`, template
//! placeholders (`#XXX`, `ABC-123`, `org/repo#123`), HTML entities, URL fragments, text quoted in
//! backticks, and kernel `Fixes: <commit> ("subject")` lines.
//!
//! It leaves to others: parsing the message into subject, body and trailers (every function here
//! reads raw text, so offsets stay valid for the caller), deciding which trackers or kinds a rule
//! wants, and reading the settings from configuration.
//!
//! Every function is pure, never panics on any input, and runs in time linear in the input: each
//! written form is found by a hand-written scanner that makes one pass over the text, and the
//! per-match checks only look at neighbouring characters or at the stretch of text since the
//! previous match. None of it is a regex (only the project's own URL patterns are): whylint runs
//! as a commit-msg hook, a fresh process per commit, and compiling the regexes these forms need
//! cost milliseconds per run, far more than reading a message.
//!
//! A bare Jira-style key (`ENG-123`) is always reported as [`Tracker::Jira`], even when the team
//! uses Linear: both trackers write keys the same way, so only a `linear.app` URL is
//! [`Tracker::Linear`]. Likewise a bare `#12` is [`Tracker::Github`]: GitLab issues use the same
//! syntax, and the project's forge decides which one it really is.

use super::scan::{boundary, fold_at, is_one_of};
use super::words::{Lexicon, words};
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The issue tracker a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tracker {
    /// GitHub issues, pull requests and discussions (`#12`, `GH-12`, `owner/repo#12`, URLs).
    Github,
    /// GitLab issues and merge requests (`group/sub/project#12`, `group/project!12`, `/-/` URLs).
    Gitlab,
    /// Jira-style project keys (`PAY-812`) and `/browse/KEY-N` URLs.
    Jira,
    /// Linear issue URLs (`https://linear.app/team/issue/ENG-123`).
    Linear,
    /// Azure Boards work items (`AB#123`, `_workitems/edit/123` URLs).
    Azure,
    /// Gerrit/Chromium `Bug:` trailers and Bugzilla/Launchpad/Chromium bug URLs.
    Bug,
    /// Any other URL that links a problem: configured patterns, generic `/issues/N` URLs, and
    /// URLs on reference trailer lines (`Refs:`, `Closes:`, `Link:` …).
    Url,
}

impl Tracker {
    /// Every tracker, in declaration order.
    pub const ALL: [Tracker; 7] = [
        Tracker::Github,
        Tracker::Gitlab,
        Tracker::Jira,
        Tracker::Linear,
        Tracker::Azure,
        Tracker::Bug,
        Tracker::Url,
    ];

    /// Stable lowercase name used in YAML and JSON: "github", "gitlab", "jira", "linear",
    /// "azure", "bug", "url".
    pub fn name(self) -> &'static str {
        match self {
            Tracker::Github => "github",
            Tracker::Gitlab => "gitlab",
            Tracker::Jira => "jira",
            Tracker::Linear => "linear",
            Tracker::Azure => "azure",
            Tracker::Bug => "bug",
            Tracker::Url => "url",
        }
    }

    /// The tracker with this [`name`](Tracker::name), ignoring ASCII case and surrounding spaces.
    pub fn from_name(name: &str) -> Option<Tracker> {
        let name = name.trim();
        Tracker::ALL
            .into_iter()
            .find(|tracker| tracker.name().eq_ignore_ascii_case(name))
    }
}

/// Whether a reference closes its issue or only points at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// Preceded on its line by close/closes/closed/fix/fixes/fixed/resolve/resolves/resolved
    /// (including the trailer keys `Fixes:`, `Closes:`, `Resolves:`).
    Closing,
    /// Anything else: `Refs:`, `See`, `Part of`, a bare mention, a branch name.
    Mention,
}

/// One reference found in a text or a branch name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The tracker it points at.
    pub tracker: Tracker,
    /// In free text: the reference as written (`org/repo#12`, `PAY-812`, a whole URL). In a
    /// branch name: the canonical form (`#12`, `PAY-12`, `AB#12`), since `12-fix-login` only
    /// says "12".
    pub text: String,
    /// Closing or mention.
    pub kind: RefKind,
    /// Byte range in the input (text or branch name) of what was written.
    pub span: Range<usize>,
}

/// How references are recognised, from the `trackers:` configuration.
#[derive(Debug, Clone)]
pub struct TrackerSettings {
    /// Project keys allowed for Jira-style keys (e.g. ["PAY", "WEB"]), compared case-sensitively.
    /// Empty: any key that is not a known decoy. Only bare keys and branch keys are filtered: a
    /// `/browse/KEY-N` or Linear URL names its tracker explicitly.
    pub key_projects: Vec<String>,
    /// Extra key prefixes that are never tickets (added to the built-in decoy list).
    pub deny_prefixes: Vec<String>,
    /// Extra URL patterns from config that count as problem links (tracker Url).
    pub url_patterns: Vec<Regex>,
    /// The word lists the readers use (decoy prefixes, closing words, tracker hosts …); the
    /// same lexicon as the rule set's `Vocabulary::words`.
    pub words: Arc<Lexicon>,
}

impl Default for TrackerSettings {
    fn default() -> Self {
        TrackerSettings {
            key_projects: Vec::new(),
            deny_prefixes: Vec::new(),
            url_patterns: Vec::new(),
            words: Lexicon::builtin(),
        }
    }
}

/// The longest issue number accepted after `#` (longer digit runs are ids, colours or noise).
const MAX_ISSUE_DIGITS: usize = 7;

/// At most this many ordinary words between a closing keyword and its reference.
const MAX_CLOSING_GAP_WORDS: usize = 3;

// Scanners (see the module docs for why they are not regexes). Each says which shape it reads and
// finds the same matches the equivalent regex would: the leftmost first, without overlaps.

/// Non-overlapping matches of a scanner: `next(text, from)` is the first match starting at or
/// after `from`.
fn scan<'a>(
    text: &'a str,
    next: impl Fn(&str, usize) -> Option<Range<usize>> + 'a,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = next(text, from)?;
        from = found.end.max(found.start + 1);
        Some(found)
    })
}

/// Length of the run at `at` of bytes that satisfy `keep`.
fn run(bytes: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(at..)
        .map_or(0, |rest| rest.iter().take_while(|b| keep(**b)).count())
}

/// What ends a candidate URL besides whitespace. Brackets, quotes and backticks end a URL because
/// they almost always belong to the surrounding Markdown (`[text](url)`, `<url>`), not to the URL
/// itself.
const URL_STOPS: &str = "<>\"'`()[]{}|\\^";

/// Whether `text` can hold a match of [`next_url`]: a `://` or a `www.` in any case.
fn may_have_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.contains("://")
        || text
            .match_indices('.')
            .any(|(dot, _)| dot >= 3 && bytes[dot - 3..dot].eq_ignore_ascii_case(b"www"))
}

/// A candidate URL: `http://`, `https://` or `www.` (any case), then anything up to whitespace
/// or one of [`URL_STOPS`].
fn next_url(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        if !matches!(bytes[start], b'h' | b'H' | b'w' | b'W') {
            return None;
        }
        let body = fold_at(text.as_bytes(), start, "https://")
            .or_else(|| fold_at(text.as_bytes(), start, "http://"))
            .or_else(|| fold_at(text.as_bytes(), start, "www."))?;
        let rest = &text[body..];
        let len = rest
            .find(|c: char| c.is_whitespace() || URL_STOPS.contains(c))
            .unwrap_or(rest.len());
        (len > 0).then_some(start..body + len)
    })
}

/// `owner/repo#12`, `group/sub/project!12`, `github.com/acme/app#3`: two or more path segments
/// (each a letter or digit, then letters, digits, `.`, `_`, `-`), then `#` or `!` and digits.
fn next_path(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let segment = |at: usize| {
        run(bytes, at, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
        })
    };
    let mut start = from;
    while start < bytes.len() {
        if !bytes[start].is_ascii_alphanumeric() {
            start += 1;
            continue;
        }
        let mut end = start + segment(start);
        let mut segments = 1;
        while bytes.get(end) == Some(&b'/')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            end += 1 + segment(end + 1);
            segments += 1;
        }
        if segments >= 2
            && matches!(bytes.get(end), Some(b'#' | b'!'))
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            return Some(start..end + 1 + run(bytes, end + 1, |b| b.is_ascii_digit()));
        }
        // Any later start inside this path reaches the same end, and fails the same way.
        start = end;
    }
    None
}

/// `PAY-812`: an upper-case letter, more upper-case letters, digits or `_`, then `-` and digits.
fn next_key(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let key_byte = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_';
    // Every key ends in `-` and a digit: jump from dash to dash (memchr), then look back over
    // the run of key bytes before it, instead of testing every byte of the text.
    let mut at = from;
    while let Some(offset) = text.get(at..).and_then(|rest| rest.find('-')) {
        let dash = at + offset;
        at = dash + 1;
        if !bytes.get(dash + 1).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let mut start = dash;
        while start > from && key_byte(bytes[start - 1]) {
            start -= 1;
        }
        // The key starts at the first upper-case letter with at least one key byte after it.
        if let Some(first) =
            (start..dash.saturating_sub(1)).find(|i| bytes[*i].is_ascii_uppercase())
        {
            return Some(first..dash + 1 + run(bytes, dash + 1, |b| b.is_ascii_digit()));
        }
    }
    None
}

/// `prefix` (case-sensitive) followed by digits: `gh-104584`, `AB#12`.
fn next_prefixed_number(text: &str, from: usize, prefix: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(offset) = text.get(at..).and_then(|rest| rest.find(prefix)) {
        let start = at + offset;
        let digits = run(bytes, start + prefix.len(), |b| b.is_ascii_digit());
        if digits > 0 {
            return Some(start..start + prefix.len() + digits);
        }
        at = start + 1;
    }
    None
}

/// One bug id on a `Bug:` line: `123456`, `chromium:123456` (a project of at most 32 letters,
/// digits, `_`, `.`, `-`, starting with a letter), `b/123456`. The project prefix is bounded so that
/// a long word without `:` is not rescanned for every number in it.
fn next_bug_item(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let digits = |at: usize| run(bytes, at, |b| b.is_ascii_digit());
    (from..bytes.len()).find_map(|start| {
        let b = bytes[start];
        if b.is_ascii_digit() {
            return Some(start..start + digits(start));
        }
        if !b.is_ascii_alphabetic() {
            return None;
        }
        // Only 32 bytes are looked at: a longer project cannot match.
        let project = 1 + bytes[start + 1..]
            .iter()
            .take(32)
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            .count();
        if project <= 32 && bytes.get(start + project) == Some(&b':') {
            let number = digits(start + project + 1);
            if number > 0 {
                return Some(start..start + project + 1 + number);
            }
        }
        if b == b'b' && bytes.get(start + 1) == Some(&b'/') {
            let number = digits(start + 2);
            if number > 0 {
                return Some(start..start + 2 + number);
            }
        }
        None
    })
}

/// A closing keyword (close/closes/closed, fix/fixes/fixed, resolve/resolves/resolved, any case).
fn next_closing_keyword(w: &Lexicon, text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        if !boundary(bytes, start) || !w.starts.closing_words.admits(bytes, start) {
            return None;
        }
        words(&w.lists.closing_words).find_map(|word| {
            fold_at(text.as_bytes(), start, word)
                .filter(|end| boundary(bytes, *end))
                .map(|end| start..end)
        })
    })
}

// URL classifiers. Each reads one whole URL the way an anchored regex would: an optional
// `http(s)://`, then a host and path shape, then digits ending the URL or followed by `/`, `?`
// or `#` (so `/issues/12abc` is not issue 12). Where the shape allows several readings, the one
// a backtracking regex prefers is taken (and a URL that fails with its scheme read as such is
// read again with the scheme as part of the host, as the regex would).

/// Where the part after an optional scheme may start: after `http(s)://` first, then at 0.
fn after_scheme(url: &str) -> impl Iterator<Item = usize> {
    let scheme =
        fold_at(url.as_bytes(), 0, "https://").or_else(|| fold_at(url.as_bytes(), 0, "http://"));
    scheme.into_iter().chain(std::iter::once(0))
}

/// The digits at `at` when they end the URL or are followed by one of `tail`.
fn number_at<'u>(url: &'u str, at: usize, tail: &[u8]) -> Option<&'u str> {
    let bytes = url.as_bytes();
    let len = run(bytes, at, |b| b.is_ascii_digit());
    let ends = bytes.get(at + len).is_none_or(|b| tail.contains(b));
    (len > 0 && ends).then(|| &url[at..at + len])
}

/// Where the path starts after a non-empty host (`[^/?#]+/`) at `start`, and where the part of
/// it without `?` or `#` ends.
fn host_path(url: &str, start: usize) -> Option<(usize, usize)> {
    let rest = url.get(start..)?;
    let host = rest.find(['/', '?', '#'])?;
    if host == 0 || rest.as_bytes()[host] != b'/' {
        return None;
    }
    let path = start + host + 1;
    let plain = url[path..].find(['?', '#']).map_or(url.len(), |i| path + i);
    Some((path, plain))
}

/// Starts of `word` in `url[path..plain]` that follow a `/` or are at `path` (`(?:[^?#]*/)?word`),
/// latest first, as a greedy regex tries them. The word itself may run past `plain`
/// (`show_bug.cgi?`).
fn after_directories<'u>(
    url: &'u str,
    path: usize,
    plain: usize,
    word: &'u str,
) -> impl Iterator<Item = usize> + 'u {
    let bytes = url.as_bytes();
    (path..plain).rev().filter(move |at| {
        (*at == path || bytes[at - 1] == b'/') && bytes[*at..].starts_with(word.as_bytes())
    })
}

/// The number after `id=` in a query starting at `query` (`(?:[^#]*&)?id=N`): after the latest
/// `&id=` before any `#` that has one, else right at the start.
fn query_id(url: &str, query: usize) -> Option<&str> {
    let bytes = url.as_bytes();
    let plain = url[query..].find('#').map_or(url.len(), |i| query + i);
    (query..plain)
        .rev()
        .filter(|at| bytes[*at..].starts_with(b"&id="))
        .find_map(|at| number_at(url, at + "&id=".len(), b"/?#&"))
        .or_else(|| {
            bytes[query..]
                .starts_with(b"id=")
                .then(|| number_at(url, query + "id=".len(), b"/?#&"))
                .flatten()
        })
}

/// `github.com/OWNER/REPO/(issues|pull|discussions)/N`: owner, repository and number.
fn github_url(url: &str) -> Option<(&str, &str, &str)> {
    let bytes = url.as_bytes();
    after_scheme(url).find_map(|start| {
        let start = fold_at(url.as_bytes(), start, "www.").unwrap_or(start);
        let owner_start = fold_at(url.as_bytes(), start, "github.com/")?;
        if !bytes.get(owner_start)?.is_ascii_alphanumeric() {
            return None;
        }
        let owner_end = owner_start
            + run(bytes, owner_start, |b| {
                b.is_ascii_alphanumeric() || b == b'-'
            });
        if bytes.get(owner_end) != Some(&b'/') {
            return None;
        }
        let repo_start = owner_end + 1;
        let repo_end = repo_start
            + run(bytes, repo_start, |b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
            });
        if repo_end == repo_start || bytes.get(repo_end) != Some(&b'/') {
            return None;
        }
        let kind = &url[repo_end + 1..];
        let number = ["issues/", "pull/", "discussions/"]
            .iter()
            .find(|k| kind.starts_with(**k))
            .and_then(|k| number_at(url, repo_end + 1 + k.len(), b"/?#"))?;
        Some((
            &url[owner_start..owner_end],
            &url[repo_start..repo_end],
            number,
        ))
    })
}

/// `HOST/PATH/-/(issues|merge_requests|work_items)/N` (any host), or `gitlab.com/PATH/(issues|
/// merge_requests)/N`: the project path and the number. The path is the shortest that fits.
fn gitlab_url(url: &str) -> Option<(&str, &str)> {
    let modern = after_scheme(url).find_map(|start| {
        let (path, plain) = host_path(url, start)?;
        gitlab_path(
            url,
            path,
            plain,
            "/-/",
            &["issues/", "merge_requests/", "work_items/"],
        )
    });
    modern.or_else(|| {
        after_scheme(url).find_map(|start| {
            let path = fold_at(url.as_bytes(), start, "gitlab.com/")?;
            let plain = url[path..].find(['?', '#']).map_or(url.len(), |i| path + i);
            gitlab_path(url, path, plain, "/", &["issues/", "merge_requests/"])
        })
    })
}

/// The first `separator` + one of `kinds` + number after a non-empty path starting at `path`
/// (with no `?` or `#` before `plain`): the path and the number.
fn gitlab_path<'u>(
    url: &'u str,
    path: usize,
    plain: usize,
    separator: &str,
    kinds: &[&str],
) -> Option<(&'u str, &'u str)> {
    let bytes = url.as_bytes();
    // The path is at least one character, so the separator starts after its first byte.
    (path + 1..plain).find_map(|at| {
        let after = at + separator.len();
        if !bytes[at..].starts_with(separator.as_bytes()) {
            return None;
        }
        let number = kinds
            .iter()
            .find(|kind| bytes[after..].starts_with(kind.as_bytes()))
            .and_then(|kind| number_at(url, after + kind.len(), b"/?#"))?;
        Some((&url[path..at], number))
    })
}

/// `HOST/…/browse/KEY-N`: the key's prefix and number.
fn jira_url(url: &str) -> Option<(&str, &str)> {
    after_scheme(url).find_map(|start| {
        let (path, plain) = host_path(url, start)?;
        after_directories(url, path, plain, "browse/")
            .find_map(|at| key_at(url, at + "browse/".len(), 2))
    })
}

/// `linear.app/TEAM/issue/KEY-N`: the key's prefix and number.
fn linear_url(url: &str) -> Option<(&str, &str)> {
    after_scheme(url).find_map(|start| {
        let team = fold_at(url.as_bytes(), start, "linear.app/")?;
        let team_end = url[team..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| team + i);
        if team_end == team {
            return None;
        }
        let key = url[team_end..].strip_prefix("/issue/")?;
        key_at(url, url.len() - key.len(), 1)
    })
}

/// `KEY-N` at `at` ending the URL or followed by `/`, `?`, `#`: an upper-case letter and at least
/// `min_len - 1` more upper-case letters, digits or `_`, then `-` and the number.
fn key_at(url: &str, at: usize, min_len: usize) -> Option<(&str, &str)> {
    let bytes = url.as_bytes();
    if !bytes.get(at)?.is_ascii_uppercase() {
        return None;
    }
    let len = 1 + run(bytes, at + 1, |b| {
        b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'
    });
    if len < min_len || bytes.get(at + len) != Some(&b'-') {
        return None;
    }
    let number = number_at(url, at + len + 1, b"/?#")?;
    Some((&url[at..at + len], number))
}

/// `HOST/…/_workitems/edit/N`.
fn is_azure_url(url: &str) -> bool {
    after_scheme(url).any(|start| {
        host_path(url, start).is_some_and(|(path, plain)| {
            after_directories(url, path, plain, "_workitems/edit/")
                .any(|at| number_at(url, at + "_workitems/edit/".len(), b"/?#").is_some())
        })
    })
}

/// Bugzilla (`…/show_bug.cgi?id=N`), Launchpad (`…/+bug/N`), Chromium and Google issue trackers,
/// Debian: the bug number.
fn bug_url(url: &str) -> Option<&str> {
    const TAIL: &[u8] = b"/?#&";
    after_scheme(url).find_map(|start| {
        let host_path = host_path(url, start);
        let bugzilla = || {
            let (path, plain) = host_path?;
            after_directories(url, path, plain, "show_bug.cgi?")
                .find_map(|at| query_id(url, at + "show_bug.cgi?".len()))
        };
        let launchpad = || {
            let (path, plain) = host_path?;
            after_directories(url, path, plain, "+bug/")
                .find_map(|at| number_at(url, at + "+bug/".len(), TAIL))
        };
        let crbug = || {
            let at = fold_at(url.as_bytes(), start, "crbug.com/")?;
            let bytes = url.as_bytes();
            let project = run(bytes, at, |b| b.is_ascii_alphanumeric() || b == b'-');
            let in_project = (project > 0 && bytes.get(at + project) == Some(&b'/'))
                .then(|| number_at(url, at + project + 1, TAIL))
                .flatten();
            in_project.or_else(|| number_at(url, at, TAIL))
        };
        let google = || {
            let host = fold_at(url.as_bytes(), start, "issues.chromium.org")
                .or_else(|| fold_at(url.as_bytes(), start, "issuetracker.google.com"))?;
            url[host..]
                .starts_with("/issues/")
                .then(|| number_at(url, host + "/issues/".len(), TAIL))
                .flatten()
        };
        let monorail = || {
            let host = fold_at(url.as_bytes(), start, "bugs.chromium.org")?;
            let project = host + "/p/".len();
            if !url[host..].starts_with("/p/") {
                return None;
            }
            let end = url[project..]
                .find(['/', '?', '#'])
                .map_or(url.len(), |i| project + i);
            if end == project {
                return None;
            }
            url[end..]
                .starts_with("/issues/detail?")
                .then(|| query_id(url, end + "/issues/detail?".len()))
                .flatten()
        };
        let debian = || {
            let at = fold_at(url.as_bytes(), start, "bugs.debian.org/")?;
            let cgi = "cgi-bin/bugreport.cgi?bug=";
            url[at..]
                .starts_with(cgi)
                .then(|| number_at(url, at + cgi.len(), TAIL))
                .flatten()
                .or_else(|| number_at(url, at, TAIL))
        };
        bugzilla()
            .or_else(launchpad)
            .or_else(crbug)
            .or_else(google)
            .or_else(monorail)
            .or_else(debian)
    })
}

/// `HOST/…/issues/N` (Gitea, Forgejo, Codeberg, GitHub Enterprise …): the number.
fn generic_issue_url(url: &str) -> Option<&str> {
    after_scheme(url).find_map(|start| {
        let (path, plain) = host_path(url, start)?;
        after_directories(url, path, plain, "issues/")
            .find_map(|at| number_at(url, at + "issues/".len(), b"/?#"))
    })
}

/// Every reference in free text (commit message, PR title/body), in input order, no duplicates
/// of the same span.
///
/// When two candidate references overlap, the one starting first (then the longest) wins; a URL
/// always owns its whole span, so `https://x.com/page#12` yields no `#12`.
pub fn find_references(text: &str, settings: &TrackerSettings) -> Vec<Reference> {
    let w = &*settings.words;
    let special = special_lines(w, text);
    let code = code_ranges(text);
    let mut urls: Vec<Range<usize>> = Vec::new();
    let mut url_refs: Vec<Candidate> = Vec::new();
    // The scanners look at every byte; most messages have no URL and no `#`/`!`, and these
    // checks let them skip two of the passes (over git/git's last 1,052 commits, this function
    // went from 64M to 47M instructions).
    let url_scan = if may_have_url(text) {
        Some(scan(text, next_url))
    } else {
        None
    };
    for found in url_scan.into_iter().flatten() {
        let span = trim_url(text, found.clone());
        // `awww.x` or `x.www.y` is not the start of a URL.
        let glued = !text[found.clone()].contains("://")
            && prev_char(text, span.start)
                .is_some_and(|c| is_word(c) || matches!(c, '.' | '/' | '@'));
        if span.is_empty() || glued {
            continue;
        }
        let role = role_at(&special, span.start);
        // A URL glued to `<`, `{` or `[` is a template: `https://github.com/<org>/<repo>/…`.
        let template = matches!(text.as_bytes().get(found.end), Some(b'<' | b'{' | b'['));
        if let Some(tracker) = classify_url(w, &text[span.clone()], role, template, settings) {
            url_refs.push(Candidate {
                span: span.clone(),
                tracker,
            });
        }
        urls.push(span);
    }

    let mut candidates: Vec<Candidate> = Vec::new();
    for pattern in &settings.url_patterns {
        for found in pattern.find_iter(text) {
            // URLs were judged whole above; this catches configured forms that are not URLs.
            if !found.is_empty() && !overlaps_any(&urls, &found.range()) {
                candidates.push(Candidate {
                    span: found.range(),
                    tracker: Tracker::Url,
                });
            }
        }
    }
    hash_candidates(text, &mut candidates);
    if text.bytes().any(|b| matches!(b, b'#' | b'!')) {
        path_candidates(w, text, &mut candidates);
    }
    key_candidates(w, text, settings, &mut candidates);
    azure_candidates(text, &mut candidates);
    bug_trailer_candidates(text, &special, &mut candidates);
    candidates.retain(|candidate| !overlaps_any(&urls, &candidate.span));
    candidates.extend(url_refs);

    candidates.retain(|candidate| {
        !in_ranges(&code, candidate.span.start)
            && role_at(&special, candidate.span.start) != LineRole::KernelFixes
    });
    candidates.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if kept
            .last()
            .is_none_or(|last| last.span.end <= candidate.span.start)
        {
            kept.push(candidate);
        }
    }
    assign_kinds(w, text, kept)
}

/// References carried by a branch name: "feat/PAY-12-export" -> Jira `PAY-12`; "12-fix-login",
/// "fix/12-login", "issue-12", "gh-12-x" -> Github `#12`; "feature/AB#12" -> Azure `AB#12`;
/// Linear-style "ada/eng-123-title" (lower-case key) -> Jira `ENG-123` when the upper-cased prefix
/// passes the key rules.
///
/// Branch references are always [`RefKind::Mention`] and carry the canonical text (`#12`,
/// `PAY-12`, `AB#12`); `span` covers what is written. A lower-case key must start a path segment,
/// have a 2–5 character prefix that is not a common branch word (`node-18`, `part-2`), and pass
/// the same decoy, placeholder and project rules as upper-case keys; with `key_projects` set, the
/// project list alone decides.
pub fn branch_references(branch: &str, settings: &TrackerSettings) -> Vec<Reference> {
    let w = &*settings.words;
    let mut found: Vec<Reference> = Vec::new();
    let branch_boundary = |c: Option<char>| matches!(c, None | Some('/' | '-' | '_' | '.'));
    for span in scan(branch, next_key) {
        if !branch_boundary(prev_char(branch, span.start))
            || !key_tail_ok(branch, span.end)
            || !branch_boundary(next_char(branch, span.end))
        {
            continue;
        }
        if let Some((tracker, text)) = key_reference(w, &branch[span.clone()], settings) {
            found.push(mention(tracker, text, span));
        }
    }

    let mut segment_start = 0;
    for segment in branch.split('/') {
        if let Some((tracker, text, len)) = segment_reference(w, segment, settings) {
            found.push(mention(tracker, text, segment_start..segment_start + len));
        }
        segment_start += segment.len() + 1;
    }

    found.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut kept: Vec<Reference> = Vec::with_capacity(found.len());
    for reference in found {
        if kept
            .last()
            .is_none_or(|last| last.span.end <= reference.span.start)
        {
            kept.push(reference);
        }
    }
    kept
}

fn mention(tracker: Tracker, text: String, span: Range<usize>) -> Reference {
    Reference {
        tracker,
        text,
        kind: RefKind::Mention,
        span,
    }
}

/// A reference at the start of one branch segment, as (tracker, canonical text, written length).
fn segment_reference(
    w: &Lexicon,
    segment: &str,
    settings: &TrackerSettings,
) -> Option<(Tracker, String, usize)> {
    let bytes = segment.as_bytes();
    // `12-fix-login`, `#12-login`, `issue-12`, `issues_12`, `gh-12-x`, `AB#12`.
    let (tracker, prefix_len) = if bytes.first() == Some(&b'#') {
        (Tracker::Github, 1)
    } else if bytes.first().is_some_and(u8::is_ascii_digit) {
        (Tracker::Github, 0)
    } else if segment.starts_with("AB#") {
        (Tracker::Azure, 3)
    } else {
        let word_len = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let word = &segment[..word_len];
        let separated = matches!(bytes.get(word_len), Some(b'-' | b'_'));
        if ["issue", "issues", "gh"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
            && separated
        {
            (Tracker::Github, word_len + 1)
        } else if separated && word_len >= 2 {
            return lowercase_key(w, segment, word_len, settings);
        } else {
            return None;
        }
    };
    let digits = &segment[prefix_len..];
    let number_len = digits.bytes().take_while(u8::is_ascii_digit).count();
    let number = &digits[..number_len];
    if !issue_number_ok(number) {
        return None;
    }
    if !number_ends_cleanly(&digits.as_bytes()[number_len..]) {
        return None;
    }
    let text = match tracker {
        Tracker::Azure => format!("AB#{number}"),
        _ => format!("#{number}"),
    };
    Some((tracker, text, prefix_len + number_len))
}

/// What follows a number in a branch segment: the end, or `-`/`_` and a word. `2024-01-15-x` is a
/// date and `1.2-hotfix` a version, not issue 2024 or 1.
fn number_ends_cleanly(rest: &[u8]) -> bool {
    match rest.first() {
        None => true,
        Some(b'-' | b'_') => !rest.get(1).is_some_and(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// A Linear-style lower-case key (`eng-123-title`) at the start of a segment.
fn lowercase_key(
    w: &Lexicon,
    segment: &str,
    word_len: usize,
    settings: &TrackerSettings,
) -> Option<(Tracker, String, usize)> {
    let word = &segment[..word_len];
    let after = &segment[word_len + 1..];
    let number_len = after.bytes().take_while(u8::is_ascii_digit).count();
    let number = &after[..number_len];
    if number.is_empty()
        || number.starts_with('0')
        || segment.as_bytes().get(word_len) != Some(&b'-')
        || !number_ends_cleanly(&after.as_bytes()[number_len..])
    {
        return None;
    }
    let prefix = word.to_ascii_uppercase();
    if settings.key_projects.is_empty() {
        let lower = word.to_ascii_lowercase();
        if word.len() > 5 || is_one_of(lower.as_bytes(), words(&w.lists.branch_words)) {
            return None;
        }
    }
    if !key_prefix_ok(w, &prefix, settings) {
        return None;
    }
    Some((
        Tracker::Jira,
        format!("{prefix}-{number}"),
        word_len + 1 + number_len,
    ))
}

/// Where a candidate is and which tracker it belongs to; its text is `input[span]`.
#[derive(Debug, Clone)]
struct Candidate {
    span: Range<usize>,
    tracker: Tracker,
}

/// What a line is, as far as references care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineRole {
    /// Ordinary text.
    Plain,
    /// A reference trailer (`Refs:`, `Closes:` …): its URLs count. `link` marks `Link:`.
    Trailer { link: bool },
    /// A `Bug:`/`Issue:`/`BUG=` line: its bare numbers are bug ids; its URLs count.
    Bug { value: usize },
    /// A kernel `Fixes: <commit> ("subject")` line: it names a commit, and the quoted subject
    /// belongs to that commit, so nothing on it is a reference.
    KernelFixes,
}

/// A line that is not plain text, with its role. Only these are kept: a text of millions of
/// short lines needs no per-line storage.
#[derive(Debug, Clone)]
struct SpecialLine {
    /// The line's text, without its `\n`/`\r\n`.
    span: Range<usize>,
    role: LineRole,
}

/// The lines of `text` as byte ranges, without their `\n`/`\r\n`.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let newline = text.get(from..)?.find('\n').map(|i| from + i);
        let mut end = newline.unwrap_or(text.len());
        if text.get(from..end).is_some_and(|line| line.ends_with('\r')) {
            end -= 1;
        }
        start = newline.map(|i| i + 1);
        Some(from..end)
    })
}

fn special_lines(w: &Lexicon, text: &str) -> Vec<SpecialLine> {
    lines(text)
        .filter_map(|span| {
            let role = line_role(w, &text[span.clone()], span.start);
            (role != LineRole::Plain).then_some(SpecialLine { span, role })
        })
        .collect()
}

/// The role of the line holding byte `pos`.
fn role_at(special: &[SpecialLine], pos: usize) -> LineRole {
    let index = special.partition_point(|line| line.span.start <= pos);
    match index.checked_sub(1).and_then(|i| special.get(i)) {
        Some(line) if pos <= line.span.end => line.role,
        _ => LineRole::Plain,
    }
}

/// Reads `Key: value` / `BUG=value` by hand: a regex per line would cost more than the line.
fn line_role(w: &Lexicon, line: &str, offset: usize) -> LineRole {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let key_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if key_len == 0 || key_len > 32 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return LineRole::Plain;
    }
    let key = &rest[..key_len];
    let after_key = &rest[key_len..];
    let spaces = after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    let separator = after_key.as_bytes().get(spaces).copied();
    let value_at = indent + key_len + spaces + 1;
    let value = line.get(value_at..).unwrap_or("");
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    match separator {
        Some(b'=') if is("bug") => LineRole::Bug {
            value: offset + value_at,
        },
        Some(b':') if is("fixes") && starts_with_commit_id(value) => LineRole::KernelFixes,
        Some(b':') if is("bug") || is("bugs") || is("issue") => LineRole::Bug {
            value: offset + value_at,
        },
        Some(b':') if words(&w.lists.ref_trailer_keys).any(is) => LineRole::Trailer {
            link: is("link") || is("links"),
        },
        _ => LineRole::Plain,
    }
}

/// `1234abcdef12 ("mm: fix foo")`: 7–40 hex digits, then the end, a space or a parenthesis.
fn starts_with_commit_id(value: &str) -> bool {
    let value = value.trim_start();
    let hex = value.bytes().take_while(u8::is_ascii_hexdigit).count();
    (7..=40).contains(&hex) && matches!(value.as_bytes().get(hex), None | Some(b' ' | b'\t' | b'('))
}

/// Byte ranges quoted as code: fenced blocks (```` ``` ````/`~~~`) and inline backtick spans.
/// Inline spans are matched within one line, which keeps a stray backtick from swallowing the
/// rest of the message; CommonMark would let them run on inside a paragraph.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None;
    for line in lines(text) {
        let content = &text[line.clone()];
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        let run_of = |c: u8| trimmed.bytes().take_while(|b| *b == c).count();
        if let Some((mark, len, start)) = fence {
            let run = run_of(mark);
            if indent <= 3 && run >= len && trimmed[run..].trim().is_empty() {
                ranges.push(start..line.end);
                fence = None;
            }
            continue;
        }
        if indent <= 3 {
            let mark = match trimmed.as_bytes().first() {
                Some(b'`') => Some(b'`'),
                Some(b'~') => Some(b'~'),
                _ => None,
            };
            if let Some(mark) = mark {
                let run = run_of(mark);
                if run >= 3 && !(mark == b'`' && trimmed[run..].contains('`')) {
                    fence = Some((mark, run, line.start));
                    continue;
                }
            }
        }
        inline_code(text, line, &mut ranges);
    }
    if let Some((_, _, start)) = fence {
        // An unclosed fence runs to the end of the document, as in CommonMark.
        ranges.push(start..text.len());
    }
    ranges
}

fn inline_code(text: &str, line: Range<usize>, ranges: &mut Vec<Range<usize>>) {
    let bytes = &text.as_bytes()[line.clone()];
    if !bytes.contains(&b'`') {
        return;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = bytes[i..].iter().take_while(|b| **b == b'`').count();
            runs.push((line.start + i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    // The next run of the same length closes a span; found right to left in one pass so that
    // many unmatched openers cannot make this quadratic.
    let mut next_same = vec![usize::MAX; runs.len()];
    let mut last_of_len: HashMap<usize, usize> = HashMap::new();
    for (index, (_, len)) in runs.iter().enumerate().rev() {
        if let Some(next) = last_of_len.insert(*len, index) {
            next_same[index] = next;
        }
    }
    let mut index = 0;
    while index < runs.len() {
        let closer = next_same[index];
        if closer == usize::MAX {
            index += 1;
        } else {
            let (open, _) = runs[index];
            let (close, close_len) = runs[closer];
            ranges.push(open..close + close_len);
            index = closer + 1;
        }
    }
}

/// Whether `pos` lies inside one of the sorted, disjoint `ranges`.
fn in_ranges(ranges: &[Range<usize>], pos: usize) -> bool {
    let index = ranges.partition_point(|range| range.end <= pos);
    ranges.get(index).is_some_and(|range| range.start <= pos)
}

/// Whether `span` overlaps one of the sorted, disjoint `ranges`.
fn overlaps_any(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let index = ranges.partition_point(|range| range.end <= span.start);
    ranges
        .get(index)
        .is_some_and(|range| range.start < span.end)
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)
        .and_then(|before| before.chars().next_back())
}

fn next_char(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|after| after.chars().next())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Drops trailing sentence punctuation and Markdown emphasis from a URL match.
fn trim_url(text: &str, span: Range<usize>) -> Range<usize> {
    let url = &text[span.clone()];
    let kept = url.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' | '~' | '…' | '»' | '”' | '’'
        )
    });
    span.start..span.start + kept.len()
}

/// An issue number as written after `#`: 1–7 digits, no leading zero (`#0`, `#000` are
/// placeholders).
fn issue_number_ok(digits: &str) -> bool {
    !digits.is_empty()
        && digits.len() <= MAX_ISSUE_DIGITS
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `#12` everywhere. Scanned by hand rather than by regex: a text of nothing but `#1 #1 …` has
/// millions of them, and `str::find` on one byte is the cheapest way to walk there.
fn hash_candidates(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('#')) {
        let start = from + found;
        let digits = bytes[start + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let span = start..start + 1 + digits;
        from = span.end;
        if !issue_number_ok(&text[span.start + 1..span.end])
            || next_char(text, span.end).is_some_and(is_word)
        {
            continue;
        }
        let ok = match prev_char(text, span.start) {
            None => true,
            // `C#12`, `&#123;`, `##12`, `a/#12`, `@{#1234567}` (Chromium's commit position).
            Some(c) if is_word(c) || matches!(c, '&' | '#' | '/' | '{' | '\\') => false,
            // `<org>/<repo>#12` is a template; `> #12` quotes are fine.
            Some('>') => !prev_char(text, span.start - 1).is_some_and(is_word),
            Some(_) => true,
        };
        if ok {
            out.push(Candidate {
                span,
                tracker: Tracker::Github,
            });
        }
    }
}

fn path_candidates(w: &Lexicon, text: &str, out: &mut Vec<Candidate>) {
    for span in scan(text, next_path) {
        let written = &text[span.clone()];
        let Some(mark) = written.rfind(['#', '!']) else {
            continue;
        };
        if !issue_number_ok(&written[mark + 1..])
            || next_char(text, span.end).is_some_and(is_word)
            || prev_char(text, span.start)
                .is_some_and(|c| is_word(c) || matches!(c, '/' | '.' | '-' | '@' | ':' | '#'))
        {
            continue;
        }
        let mut path = &written[..mark];
        // `github.com/acme/app#3`: a host in front names the forge; without one, two segments
        // are GitHub's `owner/repo` and more are a GitLab group path.
        let mut host = None;
        if let Some((first, rest)) = path.split_once('/')
            && first.contains('.')
        {
            host = Some(first.to_ascii_lowercase());
            path = rest;
        }
        let segments = path.split('/').count();
        let owner = path.split('/').next().unwrap_or("");
        let repo = path.rsplit('/').next().unwrap_or("");
        if segments < 2 || is_placeholder_forge(w, owner, repo) {
            continue;
        }
        let merge_request = written.as_bytes()[mark] == b'!';
        let tracker = match host.as_deref() {
            Some("github.com" | "www.github.com") if !merge_request && segments == 2 => {
                Tracker::Github
            }
            Some(_) => Tracker::Gitlab,
            None if merge_request || segments >= 3 => Tracker::Gitlab,
            None => Tracker::Github,
        };
        out.push(Candidate { span, tracker });
    }
}

fn is_placeholder_forge(w: &Lexicon, owner: &str, repo: &str) -> bool {
    is_one_of(owner.as_bytes(), words(&w.lists.placeholder_owners))
        || is_one_of(repo.as_bytes(), words(&w.lists.placeholder_repos))
}

/// After a key's number: `CVE-2024-1234`, `TLS-1.3`, `ISO-8601-1` continue with `-digit` or
/// `.digit`, which makes them ids or versions rather than tickets.
fn key_tail_ok(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    !(matches!(bytes.get(end), Some(b'-' | b'.'))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
}

fn key_candidates(w: &Lexicon, text: &str, settings: &TrackerSettings, out: &mut Vec<Candidate>) {
    for span in scan(text, next_key) {
        if next_char(text, span.end).is_some_and(is_word)
            || !key_tail_ok(text, span.end)
            || prev_char(text, span.start)
                .is_some_and(|c| is_word(c) || matches!(c, '-' | '.' | '$' | '@' | '#'))
        {
            continue;
        }
        if let Some((tracker, _)) = key_reference(w, &text[span.clone()], settings) {
            out.push(Candidate { span, tracker });
        }
    }
    // CPython and others write `gh-104584` in lower case.
    for span in scan(text, |text, from| next_prefixed_number(text, from, "gh-")) {
        if next_char(text, span.end).is_some_and(is_word)
            || prev_char(text, span.start).is_some_and(|c| is_word(c) || matches!(c, '-' | '.'))
            || !issue_number_ok(&text[span.start + 3..span.end])
        {
            continue;
        }
        out.push(Candidate {
            span,
            tracker: Tracker::Github,
        });
    }
}

/// Judges an upper-case `PREFIX-N`: `GH-12` is GitHub; anything else is a Jira-style key when its
/// number has no leading zero and its prefix passes [`key_prefix_ok`]. Returns the tracker and
/// the canonical text.
fn key_reference(w: &Lexicon, key: &str, settings: &TrackerSettings) -> Option<(Tracker, String)> {
    let (prefix, number) = key.rsplit_once('-')?;
    if number.is_empty() || number.starts_with('0') {
        return None;
    }
    if prefix == "GH" {
        return issue_number_ok(number).then(|| (Tracker::Github, format!("#{number}")));
    }
    key_prefix_ok(w, prefix, settings).then(|| (Tracker::Jira, key.to_owned()))
}

/// A key prefix that can be a ticket project: not a decoy, not a template stand-in, and one of
/// `key_projects` when that list is set.
fn key_prefix_ok(w: &Lexicon, prefix: &str, settings: &TrackerSettings) -> bool {
    // The project's own keys win over the decoy and stand-in lists: a team called `TEAM` or a
    // project `ADR` says so in `trackers: {jira: {projects: […]}}`.
    if settings.key_projects.iter().any(|p| p == prefix) {
        return true;
    }
    if is_decoy_or_placeholder(w, prefix, settings) {
        return false;
    }
    settings.key_projects.is_empty() || settings.key_projects.iter().any(|p| p == prefix)
}

fn is_decoy_or_placeholder(w: &Lexicon, prefix: &str, settings: &TrackerSettings) -> bool {
    words(&w.lists.decoy_prefixes).any(|decoy| decoy == prefix)
        || settings
            .deny_prefixes
            .iter()
            .any(|p| p.trim().eq_ignore_ascii_case(prefix))
        || words(&w.lists.placeholder_prefixes).any(|stand_in| stand_in == prefix)
        // `XX-1`, `XXX-123`, `XXXX-42`.
        || prefix.bytes().all(|b| b == b'X')
}

fn azure_candidates(text: &str, out: &mut Vec<Candidate>) {
    for span in scan(text, |text, from| next_prefixed_number(text, from, "AB#")) {
        if issue_number_ok(&text[span.start + 3..span.end])
            && !next_char(text, span.end).is_some_and(is_word)
            && !prev_char(text, span.start).is_some_and(is_word)
        {
            out.push(Candidate {
                span,
                tracker: Tracker::Azure,
            });
        }
    }
}

/// `Bug: 123456`, `Bug: chromium:123456, v8:42`, `Bug: b/123456`, `BUG=123`, `Issue: 123`.
fn bug_trailer_candidates(text: &str, special: &[SpecialLine], out: &mut Vec<Candidate>) {
    for line in special {
        let LineRole::Bug { value } = line.role else {
            continue;
        };
        let Some(values) = text.get(value..line.span.end) else {
            continue;
        };
        for m in scan(values, next_bug_item) {
            let before = prev_char(values, m.start);
            let after = next_char(values, m.end);
            let digits = values[m.clone()].rsplit([':', '/']).next().unwrap_or("");
            if matches!(before, None | Some(' ' | '\t' | ',' | ';'))
                && matches!(after, None | Some(' ' | '\t' | ',' | ';' | '.'))
                && !digits.is_empty()
                && !digits.starts_with('0')
            {
                out.push(Candidate {
                    span: value + m.start..value + m.end,
                    tracker: Tracker::Bug,
                });
            }
        }
    }
}

/// Which tracker a URL links to, if it links a problem at all.
fn classify_url(
    w: &Lexicon,
    url: &str,
    role: LineRole,
    template: bool,
    settings: &TrackerSettings,
) -> Option<Tracker> {
    if let Some((owner, repo, number)) = github_url(url) {
        return (!is_placeholder_forge(w, owner, repo) && issue_number_ok(number))
            .then_some(Tracker::Github);
    }
    if let Some((path, number)) = gitlab_url(url) {
        let owner = path.split('/').next().unwrap_or("");
        let repo = path.rsplit('/').next().unwrap_or("");
        return (!is_placeholder_forge(w, owner, repo) && issue_number_ok(number))
            .then_some(Tracker::Gitlab);
    }
    // Key URLs name their tracker explicitly, so `key_projects` (which exists to tell bare keys
    // from look-alikes) does not apply; decoys and placeholders still do.
    for (read, tracker) in [
        (jira_url as fn(&str) -> Option<(&str, &str)>, Tracker::Jira),
        (linear_url, Tracker::Linear),
    ] {
        if let Some((prefix, number)) = read(url) {
            return (!number.starts_with('0') && !is_decoy_or_placeholder(w, prefix, settings))
                .then_some(tracker);
        }
    }
    if is_azure_url(url) {
        return Some(Tracker::Azure);
    }
    if let Some(number) = bug_url(url) {
        return (!number.starts_with('0')).then_some(Tracker::Bug);
    }
    if let Some(number) = generic_issue_url(url) {
        // Gitea, Forgejo, Codeberg, GitHub Enterprise …: an issue, but on which tracker is unknown.
        if !number.starts_with('0') && !template {
            return Some(Tracker::Url);
        }
    }
    if settings
        .url_patterns
        .iter()
        .any(|pattern| pattern.is_match(url))
    {
        return Some(Tracker::Url);
    }
    let link = match role {
        LineRole::Trailer { link } => link,
        LineRole::Bug { .. } => false,
        LineRole::Plain | LineRole::KernelFixes => return None,
    };
    let host = url_host(url);
    let lower_url = url.to_ascii_lowercase();
    let placeholder = template
        || lower_url.contains("xxx")
        || host.ends_with("example.com")
        || host.ends_with("example.org")
        || host.ends_with("example.net")
        || host == "localhost";
    let known_tracker = words(&w.lists.tracker_hosts).any(|known| known == host)
        || host.ends_with(".atlassian.net")
        || host.ends_with(".visualstudio.com");
    let patch_thread = link
        && (words(&w.lists.patch_archive_hosts).any(|known| known == host)
            || host.starts_with("patchwork."));
    (!placeholder && !known_tracker && !patch_thread && host.contains('.')).then_some(Tracker::Url)
}

/// The lower-cased host of an `http(s)://` URL.
fn url_host(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let host = &after_scheme[..end];
    // Drop `user@` and `:port`.
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split_once(':').map_or(host, |(h, _)| h);
    host.to_ascii_lowercase()
}

/// Turns the kept candidates (sorted, disjoint) into references with their kinds.
///
/// A reference is closing when a closing keyword precedes it on its line with at most a few
/// words between, or when it follows a closing reference with only separators between
/// (`Closes #1, #2 and #3`). Only the text since the previous reference on the line is searched,
/// so the whole pass stays linear.
fn assign_kinds(w: &Lexicon, text: &str, candidates: Vec<Candidate>) -> Vec<Reference> {
    let mut out = Vec::with_capacity(candidates.len());
    // End of the previous reference and whether it was closing.
    let mut previous: Option<(usize, bool)> = None;
    for candidate in candidates {
        let from = previous.map_or(0, |(end, _)| end).min(candidate.span.start);
        let between = text.get(from..candidate.span.start).unwrap_or("");
        // Only this line counts: cut at the last newline (searched backwards, so each stretch of
        // text is read once).
        let (gap, same_line) = match between.rfind('\n') {
            Some(newline) => (&between[newline + 1..], false),
            None => (between, previous.is_some()),
        };
        let previous_closing = same_line && previous.is_some_and(|(_, closing)| closing);
        let closing = (previous_closing && only_separators(gap)) || closing_keyword_before(w, gap);
        previous = Some((candidate.span.end, closing));
        out.push(Reference {
            tracker: candidate.tracker,
            text: text[candidate.span.clone()].to_owned(),
            kind: if closing {
                RefKind::Closing
            } else {
                RefKind::Mention
            },
            span: candidate.span,
        });
    }
    out
}

fn only_separators(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .all(|piece| matches!(piece, "" | "&" | "+" | "/" | "and" | "or" | "&&"))
}

/// Whether `gap` (the text before a reference on its line) ends with a closing keyword and at
/// most [`MAX_CLOSING_GAP_WORDS`] ordinary words, within one clause.
fn closing_keyword_before(w: &Lexicon, gap: &str) -> bool {
    if !gap.bytes().any(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let Some(keyword) = scan(gap, |text, from| next_closing_keyword(w, text, from)).last() else {
        return false;
    };
    // `fix-up`, `fixes_` are other words.
    if matches!(gap.as_bytes().get(keyword.end), Some(b'-' | b'_')) {
        return false;
    }
    let negated = gap[..keyword.start]
        .split_whitespace()
        .next_back()
        .is_some_and(|word| {
            let word = word.to_lowercase().replace('’', "'");
            matches!(
                word.as_str(),
                "not" | "doesn't" | "don't" | "didn't" | "won't" | "never" | "cannot" | "can't"
            )
        });
    if negated {
        return false;
    }
    let after = gap[keyword.end..]
        .strip_prefix(':')
        .unwrap_or(&gap[keyword.end..]);
    // A new clause or a parenthesis (`fix: crash (#123)` names the PR itself) ends the keyword's
    // reach.
    let breaks_clause = after.contains([';', '!', '?', '(', ')'])
        || after
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b'.' && pair[1].is_ascii_whitespace())
        || after.ends_with('.');
    if breaks_clause {
        return false;
    }
    let mut count = 0;
    for word in after.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if bare.is_empty() {
            continue;
        }
        if is_one_of(bare.as_bytes(), words(&w.lists.mention_words)) {
            return false;
        }
        count += 1;
        if count > MAX_CLOSING_GAP_WORDS {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<Reference> {
        find_references(text, &TrackerSettings::default())
    }

    /// (tracker, text, kind) of every reference, with the span checked against the text.
    fn summary(text: &str, settings: &TrackerSettings) -> Vec<(Tracker, String, RefKind)> {
        find_references(text, settings)
            .into_iter()
            .map(|r| {
                assert_eq!(
                    &text[r.span.clone()],
                    r.text,
                    "span must cover the written text"
                );
                (r.tracker, r.text, r.kind)
            })
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        refs(text).into_iter().map(|r| r.text).collect()
    }

    use RefKind::{Closing, Mention};
    use Tracker::*;

    #[test]
    fn tracker_names_round_trip() {
        for tracker in Tracker::ALL {
            assert_eq!(Tracker::from_name(tracker.name()), Some(tracker));
        }
        assert_eq!(Tracker::from_name("GitHub"), Some(Github));
        assert_eq!(Tracker::from_name("youtrack"), None);
        assert_eq!(Jira.name(), "jira");
    }

    #[test]
    fn bare_hash_and_gh_keys_are_github() {
        let text = "Add CSV export\n\nRefs: #42, GH-7 and gh-104584";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Github, "#42".into(), Mention),
                (Github, "GH-7".into(), Mention),
                (Github, "gh-104584".into(), Mention),
            ]
        );
        let first = &refs(text)[0];
        assert_eq!(first.span, 22..25);
    }

    #[test]
    fn closing_keywords_make_closing_references() {
        assert_eq!(
            summary("Fixes #1, #2 and #3", &TrackerSettings::default()),
            vec![
                (Github, "#1".into(), Closing),
                (Github, "#2".into(), Closing),
                (Github, "#3".into(), Closing),
            ]
        );
        for text in [
            "closes #9",
            "Resolved: #9",
            "fix the export crash #9",
            "Closes: PAY-9",
            "RESOLVES acme/app#9",
        ] {
            assert_eq!(refs(text)[0].kind, Closing, "{text}");
        }
        for text in [
            "Refs #9",
            "See #9",
            "Part of #9",
            "fix typo; see #9",
            "fix: export crash (#9)",
            "Fix crash introduced by #9",
            "This does not fix #9",
            "fix(parser): handle empty input in the CSV reader #9",
            "Fixed the crash. Related: #9",
        ] {
            assert_eq!(refs(text)[0].kind, Mention, "{text}");
        }
    }

    #[test]
    fn owner_repo_and_gitlab_paths() {
        let text =
            "Fixes golang/go#61234\nSee gitlab-org/gitlab-runner!42 and group-x/sub/project#7";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Github, "golang/go#61234".into(), Closing),
                (Gitlab, "gitlab-org/gitlab-runner!42".into(), Mention),
                (Gitlab, "group-x/sub/project#7".into(), Mention),
            ]
        );
        // `!12` alone is not a merge request reference.
        assert!(refs("Great work !12").is_empty());
    }

    #[test]
    fn forge_urls() {
        let text = "Closes https://github.com/acme/app/issues/12.\n\
                    See https://github.com/acme/app/pull/13/files and https://github.com/acme/app/discussions/14#c1\n\
                    https://gitlab.com/g/sub/p/-/issues/15 https://git.corp.io/a/b/-/merge_requests/16 \
                    https://gitlab.com/g/p/-/work_items/17";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (
                    Github,
                    "https://github.com/acme/app/issues/12".into(),
                    Closing
                ),
                (
                    Github,
                    "https://github.com/acme/app/pull/13/files".into(),
                    Mention
                ),
                (
                    Github,
                    "https://github.com/acme/app/discussions/14#c1".into(),
                    Mention
                ),
                (
                    Gitlab,
                    "https://gitlab.com/g/sub/p/-/issues/15".into(),
                    Mention
                ),
                (
                    Gitlab,
                    "https://git.corp.io/a/b/-/merge_requests/16".into(),
                    Mention
                ),
                (
                    Gitlab,
                    "https://gitlab.com/g/p/-/work_items/17".into(),
                    Mention
                ),
            ]
        );
    }

    #[test]
    fn jira_keys_and_urls() {
        let text = "PAY-812: add CSV export\n\nSee https://acme.atlassian.net/browse/WEB-3 and \
                    https://jira.corp.example/jira/browse/OPS_2-9?focused=1";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Jira, "PAY-812".into(), Mention),
                (
                    Jira,
                    "https://acme.atlassian.net/browse/WEB-3".into(),
                    Mention
                ),
                (
                    Jira,
                    "https://jira.corp.example/jira/browse/OPS_2-9?focused=1".into(),
                    Mention
                ),
            ]
        );
    }

    #[test]
    fn linear_urls_and_bare_linear_keys() {
        let text = "Refs https://linear.app/acme/issue/ENG-123/export-fails and ENG-124";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (
                    Linear,
                    "https://linear.app/acme/issue/ENG-123/export-fails".into(),
                    Mention
                ),
                // Same syntax as Jira; only the URL says Linear.
                (Jira, "ENG-124".into(), Mention),
            ]
        );
    }

    #[test]
    fn azure_boards() {
        let text = "Fixes AB#123\nhttps://dev.azure.com/org1/Proj/_workitems/edit/456/ \
                    https://contoso.visualstudio.com/Proj/_workitems/edit/789";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Azure, "AB#123".into(), Closing),
                (
                    Azure,
                    "https://dev.azure.com/org1/Proj/_workitems/edit/456/".into(),
                    Mention
                ),
                (
                    Azure,
                    "https://contoso.visualstudio.com/Proj/_workitems/edit/789".into(),
                    Mention
                ),
            ]
        );
    }

    #[test]
    fn bug_trailers_and_bug_urls() {
        let text = "Bug: 123456\nBug: chromium:1456789, v8:42, b/987654\nBUG=321\nIssue: 55\nBug: none\n\
                    https://bugzilla.kernel.org/show_bug.cgi?id=218000 \
                    https://bugs.launchpad.net/ubuntu/+source/linux/+bug/2051234";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Bug, "123456".into(), Mention),
                (Bug, "chromium:1456789".into(), Mention),
                (Bug, "v8:42".into(), Mention),
                (Bug, "b/987654".into(), Mention),
                (Bug, "321".into(), Mention),
                (Bug, "55".into(), Mention),
                (
                    Bug,
                    "https://bugzilla.kernel.org/show_bug.cgi?id=218000".into(),
                    Mention
                ),
                (
                    Bug,
                    "https://bugs.launchpad.net/ubuntu/+source/linux/+bug/2051234".into(),
                    Mention
                ),
            ]
        );
        // A number outside a Bug trailer is not a bug id.
        assert!(refs("Retry 123456 times").is_empty());
    }

    #[test]
    fn linux_kernel_commit() {
        let text = "mm: fix use-after-free in foo_bar()\n\n\
                    The SHA-256 helper freed the page twice (see UTF-8 handling).\n\n\
                    Fixes: 1234abcdef12 (\"mm: fix foo for #12 and PAY-3\")\n\
                    Reported-by: Ada Lovelace <ada@example.org>\n\
                    Closes: https://lore.kernel.org/all/20240101120000.GA1234@x/\n\
                    Link: https://lore.kernel.org/r/20240102-foo-v2-1-abcdef@kernel.org\n\
                    Link: https://patch.msgid.link/20240102-foo-v2-1-abcdef@kernel.org\n\
                    Link: https://bugzilla.kernel.org/show_bug.cgi?id=218001\n\
                    Cc: stable@vger.kernel.org # 6.1+\n\
                    Signed-off-by: Ada Lovelace <ada@example.org>\n";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (
                    Url,
                    "https://lore.kernel.org/all/20240101120000.GA1234@x/".into(),
                    Closing
                ),
                (
                    Bug,
                    "https://bugzilla.kernel.org/show_bug.cgi?id=218001".into(),
                    Mention
                ),
            ]
        );
    }

    #[test]
    fn go_commit() {
        let text = "net/http: reject invalid header values\n\n\
                    Fixes golang/go#61234\n\n\
                    Change-Id: I0123456789abcdef0123456789abcdef01234567\n\
                    Reviewed-on: https://go-review.googlesource.com/c/go/+/512345\n";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![(Github, "golang/go#61234".into(), Closing)]
        );
    }

    #[test]
    fn chromium_commit() {
        let text = "[omnibox] Fix crash on empty suggestion\n\n\
                    Bug: 1456789\n\
                    Change-Id: Iabcdef0123456789abcdef0123456789abcdef01\n\
                    Reviewed-on: https://chromium-review.googlesource.com/c/chromium/src/+/4567890\n\
                    Commit-Queue: Ada <ada@chromium.org>\n\
                    Cr-Commit-Position: refs/heads/main@{#1234567}\n";
        let found = refs(text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].tracker, found[0].text.as_str()), (Bug, "1456789"));
        assert_eq!(&text[found[0].span.clone()], "1456789");
    }

    #[test]
    fn dependabot_message_has_no_reference() {
        let text = "Bump lodash from 4.17.20 to 4.17.21\n\n\
                    Bumps [lodash](https://github.com/lodash/lodash) from 4.17.20 to 4.17.21.\n\
                    - [Release notes](https://github.com/lodash/lodash/releases)\n\
                    - [Commits](https://github.com/lodash/lodash/compare/4.17.20...4.17.21)\n\n\
                    ---\nupdated-dependencies:\n- dependency-name: lodash\n\n\
                    Signed-off-by: dependabot[bot] <support@github.com>\n";
        assert!(refs(text).is_empty(), "{:?}", refs(text));
    }

    #[test]
    fn url_trailers_count_unknown_urls() {
        let text = "Refs: https://support.acme.io/tickets/991\n\
                    See: https://docs.acme.io/runbook\n\
                    Link: https://github.com/acme/app/blob/main/README.md\n\
                    Refs: https://example.com/issue/1\n\
                    Later we read https://blog.acme.io/post";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Url, "https://support.acme.io/tickets/991".into(), Mention),
                (Url, "https://docs.acme.io/runbook".into(), Mention),
            ]
        );
        // Generic `/issues/N` URLs anywhere (Gitea, Codeberg, GitHub Enterprise).
        assert_eq!(
            summary(
                "see https://codeberg.org/forgejo/forgejo/issues/77",
                &TrackerSettings::default()
            ),
            vec![(
                Url,
                "https://codeberg.org/forgejo/forgejo/issues/77".into(),
                Mention
            )]
        );
    }

    #[test]
    fn configured_url_patterns() {
        let settings = TrackerSettings {
            url_patterns: vec![
                Regex::new(r"https://tracker\.corp/t/\d+").expect("test regex"),
                Regex::new(r"\bSNOW\d{7}\b").expect("test regex"),
            ],
            ..TrackerSettings::default()
        };
        let text = "Fixes https://tracker.corp/t/42 and SNOW1234567; https://other.corp/t/1";
        assert_eq!(
            summary(text, &settings),
            vec![
                (Url, "https://tracker.corp/t/42".into(), Closing),
                (Url, "SNOW1234567".into(), Closing),
            ]
        );
    }

    #[test]
    fn decoy_keys_are_never_references() {
        let text = "Upgrade to UTF-8 and SHA-256, ISO-8601 dates, RFC-1234, CVE-2024-1234, \
                    GHSA-abcd, CWE-79, AES-256, RSA-2048, HTTP-2, TLS-1.3, TLS-1, MD-5, X-1, \
                    COVID-19, ES-2015, ECMA-262, IEEE-754, PEP-8, ARM-64, WIN-32, ISO-9001, X86-64";
        assert!(refs(text).is_empty(), "{:?}", texts(text));
        for prefix in ["UTF", "SHA", "CVE", "GHSA", "CWE", "PEP", "WIN", "ARM"] {
            assert!(words(&Lexicon::builtin_ref().lists.decoy_prefixes).any(|d| d == prefix));
        }
        let settings = TrackerSettings {
            deny_prefixes: vec!["lts".into()],
            ..TrackerSettings::default()
        };
        assert!(find_references("Move to LTS-22", &settings).is_empty());
        assert_eq!(texts("Move to LTS-22"), vec!["LTS-22"]);
    }

    #[test]
    fn placeholder_references_are_ignored() {
        let text = "Fixes #\nFixes #XXX\nCloses #xxxx #0 #000 #<issue> #N\n\
                    Refs: ABC-123, XXX-123, XX-9, KEY-123, PROJ-123, PROJECT-123, JIRA-123, \
                    TICKET-123, ISSUE-123, FOO-1, BAR-2, TEAM-3, EXAMPLE-4, PAY-000\n\
                    Fixes org/repo#12, owner/repo#3, user/repo#4, <org>/<repo>#5, foo/bar#6\n\
                    Closes https://github.com/org/repo/issues/123 \
                    https://github.com/owner/project/pull/9 https://gitlab.com/group/project/-/issues/1\n\
                    Refs: https://github.com/<org>/<repo>/issues/123\n\
                    Refs: https://github.com/acme/app/issues/XXX";
        assert!(refs(text).is_empty(), "{:?}", texts(text));
        // A real number is accepted, even the ubiquitous `#123`.
        assert_eq!(texts("Refs #123"), vec!["#123"]);
    }

    #[test]
    fn look_alikes_in_words_entities_urls_and_colours() {
        let text = "C#12 and F#1 are languages; issue#4; &#123; is an entity; \
                    https://x.com/page#12 is a fragment; colour #fff and #12ab; \
                    id #12345678 is too long; `PAY-12` is quoted; a/#5";
        assert!(refs(text).is_empty(), "{:?}", texts(text));
        // Seven digits are still an issue number (accepting `#123456` over CSS colours).
        assert_eq!(texts("see #123456."), vec!["#123456"]);
    }

    #[test]
    fn code_spans_and_fenced_blocks_are_skipped() {
        let text =
            "Use ``PAY-1 `#2` `` here, not #3.\n```\nFixes #4\n```\n~~~~\nPAY-5\n~~~~\nFixes #6";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Github, "#3".into(), Mention),
                (Github, "#6".into(), Closing)
            ]
        );
        // An unmatched backtick does not hide the rest of the line.
        assert_eq!(texts("it's a ` stray tick #7"), vec!["#7"]);
    }

    #[test]
    fn key_projects_restrict_bare_keys() {
        let settings = TrackerSettings {
            key_projects: vec!["PAY".into(), "WEB".into()],
            ..TrackerSettings::default()
        };
        let text = "PAY-1 OPS-2 WEB-3 pay-4 UTF-8 https://acme.atlassian.net/browse/OPS-5";
        assert_eq!(
            summary(text, &settings),
            vec![
                (Jira, "PAY-1".into(), Mention),
                (Jira, "WEB-3".into(), Mention),
                // URLs name their tracker, so the project list does not filter them.
                (
                    Jira,
                    "https://acme.atlassian.net/browse/OPS-5".into(),
                    Mention
                ),
            ]
        );
    }

    #[test]
    fn key_boundaries() {
        assert!(texts("X-PAY-12 aPAY-12 PAY-12x PAY-12.5 PAY-12-3 $PAY-1 PAY-012").is_empty());
        assert_eq!(
            texts("(PAY-12), [WEB-3]: feat/OPS-4"),
            vec!["PAY-12", "WEB-3", "OPS-4"]
        );
    }

    #[test]
    fn multibyte_text_around_references() {
        let text = "Ошибка экспорта — «PAY-12»… 修复 #7。Fixes: ＃8 héllo#9 😀#10 https://例え.jp/issues/5";
        let found = refs(text);
        let got: Vec<&str> = found.iter().map(|r| &text[r.span.clone()]).collect();
        assert_eq!(got, vec!["PAY-12", "#7", "#10", "https://例え.jp/issues/5"]);
        // Every slice point lands on a char boundary, whatever the neighbours.
        for (i, _) in text.char_indices() {
            let _ = refs(&text[i..]);
            let _ = branch_references(&text[i..], &TrackerSettings::default());
        }
    }

    #[test]
    fn spans_are_unique_and_in_order() {
        let text = "[#12](https://github.com/acme/app/issues/12) #12 acme/app#12";
        let found = refs(text);
        assert_eq!(found.len(), 4);
        assert!(found.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        assert_eq!(found[1].tracker, Github);
        assert_eq!(found[1].text, "https://github.com/acme/app/issues/12");
    }

    #[test]
    fn branch_names() {
        let s = TrackerSettings::default();
        let got = |branch: &str| -> Vec<(Tracker, String, String)> {
            branch_references(branch, &s)
                .into_iter()
                .map(|r| {
                    assert_eq!(r.kind, Mention);
                    (r.tracker, r.text, branch[r.span].to_owned())
                })
                .collect()
        };
        assert_eq!(
            got("feat/PAY-12-export"),
            vec![(Jira, "PAY-12".into(), "PAY-12".into())]
        );
        assert_eq!(
            got("12-fix-login"),
            vec![(Github, "#12".into(), "12".into())]
        );
        assert_eq!(
            got("fix/12-login"),
            vec![(Github, "#12".into(), "12".into())]
        );
        assert_eq!(
            got("issue-12"),
            vec![(Github, "#12".into(), "issue-12".into())]
        );
        assert_eq!(got("gh-12-x"), vec![(Github, "#12".into(), "gh-12".into())]);
        assert_eq!(
            got("feature/#34-x"),
            vec![(Github, "#34".into(), "#34".into())]
        );
        assert_eq!(
            got("feature/AB#12"),
            vec![(Azure, "AB#12".into(), "AB#12".into())]
        );
        assert_eq!(
            got("ada/eng-123-title"),
            vec![(Jira, "ENG-123".into(), "eng-123".into())]
        );
        assert_eq!(got("GH-5"), vec![(Github, "#5".into(), "GH-5".into())]);
        for branch in [
            "main",
            "feat/utf-8-support",
            "fix/node-18-compat",
            "release/1.2.3",
            "2024-01-15-cleanup",
            "feat/abc-123-x",
            "dependabot/npm_and_yarn/lodash-4.17.21",
            "feat/sha-256",
            "feat/2fa",
            "feature/UTF-8",
        ] {
            assert!(got(branch).is_empty(), "{branch}: {:?}", got(branch));
        }
    }

    #[test]
    fn branch_names_with_key_projects() {
        let settings = TrackerSettings {
            key_projects: vec!["PAY".into(), "FIX".into()],
            ..TrackerSettings::default()
        };
        let texts: Vec<String> = branch_references("fix-3/pay-4-x/OPS-5/eng-6", &settings)
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(texts, vec!["FIX-3", "PAY-4"]);
    }

    #[test]
    fn crlf_and_trailing_punctuation() {
        let text = "Refs: https://support.acme.io/t/1).\r\nCloses: #5\r\n";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Url, "https://support.acme.io/t/1".into(), Mention),
                (Github, "#5".into(), Closing),
            ]
        );
    }

    #[test]
    fn ten_mib_of_hash_one_finishes() {
        let big = "#1 ".repeat(10 * 1024 * 1024 / 3);
        let found = refs(&big);
        assert_eq!(found.len(), big.len() / 3);
        assert_eq!(found[1].span, 3..5);
        assert!(branch_references(&big, &TrackerSettings::default()).is_empty());
    }

    #[test]
    fn hostile_inputs_finish() {
        // Shapes that would go quadratic with a careless scan (sizes kept modest for debug
        // builds; the release-mode cost of each is linear).
        for text in [
            "a/".repeat(1 << 17),
            "A".repeat(1 << 18) + "-",
            "https://x/".repeat(1 << 15),
            "`".repeat(1 << 15) + &"` ".repeat(1 << 15),
            "Fixes ".repeat(1 << 15) + "#1",
            "Bug: ".to_owned() + &"1,".repeat(1 << 15),
            "\n".repeat(1 << 18),
            "https://github.com/a/b/issues/".repeat(1 << 12),
            "a".repeat(1 << 18) + "#1",
        ] {
            let _ = refs(&text);
            let _ = branch_references(&text, &TrackerSettings::default());
        }
        let many: String = (1..=10_000)
            .map(|n| format!("Fixes #{n}, PAY-{n}\n"))
            .collect();
        let found = refs(&many);
        assert_eq!(found.len(), 20_000);
        assert!(found.iter().all(|r| r.kind == Closing));
    }

    #[test]
    fn schemeless_and_host_prefixed_references() {
        assert_eq!(
            summary(
                "Fixes github.com/acme/app#3, see www.github.com/acme/app/issues/4",
                &TrackerSettings::default()
            ),
            vec![
                (Github, "github.com/acme/app#3".into(), Closing),
                (Github, "www.github.com/acme/app/issues/4".into(), Mention),
            ]
        );
        assert_eq!(
            summary("gitlab.example.io/team/app#5", &TrackerSettings::default()),
            vec![(Gitlab, "gitlab.example.io/team/app#5".into(), Mention)]
        );
    }

    #[test]
    fn closing_reaches_only_its_own_line() {
        assert_eq!(
            summary("Closes #1\nand #2", &TrackerSettings::default()),
            vec![
                (Github, "#1".into(), Closing),
                (Github, "#2".into(), Mention)
            ]
        );
    }

    #[test]
    fn unknown_urls_on_issue_and_bug_lines() {
        let text = "Issue: https://app.asana.com/0/123/456\nBug: https://crbug.com/40123456";
        assert_eq!(
            summary(text, &TrackerSettings::default()),
            vec![
                (Url, "https://app.asana.com/0/123/456".into(), Mention),
                (Bug, "https://crbug.com/40123456".into(), Mention),
            ]
        );
    }

    #[test]
    fn merge_and_squash_subjects() {
        assert_eq!(
            summary(
                "Merge pull request #456 from acme/feature-x",
                &TrackerSettings::default()
            ),
            vec![(Github, "#456".into(), Mention)]
        );
        assert_eq!(
            summary(
                "feat(export): add CSV export (#457)",
                &TrackerSettings::default()
            ),
            vec![(Github, "#457".into(), Mention)]
        );
    }

    #[test]
    fn generated_inputs_keep_span_invariants() {
        // Small deterministic fuzz: fragments chosen to collide at char and token boundaries.
        const FRAGMENTS: &[&str] = &[
            "#",
            "1",
            "12",
            "0",
            "PAY",
            "-",
            "/",
            "a",
            "é",
            "😀",
            " ",
            "\n",
            "\r\n",
            "`",
            "```",
            "Fixes",
            "Refs:",
            "Link:",
            "Bug:",
            "BUG=",
            "https://",
            "www.",
            "github.com/",
            "issues/",
            "/-/",
            "browse/",
            "AB#",
            "gh-",
            "GH-",
            ":",
            ",",
            "(",
            ")",
            "<",
            ">",
            "!",
            "b/",
            "_workitems/edit/",
            "show_bug.cgi?id=",
            "ENG-",
            "&",
            "{",
            "\u{a0}",
        ];
        let settings = TrackerSettings {
            url_patterns: vec![Regex::new(r"SNOW\d+").expect("test regex")],
            ..TrackerSettings::default()
        };
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..14 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(FRAGMENTS[(seed % FRAGMENTS.len() as u64) as usize]);
            }
            let found = find_references(&text, &settings);
            for r in &found {
                assert_eq!(text.get(r.span.clone()), Some(r.text.as_str()), "{text:?}");
            }
            assert!(
                found.windows(2).all(|w| w[0].span.end <= w[1].span.start),
                "{text:?}"
            );
            let branch = branch_references(&text, &settings);
            assert!(
                branch.iter().all(|r| text.get(r.span.clone()).is_some()),
                "{text:?}"
            );
            assert!(
                branch.windows(2).all(|w| w[0].span.end <= w[1].span.start),
                "{text:?}"
            );
        }
    }

    #[test]
    fn schemes_and_hosts_ignore_case_paths_do_not() {
        assert_eq!(
            summary(
                "HTTPS://GitHub.com/acme/app/issues/12",
                &TrackerSettings::default()
            ),
            vec![(
                Github,
                "HTTPS://GitHub.com/acme/app/issues/12".into(),
                Mention
            )]
        );
        assert!(refs("https://github.com/acme/app/ISSUES/12").is_empty());
        assert_eq!(refs("FIXES #1")[0].kind, Closing);
        assert_eq!(
            texts("https://bugs.launchpad.net/x/+bug/7?x=1&y"),
            vec!["https://bugs.launchpad.net/x/+bug/7?x=1&y"]
        );
    }

    #[test]
    fn hostile_url_shapes_finish() {
        // One long URL that many readings could start in (sizes kept modest for debug builds).
        for text in [
            "https://x/".to_owned() + &"show_bug.cgi?".repeat(1 << 12),
            "https://x/show_bug.cgi?".to_owned() + &"&id=".repeat(1 << 12),
            "https://x/".to_owned() + &"browse/A".repeat(1 << 12),
            "https://x/".to_owned() + &"/-/".repeat(1 << 12),
            "https://x/".to_owned() + &"+bug/".repeat(1 << 12),
            "https://x/".to_owned() + &"_workitems/edit/".repeat(1 << 12),
            "Bug: ".to_owned() + &"a".repeat(1 << 14) + ":1",
            "gh-".repeat(1 << 14),
            "AB#".repeat(1 << 14),
        ] {
            let _ = refs(&text);
            let _ = branch_references(&text, &TrackerSettings::default());
        }
    }
}
