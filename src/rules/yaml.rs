//! Every YAML call whylint makes lives here, so the YAML library can be swapped in one place.
//!
//! We read with `marked-yaml` rather than `serde_yaml`: it keeps a line:column on every value,
//! which lets us report *all* problems in a file at once, each where it is (serde_yaml stops at
//! the first error and cannot say where a value that fails a later check, such as a bad regex,
//! was written). It also refuses anchors and aliases, so a "billion laughs" file cannot expand.
//! This module turns text into `FileSpec` plus a list of located problems; it does not decide
//! whether the rules make sense (`compile` does).

use super::schema::{FileSpec, KindSpec, Pos, RuleEntry, RuleSpec};
use crate::error::ConfigProblem;
use marked_yaml::Error as SerdeError;
use marked_yaml::loader::LoadError;
use marked_yaml::{Marker, Node, Span};
use serde::de::DeserializeOwned;

pub use marked_yaml::Spanned;

/// The position of a spanned value (1-based), or 0:0 when the library did not record one.
pub fn pos_of<T>(value: &Spanned<T>) -> Pos {
    span_pos(value.span())
}

pub fn span_pos(span: &Span) -> Pos {
    span.start().map(marker_pos).unwrap_or_default()
}

fn marker_pos(marker: &Marker) -> Pos {
    Pos {
        line: marker.line(),
        column: marker.column(),
    }
}

/// A spanned value built in code (no position), for defaults.
pub fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(Span::new_blank(), value)
}

/// Moves a problem's position back onto `text` when the YAML library put it past the text: at
/// the end of the stream (the line after a last line with no line end) or past the end of a
/// line, both of which it does for a value or error at the very end of the file. Such a position
/// becomes the end of the line it means; positions on the text, and 0 (none), are kept.
/// Lines end as YAML ends them: `\n`, `\r\n` or a lone `\r`.
pub fn point_into(text: &str, problem: &mut ConfigProblem) {
    if problem.line == 0 {
        return;
    }
    let mut count = 0;
    let mut last = "";
    for line in yaml_lines(text) {
        count += 1;
        last = line;
        if count == problem.line {
            break;
        }
    }
    let end = last.chars().count() + 1;
    if problem.line > count {
        (problem.line, problem.column) = (count, end);
    } else {
        problem.column = problem.column.min(end);
    }
}

/// Most characters of a file's text a message quotes in one code span.
const QUOTE_CHARS: usize = 80;

/// Most characters of a message between two code spans: our words, or a YAML library's, which
/// can quote a value in double quotes.
const TEXT_CHARS: usize = 400;

/// `message` with each code span (text in a run of backticks, closed by a run as long) cut to
/// `QUOTE_CHARS` and the text around them to `TEXT_CHARS`, and control characters written as
/// escapes: a message about a file never prints more than a line of what the file holds, and
/// nothing a terminal would act on, whatever the file is.
pub fn tidy(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        out.push_str(&cut(&rest[..open], TEXT_CHARS));
        let from = &rest[open..];
        let fence = &from[..backtick_run(from)];
        let body = &from[fence.len()..];
        out.push_str(fence);
        rest = match closing_run(body, fence.len()) {
            Some(end) => {
                out.push_str(&cut(&body[..end], QUOTE_CHARS));
                out.push_str(fence);
                &body[end + fence.len()..]
            }
            None => body,
        };
    }
    out.push_str(&cut(rest, TEXT_CHARS));
    out
}

/// How many backticks `text` starts with (bytes: a backtick is one).
fn backtick_run(text: &str) -> usize {
    text.len() - text.trim_start_matches('`').len()
}

/// Where in `text` a run of exactly `fence` backticks starts.
fn closing_run(text: &str, fence: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = text.get(at..)?.find('`') {
        let start = at + found;
        let run = backtick_run(&text[start..]);
        if run == fence {
            return Some(start);
        }
        at = start + run;
    }
    None
}

/// `text` cut to `limit` characters (the last one an ellipsis), control characters escaped.
fn cut(text: &str, limit: usize) -> String {
    let long = text.chars().nth(limit).is_some();
    let keep = if long { limit - 1 } else { limit };
    let mut out = String::new();
    for c in text.chars().take(keep) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if long {
        out.push('…');
    }
    out
}

