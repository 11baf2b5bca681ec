//! Scanners: each finds one written form (a URL, an `owner/repo#N` path, a `KEY-N` key, a
//! closing keyword …) the way the equivalent regex would: the leftmost first, without overlaps.

use super::*;

/// What ends a candidate URL besides whitespace. Brackets, quotes and backticks end a URL because
/// they almost always belong to the surrounding Markdown (`[text](url)`, `<url>`), not to the URL
/// itself.
pub(super) const URL_STOPS: &str = "<>\"'`()[]{}|\\^";

/// Whether `text` can hold a match of [`next_url`]: a `://` or a `www.` in any case.
pub(super) fn may_have_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.contains("://")
        || text
            .match_indices('.')
            .any(|(dot, _)| dot >= 3 && bytes[dot - 3..dot].eq_ignore_ascii_case(b"www"))
}

/// A candidate URL: `http://`, `https://` or `www.` (any case), then anything up to whitespace
/// or one of [`URL_STOPS`].
pub(super) fn next_url(text: &str, from: usize) -> Option<Range<usize>> {
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
pub(super) fn next_path(text: &str, from: usize) -> Option<Range<usize>> {
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
pub(super) fn next_key(text: &str, from: usize) -> Option<Range<usize>> {
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
pub(super) fn next_prefixed_number(text: &str, from: usize, prefix: &str) -> Option<Range<usize>> {
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
pub(super) fn next_bug_item(text: &str, from: usize) -> Option<Range<usize>> {
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
pub(super) fn next_closing_keyword(w: &Lexicon, text: &str, from: usize) -> Option<Range<usize>> {
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
