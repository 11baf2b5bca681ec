//! Parsing commit-message text the way git does.
//!
//! This module owns the step from message *text* to structure: which lines
//! git would keep (`--cleanup=strip`, comment lines, the scissors line of
//! `git commit -v`, `core.commentChar=auto`), and how git would read what is
//! left (subject, body, trailer block as `git interpret-trailers` sees it) plus
//! the "labelled paragraphs" (`Problem:`, `Success metric:` ...) the rules
//! look for.
//!
//! It leaves to others: reading `.git/COMMIT_EDITMSG` or commit objects (I/O),
//! decoding bytes into UTF-8, reading git config to choose a [`CommentStyle`],
//! and deciding whether a message is good (the rules).
//!
//! Every function is pure, linear in the size of its input, and total: any
//! `&str` (empty, huge, odd line endings, multibyte text) yields a result.

use std::ops::Range;

/// What `git commit -v` writes (after the comment prefix) above the diff.
const CUT_LINE: &str = " ------------------------ >8 ------------------------";

/// The characters `core.commentChar=auto` tries, in git's order.
const AUTO_CANDIDATES: [char; 10] = ['#', ';', '@', '!', '$', '%', '^', '&', '|', ':'];

/// Openings of the comment git writes into the editor file (after the
/// prefix): the first is `git commit`'s, the second the one for merges.
const TEMPLATE_OPENINGS: [&str; 2] = [
    " Please enter the commit message",
    " Please enter a commit message",
];

/// Lines git itself appends; one of them lets a mixed paragraph count as a
/// trailer block.
const GIT_GENERATED: [&str; 2] = ["Signed-off-by:", "(cherry picked from commit "];

/// More words than this is a sentence that happens to contain a colon.
const MAX_LABEL_WORDS: usize = 4;

/// How git marks comment lines (core.commentChar / core.commentString).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentStyle {
    /// A fixed prefix: "#" (git's default), ";" or a multi-character string such as "//".
    Prefix(String),
    /// `core.commentChar=auto`: git picked a character itself; see `resolve_auto`.
    Auto,
    /// No comment lines at all (a message read from a commit object, or `--cleanup=verbatim`).
    Verbatim,
}

/// One line of the input, without its terminator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the original input (before any line was dropped).
    pub number: usize,
    /// The line text, with trailing whitespace removed.
    pub text: &'a str,
    /// Byte range of `text` in the original input.
    pub span: Range<usize>,
}

/// One `Key: value` line (with its continuation lines) of the trailer block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// The key as written, e.g. "Signed-off-by", "Refs" (without the colon).
    pub key: String,
    /// The value with continuation lines joined by a single space, trimmed.
    pub value: String,
    /// Line number (original input) of the line holding the key.
    pub line: usize,
    /// Byte range in the original input from the key to the end of the last continuation line.
    pub span: Range<usize>,
}

/// A paragraph in the body introduced by a label such as `Problem:` / `Why:` /
/// `Success metric:` that is NOT in the trailer block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// The label as written, without the colon, trimmed, e.g. "Success metric".
    pub label: String,
    /// The text after the colon plus the following lines of the paragraph
    /// (until a blank line or the next label line), joined with '\n', trimmed.
    pub text: String,
    /// Original line number of the label line.
    pub line: usize,
}

/// A commit message split the way git reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// The first paragraph joined with single spaces (git's %s). Empty when the message is empty.
    pub subject: String,
    /// Original line number of the first subject line (0 when empty).
    pub subject_line: usize,
    /// Lines after the subject paragraph, excluding the trailer block (blank lines kept as
    /// empty-text lines). Blank lines at either end of the body are not included.
    pub body: Vec<Line<'a>>,
    /// The trailer block, parsed (empty when there is none).
    pub trailers: Vec<Trailer>,
    /// Labelled paragraphs found in `body` (not in the trailer block).
    pub labelled: Vec<Labelled>,
}

impl Message<'_> {
    /// The body as one string ('\n'-joined), trailers excluded.
    #[must_use]
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.body.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line.text);
        }
        out
    }

    /// All trailers whose key equals `key` ignoring ASCII case.
    pub fn trailers_named<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s Trailer> + 's {
        self.trailers
            .iter()
            .filter(move |t| t.key.eq_ignore_ascii_case(key))
    }
}

/// Git's `isspace` for the purposes here: only space and tab can occur inside
/// a line (CR and LF end lines), and git does not treat Unicode spaces as blank.
fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn trim_end_space(s: &str) -> &str {
    s.trim_end_matches(is_space)
}

fn trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
}

fn is_blank(text: &str) -> bool {
    trim_space(text).is_empty()
}

/// The raw lines of `input`: (1-based number, byte offset, text without terminator).
///
/// "\r\n", "\n" and a lone "\r" each end a line, so files from Windows or old
/// Mac editors number their lines like the user sees them. A leading BOM is
/// skipped but still counted in offsets, so spans index the original input.
struct RawLines<'a> {
    input: &'a str,
    pos: usize,
    number: usize,
}

