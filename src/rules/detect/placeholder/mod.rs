//! Untouched template text: is a section's text real content, or what a template left behind?
//!
//! This module owns two judgements on one piece of text (a section body, a labelled paragraph,
//! a trailer value): whether it is still a placeholder ([`placeholder_reason`]: empty, `TBD`,
//! "Describe the problem this PR solves.", `<link to ticket>`, `Fixes # (issue)`, whylint's own
//! question pasted back) and how many words of real content it has ([`content_words`]).
//!
//! It leaves to others: finding sections and their text, extra placeholder patterns from
//! configuration (the caller tries those after [`placeholder_reason`]), and how many words a
//! rule wants.
//!
//! Both functions are pure, never panic, and run in linear time. The prompt, reference and bracket
//! shapes are read by hand, not by regexes: whylint runs as a commit-msg hook, a fresh process per
//! commit, and compiling regexes for them cost more than the whole check of a message.

use super::scan::{boundary, phrase_at, spaces, whole_phrase_at};
use super::words::{Lexicon, words};

/// The longest template prompt, in words.
const MAX_PROMPT_WORDS: usize = 30;

/// Why the text is not real content, or None when it is real content.
///
/// The text is split into paragraphs and list items; it is a placeholder only when every one of
/// them is (the reason given is the first one's). Markup is ignored: list bullets, checkboxes,
/// `>` quotes, surrounding quotes, backticks and emphasis, and HTML comments (where templates
/// keep their prompts).
pub fn placeholder_reason<'w>(text: &str, w: &'w Lexicon) -> Option<&'w str> {
    let (visible, had_comment) = strip_comments(text);
    let whole = visible.trim();
    if let Some(mark) = w.lists.placeholder_marks.iter().find(|e| e.word == whole) {
        return Some(&mark.reason);
    }
    let units = units(&visible);
    if units.is_empty() {
        return Some(if had_comment {
            "only a template comment"
        } else {
            "empty"
        });
    }
    let mut first = None;
    for unit in &units {
        let reason = unit_reason(w, unit)?;
        first.get_or_insert(reason);
    }
    first
}

/// Number of words of real content: words of at least one letter or digit; markup, bullets and
/// checkbox markers are not words, and a URL counts as one word.
///
/// A word is a whitespace-separated token holding a letter or digit, so a URL is one word and a
/// bullet, a `[ ]`/`[x]` checkbox, a `1.` list marker or a `##` heading marker is none. HTML
/// comments are not content.
pub fn content_words(text: &str) -> usize {
    let (visible, _) = strip_comments(text);
    let mut count = 0;
    for line in visible.lines() {
        let mut first = true;
        let mut tokens = line.split_whitespace().peekable();
        while let Some(token) = tokens.next() {
            let marker = first
                && (token.ends_with(['.', ')'])
                    && token.len() > 1
                    && token[..token.len() - 1].bytes().all(|b| b.is_ascii_digit()));
            let checkbox =
                matches!(token, "[x]" | "[X]") || (token == "[" && tokens.peek() == Some(&"]"));
            first = false;
            if marker || checkbox {
                continue;
            }
            if token.chars().any(char::is_alphanumeric) {
                count += 1;
            }
        }
    }
    count
}

