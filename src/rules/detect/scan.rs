//! The byte-level helpers every reader shares, each written once with one rule:
//!
//! - case is ignored the way a `(?i)` regex ignores it for ASCII letters: ASCII case, plus `ſ`
//!   for `s` and the Kelvin sign for `k` ([`fold_at`]);
//! - words and word boundaries are ASCII (`\b` without Unicode): letters, digits and `_`;
//! - a space in a phrase stands for a run of whitespace, ASCII (vertical tab included) or
//!   Unicode ([`spaces`]).
//!
//! The readers built on these say which pattern each stands for and find what that regex would.

use std::ops::Range;

/// The end of `literal` (ASCII, lower case) written at `at`, ignoring case the way a `(?i)`
/// regex does: ASCII case, plus `ſ` for `s` and the Kelvin sign for `k`.
pub(crate) fn fold_at(bytes: &[u8], at: usize, literal: &str) -> Option<usize> {
    let mut i = at;
    for expected in literal.bytes() {
        let b = *bytes.get(i)?;
        if b.eq_ignore_ascii_case(&expected) {
            i += 1;
            continue;
        }
        let folded = match expected.to_ascii_lowercase() {
            b's' => "ſ",
            b'k' => "\u{212A}",
            _ => return None,
        };
        if !bytes.get(i..)?.starts_with(folded.as_bytes()) {
            return None;
        }
        i += folded.len();
    }
    Some(i)
}

/// A word byte for an ASCII `\b`: letter, digit or `_`.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// An ASCII word boundary at `at`: a word byte on exactly one side.
pub(crate) fn boundary(bytes: &[u8], at: usize) -> bool {
    word_before(bytes, at) != bytes.get(at).is_some_and(|b| is_word_byte(*b))
}

/// ASCII whitespace as a regex reads `\s`: unlike [`u8::is_ascii_whitespace`], it includes the
/// vertical tab.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether the byte before `at` is a word byte.
pub(crate) fn word_before(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(|b| is_word_byte(*b))
}

/// Whether a word starts at `at`: a word byte with no word byte before it.
pub(crate) fn word_start(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(|b| is_word_byte(*b)) && !word_before(bytes, at)
}

/// Length of the run at `at` of bytes that satisfy `keep`.
pub(crate) fn run(bytes: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(at..)
        .map_or(0, |rest| rest.iter().take_while(|b| keep(**b)).count())
}

/// Length of the run of whitespace (ASCII or Unicode) at `at`.
pub(crate) fn spaces(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    loop {
        i += run(bytes, i, is_space);
        if bytes.get(i).is_none_or(|b| *b < 0x80) {
            return i - at;
        }
        let Some(c) = bytes
            .get(i..(i + 4).min(bytes.len()))
            .and_then(first_char)
            .filter(|c| c.is_whitespace())
        else {
            return i - at;
        };
        i += c.len_utf8();
    }
}

/// The character a byte slice starts with, if it starts with a whole one.
fn first_char(head: &[u8]) -> Option<char> {
    let valid = match std::str::from_utf8(head) {
        Ok(all) => all,
        Err(error) => std::str::from_utf8(&head[..error.valid_up_to()]).ok()?,
    };
    valid.chars().next()
}

/// Whether the byte at `at` is an ASCII digit.
pub(crate) fn is_digit_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_digit)
}

/// Length of the ASCII digit run at `at`.
pub(crate) fn digit_run(bytes: &[u8], at: usize) -> usize {
    run(bytes, at, |b| b.is_ascii_digit())
}

/// Length of the ASCII letter run at `at`.
pub(crate) fn letter_run(bytes: &[u8], at: usize) -> usize {
    run(bytes, at, |b| b.is_ascii_alphabetic())
}

/// The whole word starting at `at`.
pub(crate) fn word_at(bytes: &[u8], at: usize) -> &[u8] {
    let rest = bytes.get(at..).unwrap_or_default();
    &rest[..run(rest, 0, is_word_byte)]
}

