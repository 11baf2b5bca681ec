//! Small text helpers the detectors share.

/// The end of `literal` (ASCII, lower case) written at `at`, ignoring case the way a `(?i)`
/// regex does: ASCII case, plus `ſ` for `s` and the Kelvin sign for `k`.
pub(crate) fn fold_at(text: &str, at: usize, literal: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    for expected in literal.bytes() {
        let b = *bytes.get(i)?;
        if b.to_ascii_lowercase() == expected {
            i += 1;
            continue;
        }
        let folded = match expected {
            b's' => "ſ",
            b'k' => "\u{212A}",
            _ => return None,
        };
        if !text.get(i..)?.starts_with(folded) {
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
    let before = at
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(|b| is_word_byte(*b));
    before != bytes.get(at).is_some_and(|b| is_word_byte(*b))
}
