//! Timeframes: `within 30 days`, `two weeks after launch`, `next quarter`, `by 2027-01-15`.

use super::*;

/// The next ISO-shaped date (`2027-01-15`, a word start) at or after `from`, with the preposition
/// before it if there is one (`on 2027-01-15`): the whole span and where the date starts.
pub(super) fn next_date(w: &Lexicon, bytes: &[u8], from: usize) -> Option<(Range<usize>, usize)> {
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
            words(&w.lists.date_prepositions).find_map(|word| {
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

/// Counts of a few, read by [`count_value`].
const COUPLE_AND_FEW: [&str; 3] = ["a couple of", "couple of", "a few"];

/// Where a timeframe's count (`30`, `1,000`, `1.5`, `a`, `an`, `two`, `a couple of`, `a few`)
/// can end when it starts at `at`, in the order a regex tries them. Nothing has to follow the
/// words, so `tendays` reads as ten days.
pub(super) fn count_ends<'a>(
    w: &'a Lexicon,
    bytes: &'a [u8],
    at: usize,
    ends: &mut NumberEnds,
) -> impl Iterator<Item = usize> + 'a {
    let number = is_digit_at(bytes, at)
        .then(|| ends.end(bytes, at + run(bytes, at, |b| b.is_ascii_digit())));
    let words = ["an", "a"]
        .into_iter()
        .chain(words(&w.lists.small_number_words))
        .chain(COUPLE_AND_FEW);
    number
        .into_iter()
        .chain(words.filter_map(move |word| phrase_at(bytes, at, word)))
}

/// The end of a timeframe unit at `at` (a whole word when `whole`): the first of [`TIME_UNITS`]
/// that fits.
pub(super) fn time_unit_ends<'a>(
    w: &'a Lexicon,
    bytes: &'a [u8],
    at: usize,
    whole: bool,
) -> impl Iterator<Item = usize> + 'a {
    words(&w.lists.time_units).filter_map(move |unit| {
        phrase_at(bytes, at, unit).filter(|end| !whole || boundary(bytes, *end))
    })
}

/// A timeframe read by [`next_relative`] or [`next_event`]: its span, its count and its unit.
pub(super) struct Relative {
    pub(super) all: Range<usize>,
    pub(super) count: Range<usize>,
    pub(super) unit: Range<usize>,
}

/// `within 30 days`, `after 2 weeks`, `in 1 month`, `over the next 14 days`, `for 7 days`.
pub(super) fn next_relative(w: &Lexicon, bytes: &[u8], from: usize) -> Option<Relative> {
    // `\s+word`, or `None`.
    let spaced = |at: usize, mut words: Box<dyn Iterator<Item = &str> + '_>| {
        let gap = spaces(bytes, at);
        (gap > 0)
            .then(|| words.find_map(|word| phrase_at(bytes, at + gap, word)))
            .flatten()
    };
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) || !w.starts.timeframe_leads.admits(bytes, start) {
            return None;
        }
        let lead =
            words(&w.lists.timeframe_leads).find_map(|lead| phrase_at(bytes, start, lead))?;
        // `(?:\s+the)?(?:\s+next)?\s+COUNT\s*UNIT\b`, each optional part taken first.
        let the = spaced(lead, Box::new(["the"].into_iter()))
            .into_iter()
            .chain([lead]);
        the.flat_map(|at| {
            spaced(at, Box::new(words(&w.lists.timeframe_which)))
                .into_iter()
                .chain([at])
        })
        .find_map(|at| {
            let gap = spaces(bytes, at);
            if gap == 0 {
                return None;
            }
            let mut ends = NumberEnds::default();
            count_ends(w, bytes, at + gap, &mut ends).find_map(|count_end| {
                let unit = count_end + spaces(bytes, count_end);
                let unit_end = time_unit_ends(w, bytes, unit, true).next()?;
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
pub(super) fn next_event(w: &Lexicon, bytes: &[u8], from: usize) -> Option<Relative> {
    let event_end = |at: usize| {
        let after = words(&w.lists.event_joiners).find_map(|word| phrase_at(bytes, at, word))?;
        let gap = spaces(bytes, after);
        if gap == 0 {
            return None;
        }
        let the = phrase_at(bytes, after + gap, "the")
            .filter(|end| spaces(bytes, *end) > 0)
            .map(|end| end + spaces(bytes, end));
        the.into_iter()
            .chain([after + gap])
            .find_map(|at| first_whole(bytes, at, words(&w.lists.events)))
    };
    let tail_end = |at: usize| {
        event_end(at)
            .or_else(|| first_whole(bytes, at, ["later"]))
            .or_else(|| first_whole(bytes, at, ["from now"]))
    };
    // What follows a count depends only on where it ends, and every group of `1,000,000` starts a
    // count that ends in the same place: an end that failed once is not tried again.
    let mut ends = NumberEnds::default();
    let mut failed = None;
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start)
            || !(bytes[start].is_ascii_digit()
                || w.count_initials
                    .contains(&bytes[start].to_ascii_lowercase()))
        {
            return None;
        }
        let found = count_ends(w, bytes, start, &mut ends).find_map(|count_end| {
            if bytes[start].is_ascii_digit() && failed == Some(count_end) {
                return None;
            }
            let unit = count_end + run(bytes, count_end, |b| is_space(b) || b == b'-');
            time_unit_ends(w, bytes, unit, false).find_map(|unit_end| {
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
pub(super) fn next_next(bytes: &[u8], from: usize) -> Option<(Range<usize>, Range<usize>)> {
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) {
            return None;
        }
        let next = phrase_at(bytes, start, "next")?;
        let unit = next + spaces(bytes, next);
        let end = first_whole(bytes, unit, ["week", "month", "quarter", "year"]);
        end.filter(|_| unit > next)
            .map(|end| (start..end, unit..end))
    })
}

/// Finds every timeframe, returning the first (as written, as a value) and all their spans.
pub(super) fn timeframes(
    w: &Lexicon,
    text: &str,
    cleaned: &str,
) -> (Option<(String, Timeframe)>, Vec<Range<usize>>) {
    let mut found: Vec<(Range<usize>, Timeframe)> = Vec::new();
    let bytes = cleaned.as_bytes();
    for (all, date_start) in each(bytes, |b, f| next_date(w, b, f), |(all, _)| all.clone()) {
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
        next_relative as fn(&Lexicon, &[u8], usize) -> Option<Relative>,
        next_event,
    ] {
        for m in each(bytes, |b, f| next(w, b, f), |m| m.all.clone()) {
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
pub(super) fn parse_date(date: &str) -> Option<Timeframe> {
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
pub(super) fn count_value(count: &str) -> Option<f64> {
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
pub(super) fn unit_days(unit: &str) -> f64 {
    match unit.to_ascii_lowercase().trim_end_matches('s') {
        "week" | "wk" | "w" => 7.0,
        "month" | "mo" => 30.0,
        "quarter" => 90.0,
        "year" | "yr" => 365.0,
        _ => 1.0,
    }
}

/// Rounds to whole days; `as` saturates, so absurd counts become `u32::MAX`, not a panic.
pub(super) fn clamp_days(days: f64) -> u32 {
    days.round() as u32
}