/// Whether `word` is one of `list`, ignoring ASCII case.
pub(crate) fn is_one_of<'a>(word: &[u8], list: impl IntoIterator<Item = &'a str>) -> bool {
    list.into_iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// The end of `phrase` written at `at`, ignoring case as [`fold_at`] does; each space in
/// `phrase` stands for a run of whitespace.
pub(crate) fn phrase_at(bytes: &[u8], at: usize, phrase: &str) -> Option<usize> {
    if !phrase.contains(' ') {
        return fold_at(bytes, at, phrase);
    }
    let mut i = at;
    for (index, word) in phrase.split(' ').enumerate() {
        if index > 0 {
            let gap = spaces(bytes, i);
            if gap == 0 {
                return None;
            }
            i += gap;
        }
        i = fold_at(bytes, i, word)?;
    }
    Some(i)
}

/// [`phrase_at`], and the phrase ends a word.
pub(crate) fn whole_phrase_at(bytes: &[u8], at: usize, phrase: &str) -> Option<usize> {
    phrase_at(bytes, at, phrase).filter(|end| boundary(bytes, *end))
}

/// The end of the first of `phrases` (in order) written at `at` and ending a word.
pub(crate) fn first_whole<'a>(
    bytes: &[u8],
    at: usize,
    phrases: impl IntoIterator<Item = &'a str>,
) -> Option<usize> {
    phrases
        .into_iter()
        .find_map(|phrase| whole_phrase_at(bytes, at, phrase))
}

/// Every match of `next` in `text`, without overlaps, as a regex iterates them: `next(text,
/// from)` is the first match at or after `from`, `span` where it lies.
pub(crate) fn each<'t, T: ?Sized, M>(
    text: &'t T,
    next: impl Fn(&'t T, usize) -> Option<M>,
    span: impl Fn(&M) -> Range<usize>,
) -> impl Iterator<Item = M> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = next(text, from)?;
        let range = span(&found);
        from = range.end.max(range.start + 1);
        Some(found)
    })
}

/// A quick test that turns away most words before a list of words or phrases is tried on them:
/// which (first two letters, length of the first word) keys start an entry. Entries are
/// compared ignoring ASCII case; a phrase's first word must end at a space, a non-word byte or
/// the end of the phrase, and the text's word must end there too (callers that let a match run
/// on into the text's word must not use it). Built from the lists at run time, in microseconds.
#[derive(Debug, Clone)]
pub(crate) struct Starts(Box<[u64; Starts::WORDS]>);

impl Default for Starts {
    fn default() -> Self {
        Starts(Box::new([0; Starts::WORDS]))
    }
}

impl Starts {
    /// 27 first bytes (26 letters, anything else) × 27 second bytes × 16 lengths, in bits.
    const WORDS: usize = (27usize * 27 * 16).div_ceil(64);

    /// The pre-filter of `entries`.
    pub(crate) fn of<'a>(entries: impl IntoIterator<Item = &'a str>) -> Starts {
        let mut starts = Starts::default();
        starts.extend(entries);
        starts
    }

    /// Lets the first words of `entries` through too.
    pub(crate) fn extend<'a>(&mut self, entries: impl IntoIterator<Item = &'a str>) {
        for entry in entries {
            let key = Self::key(entry.as_bytes(), 0);
            self.0[key / 64] |= 1 << (key % 64);
        }
    }

    /// The key of the word at `at`: its first two bytes (as letters ignoring case, or "other")
    /// and the length of its run of word bytes (15 for 15 and more).
    fn key(bytes: &[u8], at: usize) -> usize {
        let head = bytes
            .get(at..(at + 15).min(bytes.len()))
            .unwrap_or_default();
        let len = run(head, 0, is_word_byte);
        (Self::letter(bytes, at) * 27 + Self::letter(bytes, at + 1)) * 16 + len
    }

    /// The byte at `at` as a letter ignoring case (0–25), or 26 for anything else.
    fn letter(bytes: &[u8], at: usize) -> usize {
        match bytes.get(at) {
            Some(b) if b.is_ascii_alphabetic() => (b.to_ascii_lowercase() - b'a') as usize,
            _ => 26,
        }
    }

    /// Whether the word at `at` may start an entry.
    #[inline]
    pub(crate) fn admits(&self, bytes: &[u8], at: usize) -> bool {
        at < bytes.len() && {
            let key = Self::key(bytes, at);
            self.0[key / 64] & (1 << (key % 64)) != 0
        }
    }
}
