//! The structure of a text that decides what a reference means: trailer and `Bug:` lines, code
//! spans and fenced blocks, and the characters around a match.

use super::*;

/// What a line is, as far as references care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineRole {
    /// Ordinary text.
    Plain,
    /// A reference trailer (`Refs:`, `Closes:` …): its URLs count. `link` marks `Link:`.
    Trailer { link: bool },
    /// A `Bug:`/`Issue:`/`BUG=` line: its bare numbers are bug ids; its URLs count.
    Bug { value: usize },
    /// A kernel `Fixes: <commit> ("subject")` line: it names a commit, and the quoted subject
    /// belongs to that commit, so nothing on it is a reference.
    KernelFixes,
}

/// A line that is not plain text, with its role. Only these are kept: a text of millions of
/// short lines needs no per-line storage.
#[derive(Debug, Clone)]
pub(super) struct SpecialLine {
    /// The line's text, without its `\n`/`\r\n`.
    pub(super) span: Range<usize>,
    pub(super) role: LineRole,
}

/// The lines of `text` as byte ranges, without their `\n`/`\r\n`.
pub(super) fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let newline = text.get(from..)?.find('\n').map(|i| from + i);
        let mut end = newline.unwrap_or(text.len());
        if text.get(from..end).is_some_and(|line| line.ends_with('\r')) {
            end -= 1;
        }
        start = newline.map(|i| i + 1);
        Some(from..end)
    })
}

pub(super) fn special_lines(w: &Lexicon, text: &str) -> Vec<SpecialLine> {
    lines(text)
        .filter_map(|span| {
            let role = line_role(w, &text[span.clone()], span.start);
            (role != LineRole::Plain).then_some(SpecialLine { span, role })
        })
        .collect()
}

/// The role of the line holding byte `pos`.
pub(super) fn role_at(special: &[SpecialLine], pos: usize) -> LineRole {
    let index = special.partition_point(|line| line.span.start <= pos);
    match index.checked_sub(1).and_then(|i| special.get(i)) {
        Some(line) if pos <= line.span.end => line.role,
        _ => LineRole::Plain,
    }
}

/// Reads `Key: value` / `BUG=value` by hand: a regex per line would cost more than the line.
pub(super) fn line_role(w: &Lexicon, line: &str, offset: usize) -> LineRole {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let key_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if key_len == 0 || key_len > 32 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return LineRole::Plain;
    }
    let key = &rest[..key_len];
    let after_key = &rest[key_len..];
    let spaces = after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    let separator = after_key.as_bytes().get(spaces).copied();
    let value_at = indent + key_len + spaces + 1;
    let value = line.get(value_at..).unwrap_or("");
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    match separator {
        Some(b'=') if is("bug") => LineRole::Bug {
            value: offset + value_at,
        },
        Some(b':') if is("fixes") && starts_with_commit_id(value) => LineRole::KernelFixes,
        Some(b':') if is("bug") || is("bugs") || is("issue") => LineRole::Bug {
            value: offset + value_at,
        },
        Some(b':') if words(&w.lists.ref_trailer_keys).any(is) => LineRole::Trailer {
            link: is("link") || is("links"),
        },
        _ => LineRole::Plain,
    }
}

/// `1234abcdef12 ("mm: fix foo")`: 7–40 hex digits, then the end, a space or a parenthesis.
pub(super) fn starts_with_commit_id(value: &str) -> bool {
    let value = value.trim_start();
    let hex = value.bytes().take_while(u8::is_ascii_hexdigit).count();
    (7..=40).contains(&hex) && matches!(value.as_bytes().get(hex), None | Some(b' ' | b'\t' | b'('))
}

/// Byte ranges quoted as code: fenced blocks (```` ``` ````/`~~~`) and inline backtick spans.
/// Inline spans are matched within one line, which keeps a stray backtick from swallowing the
/// rest of the message; CommonMark would let them run on inside a paragraph.
pub(super) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None;
    for line in lines(text) {
        let content = &text[line.clone()];
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        let run_of = |c: u8| trimmed.bytes().take_while(|b| *b == c).count();
        if let Some((mark, len, start)) = fence {
            let run = run_of(mark);
            if indent <= 3 && run >= len && trimmed[run..].trim().is_empty() {
                ranges.push(start..line.end);
                fence = None;
            }
            continue;
        }
        if indent <= 3 {
            let mark = match trimmed.as_bytes().first() {
                Some(b'`') => Some(b'`'),
                Some(b'~') => Some(b'~'),
                _ => None,
            };
            if let Some(mark) = mark {
                let run = run_of(mark);
                if run >= 3 && !(mark == b'`' && trimmed[run..].contains('`')) {
                    fence = Some((mark, run, line.start));
                    continue;
                }
            }
        }
        inline_code(text, line, &mut ranges);
    }
    if let Some((_, _, start)) = fence {
        // An unclosed fence runs to the end of the document, as in CommonMark.
        ranges.push(start..text.len());
    }
    ranges
}

pub(super) fn inline_code(text: &str, line: Range<usize>, ranges: &mut Vec<Range<usize>>) {
    let bytes = &text.as_bytes()[line.clone()];
    if !bytes.contains(&b'`') {
        return;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = bytes[i..].iter().take_while(|b| **b == b'`').count();
            runs.push((line.start + i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    // The next run of the same length closes a span; found right to left in one pass so that
    // many unmatched openers cannot make this quadratic.
    let mut next_same = vec![usize::MAX; runs.len()];
    let mut last_of_len: HashMap<usize, usize> = HashMap::new();
    for (index, (_, len)) in runs.iter().enumerate().rev() {
        if let Some(next) = last_of_len.insert(*len, index) {
            next_same[index] = next;
        }
    }
    let mut index = 0;
    while index < runs.len() {
        let closer = next_same[index];
        if closer == usize::MAX {
            index += 1;
        } else {
            let (open, _) = runs[index];
            let (close, close_len) = runs[closer];
            ranges.push(open..close + close_len);
            index = closer + 1;
        }
    }
}

/// Whether `pos` lies inside one of the sorted, disjoint `ranges`.
pub(super) fn in_ranges(ranges: &[Range<usize>], pos: usize) -> bool {
    let index = ranges.partition_point(|range| range.end <= pos);
    ranges.get(index).is_some_and(|range| range.start <= pos)
}

/// Whether `span` overlaps one of the sorted, disjoint `ranges`.
pub(super) fn overlaps_any(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let index = ranges.partition_point(|range| range.end <= span.start);
    ranges
        .get(index)
        .is_some_and(|range| range.start < span.end)
}

pub(super) fn prev_char(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)
        .and_then(|before| before.chars().next_back())
}

pub(super) fn next_char(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|after| after.chars().next())
}

pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Drops trailing sentence punctuation and Markdown emphasis from a URL match.
pub(super) fn trim_url(text: &str, span: Range<usize>) -> Range<usize> {
    let url = &text[span.clone()];
    let kept = url.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' | '~' | '…' | '»' | '”' | '’'
        )
    });
    span.start..span.start + kept.len()
}
