//! Is a success metric measurable?
//!
//! This module owns reading one piece of text (the body of a `Metric:` line or a
//! `## Success metric` section) and pulling out the parts that make a metric checkable later:
//! a quantity (`40%`, `200 ms`, `5/week`, `$3k`, `half`), a direction or threshold (`from 40 to 5`,
//! `under`, `reduce by`, `<`), a timeframe (`within 30 days`, `2027-01-15`) and a baseline
//! (`currently 12%`, `from 40`). Numbers that only look like quantities — issue references,
//! versions, dates, hex ids, `p95`, `x86_64`, `HTTP/2`, list markers, bare years — are masked out
//! first, and timeframes are taken out before quantities so that "within 30 days" never counts
//! as a number of days to reach.
//!
//! It leaves to others: finding the metric section in a message or description, deciding
//! whether a text is a metric section at all (a problem statement such as "users hit 500 errors
//! 3 times a day" has quantities too, and [`assess`] will report them), placeholders (`TBD`) and
//! which parts a rule requires.
//!
//! [`assess`] is pure, never panics, and runs in linear time. Constructs (from/to, thresholds,
//! verbs of change) are found by hand-written readers that accept any word after a number; a
//! separate parser (`parse_quantity`) then decides what the number's unit really is. There are
//! no regexes: whylint runs as a commit-msg hook, a fresh process per commit, and compiling the
//! regexes these shapes need took about 25 ms per run, against microseconds to read a message.
//! Each reader says which pattern it stands for and finds exactly what that regex would (the
//! leftmost match, and at that position the reading a backtracking regex tries first).

use super::text::{boundary, fold_at, is_word_byte};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// When to look at the metric again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeframe {
    /// an absolute date to look again
    On {
        /// Year, e.g. 2027.
        year: i32,
        /// Month, 1–12.
        month: u8,
        /// Day of the month, 1–31.
        day: u8,
    },
    /// N days after the change ships ("within 30 days", "after 2 weeks" = 14, "in 1 month" = 30,
    /// "next quarter" = 90)
    After {
        /// Days after shipping (weeks = 7, months = 30, quarters = 90, years = 365).
        days: u32,
    },
}

/// What [`assess`] found in a metric text. Each part is the text as written (whitespace runs
/// collapsed to one space), or `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricAssessment {
    /// The first quantity: "40%", "200 ms", "5/week", "$3k", "12 tickets", "half", "zero".
    pub quantity: Option<String>,
    /// The strongest direction or threshold: "from 40 to 5", "under", "at least", "Reduce by",
    /// "<", "→", "drops", "increase".
    pub direction: Option<String>,
    /// The first timeframe, as written and as a [`Timeframe`].
    pub timeframe: Option<(String, Timeframe)>,
    /// The first baseline: "from 40", "currently 12%", "baseline 3.1s", "today: 800ms".
    pub baseline: Option<String>,
}

/// What [`MetricAssessment::missing`] says when there is no quantity.
pub const MISSING_QUANTITY: &str = "a number (count, %, duration, money)";
/// What [`MetricAssessment::missing`] says when there is no direction or threshold.
pub const MISSING_DIRECTION: &str =
    "a direction or threshold (from/to, under, at least, reduce by)";

impl MetricAssessment {
    /// Measurable = a quantity AND a direction or threshold.
    pub fn is_measurable(&self) -> bool {
        self.quantity.is_some() && self.direction.is_some()
    }

    /// What is missing for measurability, as short phrases for messages: [`MISSING_QUANTITY`]
    /// and/or [`MISSING_DIRECTION`]. A timeframe is not part of measurability; rules that want
    /// one check [`MetricAssessment::timeframe`] themselves.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.quantity.is_none() {
            missing.push(MISSING_QUANTITY);
        }
        if self.direction.is_none() {
            missing.push(MISSING_DIRECTION);
        }
        missing
    }
}

/// Units written after a number (lower case; compared ignoring ASCII case).
const UNITS: &[&str] = &[
    // Ratios and multiples.
    "percent",
    "pct",
    "pp",
    "x",
    "k",
    "bn",
    "thousand",
    "million",
    "billion",
    // Durations.
    "ms",
    "msec",
    "msecs",
    "millisecond",
    "milliseconds",
    "ns",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "min",
    "mins",
    "minute",
    "minutes",
    "m",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "d",
    "day",
    "days",
    "w",
    "wk",
    "wks",
    "week",
    "weeks",
    "mo",
    "mos",
    "month",
    "months",
    "yr",
    "yrs",
    "year",
    "years",
    // Sizes and rates.
    "kb",
    "mb",
    "gb",
    "tb",
    "kib",
    "mib",
    "gib",
    "tib",
    "byte",
    "bytes",
    "kbps",
    "mbps",
    "gbps",
    "rps",
    "qps",
    "tps",
    "fps",
    "ops/s",
    "req/s",
    "reqs/s",
    "requests/s",
    "req/sec",
    "requests/sec",
    // Money.
    "dollar",
    "dollars",
    "euro",
    "euros",
    "usd",
    "eur",
    "gbp",
    // Things people count.
    "user",
    "users",
    "customer",
    "customers",
    "client",
    "clients",
    "ticket",
    "tickets",
    "error",
    "errors",
    "call",
    "calls",
    "click",
    "clicks",
    "signup",
    "signups",
    "sign-up",
    "sign-ups",
    "page",
    "pages",
    "point",
    "points",
    "star",
    "stars",
    "request",
    "requests",
    "session",
    "sessions",
    "order",
    "orders",
    "download",
    "downloads",
    "install",
    "installs",
    "visit",
    "visits",
    "visitor",
    "visitors",
    "incident",
    "incidents",
    "bug",
    "bugs",
    "crash",
    "crashes",
    "failure",
    "failures",
    "alert",
    "alerts",
    "complaint",
    "complaints",
    "report",
    "reports",
    "build",
    "builds",
    "deploy",
    "deploys",
    "deployment",
    "deployments",
    "retry",
    "retries",
    "times",
    "step",
    "steps",
    "query",
    "queries",
    "row",
    "rows",
    "item",
    "items",
    "message",
    "messages",
    "email",
    "emails",
    "e-mail",
    "e-mails",
    "job",
    "jobs",
    "test",
    "tests",
    "member",
    "members",
    "account",
    "accounts",
    "transaction",
    "transactions",
    "conversion",
    "conversions",
    "purchase",
    "purchases",
    "checkout",
    "checkouts",
    "escalation",
    "escalations",
    "outage",
    "outages",
    "record",
    "records",
    "file",
    "files",
    "line",
    "lines",
    "core",
    "cores",
    "node",
    "nodes",
    "instance",
    "instances",
    "server",
    "servers",
    "replica",
    "replicas",
    "pod",
    "pods",
    "question",
    "questions",
    "answer",
    "answers",
    "response",
    "responses",
    "review",
    "reviews",
    "comment",
    "comments",
    "hit",
    "hits",
    "miss",
    "misses",
    "timeout",
    "timeouts",
    "export",
    "exports",
    "seat",
    "seats",
    "subscriber",
    "subscribers",
    "login",
    "logins",
    "upload",
    "uploads",
    "view",
    "views",
    "refund",
    "refunds",
    "payment",
    "payments",
    "invoice",
    "invoices",
];

/// [`UNITS`] as a set, for one lookup per number instead of a scan of the list.
static UNIT_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| UNITS.iter().copied().collect());

/// Suffixes after a money amount: `$3k`, `€2 million`.
const MONEY_SUFFIXES: &[&str] = &["k", "m", "bn", "thousand", "million", "billion"];

/// What may follow `/` in a rate: `5/week`, `3/user`.
const RATE_SLASH: &[&str] = &[
    "s", "sec", "second", "min", "minute", "h", "hr", "hour", "d", "day", "wk", "week", "w", "mo",
    "month", "yr", "year", "user", "req", "request", "session", "build", "deploy", "release",
    "run", "customer", "page", "pr",
];

/// What may follow `a`/`per`/`each`/`every` in a rate: `40 a week`, `3 per user`.
const RATE_PERIODS: &[&str] = &[
    "second", "minute", "hour", "day", "week", "month", "quarter", "year", "user", "request",
    "session", "customer", "build", "deploy", "release", "run", "sprint",
];

/// Number words that are quantities on their own (`a dozen` etc. are read as two words).
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "half",
    "double",
    "doubles",
    "doubled",
    "twice",
    "halve",
    "halves",
    "halved",
    "triple",
    "triples",
    "tripled",
    "quadruple",
    "quadruples",
    "quadrupled",
    "dozen",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
];

/// Small number words, which count only as amounts of something ("two retries", not "the one").
const SMALL_NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

// Reading the text by hand (see the module docs for why not with regexes). As in the patterns
// the readers stand for, whitespace and word boundaries are ASCII and letters are compared
// ignoring ASCII case, unless a reader says otherwise.

/// ASCII whitespace as a regex reads `\s` without Unicode: unlike [`u8::is_ascii_whitespace`], it
/// includes the vertical tab.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether the byte before `at` is a word byte (ASCII letter, digit or `_`).
fn word_before(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(|b| is_word_byte(*b))
}

/// Whether a word starts at `at`: a word byte with no word byte before it.
fn word_start(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(|b| is_word_byte(*b)) && !word_before(bytes, at)
}

/// Length of the run at `at` of bytes that satisfy `keep`.
fn run(bytes: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(at..)
        .map_or(0, |rest| rest.iter().take_while(|b| keep(**b)).count())
}

fn spaces(bytes: &[u8], at: usize) -> usize {
    run(bytes, at, is_space)
}

fn is_digit_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_digit)
}

/// The end of `phrase` (ASCII, lower case) written at `at`, ignoring ASCII case; each space in
/// `phrase` stands for a run of whitespace.
fn phrase_at(bytes: &[u8], at: usize, phrase: &str) -> Option<usize> {
    let mut i = at;
    for &expected in phrase.as_bytes() {
        if expected == b' ' {
            let gap = spaces(bytes, i);
            if gap == 0 {
                return None;
            }
            i += gap;
        } else if bytes.get(i)?.to_ascii_lowercase() == expected {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// The end of the first of `phrases` (in order) written at `at` and ending a word.
fn first_whole(bytes: &[u8], at: usize, phrases: &[&str]) -> Option<usize> {
    phrases
        .iter()
        .find_map(|phrase| phrase_at(bytes, at, phrase).filter(|end| boundary(bytes, *end)))
}

/// A quick test that turns away most words before a list of words or phrases is tried on them:
/// which (first two letters, length of the first word) keys start an entry, built at compile
/// time. Entries are lower case; a phrase's first word must end at a space, a non-word byte or
/// the end of the phrase, and the text's word must end there too (callers that let a match run
/// on into the text's word must not use it).
struct Starts([u64; Starts::WORDS]);

impl Starts {
    /// 27 first bytes (26 letters, anything else) × 27 second bytes × 16 lengths, in bits.
    const WORDS: usize = (27usize * 27 * 16).div_ceil(64);

    const fn of(entries: &[&str]) -> Starts {
        let mut bits = [0u64; Starts::WORDS];
        let mut i = 0;
        while i < entries.len() {
            let key = Self::key(entries[i].as_bytes(), 0);
            bits[key / 64] |= 1 << (key % 64);
            i += 1;
        }
        Starts(bits)
    }

    /// The key of the word at `at`: its first two bytes (as letters ignoring case, or "other")
    /// and the length of its run of word bytes (15 for 15 and more).
    const fn key(bytes: &[u8], at: usize) -> usize {
        let mut len = 0;
        while len < 15
            && at + len < bytes.len()
            && (bytes[at + len].is_ascii_alphanumeric() || bytes[at + len] == b'_')
        {
            len += 1;
        }
        (Self::letter(bytes, at) * 27 + Self::letter(bytes, at + 1)) * 16 + len
    }

    /// The byte at `at` as a letter ignoring case (0–25), or 26 for anything else.
    const fn letter(bytes: &[u8], at: usize) -> usize {
        if at < bytes.len() && bytes[at].is_ascii_alphabetic() {
            (bytes[at].to_ascii_lowercase() - b'a') as usize
        } else {
            26
        }
    }

    /// Whether the word at `at` may start an entry.
    #[inline]
    fn admits(&self, bytes: &[u8], at: usize) -> bool {
        at < bytes.len() && {
            let key = Self::key(bytes, at);
            self.0[key / 64] & (1 << (key % 64)) != 0
        }
    }
}

// Noise: things with digits that are not quantities, found once and blanked out.

/// Spans of URLs, e-mail addresses, letters glued to digits, versions, times and numeric dates,
/// and ordered-list markers.
fn noise_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    url_spans(text, &mut spans);
    email_spans(text, &mut spans);
    glued_spans(bytes, &mut spans);
    version_spans(bytes, &mut spans);
    clock_and_date_spans(bytes, &mut spans);
    list_marker_spans(bytes, &mut spans);
    spans
}

/// `http://…`, `https://…`, `www.…` up to the next whitespace.
fn url_spans(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if matches!(bytes[at], b'h' | b'H' | b'w' | b'W') {
            let body = fold_at(text, at, "https://")
                .or_else(|| fold_at(text, at, "http://"))
                .or_else(|| fold_at(text, at, "www."));
            if let Some(body) = body {
                let len = text[body..]
                    .find(char::is_whitespace)
                    .unwrap_or(text.len() - body);
                if len > 0 {
                    out.push(at..body + len);
                    at = body + len;
                    continue;
                }
            }
        }
        at += 1;
    }
}

/// Whitespace-separated words with an `@` after their first character and a `.` with
/// something on both sides after that: `ops42@example.com`.
fn email_spans(text: &str, out: &mut Vec<Range<usize>>) {
    if !text.contains('@') {
        return;
    }
    let is_email = |word: &[u8]| {
        let at = word.iter().skip(1).position(|b| *b == b'@').map(|i| i + 1);
        let dot = word
            .len()
            .checked_sub(1)
            .and_then(|last| word[..last].iter().rposition(|b| *b == b'.'));
        matches!((at, dot), (Some(at), Some(dot)) if dot >= at + 2)
    };
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if !c.is_whitespace() {
            start.get_or_insert(i);
        } else if let Some(word) = start.take()
            && is_email(&text.as_bytes()[word..i])
        {
            out.push(word..i);
        }
    }
}

