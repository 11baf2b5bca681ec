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
//! leftmost match, and at that position the reading a backtracking regex tries first). The
//! readers are the grammar; the words they look for (units, verbs of change, threshold words,
//! time units …) come from the [`Lexicon`] they are handed, so a project's `vocabulary:` changes
//! what they find without a rebuild (see `detect::words` for why no automaton is prebuilt).

mod direction;
mod noise;
mod quantity;
mod time;

use super::scan::*;
use super::words::{Entry, Lexicon, words};
use direction::*;
use noise::*;
use quantity::*;
use std::ops::Range;
use time::*;

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
pub fn assess(text: &str, w: &Lexicon) -> MetricAssessment {
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
    let (timeframe, timeframe_spans) = timeframes(w, text, &cleaned);
    let work = masked(&cleaned, &timeframe_spans);
    let bytes = work.as_bytes();
    let sentences = sentence_starts(&work);

    // Quantities that stand on their own; bare numbers join them from the constructs below.
    let mut quantities = unit_quantities(w, &work);
    let number_words = |bytes: &[u8], from: usize| {
        (from..bytes.len()).find_map(|start| number_word_end(w, bytes, start).map(|end| start..end))
    };
    quantities.extend(
        each(bytes, number_words, Range::clone)
            .filter_map(|m| parse_quantity(w, &work, m.start).map(|p| m.start..p.end)),
    );
    // Kept as spans and turned into text only for the winners: a huge input can hold millions.
    let mut directions: Vec<Direction> = Vec::new();
    let mut baselines: Vec<Range<usize>> = Vec::new();
    // Version bumps (`from 3.11 to 3.12`): nothing inside them is a threshold either.
    let mut vetoed: Vec<Range<usize>> = Vec::new();

    each_match(
        w,
        &work,
        next_from_to,
        |m| (m.all.clone(), m.b.start),
        |m| {
            let (pa, pb) = (
                parse_quantity(w, &work, m.a.start),
                parse_quantity(w, &work, m.b.start),
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
        w,
        &work,
        next_arrow,
        |m| (m.a.start..m.b.end, m.b.start),
        |m| {
            let pa = parse_quantity(w, &work, m.a.start).filter(|p| p.usable())?;
            let pb = parse_quantity(w, &work, m.b.start).filter(|p| p.usable())?;
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
        w,
        &work,
        next_threshold,
        |m| (m.threshold.start..m.q.end, m.q.start),
        |m| {
            let parsed = parse_quantity(w, &work, m.q.start).filter(|p| p.usable())?;
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
        w,
        &work,
        next_comparative,
        |m| (m.q.start..m.comparative.end, m.comparative.start),
        |m| {
            // The comparative must follow the whole quantity (`30% fewer`), not its unit's word.
            let parsed = parse_quantity(w, &work, m.q.start).filter(|p| p.usable())?;
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
    for m in each(bytes, |b, f| next_word_threshold(w, b, f), Range::clone) {
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
    verb_directions(w, &work, &sentences, &mut quantities, &mut directions);

    each_match(
        w,
        &work,
        next_baseline,
        |m| (m.all.clone(), m.q.start),
        |m| {
            let parsed = parse_quantity(w, &work, m.q.start).filter(|p| p.usable())?;
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
    w: &Lexicon,
    work: &str,
    next: impl Fn(&Lexicon, &str, usize) -> Option<M>,
    span: impl Fn(&M) -> (Range<usize>, usize),
    mut judge: impl FnMut(&M) -> Option<usize>,
) {
    let mut at = 0;
    while at <= work.len() {
        let Some(found) = next(w, work, at) else {
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

#[cfg(test)]
mod tests;
