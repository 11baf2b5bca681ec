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
    // Valid text (nearly all of it) takes the fast validator; only invalid text is re-walked.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            lossy: false,
        };
    }
    Decoded {
        text: String::from_utf8_lossy(bytes),
        lossy: true,
    }
}

/// Decodes text written in the encoding git names `label` (`i18n.commitEncoding`, a commit's
/// `encoding` header), replacing what does not decode; `None` when no encoding has that name.
pub fn labelled<'a>(bytes: &'a [u8], label: &str) -> Option<Decoded<'a>> {
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    let (text, lossy) = encoding.decode_without_bom_handling(bytes);
    Some(Decoded { text, lossy })
}

/// Decodes a commit message written in the encoding git names `label` (a commit's `encoding`
/// header, `i18n.commitEncoding`), or in UTF-8 when there is no label or git's name is unknown.
/// Returns the text and the name of the encoding it was read in, for notices.
pub fn message<'a>(bytes: &'a [u8], label: Option<&str>) -> (Decoded<'a>, String) {
    label
        .and_then(|label| Some((labelled(bytes, label)?, label.trim().to_owned())))
        .unwrap_or_else(|| (utf8_lossy(bytes), "UTF-8".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_encodings_decode_by_name() {
        let decoded = labelled(b"Caf\xe9 export", "ISO-8859-1").expect("a known label");
        assert!(!decoded.lossy);
        assert_eq!(decoded.text, "Caf\u{e9} export");
        assert!(labelled(b"x", "no-such-encoding").is_none());
        let (decoded, name) = message(b"Caf\xe9", Some("no-such-encoding"));
        assert_eq!((decoded.lossy, name.as_str()), (true, "UTF-8"));
        let (decoded, name) = message(b"Caf\xe9", Some("latin1"));
        assert_eq!(
            (decoded.text.as_ref(), name.as_str()),
            ("Caf\u{e9}", "latin1")
        );
    }

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