/// Letters glued to digits: `PAY-12`, `p95`, `P0`, `h2`, `x86_64`, `ipv4`, `utf-8`, `HTTP/2`,
/// `v1.2`, `Q1`, `CVE-2024-1234`, `k8s` — a word of letters (and `_`), an optional `-`, `_` or
/// `/`, a digit, then anything made of word characters, `.` and `-`.
fn glued_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_alphabetic() || word_before(bytes, at) {
            at += 1;
            continue;
        }
        let letters = at + 1 + run(bytes, at + 1, |b| b.is_ascii_alphabetic() || b == b'_');
        let digit = if is_digit_at(bytes, letters) {
            Some(letters)
        } else {
            (matches!(bytes.get(letters), Some(b'-' | b'/')) && is_digit_at(bytes, letters + 1))
                .then_some(letters + 1)
        };
        match digit {
            Some(digit) => {
                let end = digit
                    + 1
                    + run(bytes, digit + 1, |b| {
                        is_word_byte(b) || b == b'.' || b == b'-'
                    });
                out.push(at..end);
                at = end;
            }
            // No later start inside the word has a boundary before it.
            None => at = letters,
        }
    }
}

/// Versions: `1.2.3`, `4.17.20` (three or more dot-separated numbers, as whole words).
fn version_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() || word_before(bytes, at) {
            at += 1;
            continue;
        }
        // Group ends, for backing off when the last number runs into a letter (`1.2.3.4a`).
        let mut ends = [at + run(bytes, at, |b| b.is_ascii_digit()); 3];
        let mut groups = 0;
        while bytes.get(ends[0]) == Some(&b'.') && is_digit_at(bytes, ends[0] + 1) {
            ends = [
                ends[0] + 1 + run(bytes, ends[0] + 1, |b| b.is_ascii_digit()),
                ends[0],
                ends[1],
            ];
            groups += 1;
        }
        let end = if groups >= 2 && !bytes.get(ends[0]).is_some_and(|b| is_word_byte(*b)) {
            Some(ends[0])
        } else if groups >= 3 {
            Some(ends[1])
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push(at..end);
                at = end;
            }
            None => at += 1,
        }
    }
}

/// Times of day and numeric dates as whole words: `10:30`, `9:05:59`, `15/01/2027`, `1/2/27`.
fn clock_and_date_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    // The end of exactly `len` digits at `at`.
    let digits = |at: usize, len: usize| {
        (at + len <= bytes.len() && bytes[at..at + len].iter().all(u8::is_ascii_digit))
            .then_some(at + len)
    };
    let ends_word = |end: usize| !bytes.get(end).is_some_and(|b| is_word_byte(*b));
    let clock = |at: usize| {
        [2, 1].into_iter().find_map(|hours| {
            let colon = digits(at, hours).filter(|c| bytes.get(*c) == Some(&b':'))?;
            let minutes = digits(colon + 1, 2)?;
            let seconds = (bytes.get(minutes) == Some(&b':'))
                .then(|| digits(minutes + 1, 2))
                .flatten();
            seconds
                .into_iter()
                .chain([minutes])
                .find(|end| ends_word(*end))
        })
    };
    let date = |at: usize| {
        [2, 1].into_iter().find_map(|day| {
            let slash = digits(at, day).filter(|s| bytes.get(*s) == Some(&b'/'))?;
            [2, 1].into_iter().find_map(|month| {
                let slash = digits(slash + 1, month).filter(|s| bytes.get(*s) == Some(&b'/'))?;
                [4, 3, 2]
                    .into_iter()
                    .find_map(|year| digits(slash + 1, year).filter(|end| ends_word(*end)))
            })
        })
    };
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_digit()
            && !word_before(bytes, at)
            && let Some(end) = clock(at).or_else(|| date(at))
        {
            out.push(at..end);
            at = end;
            continue;
        }
        at += 1;
    }
}

/// Ordered-list markers at the start of a line: `1. `, `  2) `.
fn list_marker_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let line_starts = std::iter::once(0).chain(
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1),
    );
    for start in line_starts {
        let number = start + run(bytes, start, |b| matches!(b, b' ' | b'\t'));
        let mark = number + run(bytes, number, |b| b.is_ascii_digit());
        if mark > number
            && matches!(bytes.get(mark), Some(b'.' | b')'))
            && matches!(bytes.get(mark + 1), Some(b' ' | b'\t'))
        {
            out.push(start..mark + 2);
        }
    }
}

/// Commit ids: 7–40 lower-case hex digits as a whole word, with at least one letter
/// (`1234abcd`; `30d` is a duration).
fn hex_id_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut at = 0;
    while at < bytes.len() {
        if !hex(bytes[at]) || word_before(bytes, at) {
            at += 1;
            continue;
        }
        let len = run(bytes, at, hex);
        let end = at + len;
        if (7..=40).contains(&len)
            && !bytes.get(end).is_some_and(|b| is_word_byte(*b))
            && bytes[at..end].iter().any(u8::is_ascii_alphabetic)
        {
            out.push(at..end);
        }
        at = end;
    }
}

// Timeframes.

/// Words that may come right before an ISO date and belong to its timeframe.
const DATE_PREPOSITIONS: &[&str] = &["by", "on", "before", "until", "after", "from"];

/// The next ISO-shaped date (`2027-01-15`, a word start) at or after `from`, with the preposition
/// before it if there is one (`on 2027-01-15`): the whole span and where the date starts.
fn next_date(bytes: &[u8], from: usize) -> Option<(Range<usize>, usize)> {
    let shape = |at: usize| {
        let digits = |range: Range<usize>| {
            bytes
                .get(range)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        digits(at..at + 4)
            && bytes.get(at + 4) == Some(&b'-')
            && digits(at + 5..at + 7)
            && bytes.get(at + 7) == Some(&b'-')
            && digits(at + 8..at + 10)
    };
    let date = (from..bytes.len()).find(|at| word_start(bytes, *at) && shape(*at))?;
    let gap = bytes[from..date]
        .iter()
        .rev()
        .take_while(|b| is_space(**b))
        .count();
    let preposition = (gap > 0)
        .then(|| {
            let word_end = date - gap;
            DATE_PREPOSITIONS.iter().find_map(|word| {
                let start = word_end.checked_sub(word.len())?;
                (start >= from
                    && !word_before(bytes, start)
                    && bytes[start..word_end].eq_ignore_ascii_case(word.as_bytes()))
                .then_some(start)
            })
        })
        .flatten();
    Some((preposition.unwrap_or(date)..date + 10, date))
}

/// Units a timeframe counts in, longest spelling first.
const TIME_UNITS: &[&str] = &[
    "days", "day", "d", "weeks", "week", "wks", "wk", "w", "months", "month", "mos", "mo",
    "quarters", "quarter", "years", "year", "yrs", "yr",
];

/// Where a timeframe's count (`30`, `1,000`, `1.5`, `a`, `an`, `two`, `a couple of`, `a few`)
/// can end when it starts at `at`, in the order a regex tries them. Nothing has to follow the
/// words, so `tendays` reads as ten days.
fn count_ends<'a>(
    bytes: &'a [u8],
    at: usize,
    ends: &mut NumberEnds,
) -> impl Iterator<Item = usize> + 'a {
    let number = is_digit_at(bytes, at)
        .then(|| ends.end(bytes, at + run(bytes, at, |b| b.is_ascii_digit())));
    let words =
        ["an", "a"]
            .iter()
            .chain(SMALL_NUMBER_WORDS)
            .chain(&["a couple of", "couple of", "a few"]);
    number
        .into_iter()
        .chain(words.filter_map(move |word| phrase_at(bytes, at, word)))
}

/// The end of a timeframe unit at `at` (a whole word when `whole`): the first of [`TIME_UNITS`]
/// that fits.
fn time_unit_ends(bytes: &[u8], at: usize, whole: bool) -> impl Iterator<Item = usize> + '_ {
    TIME_UNITS.iter().filter_map(move |unit| {
        phrase_at(bytes, at, unit).filter(|end| !whole || boundary(bytes, *end))
    })
}

/// A timeframe read by [`next_relative`] or [`next_event`]: its span, its count and its unit.
struct Relative {
    all: Range<usize>,
    count: Range<usize>,
    unit: Range<usize>,
}

/// `within 30 days`, `after 2 weeks`, `in 1 month`, `over the next 14 days`, `for 7 days`.
fn next_relative(bytes: &[u8], from: usize) -> Option<Relative> {
    const LEADS: &[&str] = &["within", "after", "in", "over", "for", "during"];
    const WHICH: &[&str] = &["next", "first", "coming", "following"];
    const STARTS: Starts = Starts::of(LEADS);
    // `\s+word`, or `None`.
    let spaced = |at: usize, words: &[&str]| {
        let gap = spaces(bytes, at);
        (gap > 0)
            .then(|| {
                words
                    .iter()
                    .find_map(|word| phrase_at(bytes, at + gap, word))
            })
            .flatten()
    };
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) || !STARTS.admits(bytes, start) {
            return None;
        }
        let lead = LEADS
            .iter()
            .find_map(|lead| phrase_at(bytes, start, lead))?;
        // `(?:\s+the)?(?:\s+next)?\s+COUNT\s*UNIT\b`, each optional part taken first.
        let the = spaced(lead, &["the"]).into_iter().chain([lead]);
        the.flat_map(|at| spaced(at, WHICH).into_iter().chain([at]))
            .find_map(|at| {
                let gap = spaces(bytes, at);
                if gap == 0 {
                    return None;
                }
                let mut ends = NumberEnds::default();
                count_ends(bytes, at + gap, &mut ends).find_map(|count_end| {
                    let unit = count_end + spaces(bytes, count_end);
                    let unit_end = time_unit_ends(bytes, unit, true).next()?;
                    Some(Relative {
                        all: start..unit_end,
                        count: at + gap..count_end,
                        unit: unit..unit_end,
                    })
                })
            })
    })
}

