//! Quantities: a number with its unit, rate or currency (`200 ms`, `5/week`, `$3k`), or a number
//! word (`half`, `two retries`), and the readings a construct may take of one.

use super::*;

/// The end of a number word at `at` (`half`, `two`, `a dozen`, `a hundred`), if `at` starts one.
pub(super) fn number_word_end(w: &Lexicon, bytes: &[u8], at: usize) -> Option<usize> {
    if !bytes.get(at)?.is_ascii_alphabetic()
        || word_before(bytes, at)
        || !(w.starts.number_words.admits(bytes, at) || bytes[at].eq_ignore_ascii_case(&b'a'))
    {
        return None;
    }
    let word = word_at(bytes, at);
    if is_one_of(word, words(&w.lists.number_words)) {
        return Some(at + word.len());
    }
    if !word.eq_ignore_ascii_case(b"a") {
        return None;
    }
    let gap = spaces(bytes, at + 1);
    let next = word_at(bytes, at + 1 + gap);
    (gap > 0 && is_one_of(next, words(&w.lists.big_number_words)))
        .then_some(at + 1 + gap + next.len())
}

/// Where a number's thousands groups and decimals end, remembered for the last run of groups:
/// `1,000,000,…` is read once, not once for every group in it.
#[derive(Default)]
pub(super) struct NumberEnds {
    /// A run of `,ddd` groups from `.0` (hops of four bytes) reaches `.1`; the number ends at `.2`.
    pub(super) groups: Option<(usize, usize, usize)>,
}

impl NumberEnds {
    /// The end of the number whose leading digits end at `digits_end`.
    pub(super) fn end(&mut self, bytes: &[u8], digits_end: usize) -> usize {
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
    pub(super) fn last_end(&self) -> Option<usize> {
        self.groups.map(|(_, _, end)| end)
    }
}

/// The end of an optional currency and a number (`$ 3`, `1,200`, `3.1`) at `at`.
pub(super) fn number_end(text: &str, at: usize, ends: &mut NumberEnds) -> Option<usize> {
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
pub(super) struct Readings {
    pub(super) ends: [usize; 6],
    pub(super) len: usize,
}

impl Readings {
    pub(super) fn push(&mut self, end: usize) {
        if let Some(slot) = self.ends.get_mut(self.len) {
            *slot = end;
            self.len += 1;
        }
    }

    pub(super) fn all(&self) -> &[usize] {
        &self.ends[..self.len]
    }

    pub(super) fn first(&self) -> Option<usize> {
        self.all().first().copied()
    }
}

/// The readings of a quantity whose number ends at `number`: with the unit (`%`, `×`, `µs`, a
/// word, `word/word`, `word-word`, after at most one space) and then a rate (`/week`,
/// ` a week`), each taken first and then left out. Which unit word is real is decided later by
/// [`parse_quantity`]; here any word will do.
pub(super) fn readings_after_number(w: &Lexicon, text: &str, number: usize) -> Readings {
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
        if let Some(rate) = rate_end(w, bytes, end) {
            readings.push(rate);
        }
        readings.push(end);
    }
    readings
}

/// The end of a rate written at `at`: `/week`, ` / user` (one optional space on each side), or
/// ` a week`, ` per day`, ` each run`, ` every build`.
pub(super) fn rate_end(w: &Lexicon, bytes: &[u8], at: usize) -> Option<usize> {
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
    let joiner = words(&w.lists.rate_joiners)
        .find_map(|joiner| phrase_at(bytes, at + gap, joiner).filter(|end| space(*end)))?;
    let word = joiner + spaces(bytes, joiner);
    (letters(word) > 0).then(|| word + letters(word))
}

/// The readings of a quantity starting at `at`: a number (see [`readings_after_number`]) or a
/// number word.
pub(super) fn quantity_readings(w: &Lexicon, text: &str, at: usize) -> Readings {
    match number_end(text, at, &mut NumberEnds::default()) {
        Some(number) => readings_after_number(w, text, number),
        None => {
            let mut readings = Readings::default();
            if let Some(end) = number_word_end(w, text.as_bytes(), at) {
                readings.push(end);
            }
            readings
        }
    }
}

/// The first position at or after `from` where a quantity starts and `then` accepts one of its
/// readings (tried in order; `then` is given the reading's end): the start, the end and what
/// `then` returned.
pub(super) fn find_after_quantity<T>(
    w: &Lexicon,
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
                for &end in readings_after_number(w, text, number).all() {
                    if let Some(found) = then(end) {
                        return Some((at, end, found));
                    }
                }
                failed = Some(number);
            }
        } else if let Some(end) = number_word_end(w, bytes, at)
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
pub(super) fn after_qualifier(w: &Lexicon, bytes: &[u8], at: usize) -> usize {
    after_prefix(bytes, at, words(&w.lists.qualifiers))
}

/// After `~` and any whitespace, or after one of `words` and at least one whitespace; else `at`.
pub(super) fn after_prefix<'a>(
    bytes: &[u8],
    at: usize,
    mut words: impl Iterator<Item = &'a str>,
) -> usize {
    if bytes.get(at) == Some(&b'~') {
        return at + 1 + spaces(bytes, at + 1);
    }
    words
        .find_map(|word| {
            let end = phrase_at(bytes, at, word)?;
            let gap = spaces(bytes, end);
            (gap > 0).then_some(end + gap)
        })
        .unwrap_or(at)
}

