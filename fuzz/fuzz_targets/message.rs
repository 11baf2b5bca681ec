//! Commit messages, as `whylint msg` reads them: bytes → lossy UTF-8 → git's cleanup (the first
//! input byte picks the comment style) → subject, body, trailers, labelled paragraphs → the
//! subject the rules read → the built-in rules.
//!
//! Invariants: no panic; decoding round-trips valid UTF-8 and is stable on its own output;
//! cleanup and parsing are deterministic; every line keeps its original number and a span that
//! slices exactly its text out of the input; subject, body, trailers and labelled paragraphs point
//! at lines of the input; the rules agree with themselves.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whylint::parse::decode::utf8_lossy;
use whylint::parse::message::{self, CommentStyle, Line, Message};
use whylint::subject::Subject;
use whylint_fuzz::{
    assert_line, check_subject, check_subject_lines, check_trailer, comment_style, default_rules,
    line_of, slice,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let style = comment_style(selector);

    let decoded = utf8_lossy(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            assert!(!decoded.lossy, "valid UTF-8 flagged as lossy");
            assert_eq!(decoded.text, text, "valid UTF-8 changed by decoding");
        }
        Err(_) => {
            assert!(decoded.lossy, "invalid UTF-8 not flagged");
            assert!(
                decoded.text.contains('\u{FFFD}'),
                "no replacement character"
            );
        }
    }
    let again = utf8_lossy(decoded.text.as_bytes());
    assert!(
        !again.lossy && again.text == decoded.text,
        "decoding is not stable"
    );
    let input: &str = &decoded.text;

    if let CommentStyle::Auto = style {
        let picked = message::resolve_auto(input);
        assert!(
            picked.chars().count() == 1 && "#;@!$%^&|:".contains(picked.as_str()),
            "auto picked {picked:?}"
        );
    }

    let lines = message::clean(input, &style);
    check_lines(input, &lines);
    assert_eq!(
        lines,
        message::clean(input, &style),
        "clean is not deterministic"
    );

    let parsed = message::parse(&lines);
    assert_eq!(parsed, message::parse(&lines), "parse is not deterministic");
    assert_eq!(
        parsed,
        message::parse_message(input, &style),
        "parse_message differs"
    );
    check_message(input, &lines, &parsed);

    let mut subject = Subject::from_message(input, &style);
    assert_eq!(
        subject,
        Subject::from_message(input, &style),
        "subject differs"
    );
    assert_eq!(subject.title, parsed.subject);
    check_subject_lines(&subject, input);
    // Any text can be a branch name given with `--branch`: read the title as one too.
    subject.branch = Some(subject.title.clone());
    check_subject(default_rules(), &subject, input);
});

/// What `clean` promises about the lines it keeps.
fn check_lines(input: &str, lines: &[Line<'_>]) {
    for line in lines {
        let text = slice(input, &line.span, "line");
        assert_eq!(
            text, line.text,
            "line {} span does not give its text",
            line.number
        );
        assert_eq!(
            line_of(input, line.span.start),
            line.number,
            "line number disagrees with its span"
        );
        assert!(!line.text.contains(['\r', '\n']), "line holds a line end");
        assert!(
            !line.text.ends_with([' ', '\t']),
            "trailing whitespace kept"
        );
    }
    assert!(
        lines.windows(2).all(|w| w[0].number < w[1].number),
        "line numbers not increasing"
    );
    assert!(
        lines
            .windows(2)
            .all(|w| !(w[0].text.is_empty() && w[1].text.is_empty())),
        "a run of blank lines survived"
    );
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        assert!(
            !first.text.is_empty() && !last.text.is_empty(),
            "blank at an end"
        );
    }
}

/// What `parse` promises about the structure it finds.
fn check_message(input: &str, lines: &[Line<'_>], m: &Message<'_>) {
    let Some(first) = lines.first() else {
        assert!(
            m.subject.is_empty() && m.subject_line == 0,
            "subject from nothing"
        );
        assert!(m.body.is_empty() && m.trailers.is_empty() && m.labelled.is_empty());
        return;
    };
    assert_eq!(
        m.subject_line, first.number,
        "subject does not start at the first line"
    );
    let subject: Vec<&str> = lines
        .iter()
        .map(|l| l.text)
        .take_while(|t| !t.is_empty())
        .collect();
    assert_eq!(
        m.subject,
        subject.join(" "),
        "subject is not the first paragraph"
    );

    // The body is a run of the cleaned lines after the subject, blank at neither end.
    let mut rest = lines.iter().skip(subject.len());
    for line in &m.body {
        assert!(
            rest.any(|l| l == line),
            "body line {} is not a cleaned line",
            line.number
        );
    }
    if let (Some(head), Some(tail)) = (m.body.first(), m.body.last()) {
        assert!(
            !head.text.is_empty() && !tail.text.is_empty(),
            "body has blank ends"
        );
    }
    assert_eq!(
        m.body_text(),
        m.body.iter().map(|l| l.text).collect::<Vec<_>>().join("\n")
    );

    for trailer in &m.trailers {
        check_trailer(input, trailer);
        assert!(trailer.line > m.subject_line, "trailer in the subject");
    }
    assert!(
        m.trailers
            .windows(2)
            .all(|w| w[0].span.end < w[1].span.start)
    );

    for labelled in &m.labelled {
        assert!(
            m.body.iter().any(|l| l.number == labelled.line),
            "labelled paragraph at line {} is not in the body",
            labelled.line
        );
        assert!(!labelled.label.is_empty() && !labelled.label.contains(':'));
        assert_eq!(
            labelled.text,
            labelled.text.trim(),
            "labelled text not trimmed"
        );
        assert_line(input, labelled.line, "labelled paragraph");
    }
}