/// `two weeks after launch`, `3 months later`, `a month from now`.
fn next_event(bytes: &[u8], from: usize) -> Option<Relative> {
    const AFTER: &[&str] = &["after", "post", "following", "from"];
    const EVENTS: &[&str] = &[
        "release",
        "launch",
        "shipping",
        "ship",
        "deployment",
        "deploy",
        "roll-out",
        "rollout",
        "merge",
        "go-live",
        "this ships",
    ];
    let event_end = |at: usize| {
        let after = AFTER.iter().find_map(|word| phrase_at(bytes, at, word))?;
        let gap = spaces(bytes, after);
        if gap == 0 {
            return None;
        }
        let the = phrase_at(bytes, after + gap, "the")
            .filter(|end| spaces(bytes, *end) > 0)
            .map(|end| end + spaces(bytes, end));
        the.into_iter()
            .chain([after + gap])
            .find_map(|at| first_whole(bytes, at, EVENTS))
    };
    let tail_end = |at: usize| {
        event_end(at)
            .or_else(|| first_whole(bytes, at, &["later"]))
            .or_else(|| first_whole(bytes, at, &["from now"]))
    };
    // What follows a count depends only on where it ends, and every group of `1,000,000` starts a
    // count that ends in the same place: an end that failed once is not tried again.
    let mut ends = NumberEnds::default();
    let mut failed = None;
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start)
            || !(bytes[start].is_ascii_digit() || b"aotfsencAOTFSENC".contains(&bytes[start]))
        {
            return None;
        }
        let found = count_ends(bytes, start, &mut ends).find_map(|count_end| {
            if bytes[start].is_ascii_digit() && failed == Some(count_end) {
                return None;
            }
            let unit = count_end + run(bytes, count_end, |b| is_space(b) || b == b'-');
            time_unit_ends(bytes, unit, false).find_map(|unit_end| {
                let gap = spaces(bytes, unit_end);
                if gap == 0 {
                    return None;
                }
                let end = tail_end(unit_end + gap)?;
                Some(Relative {
                    all: start..end,
                    count: start..count_end,
                    unit: unit..unit_end,
                })
            })
        });
        if found.is_none() && bytes[start].is_ascii_digit() {
            failed = ends.last_end();
        }
        found
    })
}

/// `next week`, `next month`, `next quarter`, `next year`: the span and the unit.
fn next_next(bytes: &[u8], from: usize) -> Option<(Range<usize>, Range<usize>)> {
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) {
            return None;
        }
        let next = phrase_at(bytes, start, "next")?;
        let unit = next + spaces(bytes, next);
        let end = first_whole(bytes, unit, &["week", "month", "quarter", "year"]);
        end.filter(|_| unit > next)
            .map(|end| (start..end, unit..end))
    })
}

/// Every match of `next` in `text`, without overlaps, as a regex iterates them.
fn each<T>(
    bytes: &[u8],
    next: impl Fn(&[u8], usize) -> Option<T>,
    span: impl Fn(&T) -> Range<usize>,
) -> impl Iterator<Item = T> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = next(bytes, from)?;
        let range = span(&found);
        from = range.end.max(range.start + 1);
        Some(found)
    })
}

// Quantities.

/// Whether `word` is one of `list`, ignoring ASCII case.
fn is_one_of(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// The whole word starting at `at`.
fn word_at(bytes: &[u8], at: usize) -> &[u8] {
    let rest = bytes.get(at..).unwrap_or_default();
    &rest[..run(rest, 0, is_word_byte)]
}

/// The end of a number word at `at` (`half`, `two`, `a dozen`, `a hundred`), if `at` starts one.
fn number_word_end(bytes: &[u8], at: usize) -> Option<usize> {
    const STARTS: Starts = Starts::of(NUMBER_WORDS);
    if !bytes.get(at)?.is_ascii_alphabetic()
        || word_before(bytes, at)
        || !(STARTS.admits(bytes, at) || bytes[at].eq_ignore_ascii_case(&b'a'))
    {
        return None;
    }
    let word = word_at(bytes, at);
    if is_one_of(word, NUMBER_WORDS) {
        return Some(at + word.len());
    }
    if !word.eq_ignore_ascii_case(b"a") {
        return None;
    }
    let gap = spaces(bytes, at + 1);
    let next = word_at(bytes, at + 1 + gap);
    (gap > 0 && is_one_of(next, &["dozen", "hundred", "thousand", "million"]))
        .then_some(at + 1 + gap + next.len())
}

/// Where a number's thousands groups and decimals end, remembered for the last run of groups:
/// `1,000,000,…` is read once, not once for every group in it.
#[derive(Default)]
struct NumberEnds {
    /// A run of `,ddd` groups from `.0` (hops of four bytes) reaches `.1`; the number ends at `.2`.
    groups: Option<(usize, usize, usize)>,
}

impl NumberEnds {
    /// The end of the number whose leading digits end at `digits_end`.
    fn end(&mut self, bytes: &[u8], digits_end: usize) -> usize {
        if let Some((from, to, end)) = self.groups
            && (from..=to).contains(&digits_end)
            && (digits_end - from).is_multiple_of(4)
        {
            return end;
        }
        let mut groups = digits_end;
        while bytes.get(groups) == Some(&b',')
            && bytes
                .get(groups + 1..groups + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            groups += 4;
        }
        let mut end = groups;
        if bytes.get(end) == Some(&b'.') && is_digit_at(bytes, end + 1) {
            end += 1 + run(bytes, end + 1, |b| b.is_ascii_digit());
        }
        self.groups = Some((digits_end, groups, end));
        end
    }

    /// The end of the number read last.
    fn last_end(&self) -> Option<usize> {
        self.groups.map(|(_, _, end)| end)
    }
}

/// The end of an optional currency and a number (`$ 3`, `1,200`, `3.1`) at `at`.
fn number_end(text: &str, at: usize, ends: &mut NumberEnds) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    if let Some(symbol) = ["$", "€", "£"]
        .iter()
        .find(|s| text.get(at..).is_some_and(|rest| rest.starts_with(**s)))
    {
        i += symbol.len();
        if bytes.get(i).is_some_and(|b| is_space(*b)) && is_digit_at(bytes, i + 1) {
            i += 1;
        }
    }
    if !is_digit_at(bytes, i) {
        return None;
    }
    let digits_end = i + run(bytes, i, |b| b.is_ascii_digit());
    Some(ends.end(bytes, digits_end))
}

/// The ends of a quantity's readings, in the order a regex tries them.
#[derive(Default)]
struct Readings {
    ends: [usize; 6],
    len: usize,
}

impl Readings {
    fn push(&mut self, end: usize) {
        if let Some(slot) = self.ends.get_mut(self.len) {
            *slot = end;
            self.len += 1;
        }
    }

    fn all(&self) -> &[usize] {
        &self.ends[..self.len]
    }

    fn first(&self) -> Option<usize> {
        self.all().first().copied()
    }
}

/// The readings of a quantity whose number ends at `number`: with the unit (`%`, `×`, `µs`, a
/// word, `word/word`, `word-word`, after at most one space) and then a rate (`/week`,
/// ` a week`), each taken first and then left out. Which unit word is real is decided later by
/// [`parse_quantity`]; here any word will do.
fn readings_after_number(text: &str, number: usize) -> Readings {
    let bytes = text.as_bytes();
    let letters = |at: usize| run(bytes, at, |b| b.is_ascii_alphabetic());
    let mut units = Readings::default();
    let unit = number + usize::from(bytes.get(number).is_some_and(|b| is_space(*b)));
    let rest = text.get(unit..).unwrap_or("");
    if rest.starts_with('%') {
        units.push(unit + 1);
    } else if rest.starts_with('×') {
        units.push(unit + '×'.len_utf8());
    } else if ["µs", "µS", "μs", "μS"].iter().any(|u| rest.starts_with(u)) {
        units.push(unit + 3);
    } else if letters(unit) > 0 {
        let word = unit + letters(unit);
        if matches!(bytes.get(word), Some(b'/' | b'-')) && letters(word + 1) > 0 {
            units.push(word + 1 + letters(word + 1));
        }
        units.push(word);
    }
    units.push(number);
    let mut readings = Readings::default();
    for &end in units.all() {
        if let Some(rate) = rate_end(bytes, end) {
            readings.push(rate);
        }
        readings.push(end);
    }
    readings
}

/// The end of a rate written at `at`: `/week`, ` / user` (one optional space on each side), or
/// ` a week`, ` per day`, ` each run`, ` every build`.
fn rate_end(bytes: &[u8], at: usize) -> Option<usize> {
    let letters = |at: usize| run(bytes, at, |b| b.is_ascii_alphabetic());
    let space = |at: usize| bytes.get(at).is_some_and(|b| is_space(*b));
    let slash = if space(at) && bytes.get(at + 1) == Some(&b'/') {
        at + 1
    } else {
        at
    };
    if bytes.get(slash) == Some(&b'/') {
        let word = if space(slash + 1) && letters(slash + 2) > 0 {
            slash + 2
        } else {
            slash + 1
        };
        return (letters(word) > 0).then(|| word + letters(word));
    }
    let gap = spaces(bytes, at);
    if gap == 0 {
        return None;
    }
    let joiner = ["a", "an", "per", "each", "every"]
        .iter()
        .find_map(|joiner| phrase_at(bytes, at + gap, joiner).filter(|end| space(*end)))?;
    let word = joiner + spaces(bytes, joiner);
    (letters(word) > 0).then(|| word + letters(word))
}

/// The readings of a quantity starting at `at`: a number (see [`readings_after_number`]) or a
/// number word.
fn quantity_readings(text: &str, at: usize) -> Readings {
    match number_end(text, at, &mut NumberEnds::default()) {
        Some(number) => readings_after_number(text, number),
        None => {
            let mut readings = Readings::default();
            if let Some(end) = number_word_end(text.as_bytes(), at) {
                readings.push(end);
            }
            readings
        }
    }
}

/// The first position at or after `from` where a quantity starts and `then` accepts one of its
/// readings (tried in order; `then` is given the reading's end): the start, the end and what
/// `then` returned.
fn find_after_quantity<T>(
    text: &str,
    from: usize,
    mut then: impl FnMut(usize) -> Option<T>,
) -> Option<(usize, usize, T)> {
    let bytes = text.as_bytes();
    let mut ends = NumberEnds::default();
    // What follows a number depends only on where the number ends, so a number end that failed
    // once fails for every later start inside the same number (`1,000,000` from each group).
    let mut failed: Option<usize> = None;
    let mut at = from;
    while at < bytes.len() {
        let b = bytes[at];
        let money = b == b'$' || text.get(at..).is_some_and(|r| r.starts_with(['€', '£']));
        if b.is_ascii_digit() || money {
            // Inside a run of digits, every start reads the same number as the run's first one.
            let inside = b.is_ascii_digit() && at > from && bytes[at - 1].is_ascii_digit();
            if !inside
                && let Some(number) = number_end(text, at, &mut ends).filter(|n| failed != Some(*n))
            {
                for &end in readings_after_number(text, number).all() {
                    if let Some(found) = then(end) {
                        return Some((at, end, found));
                    }
                }
                failed = Some(number);
            }
        } else if let Some(end) = number_word_end(bytes, at)
            && let Some(found) = then(end)
        {
            return Some((at, end, found));
        }
        at += 1;
    }
    None
}

/// Where an amount starts after an optional qualifier at `at` (`under `, `less than `,
/// `approx. `, `~`).
fn after_qualifier(bytes: &[u8], at: usize) -> usize {
    const QUALIFIERS: &[&str] = &[
        "under",
        "below",
        "less than",
        "fewer than",
        "above",
        "over",
        "more than",
        "at least",
        "at most",
        "about",
        "around",
        "roughly",
        "approximately",
        "approx.",
        "approx",
    ];
    after_prefix(bytes, at, QUALIFIERS)
}

/// After `~` and any whitespace, or after one of `words` and at least one whitespace; else `at`.
fn after_prefix(bytes: &[u8], at: usize, words: &[&str]) -> usize {
    if bytes.get(at) == Some(&b'~') {
        return at + 1 + spaces(bytes, at + 1);
    }
    words
        .iter()
        .find_map(|word| {
            let end = phrase_at(bytes, at, word)?;
            let gap = spaces(bytes, end);
            (gap > 0).then_some(end + gap)
        })
        .unwrap_or(at)
}

