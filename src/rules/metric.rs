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
//! verbs of change) are found by small regexes that accept any word after a number; a
//! hand-written parser then decides what the number's unit really is. Keeping the unit list out
//! of the regexes keeps their automata small, which is what makes capture groups cheap on
//! inputs with millions of matches.

use regex::{Captures, Regex};
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

use super::built_in;

/// Where a quantity may be written, for the construct regexes: a number (optionally with a
/// currency) with any word, rate or symbol after it, or a number word. What the word really is
/// gets decided by [`parse_quantity`].
const QG: &str = concat!(
    r"(?:(?:\$|€|£)\s?)?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?",
    r"(?:\s?(?:%|×|µs|μs|[a-z]+(?:[/-][a-z]+)?))?",
    r"(?:\s?/\s?[a-z]+|\s+(?:a|an|per|each|every)\s+[a-z]+)?",
    r"|\b(?:zero|half|double[sd]?|twice|halve[sd]?|triple[sd]?|quadruple[sd]?|a\s+dozen|dozen",
    r"|a\s+hundred|a\s+thousand|a\s+million|one|two|three|four|five|six|seven|eight|nine|ten",
    r"|eleven|twelve)\b"
);

/// Words that may sit between a connector and the amount: `to under 5`, `by about 30%`.
const QUALIFIER: &str = concat!(
    r"(?:(?:under|below|less\s+than|fewer\s+than|above|over|more\s+than|at\s+least|at\s+most",
    r"|about|around|roughly|approximately|approx\.?)\s+|~\s*)?"
);

fn with_qg(pattern: &str) -> Regex {
    built_in(&pattern.replace("QG", QG).replace("QUALIFIER", QUALIFIER))
}

// Noise: things with digits that are not quantities, found once and blanked out. Each kind is
// its own regex: in one alternation, the e-mail branch (`\S+@…`) would make every `p95,` in a
// long comma-separated run rescan the rest of the run for an `@`, which is quadratic.
static NOISE_RES: LazyLock<[Regex; 6]> = LazyLock::new(|| {
    [
        // URLs.
        built_in(r"(?i:https?://|www\.)\S+"),
        // E-mail addresses.
        built_in(r"\S+@\S+\.\S+"),
        // Letters glued to digits: `PAY-12`, `p95`, `P0`, `h2`, `x86_64`, `ipv4`, `utf-8`,
        // `HTTP/2`, `v1.2`, `Q1`, `CVE-2024-1234`, `k8s`.
        built_in(r"\b[A-Za-z][A-Za-z_]*[-_/]?[0-9][\w.-]*"),
        // Versions: `1.2.3`, `4.17.20`.
        built_in(r"\b[0-9]+(?:\.[0-9]+){2,}\b"),
        // Times of day and numeric dates: `10:30`, `15/01/2027`.
        built_in(r"\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b|\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\b"),
        // Ordered-list markers at the start of a line: `1. `, `2) `.
        built_in(r"(?m:^[ \t]*[0-9]+[.)][ \t])"),
    ]
});

static HEX_RE: LazyLock<Regex> = LazyLock::new(|| built_in(r"\b[0-9a-f]{7,40}\b"));

// Timeframes.
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(r"(?i-u:\b(?:by|on|before|until|after|from)\s+)?\b([0-9]{4})-([0-9]{2})-([0-9]{2})")
});
const TIME_COUNT: &str = concat!(
    r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten",
    r"|eleven|twelve|a\s+couple\s+of|couple\s+of|a\s+few"
);
const TIME_UNIT: &str = r"days?|d|weeks?|wks?|w|months?|mos?|quarters?|years?|yrs?";
static RELATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(&format!(
        concat!(
            r"(?i-u)\b(?:within|after|in|over|for|during)(?:\s+the)?",
            r"(?:\s+(?:next|first|coming|following))?\s+(?P<n>{count})\s*(?P<u>{unit})\b"
        ),
        count = TIME_COUNT,
        unit = TIME_UNIT
    ))
});
static EVENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(&format!(
        concat!(
            r"(?i-u)\b(?P<n>{count})[\s-]*(?P<u>{unit})\s+(?:",
            r"(?:after|post|following|from)\s+(?:the\s+)?(?:release|launch|ship(?:ping)?",
            r"|deploy(?:ment)?|roll-?out|merge|go-live|this\s+ships)|later|from\s+now)\b"
        ),
        count = TIME_COUNT,
        unit = TIME_UNIT
    ))
});
static NEXT_RE: LazyLock<Regex> =
    LazyLock::new(|| built_in(r"(?i-u)\bnext\s+(?P<u>week|month|quarter|year)\b"));