/// Whitespace, an optional qualifier and a quantity at `at`: the quantity's start and end.
pub(super) fn qualified_quantity(w: &Lexicon, text: &str, at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let start = after_qualifier(w, bytes, at + spaces(bytes, at));
    let end = quantity_readings(w, text, start).first()?;
    Some(start..end)
}

/// The length of an arrow at `at`: `->`, `→`, `=>`, `⟶`, `⇒`.
pub(super) fn arrow_len(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    ["->", "→", "=>", "⟶", "⇒"]
        .iter()
        .find(|arrow| rest.starts_with(**arrow))
        .map(|arrow| arrow.len())
}

/// Every number with a unit, rate or currency, found by one scan over the text.
pub(super) fn unit_quantities(w: &Lexicon, work: &str) -> Vec<Range<usize>> {
    let bytes = work.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_amount = bytes[i].is_ascii_digit()
            || bytes[i] == b'$'
            || (work.is_char_boundary(i) && work[i..].starts_with(['€', '£']));
        let parsed = if starts_amount {
            parse_quantity(w, work, i)
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
pub(super) fn parse_quantity(w: &Lexicon, work: &str, start: usize) -> Option<Parsed> {
    let bytes = work.as_bytes();
    if !work.is_char_boundary(start) || !starts_cleanly(work, start) {
        return None;
    }
    let first = *bytes.get(start)?;
    if first.is_ascii_alphabetic() {
        return parse_number_word(w, work, start);
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
    if let Some(after) = unit_after(w, work, number_end, money).or_else(|| {
        (spaced > number_end)
            .then(|| unit_after(w, work, spaced, money))
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
    if let Some(after) = rate_after(w, work, end) {
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

/// The end of a unit written at `at` (a symbol, or a word from [`UNITS`], or after money one of
/// [`MONEY_SUFFIXES`]).
pub(super) fn unit_after(w: &Lexicon, work: &str, at: usize, money: bool) -> Option<usize> {
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
            is_one_of(candidate.as_bytes(), words(&w.lists.money_suffixes))
        } else {
            // Units are short; anything longer than the longest one cannot be a unit, which
            // also keeps a megabyte-long word from being lower-cased.
            candidate.len() <= w.longest_unit && {
                let lower = candidate.to_ascii_lowercase();
                w.unit_set
                    .binary_search_by(|unit| unit.as_ref().cmp(lower.as_str()))
                    .is_ok()
            }
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
pub(super) fn ends_in_word(bytes: &[u8], end: usize) -> bool {
    bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80)
}

/// The end of a rate written at `at`: `/week`, ` / user`, ` a week`, ` per day`.
pub(super) fn rate_after(w: &Lexicon, work: &str, at: usize) -> Option<usize> {
    let bytes = work.as_bytes();
    let skip_spaces = |mut i: usize| {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let word_at = |i: usize, list: &[Entry]| {
        let len = letter_run(bytes, i);
        (len > 0 && !ends_in_word(bytes, i + len) && is_one_of(&bytes[i..i + len], words(list)))
            .then_some(i + len)
    };
    let i = skip_spaces(at);
    if bytes.get(i) == Some(&b'/') {
        return word_at(skip_spaces(i + 1), &w.lists.rate_units);
    }
    if i == at {
        return None;
    }
    let len = letter_run(bytes, i);
    let joiner = work.get(i..i + len)?;
    if !is_one_of(joiner.as_bytes(), words(&w.lists.rate_joiners)) {
        return None;
    }
    let after = i + len;
    let next = skip_spaces(after);
    if next == after {
        return None;
    }
    word_at(next, &w.lists.rate_periods)
}

/// A number word at `start` (`half`, `a dozen`, `two` before a noun).
pub(super) fn parse_number_word(w: &Lexicon, work: &str, start: usize) -> Option<Parsed> {
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
        let big = is_one_of(second.as_bytes(), words(&w.lists.big_number_words));
        return (big && next > start + len && !ends_in_word(bytes, next + next_len)).then_some(
            Parsed {
                end: next + next_len,
                amount: Amount::Word,
            },
        );
    }
    if ends_in_word(bytes, start + len)
        || in_compound(work, start, start + len)
        || !is_one_of(word.as_bytes(), words(&w.lists.number_words))
    {
        return None;
    }
    if is_one_of(word.as_bytes(), words(&w.lists.small_number_words))
        && !small_number_counts(w, work, start..start + len)
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
pub(super) fn in_compound(work: &str, start: usize, end: usize) -> bool {
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
pub(super) fn small_number_counts(w: &Lexicon, work: &str, range: Range<usize>) -> bool {
    let before = work.get(..range.start).unwrap_or("").trim_end();
    let previous = before
        .rsplit(|c: char| !c.is_alphabetic() && c != '\'')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if is_one_of(previous.as_bytes(), words(&w.lists.determiners)) {
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

/// A number must not continue a word, a decimal or a list of digits (`a5`, `.5`, `1,5`).
pub(super) fn starts_cleanly(work: &str, start: usize) -> bool {
    let before = work.get(..start).and_then(|s| s.chars().next_back());
    !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ',' | '-' | '/'))
}