/// Whitespace, an optional qualifier and a quantity at `at`: the quantity's start and end.
fn qualified_quantity(text: &str, at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let start = after_qualifier(bytes, at + spaces(bytes, at));
    let end = quantity_readings(text, start).first()?;
    Some(start..end)
}

/// The length of an arrow at `at`: `->`, `→`, `=>`, `⟶`, `⇒`.
fn arrow_len(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    ["->", "→", "=>", "⟶", "⇒"]
        .iter()
        .find(|arrow| rest.starts_with(**arrow))
        .map(|arrow| arrow.len())
}

// Constructs: what a direction or baseline is made of.

/// `from 40/week to under 5`, `from ~3 s → 1 s`: the whole, the first amount and the second.
struct FromTo {
    all: Range<usize>,
    a: Range<usize>,
    b: Range<usize>,
}

/// The next from/to at or after `from`: `from`, an optional approximation, an amount, then at most
/// three words before the connector and the second amount.
fn next_from_to(text: &str, from: usize) -> Option<FromTo> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) {
            return None;
        }
        let word = phrase_at(bytes, start, "from")?;
        let gap = spaces(bytes, word);
        if gap == 0 {
            return None;
        }
        let a = after_prefix(bytes, word + gap, &["about", "around", "approx.", "approx"]);
        quantity_readings(text, a).all().iter().find_map(|&a_end| {
            let b = words_then_connector(text, a_end, 3)?;
            Some(FromTo {
                all: start..b.end,
                a: a..a_end,
                b,
            })
        })
    })
}

/// Up to `words` more words (letters and `-`), fewest first, then a connector (`to`, `down to`,
/// `up to`, an arrow) and the second amount.
fn words_then_connector(text: &str, at: usize, words: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if let Some(b) = connector_then_amount(text, at) {
        return Some(b);
    }
    let gap = spaces(bytes, at);
    if words == 0 || gap == 0 {
        return None;
    }
    let word = at + gap;
    let len = run(bytes, word, |b| b.is_ascii_alphabetic() || b == b'-');
    if len == 0 {
        return None;
    }
    let end = word + len;
    words_then_connector(text, end, words - 1).or_else(|| {
        // The word may give back a final `-` that starts an arrow: `bar->`.
        (len > 1 && bytes[end - 1] == b'-' && bytes.get(end) == Some(&b'>'))
            .then(|| words_then_connector(text, end - 1, words - 1))
            .flatten()
    })
}

/// A connector at `at` (after optional whitespace): an arrow, or whitespace, an optional
/// `down`/`up`, `to` and one whitespace; then the second amount.
fn connector_then_amount(text: &str, at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let after_space = at + spaces(bytes, at);
    if let Some(len) = arrow_len(text, after_space) {
        return qualified_quantity(text, after_space + len);
    }
    if after_space == at {
        return None;
    }
    let direction = ["down", "up"].iter().find_map(|word| {
        let end = phrase_at(bytes, after_space, word)?;
        let gap = spaces(bytes, end);
        (gap > 0).then_some(end + gap)
    });
    direction.into_iter().chain([after_space]).find_map(|to| {
        let end = phrase_at(bytes, to, "to")?;
        let spaced = bytes.get(end).is_some_and(|b| is_space(*b));
        spaced.then(|| qualified_quantity(text, end + 1)).flatten()
    })
}

/// `480ms → 210ms`, `9 min => 4 min`: the first amount, the arrow and the second amount.
struct Arrow {
    a: Range<usize>,
    arrow: Range<usize>,
    b: Range<usize>,
}

/// The next arrow between two amounts at or after `from`.
fn next_arrow(text: &str, from: usize) -> Option<Arrow> {
    let bytes = text.as_bytes();
    let (start, a_end, (arrow, b)) = find_after_quantity(text, from, |end| {
        let arrow = end + spaces(bytes, end);
        let len = arrow_len(text, arrow)?;
        Some((arrow..arrow + len, qualified_quantity(text, arrow + len)?))
    })?;
    Some(Arrow {
        a: start..a_end,
        arrow,
        b,
    })
}

/// Threshold words, in the order they are tried at one position (longer forms first where one
/// starts another). Each is a whole word; a space stands for any whitespace.
const THRESHOLD_WORDS: &[&str] = &[
    "under",
    "below",
    "above",
    "over",
    "less than",
    "more than",
    "fewer than",
    "at least",
    "at most",
    "no more than",
    "no less than",
    "not more than",
    "not to exceed",
    "not exceed",
    "up to",
    "down to",
    "within",
    "maximum of",
    "maximum",
    "max of",
    "max",
    "minimum of",
    "minimum",
    "min of",
    "min",
    "stays at",
    "stays under",
    "stays below",
    "stays above",
    "stay at",
    "stay under",
    "stay below",
    "stay above",
    "remains at",
    "remains under",
    "remains below",
    "remains above",
    "remain at",
    "remain under",
    "remain below",
    "remain above",
    "keeps at",
    "keeps under",
    "keeps below",
    "keeps above",
    "keep at",
    "keep under",
    "keep below",
    "keep above",
    "holds at",
    "holds under",
    "holds below",
    "holds above",
    "hold at",
    "hold under",
    "hold below",
    "hold above",
    "to",
    "by",
    "up",
    "down",
    "targets",
    "target",
    "goals",
    "goal",
    "slo",
];

/// Threshold symbols, `<=` before `<`.
const THRESHOLD_SYMBOLS: &[&str] = &["<=", ">=", "≤", "≥", "<", ">"];

/// `under 300 ms`, `at least three`, `< 0.1%`, `Target: 200ms`: the threshold and the amount.
struct Threshold {
    threshold: Range<usize>,
    q: Range<usize>,
}

/// The next threshold word (a whole word from [`THRESHOLD_WORDS`]) or symbol with an amount after
/// it, at or after `from`.
fn next_threshold(text: &str, from: usize) -> Option<Threshold> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        let found = |end: usize| {
            let q = labelled_amount(text, end, &[":", "=", "is", "of"], APPROXIMATELY)?;
            Some(Threshold {
                threshold: start..end,
                q,
            })
        };
        if word_start(bytes, start) {
            const STARTS: Starts = Starts::of(THRESHOLD_WORDS);
            if !STARTS.admits(bytes, start) {
                return None;
            }
            THRESHOLD_WORDS.iter().find_map(|word| {
                phrase_at(bytes, start, word)
                    .filter(|end| boundary(bytes, *end))
                    .and_then(found)
            })
        } else {
            let rest = text.get(start..)?;
            THRESHOLD_SYMBOLS
                .iter()
                .find(|symbol| rest.starts_with(**symbol))
                .and_then(|symbol| found(start + symbol.len()))
        }
    })
}

/// Words of approximation before an amount.
const APPROXIMATELY: &[&str] = &["about", "around", "roughly", "approximately"];

/// After a threshold or baseline word ending at `at`: an optional separator (one of `separators`,
/// after optional whitespace, then one whitespace or the end), whitespace, an optional
/// approximation (`~`, one of `approx`) and the amount.
fn labelled_amount(
    text: &str,
    at: usize,
    separators: &[&str],
    approx: &[&str],
) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut start = at;
    let separator = at + spaces(bytes, at);
    if let Some(end) = separators
        .iter()
        .find_map(|word| phrase_at(bytes, separator, word))
    {
        if end == bytes.len() {
            start = end;
        } else if is_space(bytes[end]) {
            start = end + 1;
        }
    }
    let start = after_prefix(bytes, start + spaces(bytes, start), approx);
    let end = quantity_readings(text, start).first()?;
    Some(start..end)
}

/// Comparatives after an amount (`30% fewer`, `2x faster`, `twice as fast`), tried in order.
const COMPARATIVES: &[&str] = &[
    "fewer",
    "less",
    "more",
    "faster",
    "slower",
    "smaller",
    "larger",
    "bigger",
    "cheaper",
    "lower",
    "higher",
    "shorter",
    "longer",
    "reduction",
    "increase",
    "decrease",
    "improvement",
    "drop",
    "gain",
    "growth",
    "uplift",
    "lift",
    "boost",
    "speed-up",
    "speedup",
    "as fast",
    "as quick",
    "as many",
    "as much",
    "as often",
    "as cheap",
    "as small",
    "as large",
    "as big",
];

/// `30% fewer`, `2x faster`: the amount and the comparative.
struct Comparative {
    q: Range<usize>,
    comparative: Range<usize>,
}

/// The next amount followed by a comparative at or after `from`.
fn next_comparative(text: &str, from: usize) -> Option<Comparative> {
    let bytes = text.as_bytes();
    let (start, end, comparative) = find_after_quantity(text, from, |end| {
        let gap = spaces(bytes, end);
        let word = end + gap;
        let word_end = first_whole(bytes, word, COMPARATIVES).filter(|_| gap > 0)?;
        Some(word..word_end)
    })?;
    Some(Comparative {
        q: start..end,
        comparative,
    })
}

/// Baseline words, tried in order.
const BASELINE_WORDS: &[&str] = &[
    "currently",
    "today",
    "now",
    "baseline",
    "at present",
    "presently",
    "was",
    "were",
    "is currently",
    "down from",
    "up from",
    "as of today",
    "right now",
];

/// `currently 12%`, `baseline 3.1s`, `today: 800ms`: the whole and the amount.
struct Baseline {
    all: Range<usize>,
    q: Range<usize>,
}

/// The next baseline word with an amount after it at or after `from`.
fn next_baseline(text: &str, from: usize) -> Option<Baseline> {
    const STARTS: Starts = Starts::of(BASELINE_WORDS);
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) || !STARTS.admits(bytes, start) {
            return None;
        }
        BASELINE_WORDS.iter().find_map(|word| {
            let end = phrase_at(bytes, start, word).filter(|end| boundary(bytes, *end))?;
            let q = labelled_amount(
                text,
                end,
                &[":", "=", "is", "of", "at"],
                &["about", "around", "roughly"],
            )?;
            Some(Baseline {
                all: start..q.end,
                q,
            })
        })
    })
}

/// `zero`, `halve(s/d)`, `double(s/d)`, `triple(s/d)`, `quadruple(s/d)`, or `100% of` / `100 % of`.
fn next_word_threshold(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    const WORDS: &[&str] = &[
        "zero",
        "halve",
        "halves",
        "halved",
        "double",
        "doubles",
        "doubled",
        "triple",
        "triples",
        "tripled",
        "quadruple",
        "quadruples",
        "quadrupled",
    ];
    const STARTS: Starts = Starts::of(WORDS);
    const HUNDRED: Starts = Starts::of(&["100"]);
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start)
            || !(STARTS.admits(bytes, start) || HUNDRED.admits(bytes, start))
        {
            return None;
        }
        let word = word_at(bytes, start);
        if is_one_of(word, WORDS) {
            return Some(start..start + word.len());
        }
        let number = phrase_at(bytes, start, "100")?;
        let percent = number + usize::from(bytes.get(number).is_some_and(|b| is_space(*b)));
        let percent = [percent, number]
            .into_iter()
            .find(|at| bytes.get(*at) == Some(&b'%'))?;
        let gap = spaces(bytes, percent + 1);
        let end = first_whole(bytes, percent + 1 + gap, &["of"]).filter(|_| gap > 0)?;
        Some(start..end)
    })
}