// Directions and thresholds.
static FROM_TO_RE: LazyLock<Regex> = LazyLock::new(|| {
    with_qg(concat!(
        r"(?i-u)\bfrom\s+(?:~\s*|about\s+|around\s+|approx\.?\s+)?(?P<a>QG)(?:\s+[a-z-]+){0,3}?\s*",
        r"(?:\s(?:down\s+|up\s+)?to\s|->|→|=>|⟶|⇒)\s*QUALIFIER(?P<b>QG)"
    ))
});
static ARROW_RE: LazyLock<Regex> =
    LazyLock::new(|| with_qg(r"(?i-u)(?P<a>QG)\s*(?P<d>->|→|=>|⟶|⇒)\s*QUALIFIER(?P<b>QG)"));
static VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(concat!(
        r"(?i-u)\b(?:reduc(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|cut(?:s|ting)?|drop(?:s|ped|ping)?",
        r"|lower(?:s|ed|ing)?|shrink(?:s|ing)?|shrunk|halv(?:e|es|ed|ing)|increas(?:e|es|ed|ing)",
        r"|rais(?:e|es|ed|ing)|grow(?:s|n|ing)?|grew|improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?",
        r"|doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|speed(?:s|ing)?\s+up|fall(?:s|ing)?|fell",
        r"|ris(?:e|es|ing)|rose|go(?:es)?\s+(?:down|up)|climb(?:s|ed|ing)?|declin(?:e|es|ed|ing)",
        r"|slash(?:es|ed)?|trim(?:s|med)?|eliminat(?:e|es|ed)|bring(?:s)?\s+(?:down|up)",
        r"|minimi[sz](?:e|es|ed)|maximi[sz](?:e|es|ed)|sav(?:e|es|ed|ing))\b"
    ))
});
static VERB_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    with_qg(r"(?i-u)^(?:\s+(?u:[^\s.;!?])+){0,6}?\s+(?P<p>by|to)\s+QUALIFIER(?P<q>QG)")
});
static THRESHOLD_RE: LazyLock<Regex> = LazyLock::new(|| {
    with_qg(concat!(
        r"(?i-u)(?P<d>\b(?:under|below|above|over|less\s+than|more\s+than|fewer\s+than|at\s+least",
        r"|at\s+most|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|not\s+to\s+exceed",
        r"|not\s+exceed|up\s+to|down\s+to|within|max(?:imum)?(?:\s+of)?|min(?:imum)?(?:\s+of)?",
        r"|(?:stays?|remains?|keeps?|holds?)\s+(?:at|under|below|above)|to|by|up|down|targets?|goals?",
        r"|slo)\b",
        r"|<=|>=|≤|≥|<|>)",
        r"(?:\s*(?::|=|is|of)(?:\s|$))?\s*(?:~\s*|about\s+|around\s+|roughly\s+|approximately\s+)?",
        r"(?P<q>QG)"
    ))
});
static COMPARATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    with_qg(concat!(
        r"(?i-u)(?P<q>QG)\s+(?P<d>fewer|less|more|faster|slower|smaller|larger|bigger|cheaper",
        r"|lower|higher|shorter|longer|reduction|increase|decrease|improvement|drop|gain|growth",
        r"|uplift|lift|boost|speed-?up|as\s+(?:fast|quick|many|much|often|cheap|small|large|big))\b"
    ))
});
static WORD_THRESHOLD_RE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(
        r"(?i-u)\b(?:zero|halve[sd]?|double[sd]?|triple[sd]?|quadruple[sd]?)\b|\b100\s?%\s+of\b",
    )
});
static NUMBER_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(concat!(
        r"(?i-u)\b(?:zero|half|double[sd]?|twice|halve[sd]?|triple[sd]?|quadruple[sd]?|a\s+dozen",
        r"|dozen|a\s+hundred|a\s+thousand|a\s+million|one|two|three|four|five|six|seven|eight",
        r"|nine|ten|eleven|twelve)\b"
    ))
});
static BASELINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    with_qg(concat!(
        r"(?i-u)\b(?:currently|today|now|baseline|at\s+present|presently|was|were|is\s+currently",
        r"|down\s+from|up\s+from|as\s+of\s+today|right\s+now)\b(?:\s*(?::|=|is|of|at)(?:\s|$))?",
        r"\s*(?:~\s*|about\s+|around\s+|roughly\s+)?(?P<q>QG)"
    ))
});

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
        // Nothing but issue numbers and punctuation: skip the dozen regex passes below, which
        // matters for megabytes of `#1 #1 …`.
        return MetricAssessment::default();
    }
    noise.extend(
        NOISE_RES
            .iter()
            .flat_map(|re| re.find_iter(text).map(|m| m.range())),
    );
    // Commit ids: 7–40 hex digits with at least one letter (`1234abcd`); `30d` is a duration.
    noise.extend(
        HEX_RE
            .find_iter(text)
            .filter(|m| m.as_str().bytes().any(|b| b.is_ascii_alphabetic()))
            .map(|m| m.range()),
    );
    let cleaned = masked(text, &noise);
    let (timeframe, timeframe_spans) = timeframes(text, &cleaned);
    let work = masked(&cleaned, &timeframe_spans);
    let sentences = sentence_starts(&work);

    // Quantities that stand on their own; bare numbers join them from the constructs below.
    let mut quantities = unit_quantities(&work);
    quantities.extend(
        NUMBER_WORD_RE
            .find_iter(&work)
            .filter_map(|m| parse_quantity(&work, m.start()).map(|p| m.start()..p.end)),
    );
    // Kept as spans and turned into text only for the winners: a huge input can hold millions.
    let mut directions: Vec<Direction> = Vec::new();
    let mut baselines: Vec<Range<usize>> = Vec::new();
    // Version bumps (`from 3.11 to 3.12`): nothing inside them is a threshold either.
    let mut vetoed: Vec<Range<usize>> = Vec::new();

    each_capture(&FROM_TO_RE, &work, "b", |c| {
        let (Some(all), Some(a), Some(b)) = (c.get(0), c.name("a"), c.name("b")) else {
            return None;
        };
        let (pa, pb) = (
            parse_quantity(&work, a.start()),
            parse_quantity(&work, b.start()),
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
            vetoed.push(all.start()..pb.end);
            return Some(pb.end);
        }
        let usable = |p: Option<Parsed>| p.filter(|p| p.usable());
        let (pa, pb) = (usable(pa), usable(pb));
        if pa.is_none() && pb.is_none() {
            return None;
        }
        quantities.extend(pa.map(|p| a.start()..p.end));
        quantities.extend(pb.map(|p| b.start()..p.end));
        let end = pb.map_or(b.end(), |p| p.end);
        directions.push(Direction::new(Strength::FromTo, all.start()..end));
        let baseline_end = pa.map_or(a.end(), |p| p.end);
        baselines.push(all.start()..baseline_end);
        Some(end)
    });
    each_capture(&ARROW_RE, &work, "b", |c| {
        let (Some(a), Some(d), Some(b)) = (c.name("a"), c.name("d"), c.name("b")) else {
            return None;
        };
        let parsed = (
            parse_quantity(&work, a.start()),
            parse_quantity(&work, b.start()),
        );
        let (Some(pa), Some(pb)) = parsed else {
            return None;
        };
        if !(pa.usable() && pb.usable()) {
            return None;
        }
        quantities.extend([a.start()..pa.end, b.start()..pb.end]);
        directions.push(Direction {
            start: a.start(),
            ..Direction::new(Strength::Arrow, d.range())
        });
        baselines.push(a.start()..pa.end);
        Some(pb.end)
    });
    each_capture(&THRESHOLD_RE, &work, "q", |c| {
        let (Some(d), Some(q)) = (c.name("d"), c.name("q")) else {
            return None;
        };
        let parsed = parse_quantity(&work, q.start()).filter(|p| p.usable())?;
        let in_version_bump = vetoed
            .get(vetoed.partition_point(|v| v.end <= d.start()))
            .is_some_and(|v| v.start <= d.start());
        if in_version_bump || !threshold_ok(&work, d.range()) {
            return None;
        }
        quantities.push(q.start()..parsed.end);
        directions.push(Direction::new(Strength::Threshold, d.range()));
        Some(parsed.end)
    });
    each_capture(&COMPARATIVE_RE, &work, "d", |c| {
        let (Some(q), Some(d)) = (c.name("q"), c.name("d")) else {
            return None;
        };
        // The comparative must follow the whole quantity (`30% fewer`), not its unit's word.
        let parsed = parse_quantity(&work, q.start()).filter(|p| p.usable())?;
        if !work
            .get(parsed.end..d.start())
            .is_some_and(|gap| gap.trim().is_empty())
        {
            return None;
        }
        quantities.push(q.start()..parsed.end);
        directions.push(Direction::new(Strength::Comparative, d.range()));
        Some(d.end())
    });
    for m in WORD_THRESHOLD_RE.find_iter(&work) {
        // "zero errors" is a ceiling, "halve" and "double" say where to go; all are quantities.
        if in_compound(&work, m.start(), m.end()) {
            continue;
        }
        let quantity_end = if m.as_str().ends_with("of") {
            m.as_str().find('%').map_or(m.end(), |i| m.start() + i + 1)
        } else {
            m.end()
        };
        quantities.push(m.start()..quantity_end);
        directions.push(Direction::new(Strength::Threshold, m.range()));
    }
    quantities.sort_by_key(|r| (r.start, r.end));
    verb_directions(&work, &sentences, &mut quantities, &mut directions);

    each_capture(&BASELINE_RE, &work, "q", |c| {
        let (all, q) = (c.get(0)?, c.name("q")?);
        let parsed = parse_quantity(&work, q.start()).filter(|p| p.usable())?;
        baselines.push(all.start()..parsed.end);
        Some(parsed.end)
    });

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

