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

mod candidates;
mod lines;
mod scanners;
mod urls;

use super::scan::{boundary, each, fold_at, is_one_of, run};
use super::words::{Lexicon, words};
use candidates::*;
use lines::*;
use regex::Regex;
use scanners::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use urls::*;

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
    /// Any other URL that links a problem: configured patterns, generic `/issues/N` and Trac
    /// `/ticket/N` URLs, and URLs on reference trailer lines (`Refs:`, `Closes:`, `Link:` …).
    Url,
    /// A security advisory, where a vulnerability is tracked: `CVE-2024-3094`,
    /// `GHSA-xxxx-xxxx-xxxx`, `RUSTSEC-2020-0159` (prefixes: `advisory-prefixes`), and
    /// `/security/advisories/GHSA-…` URLs.
    Advisory,
}

impl Tracker {
    /// Every tracker, in declaration order.
    pub const ALL: [Tracker; 8] = [
        Tracker::Github,
        Tracker::Gitlab,
        Tracker::Jira,
        Tracker::Linear,
        Tracker::Azure,
        Tracker::Bug,
        Tracker::Url,
        Tracker::Advisory,
    ];

    /// Stable lowercase name used in YAML and JSON: "github", "gitlab", "jira", "linear",
    /// "azure", "bug", "url", "advisory".
    pub fn name(self) -> &'static str {
        match self {
            Tracker::Github => "github",
            Tracker::Gitlab => "gitlab",
            Tracker::Jira => "jira",
            Tracker::Linear => "linear",
            Tracker::Azure => "azure",
            Tracker::Bug => "bug",
            Tracker::Url => "url",
            Tracker::Advisory => "advisory",
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
    advisory_candidates(w, text, &mut candidates);
    bug_trailer_candidates(text, &special, &mut candidates);
    candidates.retain(|candidate| !overlaps_any(&urls, &candidate.span));
    candidates.extend(url_refs);

    candidates.retain(|candidate| {
        !in_ranges(&code, candidate.span.start)
            && role_at(&special, candidate.span.start) != LineRole::KernelFixes
    });
    assign_kinds(w, text, leftmost_longest(candidates, |c| &c.span))
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

    leftmost_longest(found, |r| &r.span)
}

/// `items` in text order without overlaps: where two overlap, the one that starts first wins,
/// and of two that start together the longer.
fn leftmost_longest<T>(mut items: Vec<T>, span: impl Fn(&T) -> &Range<usize>) -> Vec<T> {
    items.sort_by(|a, b| {
        let (a, b) = (span(a), span(b));
        a.start.cmp(&b.start).then(b.end.cmp(&a.end))
    });
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if kept
            .last()
            .is_none_or(|last| span(last).end <= span(&item).start)
        {
            kept.push(item);
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

/// Non-overlapping matches of a scanner: `next(text, from)` is the first match starting at or
/// after `from`.
fn scan<'a>(
    text: &'a str,
    next: impl Fn(&'a str, usize) -> Option<Range<usize>>,
) -> impl Iterator<Item = Range<usize>> {
    each(text, next, Range::clone)
}

/// Where a candidate is and which tracker it belongs to; its text is `input[span]`.
#[derive(Debug, Clone)]
struct Candidate {
    span: Range<usize>,
    tracker: Tracker,
}

#[cfg(test)]
mod tests;