/// Verbs of change, as whole words.
const VERBS: &[&str] = &[
    "reduce",
    "reduces",
    "reduced",
    "reducing",
    "decrease",
    "decreases",
    "decreased",
    "decreasing",
    "cut",
    "cuts",
    "cutting",
    "drop",
    "drops",
    "dropped",
    "dropping",
    "lower",
    "lowers",
    "lowered",
    "lowering",
    "shrink",
    "shrinks",
    "shrinking",
    "shrunk",
    "halve",
    "halves",
    "halved",
    "halving",
    "increase",
    "increases",
    "increased",
    "increasing",
    "raise",
    "raises",
    "raised",
    "raising",
    "grow",
    "grows",
    "grown",
    "growing",
    "grew",
    "improve",
    "improves",
    "improved",
    "improving",
    "boost",
    "boosts",
    "boosted",
    "boosting",
    "double",
    "doubles",
    "doubled",
    "doubling",
    "triple",
    "triples",
    "tripled",
    "tripling",
    "fall",
    "falls",
    "falling",
    "fell",
    "rise",
    "rises",
    "rising",
    "rose",
    "climb",
    "climbs",
    "climbed",
    "climbing",
    "decline",
    "declines",
    "declined",
    "declining",
    "slash",
    "slashes",
    "slashed",
    "trim",
    "trims",
    "trimmed",
    "eliminate",
    "eliminates",
    "eliminated",
    "minimise",
    "minimises",
    "minimised",
    "minimize",
    "minimizes",
    "minimized",
    "maximise",
    "maximises",
    "maximised",
    "maximize",
    "maximizes",
    "maximized",
    "save",
    "saves",
    "saved",
    "saving",
];

/// Verbs of change written as two words: the first word's forms, then the second word's.
const PHRASAL_VERBS: &[(&[&str], &[&str])] = &[
    (&["speed", "speeds", "speeding"], &["up"]),
    (&["go", "goes"], &["down", "up"]),
    (&["bring", "brings"], &["down", "up"]),
];

/// A verb of change ("reduce", "drops", "speed up", "goes down").
fn next_verb(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    const STARTS: Starts = Starts::of(VERBS);
    const PHRASAL: Starts = Starts::of(&[
        "speed", "speeds", "speeding", "go", "goes", "bring", "brings",
    ]);
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start)
            || !(STARTS.admits(bytes, start) || PHRASAL.admits(bytes, start))
        {
            return None;
        }
        let word = word_at(bytes, start);
        let end = start + word.len();
        if is_one_of(word, VERBS) {
            return Some(start..end);
        }
        let (_, second) = PHRASAL_VERBS
            .iter()
            .find(|(first, _)| is_one_of(word, first))?;
        let gap = spaces(bytes, end);
        let next = word_at(bytes, end + gap);
        (gap > 0 && is_one_of(next, second)).then(|| start..end + gap + next.len())
    })
}

/// Directions ranked: an explicit change beats a bare threshold, which beats a lone verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    FromTo,
    Arrow,
    VerbWithAmount,
    Threshold,
    Comparative,
    Verb,
}

/// A direction found in the text, ranked by strength and then position.
#[derive(Debug, Clone)]
struct Direction {
    strength: Strength,
    /// Where the construct starts (an arrow ranks by its first amount).
    start: usize,
    /// The text to report.
    written: Range<usize>,
    /// `by`/`to` after a verb of change: "Reduce … by 30%" reads as "Reduce by".
    preposition: Option<&'static str>,
}

impl Direction {
    fn new(strength: Strength, written: Range<usize>) -> Direction {
        Direction {
            strength,
            start: written.start,
            written,
            preposition: None,
        }
    }
}

/// What kind of quantity [`parse_quantity`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amount {
    /// A number with a unit, a rate or a currency: a quantity anywhere.
    Unit,
    /// A number word: `half`, `zero`, `two` (before a noun).
    Word,
    /// A plain number: a quantity only inside a construct (`from 40 to 5`, `under 5`).
    Bare { decimal: bool },
    /// A plain 19xx/20xx: a year, never a quantity on its own.
    Year,
}

/// A quantity read at some position: where it ends and what kind it is.
#[derive(Debug, Clone, Copy)]
struct Parsed {
    end: usize,
    amount: Amount,
}

impl Parsed {
    /// Whether a construct may use it as its amount.
    fn usable(self) -> bool {
        self.amount != Amount::Year
    }
}

/// Reads a metric text. See the module docs for what counts.
pub fn assess(text: &str) -> MetricAssessment {
    let mut noise = issue_numbers(text);
    if !masked(text, &noise)
        .bytes()
        .any(|b| b.is_ascii_alphanumeric())
    {
        // Nothing but issue numbers and punctuation: skip the dozen passes below, which matters
        // for megabytes of `#1 #1 …`.
        return MetricAssessment::default();
    }
    noise.extend(noise_spans(text));
    hex_id_spans(text.as_bytes(), &mut noise);
    let cleaned = masked(text, &noise);
    let (timeframe, timeframe_spans) = timeframes(text, &cleaned);
    let work = masked(&cleaned, &timeframe_spans);
    let bytes = work.as_bytes();
    let sentences = sentence_starts(&work);

    // Quantities that stand on their own; bare numbers join them from the constructs below.
    let mut quantities = unit_quantities(&work);
    let number_words = |bytes: &[u8], from: usize| {
        (from..bytes.len()).find_map(|start| number_word_end(bytes, start).map(|end| start..end))
    };
    quantities.extend(
        each(bytes, number_words, Range::clone)
            .filter_map(|m| parse_quantity(&work, m.start).map(|p| m.start..p.end)),
    );
    // Kept as spans and turned into text only for the winners: a huge input can hold millions.
    let mut directions: Vec<Direction> = Vec::new();
    let mut baselines: Vec<Range<usize>> = Vec::new();
    // Version bumps (`from 3.11 to 3.12`): nothing inside them is a threshold either.
    let mut vetoed: Vec<Range<usize>> = Vec::new();

    each_match(
        &work,
        next_from_to,
        |m| (m.all.clone(), m.b.start),
        |m| {
            let (pa, pb) = (
                parse_quantity(&work, m.a.start),
                parse_quantity(&work, m.b.start),
            );
            // `from 4.17 to 4.18` with no unit on either side is a version bump.
            if let (
                Some(Parsed {
                    amount: Amount::Bare { decimal: true },
                    ..
                }),
                Some(
                    pb @ Parsed {
                        amount: Amount::Bare { .. },
                        ..
                    },
                ),
            ) = (pa, pb)
            {
                vetoed.push(m.all.start..pb.end);
                return Some(pb.end);
            }
            let usable = |p: Option<Parsed>| p.filter(|p| p.usable());
            let (pa, pb) = (usable(pa), usable(pb));
            if pa.is_none() && pb.is_none() {
                return None;
            }
            quantities.extend(pa.map(|p| m.a.start..p.end));
            quantities.extend(pb.map(|p| m.b.start..p.end));
            let end = pb.map_or(m.b.end, |p| p.end);
            directions.push(Direction::new(Strength::FromTo, m.all.start..end));
            let baseline_end = pa.map_or(m.a.end, |p| p.end);
            baselines.push(m.all.start..baseline_end);
            Some(end)
        },
    );
    each_match(
        &work,
        next_arrow,
        |m| (m.a.start..m.b.end, m.b.start),
        |m| {
            let pa = parse_quantity(&work, m.a.start).filter(|p| p.usable())?;
            let pb = parse_quantity(&work, m.b.start).filter(|p| p.usable())?;
            quantities.extend([m.a.start..pa.end, m.b.start..pb.end]);
            directions.push(Direction {
                start: m.a.start,
                ..Direction::new(Strength::Arrow, m.arrow.clone())
            });
            baselines.push(m.a.start..pa.end);
            Some(pb.end)
        },
    );
    each_match(
        &work,
        next_threshold,
        |m| (m.threshold.start..m.q.end, m.q.start),
        |m| {
            let parsed = parse_quantity(&work, m.q.start).filter(|p| p.usable())?;
            let d = m.threshold.clone();
            let in_version_bump = vetoed
                .get(vetoed.partition_point(|v| v.end <= d.start))
                .is_some_and(|v| v.start <= d.start);
            if in_version_bump || !threshold_ok(&work, d.clone()) {
                return None;
            }
            quantities.push(m.q.start..parsed.end);
            directions.push(Direction::new(Strength::Threshold, d));
            Some(parsed.end)
        },
    );
    each_match(
        &work,
        next_comparative,
        |m| (m.q.start..m.comparative.end, m.comparative.start),
        |m| {
            // The comparative must follow the whole quantity (`30% fewer`), not its unit's word.
            let parsed = parse_quantity(&work, m.q.start).filter(|p| p.usable())?;
            if !work
                .get(parsed.end..m.comparative.start)
                .is_some_and(|gap| gap.trim().is_empty())
            {
                return None;
            }
            quantities.push(m.q.start..parsed.end);
            directions.push(Direction::new(Strength::Comparative, m.comparative.clone()));
            Some(m.comparative.end)
        },
    );
    for m in each(bytes, next_word_threshold, Range::clone) {
        // "zero errors" is a ceiling, "halve" and "double" say where to go; all are quantities.
        if in_compound(&work, m.start, m.end) {
            continue;
        }
        let written = &work[m.clone()];
        let quantity_end = if written.ends_with("of") {
            written.find('%').map_or(m.end, |i| m.start + i + 1)
        } else {
            m.end
        };
        quantities.push(m.start..quantity_end);
        directions.push(Direction::new(Strength::Threshold, m));
    }
    quantities.sort_by_key(|r| (r.start, r.end));
    verb_directions(&work, &sentences, &mut quantities, &mut directions);

    each_match(
        &work,
        next_baseline,
        |m| (m.all.clone(), m.q.start),
        |m| {
            let parsed = parse_quantity(&work, m.q.start).filter(|p| p.usable())?;
            baselines.push(m.all.start..parsed.end);
            Some(parsed.end)
        },
    );

    MetricAssessment {
        quantity: quantities
            .iter()
            .min_by_key(|r| r.start)
            .map(|r| tidy(text, r.clone())),
        direction: directions
            .into_iter()
            .min_by_key(|d| (d.strength, d.start))
            .map(|d| match d.preposition {
                Some(preposition) => format!("{} {preposition}", tidy(text, d.written)),
                None => tidy(text, d.written),
            }),
        timeframe,
        baseline: baselines
            .into_iter()
            .min_by_key(|r| r.start)
            .map(|r| tidy(text, r)),
    }
}

/// Issue references (`#12`), found by hand: `str::find` on one byte walks a text of millions of
/// them far faster than a regex iterator.
fn issue_numbers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text.get(from..).and_then(|rest| rest.find('#')) {
        let start = from + offset;
        let digits = digit_run(bytes, start + 1);
        if digits > 0 {
            found.push(start..start + 1 + digits);
        }
        from = start + 1 + digits;
    }
    found
}

/// Runs `next` over `work` like a regex's `captures_iter`, except that the next search starts
/// where the construct really ended (`judge` returns it) or, when `judge` rejects the match,
/// where its last quantity starts (`span` gives the whole match and that position). The generic
/// quantity reading can swallow a following word (`from 1.2 to 1.3 from …` takes `1.3 from`),
/// and a rejected match may hide the start of the next one (`to 1.3 to 5`); both must stay
/// visible to the next search. Positions outside the match fall back to its end, so every step
/// moves forward.
fn each_match<M>(
    work: &str,
    next: impl Fn(&str, usize) -> Option<M>,
    span: impl Fn(&M) -> (Range<usize>, usize),
    mut judge: impl FnMut(&M) -> Option<usize>,
) {
    let mut at = 0;
    while at <= work.len() {
        let Some(found) = next(work, at) else {
            break;
        };
        let (all, last) = span(&found);
        let resume = judge(&found).unwrap_or(last);
        let mut next_at = if resume > all.start && resume <= all.end {
            resume
        } else {
            all.end
        };
        next_at = next_at.max(all.start + 1);
        while next_at < work.len() && !work.is_char_boundary(next_at) {
            next_at += 1;
        }
        at = next_at;
    }
}

/// Every number with a unit, rate or currency, found by one scan over the text.
fn unit_quantities(work: &str) -> Vec<Range<usize>> {
    let bytes = work.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_amount = bytes[i].is_ascii_digit()
            || bytes[i] == b'$'
            || (work.is_char_boundary(i) && work[i..].starts_with(['€', '£']));
        let parsed = if starts_amount {
            parse_quantity(work, i)
        } else {
            None
        };
        match parsed {
            Some(parsed) => {
                if parsed.amount == Amount::Unit {
                    found.push(i..parsed.end);
                }
                i = parsed.end.max(i + 1);
            }
            None => i += 1,
        }
    }
    found
}