/// Removes `<!-- … -->` comments (an unclosed one runs to the end, as GitHub renders it) and
/// says whether there were any.
fn strip_comments(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut had = false;
    while let Some(open) = rest.find("<!--") {
        had = true;
        out.push_str(&rest[..open]);
        let after = &rest[open + 4..];
        match after.find("-->") {
            Some(close) => {
                // Keep lines apart so a comment between paragraphs does not join them.
                if after[..close].contains('\n') {
                    out.push('\n');
                }
                rest = &after[close + 3..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    (out, had)
}

/// Paragraphs and list items, each as its lines' visible text joined by single spaces.
fn units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut open = false;
    for line in text.lines() {
        let (content, starts_item) = strip_line(line);
        if line.trim().is_empty() {
            if open {
                units.push(std::mem::take(&mut current));
                open = false;
            }
            continue;
        }
        if starts_item && open {
            units.push(std::mem::take(&mut current));
            open = false;
        }
        if content.is_empty() && !starts_item {
            // A line of markup only (`>`, `**`): nothing to add.
            continue;
        }
        if !current.is_empty() && !content.is_empty() {
            current.push(' ');
        }
        current.push_str(content);
        open = true;
    }
    if open {
        units.push(current);
    }
    units.retain(|unit| !unit.trim().is_empty());
    units
}

/// One line without list, quote and checkbox markers and without wrapping emphasis or quotes;
/// also whether the line starts a list item.
fn strip_line(line: &str) -> (&str, bool) {
    let mut rest = line.trim();
    let mut item = false;
    loop {
        let before = rest;
        rest = rest.trim_start_matches('>').trim_start();
        for bullet in ["- ", "* ", "+ ", "• "] {
            if let Some(after) = rest.strip_prefix(bullet) {
                rest = after.trim_start();
                item = true;
            }
        }
        if matches!(rest, "-" | "*" | "+" | "•") {
            rest = "";
            item = true;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
            && rest
                .as_bytes()
                .get(digits + 1)
                .is_none_or(u8::is_ascii_whitespace)
        {
            rest = rest[digits + 1..].trim_start();
            item = true;
        }
        for checkbox in ["[ ]", "[x]", "[X]"] {
            if let Some(after) = rest.strip_prefix(checkbox) {
                rest = after.trim_start();
                item = true;
            }
        }
        if rest.len() == before.len() {
            break;
        }
    }
    let rest = rest.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '*' | '_' | '~' | '"' | '\'' | '“' | '”' | '‘' | '’'
            )
    });
    (rest, item)
}

fn unit_reason<'w>(w: &'w Lexicon, unit: &str) -> Option<&'w str> {
    let core = unit.trim();
    if core.is_empty() {
        return Some("empty");
    }
    if let Some(mark) = w.lists.placeholder_marks.iter().find(|e| e.word == core) {
        return Some(&mark.reason);
    }
    // Before the punctuation test: a lone `#` is an unfilled reference, not just punctuation.
    if is_unfilled_reference(w, core) && !only_bracketed(core) {
        return Some("unfilled issue reference");
    }
    if !core.chars().any(char::is_alphanumeric) {
        return Some("only punctuation");
    }
    let lower = core.to_lowercase();
    let bare = lower.trim_end_matches(['.', '!', ':', ' ']);
    if let Some(entry) = w
        .lists
        .placeholder_words
        .iter()
        .find(|e| e.word.eq_ignore_ascii_case(bare))
    {
        return Some(&entry.reason);
    }
    if bare.len() >= 2 && bare.chars().all(|c| c == 'x') {
        return Some("placeholder `xxx`");
    }
    if bare.starts_with("lorem ipsum") {
        return Some("placeholder `lorem ipsum`");
    }
    if only_bracketed(core) && !links_something(core) {
        return Some("text in brackets only");
    }
    let question = question_key(core);
    if words(&w.lists.template_questions).any(|known| known == question)
        || w.rule_questions.contains(&question)
    {
        return Some("the template's question, not an answer");
    }
    if is_prompt(w, core) {
        return Some("template prompt");
    }
    None
}

/// `<https://…>` and `<ada@example.com>` are autolinks, which are content.
fn links_something(core: &str) -> bool {
    let lower = core.to_ascii_lowercase();
    lower.contains("://")
        || lower.contains("mailto:")
        || lower.contains('@')
        || lower.contains("www.")
}

/// How a question is compared: lower case, punctuation to spaces, whitespace collapsed. The
/// rule set adds every rule's `question:` to `template-questions` in this form.
pub fn question_key(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A single short sentence that tells the author what to write.
fn is_prompt(w: &Lexicon, core: &str) -> bool {
    if core.split_whitespace().count() > MAX_PROMPT_WORDS {
        return false;
    }
    // One sentence: no sentence end followed by more text ("e.g." and "i.e." excepted).
    let bytes = core.as_bytes();
    let several_sentences = bytes.iter().enumerate().any(|(i, b)| {
        let ends_sentence = matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace);
        let abbreviation = i >= 3
            && (bytes[i - 3..i].eq_ignore_ascii_case(b"e.g")
                || bytes[i - 3..i].eq_ignore_ascii_case(b"i.e"));
        ends_sentence && !abbreviation
    });
    if several_sentences {
        return false;
    }
    opens_with_prompt(w, core)
        || (words(&w.lists.maybe_prompt_openings)
            .any(|word| whole_phrase_at(core.as_bytes(), 0, word).is_some())
            && has_prompt_signal(w, core))
}