fn raw_lines(input: &str) -> RawLines<'_> {
    let pos = if input.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    RawLines {
        input,
        pos,
        number: 0,
    }
}

impl<'a> Iterator for RawLines<'a> {
    type Item = (usize, usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.input.as_bytes();
        let start = self.pos;
        let rest = bytes.get(start..).filter(|r| !r.is_empty())?;
        // CR and LF are ASCII, so every position found here is a char boundary.
        let (end, next) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let end = start + i;
                let crlf = bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n');
                (end, end + if crlf { 2 } else { 1 })
            }
            None => (bytes.len(), bytes.len()),
        };
        self.pos = next;
        self.number += 1;
        Some((self.number, start, self.input.get(start..end).unwrap_or("")))
    }
}

/// Returns the comment prefix git used when `core.commentChar=auto`.
///
/// Git picks the first of `#;@!$%^&|:` that starts no line of the message,
/// but the hook sees the file *after* git wrote its comments with that
/// character, so the comments themselves are the best evidence: a line
/// `c Please enter the commit message...` or `c ------------------------ >8 ...`
/// names `c` directly. Without such a line, the first candidate that starts
/// no line wins; if all are taken, "#" (git would have refused to commit).
#[must_use]
pub fn resolve_auto(input: &str) -> String {
    let mut used = [false; AUTO_CANDIDATES.len()];
    let mut written_by_git = [false; AUTO_CANDIDATES.len()];
    for (_, _, raw) in raw_lines(input) {
        let Some(first) = raw.chars().next() else {
            continue;
        };
        let Some(i) = AUTO_CANDIDATES.iter().position(|&c| c == first) else {
            continue;
        };
        used[i] = true;
        let rest = raw.get(first.len_utf8()..).unwrap_or("");
        if TEMPLATE_OPENINGS.iter().any(|o| rest.starts_with(o)) || trim_end_space(rest) == CUT_LINE
        {
            written_by_git[i] = true;
        }
    }
    let pick = written_by_git
        .iter()
        .position(|&w| w)
        .or_else(|| used.iter().position(|&u| !u))
        .and_then(|i| AUTO_CANDIDATES.get(i))
        .copied()
        .unwrap_or('#');
    pick.to_string()
}

/// The lines git would keep: see rules below.
///
/// Follows `git commit`'s default `--cleanup=strip` plus the scissors line of
/// `git commit -v`:
/// - with a comment prefix P, the line `P ------------------------ >8 ------------------------`
///   (trailing whitespace ignored) and everything after it are dropped;
/// - any other line starting with P is dropped (git tests the raw line, so an
///   indented `  # x` is kept);
/// - trailing whitespace is removed, runs of blank lines become one blank
///   line, and blank lines at the start and end are dropped.
///
/// `Verbatim` only disables comments and scissors; whitespace is still
/// normalised so every [`Line`] has the same shape. An empty `Prefix` is
/// treated as `Verbatim` (git rejects an empty comment string, and "starts
/// with nothing" would otherwise drop every line).
#[must_use]
pub fn clean<'a>(input: &'a str, comment: &CommentStyle) -> Vec<Line<'a>> {
    let prefix = match comment {
        CommentStyle::Prefix(p) if !p.is_empty() => Some(p.clone()),
        CommentStyle::Prefix(_) | CommentStyle::Verbatim => None,
        CommentStyle::Auto => Some(resolve_auto(input)),
    };
    let scissors = prefix.as_ref().map(|p| format!("{p}{CUT_LINE}"));
    let mut out: Vec<Line<'a>> = Vec::new();
    // A blank line is only emitted once a non-blank line follows it, which
    // collapses runs and drops trailing blanks in one pass.
    let mut pending_blank: Option<Line<'a>> = None;
    for (number, start, raw) in raw_lines(input) {
        if let Some(p) = &prefix
            && raw.starts_with(p.as_str())
        {
            if scissors.as_deref() == Some(trim_end_space(raw)) {
                break;
            }
            continue;
        }
        let text = trim_end_space(raw);
        let line = Line {
            number,
            text,
            span: start..start + text.len(),
        };
        if text.is_empty() {
            if !out.is_empty() && pending_blank.is_none() {
                pending_blank = Some(line);
            }
        } else {
            out.extend(pending_blank.take());
            out.push(line);
        }
    }
    out
}

/// The part of `input` above git's scissors line (`P ------------------------ >8 ---…`, with
/// the comment prefix P), which git cuts off even when it keeps other comment lines
/// (`--cleanup=scissors` with an editor). All of `input` when there is no such line or no prefix.
#[must_use]
pub fn cut_at_scissors<'a>(input: &'a str, comment: &CommentStyle) -> &'a str {
    let prefix = match comment {
        CommentStyle::Prefix(p) if !p.is_empty() => p.clone(),
        CommentStyle::Prefix(_) | CommentStyle::Verbatim => return input,
        CommentStyle::Auto => resolve_auto(input),
    };
    let scissors = format!("{prefix}{CUT_LINE}");
    raw_lines(input)
        .find(|(_, _, raw)| trim_end_space(raw) == scissors)
        .and_then(|(_, start, _)| input.get(..start))
        .unwrap_or(input)
}