/// Reads the quantity that starts at `start`: a number word, or an optional currency, a number
/// (`40`, `1,200`, `3.1`) and an optional unit and rate (`ms`, `%`, `/week`, ` a week`).
/// `None` when nothing there is a quantity (`5abc`, a small number word used as a pronoun).
fn parse_quantity(work: &str, start: usize) -> Option<Parsed> {
    let bytes = work.as_bytes();
    if !work.is_char_boundary(start) || !starts_cleanly(work, start) {
        return None;
    }
    let first = *bytes.get(start)?;
    if first.is_ascii_alphabetic() {
        return parse_number_word(work, start);
    }
    let mut i = start;
    let mut money = false;
    for symbol in ["$", "€", "£"] {
        if work[i..].starts_with(symbol) {
            i += symbol.len();
            money = true;
            if bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            break;
        }
    }
    let digits_start = i;
    i += digit_run(bytes, i);
    if i == digits_start {
        return None;
    }
    // Thousands groups: `1,200,000` (a comma before anything else is punctuation).
    while bytes.get(i) == Some(&b',')
        && digit_run(bytes, i + 1) == 3
        && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
    {
        i += 4;
    }
    let mut decimal = false;
    if bytes.get(i) == Some(&b'.') && digit_run(bytes, i + 1) > 0 {
        i += 1 + digit_run(bytes, i + 1);
        decimal = true;
    }
    let number_end = i;
    let mut end = number_end;
    let mut unit = money;
    let spaced = number_end + usize::from(bytes.get(number_end) == Some(&b' '));
    if let Some(after) = unit_after(work, number_end, money).or_else(|| {
        (spaced > number_end)
            .then(|| unit_after(work, spaced, money))
            .flatten()
    }) {
        end = after;
        unit = true;
    } else if bytes
        .get(number_end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        // `5abc`, `3rd`: not a quantity.
        return None;
    }
    if let Some(after) = rate_after(work, end) {
        end = after;
        unit = true;
    }
    let written = &work[digits_start..number_end];
    let amount = if unit {
        Amount::Unit
    } else if written.len() == 4 && (written.starts_with("19") || written.starts_with("20")) {
        Amount::Year
    } else {
        Amount::Bare { decimal }
    };
    Some(Parsed { end, amount })
}

/// Length of the ASCII digit run at `at`.
fn digit_run(bytes: &[u8], at: usize) -> usize {
    bytes.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// Length of the ASCII letter run at `at`.
fn letter_run(bytes: &[u8], at: usize) -> usize {
    bytes.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_alphabetic()).count()
    })
}

/// The end of a unit written at `at` (a symbol, or a word from [`UNITS`], or after money one of
/// [`MONEY_SUFFIXES`]).
fn unit_after(work: &str, at: usize, money: bool) -> Option<usize> {
    let rest = work.get(at..)?;
    for symbol in ["%", "×", "µs", "μs"] {
        if rest.starts_with(symbol) {
            return Some(at + symbol.len());
        }
    }
    let bytes = work.as_bytes();
    let word = letter_run(bytes, at);
    if word == 0 {
        return None;
    }
    let is_unit = |candidate: &str| {
        if money {
            MONEY_SUFFIXES
                .iter()
                .any(|u| u.eq_ignore_ascii_case(candidate))
        } else {
            // Units are short; anything longer than the longest one cannot be a unit, which
            // also keeps a megabyte-long word from being lower-cased.
            candidate.len() <= 16 && UNIT_SET.contains(candidate.to_ascii_lowercase().as_str())
        }
    };
    // Compound units first: `req/s`, `sign-ups`.
    if matches!(bytes.get(at + word), Some(b'/' | b'-')) {
        let second = letter_run(bytes, at + word + 1);
        let end = at + word + 1 + second;
        if second > 0 && !ends_in_word(bytes, end) && is_unit(&work[at..end]) {
            return Some(end);
        }
    }
    let end = at + word;
    (!ends_in_word(bytes, end) && is_unit(&work[at..end])).then_some(end)
}

/// Whether the byte at `end` continues a word (so the letters before it are not a whole word).
fn ends_in_word(bytes: &[u8], end: usize) -> bool {
    bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80)
}

/// The end of a rate written at `at`: `/week`, ` / user`, ` a week`, ` per day`.
fn rate_after(work: &str, at: usize) -> Option<usize> {
    let bytes = work.as_bytes();
    let skip_spaces = |mut i: usize| {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let word_at = |i: usize, list: &[&str]| {
        let len = letter_run(bytes, i);
        (len > 0
            && !ends_in_word(bytes, i + len)
            && list
                .iter()
                .any(|w| w.eq_ignore_ascii_case(&work[i..i + len])))
        .then_some(i + len)
    };
    let i = skip_spaces(at);
    if bytes.get(i) == Some(&b'/') {
        return word_at(skip_spaces(i + 1), RATE_SLASH);
    }
    if i == at {
        return None;
    }
    let len = letter_run(bytes, i);
    let joiner = work.get(i..i + len)?;
    if !["a", "an", "per", "each", "every"]
        .iter()
        .any(|j| j.eq_ignore_ascii_case(joiner))
    {
        return None;
    }
    let after = i + len;
    let next = skip_spaces(after);
    if next == after {
        return None;
    }
    word_at(next, RATE_PERIODS)
}

/// A number word at `start` (`half`, `a dozen`, `two` before a noun).
fn parse_number_word(work: &str, start: usize) -> Option<Parsed> {
    let bytes = work.as_bytes();
    let len = letter_run(bytes, start);
    let word = work.get(start..start + len)?;
    if word.eq_ignore_ascii_case("a") {
        let next = start
            + len
            + bytes
                .get(start + len..)?
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let next_len = letter_run(bytes, next);
        let second = work.get(next..next + next_len)?;
        let big = ["dozen", "hundred", "thousand", "million"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(second));
        return (big && next > start + len && !ends_in_word(bytes, next + next_len)).then_some(
            Parsed {
                end: next + next_len,
                amount: Amount::Word,
            },
        );
    }
    if ends_in_word(bytes, start + len)
        || in_compound(work, start, start + len)
        || !NUMBER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
    {
        return None;
    }
    if SMALL_NUMBER_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
        && !small_number_counts(work, start..start + len)
    {
        return None;
    }
    Some(Parsed {
        end: start + len,
        amount: Amount::Word,
    })
}

/// `double-check`, `half-baked`, `one-off`: a number word inside a hyphenated word is not an
/// amount. `zero-downtime` is, because "zero" there still says how many.
fn in_compound(work: &str, start: usize, end: usize) -> bool {
    let bytes = work.as_bytes();
    let is_zero = work
        .get(start..end)
        .is_some_and(|w| w.eq_ignore_ascii_case("zero"));
    bytes.get(end) == Some(&b'-')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
        && !is_zero
}

/// Small number words count only as amounts of something: "two retries", not "the one",
/// "no one", "one of", "one day".
fn small_number_counts(work: &str, range: Range<usize>) -> bool {
    let before = work.get(..range.start).unwrap_or("").trim_end();
    let previous = before
        .rsplit(|c: char| !c.is_alphabetic() && c != '\'')
        .next()
        .unwrap_or("")
        .to_lowercase();
    const DETERMINERS: &[&str] = &[
        "the", "this", "that", "no", "any", "every", "each", "which", "some", "a", "an", "another",
        "new", "old", "last", "only", "someone", "everyone", "its", "it's",
    ];
    if DETERMINERS.contains(&previous.as_str()) {
        return false;
    }
    let after = work.get(range.end..).unwrap_or("").trim_start();
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    !next.is_empty()
        && !matches!(
            next.as_str(),
            "of" | "another" | "day" | "way" | "thing" | "at" | "and" | "or"
        )
}

/// Verbs of change ("reduce", "drops", "increase"). With `by`/`to` and an amount close behind
/// they are the strongest kind of direction after from/to; alone they count only when their
/// sentence holds a quantity, so "Improve UX" stays unmeasurable.
fn verb_directions(
    work: &str,
    sentences: &[usize],
    quantities: &mut Vec<Range<usize>>,
    directions: &mut Vec<Direction>,
) {
    let mut added: Vec<Range<usize>> = Vec::new();
    for verb in each(work.as_bytes(), next_verb, Range::clone) {
        let (sentence_start, sentence_end) = sentence_of(sentences, work.len(), verb.start);
        let tail = work.get(verb.end..sentence_end.max(verb.end)).unwrap_or("");
        if let Some((preposition, amount)) = amount_after_verb(work, tail, verb.end) {
            added.push(amount);
            directions.push(Direction {
                preposition: Some(preposition),
                ..Direction::new(Strength::VerbWithAmount, verb)
            });
            continue;
        }
        // Any quantity in the same sentence?
        let first = quantities.partition_point(|r| r.start < sentence_start);
        if quantities
            .get(first)
            .is_some_and(|r| r.start < sentence_end)
        {
            directions.push(Direction::new(Strength::Verb, verb));
        }
    }
    quantities.extend(added);
}

/// `by 30%` / `to under 5` within a few words after a verb (`tail` starts at `offset` in `work`):
/// the preposition and the amount's span.
fn amount_after_verb(
    work: &str,
    tail: &str,
    offset: usize,
) -> Option<(&'static str, Range<usize>)> {
    let (preposition, amount) = by_or_to_amount(tail)?;
    let parsed = parse_quantity(work, offset + amount).filter(|p| p.usable())?;
    let preposition = if tail[preposition].eq_ignore_ascii_case("by") {
        "by"
    } else {
        "to"
    };
    Some((preposition, offset + amount..parsed.end))
}

/// At the start of `tail`: at most six words (fewest first; a word is anything but whitespace
/// and `.;!?`), then `by` or `to`, an optional qualifier and a quantity. Returns where `by`/`to`
/// is and where the quantity starts.
fn by_or_to_amount(tail: &str) -> Option<(Range<usize>, usize)> {
    let bytes = tail.as_bytes();
    let mut at = 0;
    for words in 0..=6 {
        let gap = spaces(bytes, at);
        if gap == 0 {
            return None;
        }
        let word = at + gap;
        let preposition = ["by", "to"]
            .iter()
            .find_map(|p| phrase_at(bytes, word, p))
            .filter(|end| spaces(bytes, *end) > 0);
        if let Some(end) = preposition {
            let amount = after_qualifier(bytes, end + spaces(bytes, end));
            if quantity_readings(tail, amount).first().is_some() {
                return Some((word..end, amount));
            }
        }
        if words == 6 {
            break;
        }
        let len = tail[word..]
            .find(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | '!' | '?'))
            .unwrap_or(tail.len() - word);
        if len == 0 {
            return None;
        }
        at = word + len;
    }
    None
}

/// Start offsets of sentences: after `.`/`!`/`?`/`;` followed by whitespace, and after blank
/// lines. A decimal point (`3.1s`) is not followed by whitespace, so it does not split.
fn sentence_starts(work: &str) -> Vec<usize> {
    let bytes = work.as_bytes();
    let mut starts = vec![0];
    let mut previous_newline: Option<usize> = None;
    for (i, b) in bytes.iter().enumerate() {
        let next_is_space = bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace);
        if matches!(b, b'.' | b'!' | b'?' | b';') && next_is_space {
            starts.push(i + 1);
        }
        if *b == b'\n' {
            // Only blanks since the previous newline: a blank line ends the paragraph.
            let blank_line = previous_newline.is_some_and(|p| {
                bytes[p + 1..i]
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
            });
            if blank_line {
                starts.push(i);
            }
            previous_newline = Some(i);
        }
    }
    starts
}

/// (start, end) of the sentence holding `pos`.
fn sentence_of(starts: &[usize], len: usize, pos: usize) -> (usize, usize) {
    let index = starts.partition_point(|s| *s <= pos).saturating_sub(1);
    let start = starts.get(index).copied().unwrap_or(0);
    let end = starts.get(index + 1).copied().unwrap_or(len);
    (start, end)
}