/// Whether `core` opens with words that only a prompt opens with: one of [`PROMPT_OPENINGS`], or
/// `please` and another word.
fn opens_with_prompt(w: &Lexicon, core: &str) -> bool {
    if let Some(end) = phrase_at(core.as_bytes(), 0, "please") {
        // `please` and a word. Ignoring case, a word character includes `ſ` and the Kelvin sign,
        // which are not ASCII, so the word must still end at an ASCII word boundary somewhere.
        let next = end + spaces(core.as_bytes(), end);
        let word = core[next..]
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | 'ſ' | '\u{212A}'))
            .map(|(i, c)| next + i + c.len_utf8());
        if next > end && word.into_iter().any(|end| boundary(core.as_bytes(), end)) {
            return true;
        }
    }
    words(&w.lists.prompt_openings)
        .any(|opening| whole_phrase_at(core.as_bytes(), 0, opening).is_some())
}

/// Whether a template signal ([`PROMPT_SIGNALS`]) appears anywhere in `text` as whole words.
fn has_prompt_signal(w: &Lexicon, text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|at| {
        // Signals start with an ASCII letter or with `ſ` (which matches `s` ignoring case).
        let starts_word = bytes[at].is_ascii_alphabetic() || bytes[at] == 0xC5;
        starts_word
            && boundary(bytes, at)
            && w.lists.prompt_signals.iter().any(|signal| {
                let rest = &signal.follow;
                let Some(end) = phrase_at(bytes, at, &signal.word) else {
                    return false;
                };
                if rest.is_empty() {
                    return boundary(bytes, end);
                }
                let next = end + spaces(text.as_bytes(), end);
                next > end
                    && rest
                        .iter()
                        .any(|more| whole_phrase_at(text.as_bytes(), next, more).is_some())
            })
    })
}

/// Whether `core` is an issue reference left unfilled: an optional keyword
/// ([`REFERENCE_KEYWORDS`], then an optional `:`), then nothing, `#` or `KEY-` with nothing or a
/// stand-in after it (`#XXX`, `# (issue)`, `JIRA-XXX`, `#<issue>`, `#___`), a template key
/// (`ABC-123`), or text in brackets.
fn is_unfilled_reference(w: &Lexicon, core: &str) -> bool {
    let after_keyword = words(&w.lists.reference_keywords).filter_map(|keyword| {
        let end = whole_phrase_at(core.as_bytes(), 0, keyword)?;
        let mut at = end + spaces(core.as_bytes(), end);
        if core.as_bytes().get(at) == Some(&b':') {
            at = (at + 1) + spaces(core.as_bytes(), at + 1);
        }
        Some(at)
    });
    std::iter::once(0)
        .chain(after_keyword)
        .any(|at| unfilled_from(w, core, at))
}

/// Whether `core[at..]` is nothing or one unfilled reference form, up to trailing whitespace.
fn unfilled_from(w: &Lexicon, core: &str, at: usize) -> bool {
    let Some(rest) = core.get(at..) else {
        return false;
    };
    let rest = rest.trim_end();
    if rest.is_empty() || in_brackets(rest, '<', '>') || in_brackets(rest, '[', ']') {
        return true;
    }
    // `ABC-123`, `JIRA-XXX`, `proj-nnn`.
    for key in words(&w.lists.template_keys) {
        if let Some(end) = phrase_at(rest.as_bytes(), 0, key)
            && let Some(number) = rest[end..].strip_prefix('-')
        {
            let all = |f: fn(&u8) -> bool| !number.is_empty() && number.bytes().all(|b| f(&b));
            if all(u8::is_ascii_digit)
                || all(|b| b.eq_ignore_ascii_case(&b'x'))
                || all(|b| b.eq_ignore_ascii_case(&b'n'))
            {
                return true;
            }
        }
    }
    // `#` or `KEY-`, then an optional stand-in.
    let marker_end = if rest.starts_with('#') {
        1
    } else {
        let letters = letters_ignoring_case(rest);
        if letters == 0 || rest.as_bytes().get(letters) != Some(&b'-') {
            return false;
        }
        letters + 1
    };
    let stand_in = rest[marker_end..].trim_start();
    stand_in.is_empty() || is_stand_in(stand_in)
}

