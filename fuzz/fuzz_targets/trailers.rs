//! The trailer-block parser on its own (git's `interpret-trailers` reading of the last
//! paragraph): the input's lines, cleaned verbatim, go to `trailer_block` as one paragraph
//! (blank lines dropped, as `parse` would never pass them), and once more with the blank lines
//! left in, which `trailer_block` must also survive.
//!
//! Invariants: no panic; deterministic; every trailer starts at a line of the paragraph, in
//! order, and its span runs from its key to the end of a line of the paragraph; values are
//! trimmed single lines; a paragraph of nothing but `Key: value` lines gives one trailer per
//! line; and `parse` reads the same block out of a whole message.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whylint::parse::decode::utf8_lossy;
use whylint::parse::message::{self, CommentStyle, Line, Trailer};
use whylint_fuzz::check_trailer;

fuzz_target!(|data: &[u8]| {
    let decoded = utf8_lossy(data);
    let input: &str = &decoded.text;
    let lines = message::clean(input, &CommentStyle::Verbatim);

    let paragraph: Vec<Line<'_>> = lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .cloned()
        .collect();
    let block = message::trailer_block(&paragraph);
    assert_eq!(
        block,
        message::trailer_block(&paragraph),
        "not deterministic"
    );
    if let Some(trailers) = &block {
        check_block(input, &paragraph, trailers);
    }
    // Only `Key: value` lines (no continuation, no URL): every one of them is a trailer.
    if !paragraph.is_empty()
        && paragraph.iter().all(|l| {
            !l.text.starts_with([' ', '\t'])
                && l.text.split_once(':').is_some_and(|(key, value)| {
                    let key = key.trim_end_matches([' ', '\t']);
                    !key.is_empty()
                        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        && !value.starts_with("//")
                })
        })
    {
        let trailers = block
            .as_ref()
            .expect("a block of `Key: value` lines is a trailer block");
        assert_eq!(
            trailers.len(),
            paragraph.len(),
            "a `Key: value` line was not read"
        );
    }

    if let Some(trailers) = message::trailer_block(&lines) {
        check_block(input, &lines, &trailers);
    }

    // The same paragraph as the last one of a message: `parse` must find the same block.
    if block.is_some() && !paragraph.is_empty() {
        let texts: Vec<&str> = paragraph.iter().map(|l| l.text).collect();
        let whole = format!("Subject\n\n{}\n", texts.join("\n"));
        let parsed = message::parse_message(&whole, &CommentStyle::Verbatim);
        let keys = |t: &[Trailer]| -> Vec<(String, String)> {
            t.iter().map(|t| (t.key.clone(), t.value.clone())).collect()
        };
        assert_eq!(
            keys(&parsed.trailers),
            keys(block.as_deref().unwrap_or_default()),
            "parse reads another trailer block"
        );
    }
});

fn check_block(input: &str, paragraph: &[Line<'_>], trailers: &[Trailer]) {
    assert!(
        trailers.len() <= paragraph.len(),
        "more trailers than lines"
    );
    let mut rest = paragraph.iter();
    for trailer in trailers {
        check_trailer(input, trailer);
        let start = rest
            .find(|l| l.number == trailer.line)
            .unwrap_or_else(|| panic!("trailer line {} not in the paragraph", trailer.line));
        assert_eq!(
            trailer.span.start, start.span.start,
            "trailer does not start its line"
        );
        assert!(
            paragraph.iter().any(|l| l.span.end == trailer.span.end),
            "trailer does not end at a line end"
        );
    }
}