/// Finds every timeframe, returning the first (as written, as a value) and all their spans.
fn timeframes(text: &str, cleaned: &str) -> (Option<(String, Timeframe)>, Vec<Range<usize>>) {
    let mut found: Vec<(Range<usize>, Timeframe)> = Vec::new();
    let bytes = cleaned.as_bytes();
    for (all, date_start) in each(bytes, next_date, |(all, _)| all.clone()) {
        // `12027-01-15`, `2027-01-155`, `2027-01-15-1` are something else.
        let before = date_start.checked_sub(1).and_then(|i| bytes.get(i));
        let after = bytes.get(all.end);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
            || after.is_some_and(|b| b.is_ascii_digit() || *b == b'-')
        {
            continue;
        }
        if let Some(date) = parse_date(&cleaned[date_start..all.end]) {
            found.push((all, date));
        }
    }
    for next in [
        next_relative as fn(&[u8], usize) -> Option<Relative>,
        next_event,
    ] {
        for m in each(bytes, next, |m| m.all.clone()) {
            if let Some(count) = count_value(&cleaned[m.count]) {
                let days = clamp_days(count * unit_days(&cleaned[m.unit]));
                found.push((m.all, Timeframe::After { days }));
            }
        }
    }
    for (all, unit) in each(bytes, next_next, |(all, _)| all.clone()) {
        let days = clamp_days(unit_days(&cleaned[unit]));
        found.push((all, Timeframe::After { days }));
    }
    found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let first = found
        .first()
        .map(|(range, value)| (tidy(text, range.clone()), *value));
    (first, found.into_iter().map(|(range, _)| range).collect())
}

/// A `YYYY-MM-DD` date, if it is a real day from 1970 on.
fn parse_date(date: &str) -> Option<Timeframe> {
    let year: i32 = date.get(0..4)?.parse().ok()?;
    let month: u8 = date.get(5..7)?.parse().ok()?;
    let day: u8 = date.get(8..10)?.parse().ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1970 && (1..=days_in_month).contains(&day)).then_some(Timeframe::On {
        year,
        month,
        day,
    })
}

/// The value of a count in a timeframe: digits (decimals allowed), `a`/`an`, or a number word.
fn count_value(count: &str) -> Option<f64> {
    let lower = count.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let value = match words.as_slice() {
        ["a" | "an" | "one"] => 1.0,
        ["two"] => 2.0,
        ["three"] => 3.0,
        ["four"] => 4.0,
        ["five"] => 5.0,
        ["six"] => 6.0,
        ["seven"] => 7.0,
        ["eight"] => 8.0,
        ["nine"] => 9.0,
        ["ten"] => 10.0,
        ["eleven"] => 11.0,
        ["twelve"] => 12.0,
        [.., "couple", "of"] => 2.0,
        ["a", "few"] => 3.0,
        [digits] => digits.replace(',', "").parse().ok()?,
        _ => return None,
    };
    Some(value)
}

/// Days in one timeframe unit: months are 30 days, quarters 90, years 365.
fn unit_days(unit: &str) -> f64 {
    match unit.to_ascii_lowercase().trim_end_matches('s') {
        "week" | "wk" | "w" => 7.0,
        "month" | "mo" => 30.0,
        "quarter" => 90.0,
        "year" | "yr" => 365.0,
        _ => 1.0,
    }
}

/// Rounds to whole days; `as` saturates, so absurd counts become `u32::MAX`, not a panic.
fn clamp_days(days: f64) -> u32 {
    days.round() as u32
}

/// Replaces `ranges` of `text` with spaces, keeping every byte offset intact.
fn masked(text: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        if let Some(span) = bytes.get_mut(range.clone()) {
            span.fill(b' ');
        }
    }
    // Ranges come from the readers above, which cut only before or after whole characters, so the
    // result is still UTF-8; should that ever fail, reading the text unmasked beats panicking.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// The original text of `range`, whitespace runs collapsed.
fn tidy(text: &str, range: Range<usize>) -> String {
    text.get(range)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number must not continue a word, a decimal or a list of digits (`a5`, `.5`, `1,5`).
fn starts_cleanly(work: &str, start: usize) -> bool {
    let before = work.get(..start).and_then(|s| s.chars().next_back());
    !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ',' | '-' | '/'))
}

