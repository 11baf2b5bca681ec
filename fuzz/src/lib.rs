//! What the fuzz targets share: line arithmetic on the input, span checks, the comment style a
//! fuzz input asks for, and running the built-in rules on a parsed subject.
//!
//! The targets themselves (`fuzz_targets/*.rs`) each feed one parser and assert its invariants;
//! everything here panics (which libFuzzer reports as a crash) when an invariant does not hold.

use std::ops::Range;
use std::sync::OnceLock;

use whylint::finding::{Target, TargetKind};
use whylint::parse::message::{CommentStyle, Trailer};
use whylint::rules::RuleSet;
use whylint::rules::compile;
use whylint::subject::Subject;

/// 1-based line of byte `offset` in `text`, counting line ends the way the parsers do: `\n`,
/// `\r\n` (once) and a lone `\r`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut line = 1;
    for (i, &b) in bytes.iter().enumerate().take(end) {
        let is_break = match b {
            b'\n' => true,
            b'\r' => bytes.get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        if is_break {
            line += 1;
        }
    }
    line
}

/// How many lines an editor shows for `text` (a trailing line end opens one more, empty line).
pub fn line_count(text: &str) -> usize {
    line_of(text, text.len())
}

/// The text of line `number` (1-based) without its terminator, or `None` past the end.
pub fn line_text(text: &str, number: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            let next = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            if line == number {
                return text.get(start..i);
            }
            line += 1;
            start = next;
            i = next;
        } else {
            i += 1;
        }
    }
    (line == number).then(|| text.get(start..).unwrap_or(""))
}

/// Asserts `span` is a non-reversed range inside `text` on char boundaries; returns its slice.
pub fn slice<'a>(text: &'a str, span: &Range<usize>, what: &str) -> &'a str {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the input of {} bytes",
        text.len()
    );
    match text.get(span.clone()) {
        Some(slice) => slice,
        None => panic!("{what}: span {span:?} does not fall on char boundaries"),
    }
}

/// Asserts a 1-based line number points into `text`.
pub fn assert_line(text: &str, line: usize, what: &str) {
    let count = line_count(text);
    assert!(
        (1..=count).contains(&line),
        "{what}: line {line} outside the input's {count} lines"
    );
}

/// The comment style named by a fuzz input's first byte, so one target covers all of them.
pub fn comment_style(selector: u8) -> CommentStyle {
    match selector % 6 {
        0 => CommentStyle::Prefix("#".to_owned()),
        1 => CommentStyle::Prefix(";".to_owned()),
        2 => CommentStyle::Prefix("//".to_owned()),
        3 => CommentStyle::Auto,
        4 => CommentStyle::Verbatim,
        _ => CommentStyle::Prefix(String::new()),
    }
}

/// The built-in `default` pack, compiled once per process.
pub fn default_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| compile::build(None).expect("the built-in rules compile"))
}

/// Checks `subject` with `rules` twice: the verdicts must agree, and every finding's line must
/// point into `text` (the text the subject was parsed from).
pub fn check_subject(rules: &RuleSet, subject: &Subject, text: &str) {
    let target = Target {
        kind: TargetKind::Message,
        id: "fuzz".to_owned(),
        title: Some(subject.title.clone()),
    };
    let first = rules.check(subject, &target, Some("fuzz"));
    let second = rules.check(subject, &target, Some("fuzz"));
    assert_eq!(
        first.findings, second.findings,
        "findings differ between runs"
    );
    assert_eq!(first.exemption, second.exemption, "exemption differs");
    assert_eq!(first.notices, second.notices, "notices differ");
    for finding in &first.findings {
        if let Some(location) = &finding.location {
            assert_line(text, location.line, &format!("finding `{}`", finding.rule));
        }
    }
}

/// Checks where a subject's parts say they are: every section and trailer line in `text`.
pub fn check_subject_lines(subject: &Subject, text: &str) {
    if subject.title_line != 0 {
        assert_line(text, subject.title_line, "title");
    }
    for section in &subject.sections {
        assert_line(
            text,
            section.line,
            &format!("section `{}`", section.heading),
        );
    }
    for trailer in &subject.trailers {
        assert_line(text, trailer.line, &format!("trailer `{}`", trailer.key));
    }
    assert!(
        subject.sections.windows(2).all(|w| w[0].line <= w[1].line),
        "sections out of line order"
    );
}

/// Asserts what a parsed trailer promises: its span starts with its key, then optional blanks
/// and the colon; its line is the span's; its value is trimmed and on one line.
pub fn check_trailer(input: &str, trailer: &Trailer) {
    let text = slice(input, &trailer.span, "trailer");
    assert!(!trailer.key.is_empty(), "empty trailer key");
    assert!(
        trailer
            .key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
        "trailer key {:?}",
        trailer.key
    );
    let after = text.strip_prefix(trailer.key.as_str()).unwrap_or_else(|| {
        panic!(
            "trailer span {text:?} does not start with its key {:?}",
            trailer.key
        )
    });
    assert!(
        after.trim_start_matches([' ', '\t']).starts_with(':'),
        "no colon after the key"
    );
    assert_eq!(
        line_of(input, trailer.span.start),
        trailer.line,
        "trailer line"
    );
    assert_eq!(
        trailer.value,
        trailer.value.trim_matches([' ', '\t']),
        "value not trimmed"
    );
    assert!(
        !trailer.value.contains(['\n', '\r']),
        "value holds a line end"
    );
}