/// Runs `re` over `hay` like `captures_iter`, except that the next search starts where the
/// construct really ended (`judge` returns it) or, when `judge` rejects the match, where its
/// group `last` (its last quantity) starts. The generic quantity pattern can swallow a following
/// word (`from 1.2 to 1.3 from …` takes `1.3 from`), and a rejected match may hide the start of
/// the next one (`to 1.3 to 5`); both must stay visible to the next search. Positions outside
/// the match fall back to its end, so every step moves forward.
fn each_capture(
    re: &Regex,
    hay: &str,
    last: &str,
    mut judge: impl FnMut(&Captures<'_>) -> Option<usize>,
) {
    let mut at = 0;
    while at <= hay.len() {
        let Some(c) = re.captures_at(hay, at) else {
            break;
        };
        let Some(all) = c.get(0) else {
            break;
        };
        let resume = judge(&c)
            .or_else(|| c.name(last).map(|m| m.start()))
            .unwrap_or(all.end());
        let mut next = if resume > all.start() && resume <= all.end() {
            resume
        } else {
            all.end()
        };
        next = next.max(all.start() + 1);
        while next < hay.len() && !hay.is_char_boundary(next) {
            next += 1;
        }
        at = next;
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
    for verb in VERB_RE.find_iter(work) {
        let (sentence_start, sentence_end) = sentence_of(sentences, work.len(), verb.start());
        let tail = work
            .get(verb.end()..sentence_end.max(verb.end()))
            .unwrap_or("");
        if let Some((preposition, amount)) = amount_after_verb(work, tail, verb.end()) {
            added.push(amount);
            directions.push(Direction {
                preposition: Some(preposition),
                ..Direction::new(Strength::VerbWithAmount, verb.range())
            });
            continue;
        }
        // Any quantity in the same sentence?
        let first = quantities.partition_point(|r| r.start < sentence_start);
        if quantities
            .get(first)
            .is_some_and(|r| r.start < sentence_end)
        {
            directions.push(Direction::new(Strength::Verb, verb.range()));
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
    let c = VERB_TAIL_RE.captures(tail)?;
    let (p, q) = (c.name("p")?, c.name("q")?);
    let parsed = parse_quantity(work, offset + q.start()).filter(|p| p.usable())?;
    let preposition = if p.as_str().eq_ignore_ascii_case("by") {
        "by"
    } else {
        "to"
    };
    Some((preposition, offset + q.start()..parsed.end))
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
    for c in DATE_RE.captures_iter(cleaned) {
        let Some(all) = c.get(0) else { continue };
        let date_start = c.get(1).map_or(all.start(), |m| m.start());
        // `12027-01-15`, `2027-01-155`, `2027-01-15-1` are something else.
        let before = date_start.checked_sub(1).and_then(|i| bytes.get(i));
        let after = bytes.get(all.end());
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
            || after.is_some_and(|b| b.is_ascii_digit() || *b == b'-')
        {
            continue;
        }
        if let Some(date) = parse_date(&c) {
            found.push((all.range(), date));
        }
    }
    for re in [&*RELATIVE_RE, &*EVENT_RE] {
        for c in re.captures_iter(cleaned) {
            let (Some(all), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("u")) else {
                continue;
            };
            if let Some(count) = count_value(n.as_str()) {
                let days = clamp_days(count * unit_days(u.as_str()));
                found.push((all.range(), Timeframe::After { days }));
            }
        }
    }
    for c in NEXT_RE.captures_iter(cleaned) {
        if let (Some(all), Some(u)) = (c.get(0), c.name("u")) {
            let days = clamp_days(unit_days(u.as_str()));
            found.push((all.range(), Timeframe::After { days }));
        }
    }
    found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let first = found
        .first()
        .map(|(range, value)| (tidy(text, range.clone()), *value));
    (first, found.into_iter().map(|(range, _)| range).collect())
}

fn parse_date(c: &Captures<'_>) -> Option<Timeframe> {
    let year: i32 = c.get(1)?.as_str().parse().ok()?;
    let month: u8 = c.get(2)?.as_str().parse().ok()?;
    let day: u8 = c.get(3)?.as_str().parse().ok()?;
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
    // Ranges come from regex matches and ASCII scans, so they sit on char boundaries and the
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
}
