//! Noise: things with digits that are not quantities (URLs, e-mail addresses, versions, times,
//! numeric dates, list markers, commit ids), found once and blanked out before anything is read.

use super::*;

/// Spans of URLs, e-mail addresses, letters glued to digits, versions, times and numeric dates,
/// and ordered-list markers.
pub(super) fn noise_spans(text: &str) -> Vec<Range<usize>> {
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
pub(super) fn url_spans(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if matches!(bytes[at], b'h' | b'H' | b'w' | b'W') {
            let body = fold_at(bytes, at, "https://")
                .or_else(|| fold_at(bytes, at, "http://"))
                .or_else(|| fold_at(bytes, at, "www."));
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
pub(super) fn email_spans(text: &str, out: &mut Vec<Range<usize>>) {
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
pub(super) fn glued_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
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
pub(super) fn version_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
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
pub(super) fn clock_and_date_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
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
pub(super) fn list_marker_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
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
pub(super) fn hex_id_spans(bytes: &[u8], out: &mut Vec<Range<usize>>) {
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