/// The lines of `text` without their ends; a line end at the very end opens an empty last line.
fn yaml_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(end) => {
                let width = if current.get(end..end + 2) == Some("\r\n") {
                    2
                } else {
                    1
                };
                rest = current.get(end + width..);
                current.get(..end)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Reads one rule file. Returns what could be read and every problem found; the caller fails
/// the run when the list of problems is not empty.
pub fn read_file(file: &str, text: &str) -> (FileSpec, Vec<ConfigProblem>) {
    let (spec, mut problems) = read_text(file, text);
    for problem in &mut problems {
        point_into(text, problem);
    }
    (spec, problems)
}

fn read_text(file: &str, text: &str) -> (FileSpec, Vec<ConfigProblem>) {
    if text.trim().is_empty() {
        return (FileSpec::default(), Vec::new());
    }
    let refused = if let Some(at) = nested_too_deep(text) {
        problem(
            file,
            at,
            format!(
                "nested deeper than {MAX_NESTING_COLUMNS} columns; rule files need a few levels at most (is this the right file?)"
            ),
        )
    } else {
        match super::packed::parse(text) {
            Ok(root) => return read_node(file, &root),
            Err(error) => load_problem(file, &error),
        }
    };
    (FileSpec::default(), vec![refused])
}

/// Reads the settings of a parsed rule file (see `packed` for the built-in packs, parsed when
/// whylint is built).
pub fn read_node(file: &str, root: &Node) -> (FileSpec, Vec<ConfigProblem>) {
    let mut problems = Vec::new();
    let mut spec = FileSpec::default();
    let Some(mapping) = root.as_mapping() else {
        let at = span_pos(root.span());
        problems.push(problem(
            file,
            at,
            "expected a mapping of settings (`extends:`, `rules:`, …) at the top level".into(),
        ));
        return (spec, problems);
    };
    for (key, value) in mapping.iter() {
        let at = span_pos(key.span());
        let mut take = |result: Result<(), ConfigProblem>| {
            if let Err(found) = result {
                problems.push(found);
            }
        };
        match key.as_str() {
            "extends" => take(decode(file, value).map(|v| spec.extends = Some(v))),
            "trackers" => take(decode(file, value).map(|v| spec.trackers = Some(v))),
            "sections" => take(decode(file, value).map(|v| spec.sections = v)),
            "placeholders" => take(decode(file, value).map(|v| spec.placeholders = v)),
            "exempt" => take(decode(file, value).map(|v| spec.exempt = Some(v))),
            "kinds" => spec.kinds = read_kinds(file, value, &mut problems),
            "self-references" => {
                take(decode(file, value).map(|v| spec.self_references = Some(v)))
            }
            "vocabulary" => {
                spec.vocabulary = super::vocabulary::read(file, value, &mut problems);
            }
            "rules" => spec.rules = read_rules(file, value, &mut problems),
            other => problems.push(problem(
                file,
                at,
                format!(
                    "unknown key `{other}`; expected one of `extends`, `trackers`, `sections`, `placeholders`, `exempt`, `kinds`, `self-references`, `vocabulary`, `rules`"
                ),
            )),
        }
    }
    (spec, problems)
}

/// How far a line of a rule file may be indented, counting the indicators that open a nested
/// collection on the same line (`- - - x`). The YAML loader recurses once per nesting level, so
/// a file nested a few thousand levels deep would overflow the stack and abort; real rule files
/// are indented a dozen columns at most. Flow collections (`[[[…]]]`) are limited by the
/// scanner itself.
const MAX_NESTING_COLUMNS: usize = 100;

/// The first place where `text` is indented past `MAX_NESTING_COLUMNS`, if any.
fn nested_too_deep(text: &str) -> Option<Pos> {
    // YAML's line ends, lone CR included, so the line number matches the loader's.
    yaml_lines(text).enumerate().find_map(|(index, line)| {
        (nesting_columns(line) > MAX_NESTING_COLUMNS).then_some(Pos {
            line: index + 1,
            column: MAX_NESTING_COLUMNS + 1,
        })
    })
}

/// The columns before a line's content: spaces and tabs, and the block indicators `-`, `?` and
/// `:` that start a nested collection on the same line (each followed by a blank), after an
/// optional `---` document marker.
fn nesting_columns(line: &str) -> usize {
    let bytes = line.as_bytes();
    let blank_or_end = |at: usize| matches!(bytes.get(at), None | Some(b' ' | b'\t'));
    let mut at = if line.starts_with("---") && blank_or_end(3) {
        3
    } else {
        0
    };
    while let Some(byte) = bytes.get(at) {
        match byte {
            b' ' | b'\t' => at += 1,
            b'-' | b'?' | b':' if blank_or_end(at + 1) => at += 1,
            _ => break,
        }
    }
    at
}

/// `rules:` is a list of entries with `id:` (how packs are written) or a mapping from id to
/// entry (handy for overrides in a project file).
fn read_rules(file: &str, node: &Node, problems: &mut Vec<ConfigProblem>) -> Vec<RuleEntry> {
    let mut entries = Vec::new();
    match node {
        Node::Sequence(items) => {
            for item in items.iter() {
                let Some(spec) = decode_entry(file, item, problems) else {
                    continue;
                };
                match &spec.id {
                    Some(id) => entries.push(RuleEntry {
                        id: id.as_str().to_owned(),
                        id_at: pos_of(id),
                        spec,
                    }),
                    None => problems.push(problem(
                        file,
                        span_pos(item.span()),
                        "this rule has no `id:`; give it a stable kebab-case id such as `ticket-in-subject`".into(),
                    )),
                }
            }
        }
        Node::Mapping(map) => {
            for (key, item) in map.iter() {
                let Some(spec) = decode_entry(file, item, problems) else {
                    continue;
                };
                let at = span_pos(key.span());
                if let Some(id) = &spec.id
                    && id.as_str() != key.as_str()
                {
                    problems.push(problem(
                        file,
                        pos_of(id),
                        format!(
                            "`id: {}` differs from its key `{}`; drop the `id:` line",
                            id.as_str(),
                            key.as_str()
                        ),
                    ));
                }
                entries.push(RuleEntry {
                    id: key.as_str().to_owned(),
                    id_at: at,
                    spec,
                });
            }
        }
        Node::Scalar(scalar) if scalar.as_str().is_empty() => {}
        other => problems.push(problem(
            file,
            span_pos(other.span()),
            "`rules:` must be a list of rules (`- id: …`) or a mapping from rule id to settings"
                .into(),
        )),
    }
    entries
}

/// `kinds:` is a mapping from kind name to what reveals it, read in file order (the order is
/// the one in which labels and branch globs are tried).
fn read_kinds(
    file: &str,
    node: &Node,
    problems: &mut Vec<ConfigProblem>,
) -> Vec<(Spanned<String>, KindSpec)> {
    let mut kinds = Vec::new();
    match node {
        Node::Mapping(map) => {
            for (key, value) in map.iter() {
                let name = Spanned::new(*key.span(), key.as_str().to_owned());
                match decode::<KindSpec>(file, value) {
                    Ok(spec) => kinds.push((name, spec)),
                    Err(found) => problems.push(found),
                }
            }
        }
        Node::Scalar(scalar) if scalar.as_str().is_empty() => {}
        other => problems.push(problem(
            file,
            span_pos(other.span()),
            "`kinds:` must be a mapping from kind name to `types:`, `labels:` and `branches:`"
                .into(),
        )),
    }
    kinds
}

fn decode_entry(file: &str, node: &Node, problems: &mut Vec<ConfigProblem>) -> Option<RuleSpec> {
    if let Node::Scalar(scalar) = node
        && scalar.as_str().is_empty()
    {
        return Some(RuleSpec::default());
    }
    match decode::<RuleSpec>(file, node) {
        Ok(spec) => Some(spec),
        Err(found) => {
            problems.push(found);
            None
        }
    }
}

/// Deserializes one node, turning a serde error into a located problem.
fn decode<T: DeserializeOwned>(file: &str, node: &Node) -> Result<T, ConfigProblem> {
    marked_yaml::from_node(node).map_err(|error| {
        let at = error
            .start_mark()
            .map(|m| marker_pos(&m))
            .unwrap_or_else(|| span_pos(node.span()));
        let message = match &*error {
            SerdeError::UnknownFieldError(key, expected, _) => {
                let hint = crate::rules::compile::suggest(key, expected.iter().copied());
                format!(
                    "unknown key `{key}`{hint}; expected one of {}",
                    expected
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            other => describe_serde_error(&other.to_string(), error.path()),
        };
        problem(file, at, message)
    })
}

/// serde's messages are good but name Rust-side things; make them read as YAML advice.
fn describe_serde_error(message: &str, path: Option<&str>) -> String {
    let message = message
        .replace("unknown variant", "unknown check kind")
        .replace("invalid type: ", "");
    let message = if message.contains("did not match any variant of untagged enum ExampleSpec") {
        "an example must be a commit message (a string) or a mapping with `text:` and optionally `on:`, `title:`, `branch:`, `labels:`".to_owned()
    } else {
        message
    };
    match path {
        Some(path) if !path.is_empty() && path != "." => format!("{message} (at `{path}`)"),
        _ => message,
    }
}

fn load_problem(file: &str, error: &LoadError) -> ConfigProblem {
    let (marker, message) = match error {
        LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => (
            *m,
            "expected a mapping of settings (`extends:`, `rules:`, …) at the top level".to_owned(),
        ),
        LoadError::UnexpectedAnchor(m) => (
            *m,
            "YAML anchors and aliases (`&name`, `*name`) are not supported; write the value out"
                .to_owned(),
        ),
        LoadError::MappingKeyMustBeScalar(m) => {
            (*m, "a mapping key must be a plain string".to_owned())
        }
        LoadError::UnexpectedTag(m) => (
            *m,
            "YAML tags (`!tag`) are not supported; remove the tag".to_owned(),
        ),
        LoadError::ScanError(m, scan) => (*m, format!("YAML syntax error: {}", scan_message(scan))),
        LoadError::DuplicateKey(inner) => {
            let first = inner
                .prev_key
                .span()
                .start()
                .map(|m| format!(" (first written at line {})", m.line()))
                .unwrap_or_default();
            let marker = inner
                .key
                .span()
                .start()
                .copied()
                .unwrap_or_else(|| Marker::new(0, 0, 0, 0));
            (
                marker,
                format!(
                    "duplicate key `{}`{first}; keep one of them",
                    inner.key.as_str()
                ),
            )
        }
    };
    problem(file, marker_pos(&marker), message)
}

/// yaml-rust2 appends its own position to scan errors; we already print ours.
fn scan_message(scan: &impl std::fmt::Display) -> String {
    let text = scan.to_string();
    match text.find(" at byte ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// A located problem in `file`, its message `tidy`.
pub fn problem(file: &str, at: Pos, message: String) -> ConfigProblem {
    ConfigProblem {
        file: file.to_owned(),
        line: at.line,
        column: at.column,
        message: tidy(&message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `fuzz/` (target `config`): errors and values at the very end of a file with no
    /// final line end were placed on the line after it.
    #[test]
    fn fuzz_problem_at_end_of_file_points_into_the_file() {
        for (input, at) in [
            (&b"    c:\n    s "[..], (2, 7)),
            (b"rules:\n  - id: x\n    check:\n     ", (4, 6)),
            (b"a: [\r\r", (3, 1)),
        ] {
            let text = std::str::from_utf8(input).expect("UTF-8");
            let (_, problems) = read_file("f.yml", text);
            assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
            assert_eq!((problems[0].line, problems[0].column), at, "{text:?}");
        }
        let mut past = problem("f.yml", Pos { line: 9, column: 4 }, String::new());
        point_into("a\r\nbc", &mut past);
        assert_eq!((past.line, past.column), (2, 3));
        let mut inside = problem("f.yml", Pos { line: 1, column: 2 }, String::new());
        point_into("a\nbc", &mut inside);
        assert_eq!((inside.line, inside.column), (1, 2));
    }

    #[test]
    fn messages_quote_a_line_at_most_and_nothing_a_terminal_acts_on() {
        let long = "x".repeat(500);
        let tidied = tidy(&format!("unknown key `{long}`; expected one of `extends`"));
        assert_eq!(
            tidied,
            format!(
                "unknown key `{}…`; expected one of `extends`",
                "x".repeat(79)
            )
        );
        assert_eq!(
            tidy("invalid type: string \"\u{1b}]52;c;aGk=\u{7}\", expected a sequence"),
            "invalid type: string \"\\u{1b}]52;c;aGk=\\u{7}\", expected a sequence"
        );
        // A code span holding backticks is fenced by a longer run, and kept whole.
        assert_eq!(tidy("regex `` a`b `` is bad"), "regex `` a`b `` is bad");
        assert_eq!(tidy("an odd ` backtick"), "an odd ` backtick");
        let outside = tidy(&"y".repeat(1000));
        assert_eq!(outside.chars().count(), 400);
        let made = problem("f.yml", Pos { line: 1, column: 1 }, format!("`{long}`"));
        assert_eq!(made.message.chars().count(), 82);
    }

    #[test]
    fn nesting_counts_indentation_and_compact_collections() {
        assert_eq!(nesting_columns("rules:"), 0);
        assert_eq!(nesting_columns("    level: error"), 4);
        assert_eq!(nesting_columns("  - - - x"), 8);
        assert_eq!(nesting_columns("? - x"), 4);
        assert_eq!(nesting_columns("--- - x"), 6);
        assert_eq!(nesting_columns("-x: 1"), 0);
        assert_eq!(nesting_columns("---"), 3);
    }

    #[test]
    fn deep_nesting_is_a_located_problem_not_a_stack_overflow() {
        let deep: String = (0..5_000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        let (_, problems) = read_file("deep.yml", &deep);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (102, 101));
        let compact = format!("extends:\n{}default\n", "- ".repeat(10_000));
        let (_, problems) = read_file("compact.yml", &compact);
        assert_eq!((problems[0].line, problems[0].column), (2, 101));
        // Lone CRs end lines in YAML too: the line number is the loader's, not `str::lines`'.
        let old_mac = deep.replace('\n', "\r");
        let (_, problems) = read_file("cr.yml", &old_mac);
        assert_eq!((problems[0].line, problems[0].column), (102, 101));
    }
}