/// What a template writes after `#` or `KEY-` instead of a number: `(issue)`, `(issue number)`,
/// `issue`, `XXX`, `NNN`, `000`, `...`, `number`, `<issue>`, `[link]`, `___`.
fn is_stand_in(text: &str) -> bool {
    let only = |c: char| !text.is_empty() && text.chars().all(|t| t.eq_ignore_ascii_case(&c));
    let whole = |word: &str| phrase_at(text.as_bytes(), 0, word) == Some(text.len());
    in_parentheses_issue(text)
        || whole("issues")
        || whole("issue")
        || only('x')
        || only('n')
        || only('0')
        || text == "..."
        || text == "…"
        || whole("number")
        || in_brackets(text, '<', '>')
        || in_brackets(text, '[', ']')
        || only('_')
}

/// `(issue)`, `(issues #)`, `( issue number )`, `(issue no.)`.
fn in_parentheses_issue(text: &str) -> bool {
    let Some(inner) = text
        .strip_prefix('(')
        .and_then(|inner| inner.strip_suffix(')'))
    else {
        return false;
    };
    let inner = inner.trim_start();
    let Some(mut at) = phrase_at(inner.as_bytes(), 0, "issue") else {
        return false;
    };
    if let Some(end) = phrase_at(inner.as_bytes(), at, "s") {
        at = end;
    }
    let rest = inner[at..].trim();
    rest.is_empty()
        || ["number", "no.", "no", "#"]
            .iter()
            .any(|word| phrase_at(rest.as_bytes(), 0, word) == Some(rest.len()))
}

/// Whether all of `text` is `open`, then anything but `close`, then `close`.
fn in_brackets(text: &str, open: char, close: char) -> bool {
    text.strip_prefix(open)
        .and_then(|inner| inner.strip_suffix(close))
        .is_some_and(|inner| !inner.contains(close))
}

/// Length of the run of letters at the start of `text`, ignoring case (so `ſ` and the Kelvin
/// sign count, as they do for a case-insensitive `[a-z]`).
fn letters_ignoring_case(text: &str) -> usize {
    text.char_indices()
        .find(|(_, c)| !(c.is_ascii_alphabetic() || matches!(c, 'ſ' | '\u{212A}')))
        .map_or(text.len(), |(i, _)| i)
}

/// Whether the whole text is bracketed template text: `<describe the problem>`,
/// `[link to ticket]`, `{{ metric }}`, one or more, separated by whitespace.
fn only_bracketed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut items = 0;
    loop {
        at = at + spaces(text.as_bytes(), at);
        let Some(&open) = bytes.get(at) else {
            return items > 0;
        };
        let (close, other) = match open {
            b'<' => (b'>', b'<'),
            b'[' => (b']', b'['),
            b'{' => (b'}', b'{'),
            _ => return false,
        };
        at += 1;
        if open == b'{' && bytes.get(at) == Some(&b'{') {
            at += 1;
        }
        // The item ends at the first bracket of its kind, which must close it.
        let Some(offset) = bytes[at..].iter().position(|b| *b == close || *b == other) else {
            return false;
        };
        at += offset;
        if bytes[at] != close {
            return false;
        }
        at += 1;
        if open == b'{' && bytes.get(at) == Some(&b'}') {
            at += 1;
        }
        items += 1;
    }
}

pub mod scaffold;

#[cfg(test)]
mod tests;