/// A `>` that starts a line is a Markdown quote, and one after `-`/`=` is an arrow, not
/// "greater than". Only the run of spaces and `>` before it is looked at, so this stays cheap.
fn threshold_ok(work: &str, d: Range<usize>) -> bool {
    if work.get(d.clone()) != Some(">") {
        return true;
    }
    let bytes = work.as_bytes();
    let mut i = d.start;
    if i > 0 && matches!(bytes[i - 1], b'-' | b'=') {
        return false;
    }
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'>') {
        i -= 1;
    }
    !(i == 0 || bytes[i - 1] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Option<String> {
        assess(text).quantity
    }

    fn d(text: &str) -> Option<String> {
        assess(text).direction
    }

    fn s(value: &str) -> Option<String> {
        Some(value.to_owned())
    }

    #[test]
    fn default_pack_metric_is_fully_read() {
        let a = assess("export tickets drop from 40/week to under 5 within 30 days");
        assert_eq!(a.quantity, s("40/week"));
        assert_eq!(a.direction, s("from 40/week to under 5"));
        assert_eq!(a.baseline, s("from 40/week"));
        assert_eq!(
            a.timeframe,
            Some(("within 30 days".into(), Timeframe::After { days: 30 }))
        );
        assert!(a.is_measurable());
        assert!(a.missing().is_empty());
    }

    #[test]
    fn performance_pr() {
        let a = assess("p95 latency drops from 480ms to 210ms");
        assert_eq!(a.quantity, s("480ms"));
        assert_eq!(a.direction, s("from 480ms to 210ms"));
        assert_eq!(a.baseline, s("from 480ms"));
        assert_eq!(a.timeframe, None);
        assert!(a.is_measurable());
    }

    #[test]
    fn reduce_by_with_timeframe() {
        let a = assess("Reduce checkout errors by 30% within 2 weeks");
        assert_eq!(a.quantity, s("30%"));
        assert_eq!(a.direction, s("Reduce by"));
        assert_eq!(
            a.timeframe,
            Some(("within 2 weeks".into(), Timeframe::After { days: 14 }))
        );
        assert_eq!(a.baseline, None);
        assert!(a.is_measurable());
    }

    #[test]
    fn threshold_with_baseline_in_parentheses() {
        let a = assess("p95 invoice page load under 300 ms (now 1.2 s)");
        assert_eq!(a.quantity, s("300 ms"));
        assert_eq!(a.direction, s("under"));
        assert_eq!(a.baseline, s("now 1.2 s"));
    }

    #[test]
    fn from_to_with_a_rate_in_words() {
        let a = assess("Export tickets fall from 40 a week to under 5.");
        assert_eq!(a.quantity, s("40 a week"));
        assert_eq!(a.direction, s("from 40 a week to under 5"));
        assert!(a.is_measurable());
    }

    #[test]
    fn vague_texts_are_not_measurable() {
        for text in [
            "Improve UX",
            "faster",
            "Faster exports.",
            "better performance",
            "users are happier",
            "TBD",
            "N/A",
            "It works",
            "tests pass",
            "CI green",
            "Improve the one screen everyone uses",
            "",
        ] {
            let a = assess(text);
            assert!(!a.is_measurable(), "{text}: {a:?}");
            assert_eq!(a.quantity, None, "{text}");
        }
        assert_eq!(
            assess("Improve UX").missing(),
            vec![MISSING_QUANTITY, MISSING_DIRECTION]
        );
        assert_eq!(
            assess("Improve UX").missing(),
            vec![
                "a number (count, %, duration, money)",
                "a direction or threshold (from/to, under, at least, reduce by)"
            ]
        );
    }

    #[test]
    fn quantity_without_direction() {
        // A problem statement: quantities, no direction. Whether this text *is* a metric section
        // is the caller's decision.
        let a = assess("users hit 500 errors 3 times a day");
        assert_eq!(a.quantity, s("500 errors"));
        assert_eq!(a.direction, None);
        assert_eq!(a.missing(), vec![MISSING_DIRECTION]);
    }

    #[test]
    fn units_money_and_magnitudes() {
        assert_eq!(q("costs $3k a month, target $1k"), s("$3k a month"));
        assert_eq!(q("saves €1,200"), s("€1,200"));
        assert_eq!(q("£5 million"), s("£5 million"));
        assert_eq!(q("serve 10k rps"), s("10k"));
        assert_eq!(q("throughput 500 req/s"), s("500 req/s"));
        assert_eq!(q("bundle is 2.5 MB"), s("2.5 MB"));
        assert_eq!(q("2x faster"), s("2x"));
        assert_eq!(q("answer 12 tickets"), s("12 tickets"));
        assert_eq!(q("cold start 3.1s"), s("3.1s"));
        assert_eq!(q("60 fps"), s("60 fps"));
        assert_eq!(q("wait 5 minutes"), s("5 minutes"));
        assert_eq!(q("25 percent"), s("25 percent"));
        assert_eq!(q("1000 signups"), s("1000 signups"));
    }

    #[test]
    fn number_words() {
        assert_eq!(assess("zero errors").quantity, s("zero"));
        assert_eq!(assess("zero errors").direction, s("zero"));
        assert!(assess("Zero failed payments after rollout").is_measurable());
        let a = assess("Halve build time");
        assert_eq!((a.quantity, a.direction), (s("Halve"), s("Halve")));
        assert!(assess("double weekly signups").is_measurable());
        assert_eq!(q("cut support load in half"), s("half"));
        assert_eq!(d("cut support load in half"), s("cut"));
        assert_eq!(q("two retries at most"), s("two"));
        assert_eq!(q("at least three customers"), s("three"));
        assert_eq!(d("at least three customers"), s("at least"));
        assert_eq!(q("the one page"), None);
        assert_eq!(q("no one complains"), None);
        assert_eq!(q("one of the pages"), None);
        assert_eq!(q("a hundred customers"), s("a hundred"));
        assert_eq!(q("twice as fast"), s("twice"));
        assert_eq!(d("twice as fast"), s("as fast"));
    }

    #[test]
    fn thresholds_and_symbols() {
        let cases = [
            ("error rate < 0.1%", "<", "0.1%"),
            ("p99 <= 200ms", "<=", "200ms"),
            ("uptime ≥ 99.9%", "≥", "99.9%"),
            ("checkout ≤ 2 s", "≤", "2 s"),
            ("queue depth > 1000", ">", "1000"),
            ("below 5 errors a day", "below", "5 errors a day"),
            ("at most 3 alerts per week", "at most", "3 alerts per week"),
            ("no more than 2 pages", "no more than", "2 pages"),
            ("more than 50 users", "more than", "50 users"),
            ("fewer than 10 escalations", "fewer than", "10 escalations"),
            ("up to 40 rps", "up to", "40 rps"),
            ("responds within 200ms", "within", "200ms"),
            ("Target: 200ms", "Target", "200ms"),
            ("goal 5 signups", "goal", "5 signups"),
            ("error budget stays at 0.5%", "stays at", "0.5%"),
            ("100% of exports succeed", "100% of", "100%"),
            ("latency 480ms → 210ms", "→", "480ms"),
            ("latency 480ms -> 210ms", "->", "480ms"),
            ("build 9 min => 4 min", "=>", "9 min"),
            ("30% fewer tickets", "fewer", "30%"),
            ("down to 5", "down to", "5"),
        ];
        for (text, direction, quantity) in cases {
            let a = assess(text);
            assert_eq!(a.direction.as_deref(), Some(direction), "{text}: {a:?}");
            assert_eq!(a.quantity.as_deref(), Some(quantity), "{text}: {a:?}");
            assert!(a.is_measurable(), "{text}");
        }
    }

    #[test]
    fn verbs_of_change() {
        assert_eq!(d("Increase weekly signups to 1,000"), s("Increase to"));
        assert_eq!(q("Increase weekly signups to 1,000"), s("1,000"));
        assert_eq!(d("grow paid seats by 15%"), s("grow by"));
        assert_eq!(d("Signups increase 20% after launch"), s("increase"));
        // A verb alone, with no number in its sentence, is no direction.
        assert_eq!(d("Improve UX. We have 3 screens."), None);
        assert_eq!(d("drop"), None);
    }

    #[test]
    fn baselines() {
        assert_eq!(
            assess("currently 12%, target under 5%").baseline,
            s("currently 12%")
        );
        assert_eq!(
            assess("baseline 3.1s; goal 2s").baseline,
            s("baseline 3.1s")
        );
        assert_eq!(
            assess("today: 800ms, want < 300ms").baseline,
            s("today: 800ms")
        );
        assert_eq!(
            assess("was 480ms, now under 200ms").baseline,
            s("was 480ms")
        );
        assert_eq!(assess("under 200ms").baseline, None);
    }

    #[test]
    fn timeframes() {
        let cases: [(&str, &str, Timeframe); 10] = [
            (
                "review on 2027-01-15",
                "on 2027-01-15",
                Timeframe::On {
                    year: 2027,
                    month: 1,
                    day: 15,
                },
            ),
            (
                "2028-02-29",
                "2028-02-29",
                Timeframe::On {
                    year: 2028,
                    month: 2,
                    day: 29,
                },
            ),
            (
                "look again after 2 weeks",
                "after 2 weeks",
                Timeframe::After { days: 14 },
            ),
            ("in 1 month", "in 1 month", Timeframe::After { days: 30 }),
            (
                "over the next 14 days",
                "over the next 14 days",
                Timeframe::After { days: 14 },
            ),
            ("for 7 days", "for 7 days", Timeframe::After { days: 7 }),
            (
                "measure next week",
                "next week",
                Timeframe::After { days: 7 },
            ),
            (
                "next quarter",
                "next quarter",
                Timeframe::After { days: 90 },
            ),
            (
                "check a month after release",
                "a month after release",
                Timeframe::After { days: 30 },
            ),
            (
                "within a year",
                "within a year",
                Timeframe::After { days: 365 },
            ),
        ];
        for (text, written, value) in cases {
            assert_eq!(
                assess(text).timeframe,
                Some((written.to_owned(), value)),
                "{text}"
            );
        }
        for text in [
            "on Monday",
            "by Friday",
            "2027-02-30",
            "2027-13-01",
            "at 10:30",
            "in Q1",
        ] {
            assert_eq!(assess(text).timeframe, None, "{text}");
        }
        // A timeframe is not a quantity: "within 30 days" alone is not measurable.
        let a = assess("Ship within 30 days");
        assert_eq!((a.quantity, a.direction), (None, None));
        assert_eq!(
            assess("within 99999999999 years").timeframe.map(|t| t.1),
            Some(Timeframe::After { days: u32::MAX })
        );
    }

    #[test]
    fn review_by_trailer_value() {
        assert_eq!(
            assess("2027-01-15").timeframe,
            Some((
                "2027-01-15".into(),
                Timeframe::On {
                    year: 2027,
                    month: 1,
                    day: 15
                }
            ))
        );
    }

    #[test]
    fn look_alike_numbers_are_not_quantities() {
        for text in [
            "Fixes #12 and PAY-12",
            "upgrade to v1.2 then 1.2.3",
            "on 2027-01-15",
            "commit 1234abcd",
            "p95 p99 P0 h2 x86_64 utf-8 HTTP/2 ipv4",
            "1. First item\n2. Second item",
            "since 2024",
            "meeting at 10:30",
            "see https://example.com/a/40/b/5",
            "mail ops42@example.com",
        ] {
            assert_eq!(q(text), None, "{text}: {:?}", assess(text));
        }
    }

    #[test]
    fn dependabot_versions_are_not_a_metric() {
        let a = assess("Bumps [lodash](https://github.com/lodash/lodash) from 4.17.20 to 4.17.21.");
        assert_eq!(a, MetricAssessment::default());
        assert!(!assess("Upgrade from 3.11 to 3.12").is_measurable());
        assert!(!assess("from 2019 to 2024").is_measurable());
    }

    #[test]
    fn wrapped_lines_and_bullets() {
        let a = assess(
            "- Success: support tickets about export\n  drop from 40/week\n  to under 5\n- Review: 2027-03-01",
        );
        assert_eq!(a.direction, s("from 40/week to under 5"));
        assert_eq!(
            a.timeframe,
            Some((
                "2027-03-01".into(),
                Timeframe::On {
                    year: 2027,
                    month: 3,
                    day: 1
                }
            ))
        );
    }

    #[test]
    fn multibyte_text() {
        let a =
            assess("Время ответа — с 480 мс… reduce latency to 200ms «быстро» 😀 within 3 weeks");
        assert_eq!(a.quantity, s("200ms"));
        assert_eq!(a.direction, s("reduce to"));
        assert_eq!(
            a.timeframe.map(|t| t.1),
            Some(Timeframe::After { days: 21 })
        );
        let text = "é5%→😀 ≤ 3 ms — 2027-01-15 ✓ ½";
        for (i, _) in text.char_indices() {
            let _ = assess(&text[i..]);
        }
    }

    #[test]
    fn ten_mib_of_hash_one_finishes() {
        assert_eq!(
            assess(&"#1 ".repeat(10 * 1024 * 1024 / 3)),
            MetricAssessment::default()
        );
    }

    #[test]
    fn hostile_inputs_finish() {
        // Shapes that would go quadratic with a careless scan (sizes kept modest for debug
        // builds; the release-mode cost of each is linear).
        for text in [
            "from 1 ".repeat(1 << 12),
            "reduce ".repeat(1 << 12) + "by 5%",
            "1".repeat(1 << 16),
            "one ".repeat(1 << 12),
            " ".repeat(1 << 16) + "one",
            "1.".repeat(1 << 15),
            "\n".repeat(1 << 16),
            "p95,".repeat(1 << 12),
            "1 -> 2 ".repeat(1 << 12),
            "> 5\n".repeat(1 << 12),
            ">".repeat(1 << 16) + " 5",
            "from 1.2 to 1.3 to 5 ".repeat(1 << 12),
            "to 5 ".to_owned() + &"a".repeat(1 << 16),
        ] {
            let _ = assess(&text);
        }
        let many: String = (0..10_000)
            .map(|n| format!("cut errors from {n}% to 1% "))
            .collect();
        assert!(assess(&many).is_measurable());
    }

    #[test]
    fn save_up_and_down_are_directions() {
        let a = assess("Customers save 2 hours per week");
        assert_eq!(
            (a.quantity, a.direction),
            (s("2 hours per week"), s("save"))
        );
        assert_eq!(d("Conversions up 5 pp"), s("up"));
        assert_eq!(d("Churn down 2%"), s("down"));
        assert_eq!(q("Churn down 2%"), s("2%"));
    }

    #[test]
    fn arrows_with_units_and_money() {
        let a = assess("Page weight 1.2MB -> 800KB");
        assert_eq!(
            (a.quantity, a.direction, a.baseline),
            (s("1.2MB"), s("->"), s("1.2MB"))
        );
        let a = assess("Hosting $3k a month → $1k a month");
        assert_eq!((a.quantity, a.direction), (s("$3k a month"), s("→")));
        let a = assess("p50 from 1,200 ms to 950 ms");
        assert_eq!(
            (a.quantity, a.direction),
            (s("1,200 ms"), s("from 1,200 ms to 950 ms"))
        );
    }

    #[test]
    fn goals_and_zero() {
        let a = assess("Goal: zero data-loss incidents");
        assert_eq!(
            (a.quantity.clone(), a.direction.clone()),
            (s("zero"), s("Goal"))
        );
        assert!(a.is_measurable());
    }

    #[test]
    fn a_quantity_alone_is_not_measurable() {
        let a = assess("99.9% uptime");
        assert_eq!(
            (a.quantity.clone(), a.direction.clone()),
            (s("99.9%"), None)
        );
        assert_eq!(a.missing(), vec![MISSING_DIRECTION]);
        let a = assess("Users are happier with a faster page");
        assert_eq!(a.missing(), vec![MISSING_QUANTITY, MISSING_DIRECTION]);
    }

    #[test]
    fn markdown_quote_is_not_greater_than() {
        let a = assess("> 5 users asked for this");
        assert_eq!((a.quantity, a.direction), (s("5 users"), None));
        assert_eq!(d("queue depth >5 items"), s(">"));
        assert_eq!(d("> target: 5 users"), s("target"));
    }

    #[test]
    fn over_is_a_timeframe_or_a_threshold() {
        let a = assess("over 5 days");
        assert_eq!((a.quantity, a.direction), (None, None));
        assert_eq!(a.timeframe.map(|t| t.1), Some(Timeframe::After { days: 5 }));
        let a = assess("over 5 errors");
        assert_eq!(
            (a.quantity, a.direction, a.timeframe),
            (s("5 errors"), s("over"), None)
        );
    }

    #[test]
    fn timeframes_after_an_event() {
        let cases = [
            ("two weeks after launch", 14),
            ("3 months later", 90),
            ("within 30d", 30),
            ("in 1.5 months", 45),
            ("a couple of weeks after release", 14),
        ];
        for (text, days) in cases {
            assert_eq!(
                assess(text).timeframe.map(|t| t.1),
                Some(Timeframe::After { days }),
                "{text}"
            );
        }
    }

    #[test]
    fn number_words_inside_compounds() {
        assert_eq!(
            assess("double-check the export"),
            MetricAssessment::default()
        );
        assert_eq!(q("a half-baked fix"), None);
        assert_eq!(q("one-off script"), None);
        assert!(assess("zero-downtime deploys").is_measurable());
    }

    #[test]
    fn generated_inputs_never_panic() {
        // Small deterministic fuzz: fragments chosen to collide at char and token boundaries.
        const FRAGMENTS: &[&str] = &[
            "1",
            "40",
            ".",
            ",",
            "5",
            "%",
            "ms",
            " ",
            "\n",
            "from",
            "to",
            "by",
            "under",
            "→",
            "->",
            "≤",
            ">",
            "$",
            "€",
            "£",
            "k",
            "/week",
            " a ",
            "week",
            "within",
            "days",
            "2027-01-15",
            "é",
            "😀",
            "µs",
            "×",
            "half",
            "one",
            "zero",
            "reduce",
            "#",
            "p95",
            "v1.2",
            "-",
            "~",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(FRAGMENTS[(seed % FRAGMENTS.len() as u64) as usize]);
            }
            let a = assess(&text);
            for part in [&a.quantity, &a.direction, &a.baseline] {
                assert!(
                    part.as_ref().is_none_or(|p| !p.is_empty()),
                    "{text:?}: {a:?}"
                );
            }
        }
    }

    #[test]
    fn case_and_whitespace() {
        // Keywords ignore case, any ASCII whitespace separates words (a vertical tab too), and a
        // URL is a URL whatever the case of its scheme.
        assert_eq!(d("p99 LESS THAN 200ms"), s("LESS THAN"));
        assert_eq!(d("REDUCE errors BY 30%"), s("REDUCE by"));
        assert_eq!(d("Target:\t200ms"), s("Target"));
        assert_eq!(d("from\u{b}40\u{b}to\u{b}5"), s("from 40 to 5"));
        assert_eq!(q("see HTTPS://EXAMPLE.COM/a/40/b/5"), None);
    }

    #[test]
    fn long_numbers_and_repeated_phrases_finish() {
        // Shapes that make a hand-written reader rescan what it has read (every group of a long
        // `1,000,000,…` starts a number that ends in the same place); sizes kept modest for debug
        // builds.
        for text in [
            "1".to_owned() + &",000".repeat(1 << 13),
            "1".to_owned() + &",000".repeat(1 << 13) + "." + &"5".repeat(1 << 13),
            "1".to_owned() + &",000".repeat(1 << 13) + " " + &"-".repeat(1 << 13),
            "$1 ".repeat(1 << 12),
            "in the ".repeat(1 << 12),
            "a couple of ".repeat(1 << 12),
            "from 5 foo bar ".repeat(1 << 12),
            "under ".repeat(1 << 12) + "5",
            "2027-01-15 ".repeat(1 << 12),
        ] {
            let _ = assess(&text);
        }
        let a = assess(&("cut errors from 1".to_owned() + &",000".repeat(1 << 12) + " to 5"));
        assert_eq!(a.direction.map(|d| d.ends_with("to 5")), Some(true));
    }
}
