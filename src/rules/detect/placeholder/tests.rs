//! The specification of `placeholder_reason` and `content_words`.

use super::*;

fn reason(text: &str) -> Option<&'static str> {
    placeholder_reason(text, Lexicon::builtin_ref())
}

#[test]
fn empty_and_markup_only() {
    assert_eq!(reason(""), Some("empty"));
    assert_eq!(reason("   \n\n\t"), Some("empty"));
    assert_eq!(reason("- \n* \n> "), Some("empty"));
    assert_eq!(reason("- [ ]"), Some("empty"));
    assert_eq!(
        reason("<!-- What problem are we solving for the user? -->"),
        Some("only a template comment")
    );
    assert_eq!(
        reason("<!-- unclosed prompt\nstill prompt"),
        Some("only a template comment")
    );
}

#[test]
fn punctuation_only() {
    assert_eq!(reason("-"), Some("placeholder `-`"));
    assert_eq!(reason("..."), Some("placeholder `...`"));
    assert_eq!(reason("…"), Some("placeholder `...`"));
    assert_eq!(reason("?"), Some("placeholder `?`"));
    assert_eq!(reason("- ???"), Some("placeholder `?`"));
    assert_eq!(reason("--- !!! ---"), Some("only punctuation"));
}

#[test]
fn placeholder_words() {
    let cases = [
        ("TBD", "placeholder `TBD`"),
        ("tbd.", "placeholder `TBD`"),
        ("- TBA", "placeholder `TBA`"),
        ("TBC", "placeholder `TBC`"),
        ("TODO", "placeholder `TODO`"),
        ("**TODO**", "placeholder `TODO`"),
        ("N/A", "placeholder `N/A`"),
        ("n/a.", "placeholder `N/A`"),
        ("NA", "placeholder `N/A`"),
        ("None", "placeholder `none`"),
        ("_nothing_", "placeholder `nothing`"),
        ("`xxx`", "placeholder `xxx`"),
        ("XXXX", "placeholder `xxx`"),
        (
            "Lorem ipsum dolor sit amet, consectetur.",
            "placeholder `lorem ipsum`",
        ),
        ("> \"TBD\"", "placeholder `TBD`"),
        ("- [ ] TBD\n- [x] n/a", "placeholder `TBD`"),
    ];
    for (text, expected) in cases {
        assert_eq!(reason(text), Some(expected), "{text}");
    }
}

#[test]
fn template_prompts() {
    for text in [
        "Describe the problem this PR solves.",
        "Link the issue here.",
        "_Explain why this change is needed._",
        "Please describe the user problem and who is affected.",
        "Provide a general summary of your changes in the title above",
        "List any dependencies that are required for this change.",
        "Add screenshots if applicable.",
        "Summarize the change in one sentence",
        "Tell us how you tested it",
        "Replace this line with a link to the ticket",
        "Include a link to the ticket.",
        "<!-- comment --> Describe the problem.",
        "Describe the problem\nthis PR solves.",
    ] {
        assert_eq!(reason(text), Some("template prompt"), "{text}");
    }
}

#[test]
fn real_content_that_starts_like_a_prompt() {
    for text in [
        "Add CSV export for invoices.",
        "Add retries to the upload client.",
        "List view crashes when a customer has no invoices.",
        "Describe the problem. Finance staff copy invoices by hand every month, which takes a day.",
        "Explain error codes in the CLI help: users open tickets because `E42` means nothing to them and support has to translate it every time, which costs us about forty tickets a month.",
    ] {
        assert_eq!(reason(text), None, "{text}");
    }
}

#[test]
fn bracketed_text_only() {
    assert_eq!(
        reason("<describe the problem>"),
        Some("text in brackets only")
    );
    assert_eq!(reason("[link to ticket]"), Some("text in brackets only"));
    assert_eq!(
        reason("{{ success metric }}"),
        Some("text in brackets only")
    );
    assert_eq!(
        reason("- [link to ticket] <why>"),
        Some("text in brackets only")
    );
    // Autolinks and Markdown links are content.
    assert_eq!(reason("<https://github.com/acme/app/issues/42>"), None);
    assert_eq!(
        reason("[PAY-812](https://acme.atlassian.net/browse/PAY-812)"),
        None
    );
}

#[test]
fn unfilled_issue_references() {
    for text in [
        "Fixes #",
        "Closes #",
        "Refs #",
        "Fixes #XXX",
        "Fixes # (issue)",
        "Closes: #<issue>",
        "Resolves #N",
        "Fixes:",
        "Refs: JIRA-XXX",
        "Refs: ABC-123",
        "#",
        "Fixes [link]",
    ] {
        assert_eq!(reason(text), Some("unfilled issue reference"), "{text}");
    }
    assert_eq!(reason("Fixes #42"), None);
    assert_eq!(reason("Refs: PAY-812"), None);
}

