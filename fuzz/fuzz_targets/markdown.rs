//! Markdown descriptions, as `whylint pr` reads them: bytes → lossy UTF-8 → sections by heading
//! (ATX, setext, bold pseudo-headings) with their visible text → the pull-request subject the
//! rules read → the built-in rules.
//!
//! Invariants: no panic; deterministic; section spans lie inside the input on char boundaries,
//! in document order, and the line of each heading is the line its span starts on; only the
//! first section may be the preamble; rendered text is trimmed and has no carriage returns;
//! `visible_text` is the sections' headings and texts; lookup keys are normalised; the subject's
//! sections point at lines of the input; the rules agree with themselves.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whylint::parse::decode::utf8_lossy;
use whylint::parse::markdown::{self, PREAMBLE_LEVEL, PSEUDO_HEADING_LEVEL, Section};
use whylint::subject::Subject;
use whylint_fuzz::{
    assert_line, check_subject, check_subject_lines, default_rules, line_of, slice,
};

fuzz_target!(|data: &[u8]| {
    let decoded = utf8_lossy(data);
    let input: &str = &decoded.text;

    let sections = markdown::sections(input);
    assert_eq!(
        sections,
        markdown::sections(input),
        "sections are not deterministic"
    );
    check_sections(input, &sections);

    let visible = markdown::visible_text(input);
    let parts: Vec<&str> = sections
        .iter()
        .flat_map(|s| [s.heading.as_str(), s.text.as_str()])
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(
        visible,
        parts.join("\n"),
        "visible text is not the sections' text"
    );

    for section in &sections {
        let key = markdown::normalize_heading(&section.heading);
        assert_eq!(key, key.trim(), "key not trimmed: {key:?}");
        assert!(!key.contains("  "), "key has a run of spaces: {key:?}");
        // Lowercased as Unicode lowercases (a few uppercase symbols, such as `ϒ`, have no
        // lowercase form and stay as they are).
        assert_eq!(key, key.to_lowercase(), "key not lowercase");
    }

    let subject = Subject::from_description("", input);
    assert_eq!(
        subject,
        Subject::from_description("", input),
        "subject differs"
    );
    check_subject_lines(&subject, input);
    check_subject(default_rules(), &subject, input);
});

fn check_sections(input: &str, sections: &[Section]) {
    for (i, section) in sections.iter().enumerate() {
        let what = format!("section {i} `{}`", section.heading);
        slice(input, &section.span, &what);
        assert_line(input, section.line, &what);
        assert!(
            section.level <= PSEUDO_HEADING_LEVEL,
            "{what}: level {}",
            section.level
        );
        if section.level == PREAMBLE_LEVEL {
            assert_eq!(i, 0, "{what}: a preamble after a heading");
            assert!(
                section.heading.is_empty(),
                "{what}: a preamble with a heading"
            );
            assert!(
                !section.text.is_empty() || section.has_comment,
                "{what}: empty preamble"
            );
        } else {
            assert_eq!(
                line_of(input, section.span.start),
                section.line,
                "{what}: line disagrees with the span"
            );
        }
        for (name, text) in [("heading", &section.heading), ("text", &section.text)] {
            assert_eq!(text.as_str(), text.trim(), "{what}: {name} not trimmed");
            assert!(
                !text.contains('\r'),
                "{what}: {name} holds a carriage return"
            );
        }
        assert!(
            !section.heading.contains('\n'),
            "{what}: heading spans lines"
        );
    }
    for pair in sections.windows(2) {
        assert!(
            pair[0].span.start <= pair[1].span.start,
            "sections out of order"
        );
        assert!(pair[0].line <= pair[1].line, "section lines out of order");
    }
}
