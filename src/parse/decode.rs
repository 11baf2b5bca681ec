//! Bytes → text, never failing: invalid UTF-8 is replaced and reported, not a panic.

use std::borrow::Cow;

/// Text decoded from bytes, and whether anything had to be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; invalid sequences became U+FFFD.
    pub text: Cow<'a, str>,
    /// True when the input was not valid UTF-8.
    pub lossy: bool,
}

/// Decodes UTF-8, replacing invalid sequences. A leading byte-order mark is kept (the message
/// parser skips it, so spans still index the original text).
pub fn utf8_lossy(bytes: &[u8]) -> Decoded<'_> {
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, Cow::Owned(_));
    Decoded { text, lossy }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_borrowed() {
        let decoded = utf8_lossy("Refs: #1 — ok".as_bytes());
        assert!(!decoded.lossy);
        assert_eq!(decoded.text, "Refs: #1 — ok");
    }

    #[test]
    fn latin1_is_replaced_and_flagged() {
        let decoded = utf8_lossy(b"Caf\xe9 export\n\nRefs: #7");
        assert!(decoded.lossy);
        assert_eq!(decoded.text, "Caf\u{fffd} export\n\nRefs: #7");
    }
}