/// Convenience: [`clean`] then [`parse`].
#[must_use]
pub fn parse_message<'a>(input: &'a str, comment: &CommentStyle) -> Message<'a> {
    parse(&clean(input, comment))
}

/// Splits cleaned lines into subject, body, trailers and labelled paragraphs.
///
/// Accepts any lines, not only [`clean`]'s output: blank or whitespace-only
/// lines separate paragraphs, and leading blank lines are skipped.
#[must_use]
pub fn parse<'a>(lines: &[Line<'a>]) -> Message<'a> {
    let paragraphs = paragraphs(lines);
    let Some(first) = paragraphs.first() else {
        return Message {
            subject: String::new(),
            subject_line: 0,
            body: Vec::new(),
            trailers: Vec::new(),
            labelled: Vec::new(),
        };
    };
    let subject_lines = lines.get(first.clone()).unwrap_or(&[]);
    let subject = subject_lines
        .iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join(" ");
    let subject_line = subject_lines.first().map_or(0, |l| l.number);

    // Git never takes trailers from the title paragraph, so a one-paragraph
    // message like "Refs: #1" is all subject.
    let mut body_end = lines.len();
    let mut trailers = Vec::new();
    if paragraphs.len() >= 2
        && let Some(last) = paragraphs.last()
        && let Some(found) = trailer_block(lines.get(last.clone()).unwrap_or(&[]))
    {
        trailers = found;
        body_end = last.start;
    }

    let mut body: &[Line<'a>] = lines.get(first.end..body_end).unwrap_or(&[]);
    while let [head, rest @ ..] = body
        && is_blank(head.text)
    {
        body = rest;
    }
    while let [rest @ .., tail] = body
        && is_blank(tail.text)
    {
        body = rest;
    }

    Message {
        subject,
        subject_line,
        labelled: labelled(body),
        body: body.to_vec(),
        trailers,
    }
}

/// Index ranges of the runs of non-blank lines.
fn paragraphs(lines: &[Line<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        match (is_blank(line.text), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..lines.len());
    }
    out
}

/// Where a trailer's key ends and its colon sits, following git's
/// `find_separator`: `[A-Za-z0-9-]+`, optional spaces/tabs, then ':'.
/// `https://...` is rejected: a URL at line start is prose, not a trailer.
fn find_separator(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let key_end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or(bytes.len());
    if key_end == 0 {
        return None;
    }
    let colon = key_end
        + bytes
            .get(key_end..)?
            .iter()
            .position(|&b| b != b' ' && b != b'\t')?;
    if bytes.get(colon) != Some(&b':') || bytes.get(colon + 1..)?.starts_with(b"//") {
        return None;
    }
    Some((key_end, colon))
}

fn starts_with_space(text: &str) -> bool {
    text.starts_with(is_space)
}