#[test]
fn whylint_questions_copied_back() {
    for text in [
        "What problem are we solving for the user?",
        "How will we know this worked?",
        "## How will we know it worked?",
        "how will we know this actually worked",
        "When will we check whether it worked?",
    ] {
        assert_eq!(
            reason(text),
            Some("the template's question, not an answer"),
            "{text}"
        );
    }
    assert_eq!(
        reason("How will we know? Export tickets drop below 5 a week."),
        None
    );
}

#[test]
fn real_content_is_not_a_placeholder() {
    for text in [
        "Finance staff copy invoices into spreadsheets by hand every month.",
        "export tickets drop from 40/week to under 5 within 30 days",
        "Closes #42",
        "None of the exports finish for accounts with more than 10k invoices.",
        "TBD: measure with the checkout dashboard after launch",
        "- TBD\n- Support tickets about export drop below 5 a week",
        "p95 < 300 ms",
    ] {
        assert_eq!(reason(text), None, "{text}");
    }
}

#[test]
fn github_default_template_left_untouched() {
    let text = "<!-- Please include a summary of the change and which issue is fixed. -->\n\n\
                Fixes # (issue)\n\n\
                - [ ] Bug fix (non-breaking change which fixes an issue)\n";
    // The checkbox line is template text too, but it is content-shaped; the caller's
    // section split keeps it out of the problem section in practice.
    assert_eq!(
        reason("<!-- Please include a summary. -->\n\nFixes # (issue)\n"),
        Some("unfilled issue reference")
    );
    assert_eq!(reason(text), None);
}

#[test]
fn word_counts() {
    assert_eq!(content_words(""), 0);
    assert_eq!(content_words("Finance staff copy invoices by hand."), 6);
    assert_eq!(content_words("- [ ] first item\n- [x] second\n* third"), 4);
    assert_eq!(content_words("1. one\n2) two\n## Heading"), 3);
    assert_eq!(
        content_words("See https://github.com/acme/app/issues/42?x=1#frag now"),
        3
    );
    assert_eq!(content_words("<!-- prompt words here --> real words"), 2);
    assert_eq!(content_words("- — … | > ** __"), 0);
    assert_eq!(content_words("don't re-run p95 3.1s 😀 日本語"), 5);
}

#[test]
fn multibyte_and_hostile_inputs() {
    assert_eq!(reason("«TBD»"), None);
    assert_eq!(reason("— TBD —"), None);
    assert_eq!(reason("“TBD”"), Some("placeholder `TBD`"));
    let text = "😀 Опишите проблему <!-- é --> ✓";
    for (i, _) in text.char_indices() {
        let _ = placeholder_reason(&text[i..], Lexicon::builtin_ref());
        let _ = content_words(&text[i..]);
    }
    for text in [
        "<!--".repeat(1 << 16),
        "- ".repeat(1 << 17),
        "TBD\n".repeat(1 << 16),
        "Describe ".repeat(1 << 16),
        "[".repeat(1 << 17),
        "<".repeat(1 << 17) + ">",
        "<!-- x -->\n".repeat(1 << 14),
    ] {
        let _ = placeholder_reason(&text, Lexicon::builtin_ref());
        let _ = content_words(&text);
    }
    assert_eq!(reason(&"TBD\n\n".repeat(1000)), Some("placeholder `TBD`"));
}

#[test]
fn ten_mib_of_hash_one_finishes() {
    let big = "#1 ".repeat(10 * 1024 * 1024 / 3);
    assert_eq!(reason(&big), None);
    assert_eq!(content_words(&big), big.len() / 3);
}

#[test]
fn comments_around_placeholders() {
    assert_eq!(reason("<!-- x -->\n\n- [ ] TBD"), Some("placeholder `TBD`"));
    assert_eq!(reason("1. TBD\n2. TBD"), Some("placeholder `TBD`"));
    assert_eq!(reason("- [ ]\n- [ ]"), Some("empty"));
    assert_eq!(reason("<!-- prompt -->\nReal words here."), None);
}

#[test]
fn placeholders_in_emphasis_code_and_crlf() {
    assert_eq!(reason("*N/A*"), Some("placeholder `N/A`"));
    assert_eq!(reason("`none`"), Some("placeholder `none`"));
    assert_eq!(reason("TBD\r\n"), Some("placeholder `TBD`"));
    assert_eq!(reason("\u{a0}TBD\u{a0}"), Some("placeholder `TBD`"));
}

#[test]
fn quoted_and_polite_prompts() {
    assert_eq!(reason("> Describe the problem"), Some("template prompt"));
    assert_eq!(
        reason("Please add a link to the Jira ticket."),
        Some("template prompt")
    );
    assert_eq!(
        reason("Describe the impact, e.g. fewer support tickets."),
        Some("template prompt")
    );
}

#[test]
fn a_placeholder_next_to_content_is_content() {
    assert_eq!(reason("TBD\n\nFinance staff copy invoices by hand."), None);
    assert_eq!(reason("Fixes #42\n\nDescribe the problem."), None);
}