/// Parses `para` (the last paragraph) as a trailer block, or returns `None`
/// when git would not treat it as one. [`parse`] calls it on the last
/// paragraph; it is public so it can be fuzzed on its own (`fuzz/`).
///
/// Counting follows git's `find_trailer_block_start`: indented lines belong to
/// the line above; they are neutral after a trailer and count as prose
/// otherwise. The block qualifies when it has trailers and no prose, or when a
/// git-generated line is present and trailers are at least 25% of the counted
/// lines (git's `trailer_lines * 3 >= non_trailer_lines`).
pub fn trailer_block(para: &[Line<'_>]) -> Option<Vec<Trailer>> {
    let mut trailer_lines = 0usize;
    let mut prose_lines = 0usize;
    let mut git_generated = false;
    let mut after_trailer = false;
    for line in para {
        let text = line.text;
        if starts_with_space(text) {
            if !after_trailer {
                prose_lines += 1;
            }
        } else if GIT_GENERATED.iter().any(|g| text.starts_with(g)) {
            trailer_lines += 1;
            git_generated = true;
            after_trailer = true;
        } else if find_separator(text).is_some() {
            trailer_lines += 1;
            after_trailer = true;
        } else {
            prose_lines += 1;
            after_trailer = false;
        }
    }
    let all_trailers = trailer_lines > 0 && prose_lines == 0;
    let mostly_git = git_generated && trailer_lines.saturating_mul(3) >= prose_lines;
    if !(all_trailers || mostly_git) {
        return None;
    }

    let mut out: Vec<Trailer> = Vec::new();
    // The trailer that indented lines currently continue, if any.
    let mut open: Option<Trailer> = None;
    for line in para {
        let text = line.text;
        if starts_with_space(text) {
            if let Some(t) = open.as_mut() {
                let piece = trim_space(text);
                if !piece.is_empty() {
                    if !t.value.is_empty() {
                        t.value.push(' ');
                    }
                    t.value.push_str(piece);
                }
                t.span.end = line.span.end;
            }
            continue;
        }
        out.extend(open.take());
        if let Some((key_end, colon)) = find_separator(text) {
            open = Some(Trailer {
                key: text.get(..key_end).unwrap_or("").to_string(),
                value: trim_space(text.get(colon + 1..).unwrap_or("")).to_string(),
                line: line.number,
                span: line.span.clone(),
            });
        }
    }
    out.extend(open);
    Some(out)
}

/// If `text` is a label line, returns (label, text after the colon).
///
/// A label is 1 to 4 words of ASCII letters and hyphens starting the line
/// with a letter, optionally ending in '?', then ':' and either the end of
/// the line or whitespace. Requiring whitespace after the colon keeps URLs
/// (`http://...`) out, and requiring a leading letter keeps times (`10:30`),
/// list items and indented code out.
fn label_of(text: &str) -> Option<(&str, &str)> {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let colon = text.find(':')?;
    let after = text.get(colon + 1..)?;
    if !(after.is_empty() || starts_with_space(after)) {
        return None;
    }
    let label = trim_end_space(text.get(..colon)?);
    let words_part = label.strip_suffix('?').unwrap_or(label);
    let mut words = 0usize;
    for word in words_part.split(' ').filter(|w| !w.is_empty()) {
        let letters_and_hyphens = word.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        if !letters_and_hyphens || !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        words += 1;
        if words > MAX_LABEL_WORDS {
            return None;
        }
    }
    (words >= 1).then(|| (label, trim_space(after)))
}

/// Labelled paragraphs of `body`.
fn labelled(body: &[Line<'_>]) -> Vec<Labelled> {
    fn finish(out: &mut Vec<Labelled>, open: Option<(String, usize, Vec<&str>)>) {
        if let Some((label, line, parts)) = open {
            out.push(Labelled {
                label,
                text: parts.join("\n").trim().to_string(),
                line,
            });
        }
    }

    let mut out = Vec::new();
    let mut open: Option<(String, usize, Vec<&str>)> = None;
    for line in body {
        if is_blank(line.text) {
            finish(&mut out, open.take());
        } else if let Some((label, rest)) = label_of(line.text) {
            finish(&mut out, open.take());
            open = Some((label.to_string(), line.number, vec![rest]));
        } else if let Some((_, _, parts)) = open.as_mut() {
            parts.push(line.text);
        }
    }
    finish(&mut out, open);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash() -> CommentStyle {
        CommentStyle::Prefix("#".to_string())
    }

    fn texts<'a>(lines: &[Line<'a>]) -> Vec<&'a str> {
        lines.iter().map(|l| l.text).collect()
    }

    fn numbers(lines: &[Line<'_>]) -> Vec<usize> {
        lines.iter().map(|l| l.number).collect()
    }

    fn keys_values(m: &Message<'_>) -> Vec<(String, String)> {
        m.trailers
            .iter()
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect()
    }

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Every span must slice the input at char boundaries and give back the text.
    fn assert_spans(input: &str, lines: &[Line<'_>], m: &Message<'_>) {
        for l in lines.iter().chain(&m.body) {
            assert_eq!(input.get(l.span.clone()), Some(l.text), "line {}", l.number);
        }
        for t in &m.trailers {
            let slice = input
                .get(t.span.clone())
                .expect("trailer span on boundaries");
            assert!(slice.starts_with(&t.key), "{slice:?} vs {}", t.key);
        }
    }

    const GIT_TEMPLATE: &str = "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n# Changes to be committed:\n#\tmodified:   src/lib.rs\n#\n";

    #[test]
    fn git_template_for_commit_msg_hook() {
        let input = format!(
            "Fix crash when exporting empty invoice list\n\nProblem: exporting an empty list panics.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n{GIT_TEMPLATE}"
        );
        let lines = clean(&input, &hash());
        assert_eq!(
            texts(&lines),
            [
                "Fix crash when exporting empty invoice list",
                "",
                "Problem: exporting an empty list panics.",
                "",
                "Signed-off-by: Ada Lovelace <ada@example.com>",
            ]
        );
        assert_eq!(numbers(&lines), [1, 2, 3, 4, 5]);
        let m = parse(&lines);
        assert_eq!(m.subject, "Fix crash when exporting empty invoice list");
        assert_eq!(m.subject_line, 1);
        assert_eq!(m.body_text(), "Problem: exporting an empty list panics.");
        assert_eq!(
            keys_values(&m),
            kv(&[("Signed-off-by", "Ada Lovelace <ada@example.com>")])
        );
        assert_eq!(m.trailers[0].line, 5);
        assert_eq!(
            m.labelled,
            [Labelled {
                label: "Problem".into(),
                text: "exporting an empty list panics.".into(),
                line: 3
            }]
        );
        assert_spans(&input, &lines, &m);
    }

    #[test]
    fn verbose_scissors_drops_diff() {
        let input = "Add CSV export for invoices\n\nRefs: #12\n\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\n# Everything below it will be ignored.\ndiff --git a/src/lib.rs b/src/lib.rs\nindex 83db48f..bf269f4 100644\n--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,3 +1,5 @@\n+Refs: #99\n #not a comment\n+#not a comment\n";
        let lines = clean(input, &hash());
        assert_eq!(
            texts(&lines),
            ["Add CSV export for invoices", "", "Refs: #12"]
        );
        let m = parse(&lines);
        assert_eq!(keys_values(&m), kv(&[("Refs", "#12")]));
        assert_eq!(m.trailers[0].line, 3);
        assert!(m.body.is_empty());

        // Trailing whitespace after the scissors line still counts as scissors.
        let padded = "Subject\n# ------------------------ >8 ------------------------  \r\nafter\n";
        assert_eq!(texts(&clean(padded, &hash())), ["Subject"]);
        // A near miss is just a comment line; what follows survives.
        let near = "Subject\n#------------------------ >8 ------------------------\n\nafter\n";
        assert_eq!(texts(&clean(near, &hash())), ["Subject", "", "after"]);
        // Verbatim has no scissors: the line is kept as text.
        let kept = clean(padded, &CommentStyle::Verbatim);
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2].text, "after");
    }

    #[test]
    fn scissors_cut_keeps_comment_lines_above() {
        let input =
            "#42 Fix crash\n# kept\n# ------------------------ >8 ------------------------\ndiff\n";
        assert_eq!(cut_at_scissors(input, &hash()), "#42 Fix crash\n# kept\n");
        assert_eq!(cut_at_scissors(input, &CommentStyle::Verbatim), input);
        assert_eq!(cut_at_scissors("no cut\n", &hash()), "no cut\n");
    }

    #[test]
    fn comment_char_semicolon_keeps_hash_lines() {
        let input = "Handle empty list in export\n\n#12 fixes the crash when the list is empty.\n\n; Please enter the commit message for your changes. Lines starting\n; with ';' will be ignored, and an empty message aborts the commit.\n; comment\n;\n";
        let lines = clean(input, &CommentStyle::Prefix(";".into()));
        assert_eq!(
            texts(&lines),
            [
                "Handle empty list in export",
                "",
                "#12 fixes the crash when the list is empty."
            ]
        );
        assert_eq!(numbers(&lines), [1, 2, 3]);
        let m = parse(&lines);
        assert_eq!(m.body_text(), "#12 fixes the crash when the list is empty.");
        assert!(m.trailers.is_empty());
    }

    #[test]
    fn multi_character_comment_string() {
        let input = "Subject line\n\n// comment from git\nBody line\n/ single slash stays\n  // indented stays\n// ------------------------ >8 ------------------------\nafter scissors\n";
        let lines = clean(input, &CommentStyle::Prefix("//".into()));
        assert_eq!(
            texts(&lines),
            [
                "Subject line",
                "",
                "Body line",
                "/ single slash stays",
                "  // indented stays"
            ]
        );
        assert_eq!(numbers(&lines), [1, 2, 4, 5, 6]);
    }

    #[test]
    fn auto_comment_char() {
        let input = "Fix #12 crash\n\n#12 was caused by an unchecked index.\n\n; Please enter the commit message for your changes. Lines starting\n; with ';' will be ignored, and an empty message aborts the commit.\n;\n; On branch main\n";
        assert_eq!(resolve_auto(input), ";");
        let lines = clean(input, &CommentStyle::Auto);
        assert_eq!(
            texts(&lines),
            ["Fix #12 crash", "", "#12 was caused by an unchecked index."]
        );
        // Scissors alone identifies the character too.
        let v = "Msg\n@ ------------------------ >8 ------------------------\ndiff\n";
        assert_eq!(resolve_auto(v), "@");
        assert_eq!(texts(&clean(v, &CommentStyle::Auto)), ["Msg"]);
        // Without git's own comments: first candidate starting no line.
        assert_eq!(resolve_auto("#1\n;2\nplain\n"), "@");
        assert_eq!(resolve_auto("plain message"), "#");
        assert_eq!(resolve_auto(""), "#");
        assert_eq!(resolve_auto("#\n;\n@\n!\n$\n%\n^\n&\n|\n:\n"), "#");
        // Earlier candidate with git's comment wins even if used elsewhere.
        assert_eq!(resolve_auto("#1\n# Please enter the commit message\n"), "#");
    }

    #[test]
    fn crlf_lone_cr_and_bom_match_lf() {
        let lf = "Add export\n\nBody text here.\n\nRefs: #42\nSigned-off-by: A U Thor <a@example.com>\n# comment\n";
        let want = parse(&clean(lf, &hash()));
        assert_eq!(want.subject, "Add export");
        assert_eq!(
            keys_values(&want),
            kv(&[
                ("Refs", "#42"),
                ("Signed-off-by", "A U Thor <a@example.com>")
            ])
        );
        let crlf = lf.replace('\n', "\r\n");
        let cr = lf.replace('\n', "\r");
        let bom = format!("\u{FEFF}{lf}");
        let bom_crlf = format!("\u{FEFF}{crlf}");
        let mixed = "Add export\r\n\rBody text here.\n\r\nRefs: #42\rSigned-off-by: A U Thor <a@example.com>\r\n# comment";
        for input in [crlf.as_str(), cr.as_str(), &bom, &bom_crlf, mixed] {
            let lines = clean(input, &hash());
            let m = parse(&lines);
            assert_eq!(m.subject, want.subject, "{input:?}");
            assert_eq!(m.subject_line, 1);
            assert_eq!(keys_values(&m), keys_values(&want), "{input:?}");
            assert_eq!(m.body_text(), "Body text here.");
            assert_eq!(numbers(&lines), [1, 2, 3, 4, 5, 6]);
            assert!(lines.iter().all(|l| !l.text.contains('\r')));
            assert_spans(input, &lines, &m);
        }
        let lines = clean(&bom, &hash());
        assert_eq!(lines[0].span, 3..13);
    }

    #[test]
    fn trailers_signed_off_and_co_authored() {
        let input = "Speed up invoice export\n\nStream rows instead of buffering them.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\nCo-authored-by: Grace Hopper <grace@example.com>\nsigned-off-by: lower case <lc@example.com>\n";
        let lines = clean(input, &hash());
        let m = parse(&lines);
        assert_eq!(
            keys_values(&m),
            kv(&[
                ("Signed-off-by", "Ada Lovelace <ada@example.com>"),
                ("Co-authored-by", "Grace Hopper <grace@example.com>"),
                ("signed-off-by", "lower case <lc@example.com>"),
            ])
        );
        assert_eq!(
            m.trailers.iter().map(|t| t.line).collect::<Vec<_>>(),
            [5, 6, 7]
        );
        assert_eq!(m.trailers_named("SIGNED-OFF-BY").count(), 2);
        assert_eq!(m.trailers_named("co-authored-by").count(), 1);
        assert_eq!(m.trailers_named("Refs").count(), 0);
        assert_eq!(m.body_text(), "Stream rows instead of buffering them.");
        assert_spans(input, &lines, &m);
        assert_eq!(
            &input[m.trailers[0].span.clone()],
            "Signed-off-by: Ada Lovelace <ada@example.com>"
        );
    }

    #[test]
    fn trailer_continuation_lines() {
        let input = "Fix export\n\nReviewed-by: Someone\n  With A Long Name <x@example.com>\n\tand a tab line\nRefs:\n  #42\nAcked-by : Key With Space Before Colon\nEmpty:\n";
        let lines = clean(input, &hash());
        let m = parse(&lines);
        assert_eq!(
            keys_values(&m),
            kv(&[
                (
                    "Reviewed-by",
                    "Someone With A Long Name <x@example.com> and a tab line"
                ),
                ("Refs", "#42"),
                ("Acked-by", "Key With Space Before Colon"),
                ("Empty", ""),
            ])
        );
        assert_eq!(m.trailers[0].line, 3);
        assert_eq!(
            &input[m.trailers[0].span.clone()],
            "Reviewed-by: Someone\n  With A Long Name <x@example.com>\n\tand a tab line"
        );
        assert_eq!(m.trailers[1].line, 6);
        assert!(m.body.is_empty());
    }

    #[test]
    fn mixed_block_with_cherry_pick() {
        let input = "Fix export on empty list\n\nBody paragraph.\n\nBackported for the 2.3 release.\n(cherry picked from commit abc1234)\nSigned-off-by: Ada <ada@example.com>\n";
        let m = parse(&clean(input, &hash()));
        assert_eq!(
            keys_values(&m),
            kv(&[("Signed-off-by", "Ada <ada@example.com>")])
        );
        assert_eq!(m.trailers[0].line, 7);
        // The prose line of the mixed block is neither trailer nor body.
        assert_eq!(m.body_text(), "Body paragraph.");

        // Below 25% trailers: the paragraph is prose, so it stays in the body.
        let low = "Subject\n\nline one\nline two\nline three\nline four\nSigned-off-by: Ada <ada@example.com>\n";
        let m = parse(&clean(low, &hash()));
        assert!(m.trailers.is_empty());
        assert_eq!(m.body.len(), 5);
        assert_eq!(m.body[4].number, 7);

        // Exactly 25%: one trailer, three prose lines, git-generated present.
        let edge =
            "Subject\n\nline one\nline two\nline three\nSigned-off-by: Ada <ada@example.com>\n";
        let m = parse(&clean(edge, &hash()));
        assert_eq!(
            keys_values(&m),
            kv(&[("Signed-off-by", "Ada <ada@example.com>")])
        );
        assert!(m.body.is_empty());

        // Mixed without a git-generated line: not a trailer block.
        let plain = "Subject\n\nRefs: #1\nsome prose\n";
        let m = parse(&clean(plain, &hash()));
        assert!(m.trailers.is_empty());
        assert_eq!(m.body_text(), "Refs: #1\nsome prose");
        assert_eq!(m.labelled[0].label, "Refs");
        assert_eq!(m.labelled[0].text, "#1\nsome prose");
    }

    #[test]
    fn prose_last_paragraph_and_single_paragraph() {
        let prose = "Refactor export\n\nFirst paragraph.\n\nThe last paragraph is prose: it has a colon.\nStill prose.\n";
        let m = parse(&clean(prose, &hash()));
        assert!(m.trailers.is_empty());
        assert_eq!(
            m.body_text(),
            "First paragraph.\n\nThe last paragraph is prose: it has a colon.\nStill prose."
        );
        assert_eq!(numbers(&m.body), [3, 4, 5, 6]);

        let single = parse(&clean("Refs: #1\n", &hash()));
        assert_eq!(single.subject, "Refs: #1");
        assert_eq!(single.subject_line, 1);
        assert!(single.trailers.is_empty());
        assert!(single.body.is_empty());

        let two = parse(&clean("Fix export\n\nRefs: #42\n", &hash()));
        assert_eq!(two.subject, "Fix export");
        assert_eq!(keys_values(&two), kv(&[("Refs", "#42")]));
        assert_eq!(two.trailers[0].line, 3);

        // A multi-line subject paragraph is joined with spaces, like %s.
        let wrapped = parse(&clean("Fix the export\nof invoices\n\nBody\n", &hash()));
        assert_eq!(wrapped.subject, "Fix the export of invoices");
        assert_eq!(numbers(&wrapped.body), [4]);
    }

    #[test]
    fn urls_and_indented_lines_are_not_trailers() {
        let m = parse(&clean(
            "Fix link\n\nhttps://example.com/issues/1\n",
            &hash(),
        ));
        assert!(m.trailers.is_empty());
        assert_eq!(m.body_text(), "https://example.com/issues/1");
        assert!(m.labelled.is_empty());

        // "Key: //" is rejected too; "https: x" with a space would be a trailer.
        let m = parse(&clean("Fix\n\nSee: https://example.com\n", &hash()));
        assert_eq!(keys_values(&m), kv(&[("See", "https://example.com")]));

        // Indented line before any trailer counts as prose.
        let m = parse(&clean("Fix\n\n  indented\nRefs: #1\n", &hash()));
        assert!(m.trailers.is_empty());
        assert_eq!(m.body.len(), 2);
    }

    #[test]
    fn labelled_paragraphs() {
        let input = "Add invoice CSV export\n\nProblem: users cannot export invoices.\nThey copy rows by hand.\n\nSuccess metric: support tickets about export drop from 40/week to under 5 within 30 days.\n";
        let lines = clean(input, &hash());
        let m = parse(&lines);
        assert!(m.trailers.is_empty());
        assert_eq!(
            m.labelled,
            [
                Labelled {
                    label: "Problem".into(),
                    text: "users cannot export invoices.\nThey copy rows by hand.".into(),
                    line: 3,
                },
                Labelled {
                    label: "Success metric".into(),
                    text:
                        "support tickets about export drop from 40/week to under 5 within 30 days."
                            .into(),
                    line: 6,
                },
            ]
        );
    }

    #[test]
    fn label_shapes() {
        let input = "Subject\n\nWhy:\n  The old path copied every row.\nSuccess-Metric: p95 export under 2s\nHow will we know?: dashboard\nMeeting at 10:30 decided this.\n10:30 is when it broke.\nSee http://example.com/x for details\nthis has way too many words: nope\n- Problem: bullet is not a label\nMotivation: fewer tickets\n\nNot a label paragraph.\n\nSigned-off-by: Ada <ada@example.com>\n";
        let m = parse(&clean(input, &hash()));
        let got: Vec<(&str, &str, usize)> = m
            .labelled
            .iter()
            .map(|l| (l.label.as_str(), l.text.as_str(), l.line))
            .collect();
        assert_eq!(
            got,
            [
                ("Why", "The old path copied every row.", 3),
                ("Success-Metric", "p95 export under 2s", 5),
                (
                    "How will we know?",
                    "dashboard\nMeeting at 10:30 decided this.\n10:30 is when it broke.\nSee http://example.com/x for details\nthis has way too many words: nope\n- Problem: bullet is not a label",
                    6
                ),
                ("Motivation", "fewer tickets", 12),
            ]
        );
        assert_eq!(
            keys_values(&m),
            kv(&[("Signed-off-by", "Ada <ada@example.com>")])
        );
        // A label in the trailer block is a trailer, not a labelled paragraph.
        let m = parse(&clean("Subject\n\nBody.\n\nWhy: because\n", &hash()));
        assert_eq!(keys_values(&m), kv(&[("Why", "because")]));
        assert!(m.labelled.is_empty());
    }

    #[test]
    fn empty_whitespace_and_comment_only() {
        for input in [
            "",
            "   \n\t\n  ",
            "\n\n\n",
            "\r\n\r",
            "\u{FEFF}",
            "# a\n# b\n#\n",
        ] {
            let lines = clean(input, &hash());
            assert!(lines.is_empty(), "{input:?}");
            let m = parse(&lines);
            assert_eq!(m.subject, "");
            assert_eq!(m.subject_line, 0);
            assert!(m.body.is_empty() && m.trailers.is_empty() && m.labelled.is_empty());
            assert_eq!(m.body_text(), "");
        }
        // Leading blanks and blank runs in the middle collapse; numbers stay original.
        let lines = clean("\n\n  \nSubject\n\n\n# c\n\nBody  \n\n", &hash());
        assert_eq!(texts(&lines), ["Subject", "", "Body"]);
        assert_eq!(numbers(&lines), [4, 5, 9]);
        // parse tolerates uncleaned lines with whitespace-only separators.
        let raw = clean("x\n", &CommentStyle::Prefix(String::new()));
        assert_eq!(texts(&raw), ["x"]);
    }

    #[test]
    fn five_mib_message() {
        let row = "Body line with ünïcödé — 日本語 text and a colon: here\n";
        let mut input = String::from("Huge message\n\n");
        let mut rows = 0usize;
        while input.len() < 5 * 1024 * 1024 {
            input.push_str(row);
            rows += 1;
        }
        input.push_str("\nSigned-off-by: Ada <ada@example.com>\n");
        let lines = clean(&input, &hash());
        let m = parse(&lines);
        assert_eq!(m.subject, "Huge message");
        assert_eq!(m.body.len(), rows);
        assert_eq!(m.trailers.len(), 1);
        assert_eq!(m.trailers[0].line, rows + 4);
        assert!(m.labelled.is_empty());
    }

    #[test]
    fn one_mib_single_line() {
        let mut input = "é".repeat(512 * 1024);
        input.push_str("   ");
        let lines = clean(&input, &hash());
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].span, 0..1024 * 1024);
        let m = parse(&lines);
        assert_eq!(m.subject.len(), 1024 * 1024);
        assert_eq!(m.subject_line, 1);
    }

    #[test]
    fn hundred_thousand_trailers() {
        let mut input = String::from("Subject\n\nBody.\n\n");
        for i in 0..100_000 {
            input.push_str(&format!("Refs: #{i}\n"));
        }
        let m = parse(&clean(&input, &hash()));
        assert_eq!(m.trailers.len(), 100_000);
        assert_eq!(m.trailers[99_999].value, "#99999");
        assert_eq!(m.trailers[99_999].line, 100_004);
        assert_eq!(m.trailers_named("refs").count(), 100_000);

        // One trailer with 100,000 continuation lines.
        let mut long = String::from("Subject\n\nNote: start\n");
        for _ in 0..100_000 {
            long.push_str(" x\n");
        }
        let m = parse(&clean(&long, &hash()));
        assert_eq!(m.trailers.len(), 1);
        assert_eq!(m.trailers[0].value.len(), "start".len() + 2 * 100_000);
        assert_eq!(m.trailers[0].span.end, long.len() - 1);
    }

    #[test]
    fn non_ascii_text() {
        let input = "Ünïcödé — 日本語 subject \u{3000}\t \n\nBody ends with 日本語\t \nÜber: not a label\n\nRefs: 日本語 — ✓\nProblem-日本: x\n";
        let lines = clean(input, &hash());
        let m = parse(&lines);
        // U+3000 is not whitespace to git, so it stays.
        assert_eq!(m.subject, "Ünïcödé — 日本語 subject \u{3000}");
        assert_eq!(
            texts(&m.body),
            [
                "Body ends with 日本語",
                "Über: not a label",
                "",
                "Refs: 日本語 — ✓",
                "Problem-日本: x"
            ]
        );
        assert!(m.trailers.is_empty());
        assert_eq!(m.labelled.len(), 1);
        assert_eq!(m.labelled[0].label, "Refs");
        assert_eq!(m.labelled[0].text, "日本語 — ✓\nProblem-日本: x");
        assert_spans(input, &lines, &m);

        let m = parse(&clean("日本\r\rRefs: ✓ 日本語\r", &hash()));
        assert_eq!(m.subject, "日本");
        assert_eq!(keys_values(&m), kv(&[("Refs", "✓ 日本語")]));
        assert_eq!(m.trailers[0].line, 3);
    }

    #[test]
    fn never_panics_on_fragment_combinations() {
        let fragments = [
            "\r",
            "\n",
            "\r\n",
            "#",
            " ",
            "\t",
            "é",
            "日",
            ":",
            "Refs: x",
            "Signed-off-by:",
            "(cherry picked from commit ",
            "\u{FEFF}",
            "//",
        ];
        let styles = [
            hash(),
            CommentStyle::Prefix("//".into()),
            CommentStyle::Auto,
            CommentStyle::Verbatim,
        ];
        let n = fragments.len();
        let mut checked = 0usize;
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    for d in 0..n {
                        let input = [a, b, c, d].map(|i| fragments[i]).concat();
                        for style in &styles {
                            let lines = clean(&input, style);
                            let m = parse(&lines);
                            assert_spans(&input, &lines, &m);
                            assert!(lines.windows(2).all(|w| w[0].number < w[1].number));
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, n.pow(4) * styles.len());
    }

    #[test]
    fn parse_message_matches_clean_then_parse() {
        let input = "Fix\n\nWhy: because\nit broke\n\nRefs: #7\n# c\n";
        let m = parse_message(input, &hash());
        assert_eq!(m, parse(&clean(input, &hash())));
        assert_eq!(m.labelled[0].text, "because\nit broke");
        assert_eq!(keys_values(&m), kv(&[("Refs", "#7")]));
    }
}