#[test]
fn long_instructions_are_content() {
    let long = "Describe ".to_owned() + &"word ".repeat(MAX_PROMPT_WORDS);
    assert_eq!(reason(&long), None);
}

#[test]
fn word_counts_with_links_tables_and_comments() {
    assert_eq!(
        content_words("[Release notes](https://x.io/notes) are out"),
        4
    );
    assert_eq!(content_words("| col | 2 |\n|---|---|"), 2);
    assert_eq!(content_words("<!-- a b c\nd e -->"), 0);
    assert_eq!(content_words("> quoted words"), 2);
    assert_eq!(content_words("TBD"), 1);
}

#[test]
fn reasons_read_well_in_messages() {
    // The caller writes "… still holds template text ({reason})".
    for text in [
        "",
        "TBD",
        "?",
        "Fixes #",
        "<why>",
        "Describe the problem.",
        "---",
    ] {
        let reason = placeholder_reason(text, Lexicon::builtin_ref()).unwrap_or_default();
        assert!(
            !reason.is_empty() && !reason.ends_with('.'),
            "{text}: {reason}"
        );
    }
}

#[test]
fn markup_only_punctuation() {
    // A thematic break is markup, so nothing is left.
    assert_eq!(reason("***"), Some("empty"));
    assert_eq!(reason("—"), Some("placeholder `-`"));
    assert_eq!(reason("| | |"), Some("only punctuation"));
}

#[test]
fn more_unfilled_reference_shapes() {
    for text in [
        "Closes #<issue number>",
        "Fixes JIRA-XXX",
        "Jira: PROJ-123",
        "Fixes #___",
    ] {
        assert_eq!(reason(text), Some("unfilled issue reference"), "{text}");
    }
    assert_eq!(reason("Jira: PAY-812"), None);
}

#[test]
fn questions_in_markup() {
    assert_eq!(
        reason("**How will we know this worked?**"),
        Some("the template's question, not an answer")
    );
    assert_eq!(
        reason("> _What problem are we solving for the user?_"),
        Some("the template's question, not an answer")
    );
}

#[test]
fn unclosed_comment_after_content() {
    assert_eq!(reason("Finance staff copy invoices. <!-- unclosed"), None);
    assert_eq!(
        content_words("Finance staff copy invoices. <!-- unclosed"),
        4
    );
}

#[test]
fn lorem_ipsum_variants() {
    assert_eq!(reason("lorem ipsum"), Some("placeholder `lorem ipsum`"));
    assert_eq!(
        reason("- Lorem ipsum dolor sit amet\n- Lorem ipsum again"),
        Some("placeholder `lorem ipsum`")
    );
}

#[test]
fn generated_inputs_never_panic() {
    // Small deterministic fuzz: fragments chosen to collide at char and markup boundaries.
    const FRAGMENTS: &[&str] = &[
        "<!--",
        "-->",
        "- ",
        "* ",
        "> ",
        "[ ]",
        "[x]",
        "1.",
        "1)",
        "TBD",
        "n/a",
        "#",
        "Fixes",
        "Describe",
        "the problem",
        "?",
        ".",
        "…",
        "—",
        "é",
        "😀",
        "`",
        "_",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "<",
        ">",
        "[",
        "]",
        "{{",
        "}}",
        "e.g.",
        "here",
        "\u{a0}",
    ];
    let mut seed: u64 = 0xD1B5_4A32_D192_ED03;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..10 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(FRAGMENTS[(seed % FRAGMENTS.len() as u64) as usize]);
        }
        if let Some(reason) = reason(&text) {
            assert!(!reason.is_empty());
        }
        assert!(
            content_words(&text) <= text.split_whitespace().count(),
            "{text:?}"
        );
    }
}

#[test]
fn prompts_references_and_brackets_ignore_case() {
    assert_eq!(reason("DESCRIBE THE PROBLEM"), Some("template prompt"));
    assert_eq!(
        reason("ADD SCREENSHOTS IF APPLICABLE"),
        Some("template prompt")
    );
    assert_eq!(reason("fixes #XXX"), Some("unfilled issue reference"));
    assert_eq!(
        reason("Closes #<Issue Number>"),
        Some("unfilled issue reference")
    );
    assert_eq!(reason("{{metric}} [link]"), Some("text in brackets only"));
}

#[test]
fn long_single_units_finish() {
    // One unit that the prompt and reference readers must each read once (sizes kept modest
    // for debug builds).
    for text in [
        "Add ".to_owned() + &"x.here".repeat(1 << 14),
        "add".to_owned() + &".add".repeat(1 << 14),
        "Fixes # (".to_owned() + &"issue ".repeat(1 << 14),
        "{{".repeat(1 << 16),
        "please ".to_owned() + &"\u{212A}".repeat(1 << 14),
    ] {
        let _ = placeholder_reason(&text, Lexicon::builtin_ref());
        let _ = content_words(&text);
    }
}
