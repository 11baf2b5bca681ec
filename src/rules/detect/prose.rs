//! Reading prose: the words of a message or description, split into blocks and sentences, and
//! matched against the prose lists of `rules/vocabulary.yml` (`problem-words`, `outcome-words`,
//! `instruction-words`, …).
//!
//! This module owns the reading that `statement` (a problem said in prose), `measured` (a
//! success metric written anywhere) and `placeholder::scaffold` (template text left anywhere)
//! share: splitting text into blocks (paragraphs, tables, code blocks) and sentences, telling
//! which lines are not prose (checklist items, quotes, trailers, headings), tokenising a sentence
//! into words, and matching phrases (`race condition`, `does not work`, `reduc*`). Nothing here
//! decides what a sentence means.
//!
//! Words are compared after Unicode lower-casing (prose is not ASCII: `×`, `µs`, `’`), unlike
//! the ASCII case rule of `scan`, which reads references and metric lines byte by byte. Every
//! reading is a linear scan: it runs in the commit-msg hook.

use super::words::{Entry, Lists};

/// A list of phrases, matched against a sentence's words. Each entry is a phrase of one or more
/// words, split as [`words_of`] splits text; a word ending in `*` matches any word it starts.
/// The entries are matched as they are in the list, with nothing built per run: the prose lists
/// are lower case (`vocabulary:` edits are lowered when applied, see [`super::words::LOWER_CASE`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Phrases<'a> {
    list: &'a [Entry],
}

/// The words of a phrase as written in a list.
fn phrase_words(phrase: &str) -> impl Iterator<Item = &str> {
    phrase
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '*'))
        .filter(|word| !word.is_empty())
}

impl<'a> Phrases<'a> {
    /// The phrases of `list`.
    pub fn of(list: &'a [Entry]) -> Phrases<'a> {
        Phrases { list }
    }

    /// Whether there are no phrases.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The index in `words` where a phrase starts, and its length in words.
    pub fn find(&self, words: &[&str]) -> Option<(usize, usize)> {
        (0..words.len()).find_map(|at| self.at(words, at).map(|len| (at, len)))
    }

    /// The length of a phrase starting at `words[at]`.
    pub fn at(&self, words: &[&str], at: usize) -> Option<usize> {
        let first = words.get(at)?.as_bytes().first()?;
        self.list.iter().find_map(|entry| {
            let phrase: &str = &entry.word;
            if phrase.as_bytes().first() != Some(first) {
                return None;
            }
            let mut len = 0;
            for pattern in phrase_words(phrase) {
                let word = words.get(at + len)?;
                let fits = match pattern.strip_suffix('*') {
                    Some(stem) => word.starts_with(stem),
                    None => *word == pattern,
                };
                if !fits {
                    return None;
                }
                len += 1;
            }
            (len > 0).then_some(len)
        })
    }

    /// Whether any phrase occurs in `words`.
    pub fn any_in(&self, words: &[&str]) -> bool {
        self.find(words).is_some()
    }
}

/// The prose lists, as the readers match them: views of the lexicon's lists, nothing copied.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProseWords<'a> {
    /// `problem-words`.
    pub problem: Phrases<'a>,
    /// `vague-words`.
    pub vague: Phrases<'a>,
    /// `outcome-units`.
    pub units: &'a [Entry],
    /// `outcome-words`.
    pub comparatives: Phrases<'a>,
    /// `gain-words`.
    pub gains: Phrases<'a>,
    /// `comparison-pairs`: each the word before and the word after.
    pub pairs: &'a [Entry],
    /// `benchmark-marks`.
    pub benchmarks: &'a [Entry],
    /// `setting-words`.
    pub settings: Phrases<'a>,
    /// `instruction-words`.
    pub instructions: Phrases<'a>,
    /// `comment-markers`.
    pub markers: &'a [Entry],
    /// `not-applicable-answers`.
    pub answers: &'a [Entry],
}

impl<'a> ProseWords<'a> {
    /// The prose lists of `lists`.
    pub fn of(lists: &'a Lists) -> ProseWords<'a> {
        ProseWords {
            problem: Phrases::of(&lists.problem_words),
            vague: Phrases::of(&lists.vague_words),
            units: &lists.outcome_units,
            comparatives: Phrases::of(&lists.outcome_words),
            gains: Phrases::of(&lists.gain_words),
            pairs: &lists.comparison_pairs,
            benchmarks: &lists.benchmark_marks,
            settings: Phrases::of(&lists.setting_words),
            instructions: Phrases::of(&lists.instruction_words),
            markers: &lists.comment_markers,
            answers: &lists.not_applicable_answers,
        }
    }

    /// The comparison pairs, each as its word before and its word after (an entry that is not
    /// two words is left out: the `vocabulary:` reader reports it, see [`pair_problem`]).
    pub fn pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.pairs.iter().filter_map(|entry| {
            let mut words = phrase_words(&entry.word);
            match (words.next(), words.next(), words.next()) {
                (Some(before), Some(after), None) => Some((before, after)),
                _ => None,
            }
        })
    }
}

/// What is wrong with a `comparison-pairs` entry, if anything.
pub fn pair_problem(pair: &str) -> Option<String> {
    (words_of(pair).len() != 2).then(|| {
        format!(
            "the pair `{pair}` is not two words; write the word before and the word after, e.g. `before after`"
        )
    })
}

/// The most bytes of a text the prose readers read: enough for any description people write,
/// and a bound on what a hostile 50 MiB message costs them (each reader makes words of what it
/// reads). References and trailers are still read in the whole text.
pub const READ_LIMIT: usize = 1024 * 1024;

/// The part of `text` the prose readers read: all of it up to [`READ_LIMIT`] bytes, else up to
/// the last line break before the limit (or a character boundary when there is none).
pub fn head(text: &str) -> &str {
    if text.len() <= READ_LIMIT {
        return text;
    }
    let mut cut = READ_LIMIT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let within = &text[..cut];
    within.rfind('\n').map_or(within, |line| &text[..line])
}

/// The words of `text`, lowercase: letters, digits and `'` (`’` read as `'`), `*` kept at a
/// word's end for phrases.
pub fn words_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let c = if c == '’' { '\'' } else { c };
        if c.is_alphanumeric() || c == '\'' || (c == '*' && !word.is_empty()) {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A stretch of prose with the line it starts on (1-based, in the text it came from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    /// The text as written.
    pub text: &'a str,
    /// 1-based line.
    pub line: usize,
}

/// A block of text: a paragraph, a table, or a fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// The block's lines, as written.
    pub lines: Vec<Unit<'a>>,
    /// Inside a fenced code block (tool output, commands).
    pub code: bool,
}

impl Block<'_> {
    /// Whether every line is a table row.
    pub fn is_table(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.text.trim_start().starts_with('|'))
    }

    /// The block's text, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `text` split into blocks at blank lines and code fences; HTML comments are left out.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut current = Block {
        lines: Vec::new(),
        code: false,
    };
    let mut in_comment = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if in_comment {
            if line.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if trimmed.starts_with("<!--") {
            in_comment = !line.contains("-->");
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let code = !current.code;
            flush_block(&mut current, code, &mut out);
            continue;
        }
        if trimmed.is_empty() && !current.code {
            flush_block(&mut current, false, &mut out);
            continue;
        }
        current.lines.push(Unit {
            text: line,
            line: index + 1,
        });
    }
    flush_block(&mut current, false, &mut out);
    out
}

fn flush_block<'a>(current: &mut Block<'a>, code: bool, out: &mut Vec<Block<'a>>) {
    let done = std::mem::replace(
        current,
        Block {
            lines: Vec::new(),
            code,
        },
    );
    if !done.lines.is_empty() {
        out.push(done);
    }
}

/// Whether a line is not prose a person wrote about this change: a checklist item, a quote, a
/// trailer (`Signed-off-by: …`), a heading, or a table row.
pub fn is_scaffolding_line(line: &str) -> bool {
    let t = line.trim_start();
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .unwrap_or(t);
    t.starts_with("[ ]")
        || t.starts_with("[x]")
        || t.starts_with("[X]")
        || line.trim_start().starts_with('>')
        || line.trim_start().starts_with('#')
        || line.trim_start().starts_with('|')
        || is_trailer(line)
}

/// `Key: value` where the key is one word with dashes (`Signed-off-by`, `Change-Id`, `Refs`).
fn is_trailer(line: &str) -> bool {
    let Some((key, _)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key.len() <= 30
        && !key.starts_with(' ')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && key.contains('-')
}

/// One sentence, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence, its wrapped lines joined with spaces.
    pub text: String,
    /// 1-based line where it starts.
    pub line: usize,
}

/// The sentences of a prose block: wrapped lines joined, split after `.`, `!`, `?` followed by
/// a space, and before each list item. Lines that are not prose are left out.
pub fn sentences(block: &Block<'_>) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pending = Sentence {
        text: String::new(),
        line: 0,
    };
    for unit in &block.lines {
        if is_scaffolding_line(unit.text) {
            flush_sentence(&mut pending, &mut out);
            continue;
        }
        let trimmed = unit.text.trim();
        if is_list_item(trimmed) {
            flush_sentence(&mut pending, &mut out);
        }
        let bytes = trimmed.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| *n == b' ') {
                append(&mut pending, &trimmed[start..=i], unit.line);
                flush_sentence(&mut pending, &mut out);
                start = i + 1;
            }
        }
        append(&mut pending, &trimmed[start..], unit.line);
    }
    flush_sentence(&mut pending, &mut out);
    out
}

/// Whether a (trimmed) line starts a list item: `- `, `* `, `+ ` or `1. `.
pub fn is_list_item(line: &str) -> bool {
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || line.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
        })
}

fn append(pending: &mut Sentence, piece: &str, line: usize) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    if pending.text.is_empty() {
        pending.line = line;
    } else {
        pending.text.push(' ');
    }
    pending.text.push_str(piece);
}

fn flush_sentence(pending: &mut Sentence, out: &mut Vec<Sentence>) {
    if !pending.text.is_empty() {
        out.push(std::mem::replace(
            pending,
            Sentence {
                text: String::new(),
                line: 0,
            },
        ));
    }
}

/// The words of a sentence, lowercase, with inline code (`` `x` ``) read as one word `code`.
pub fn sentence_words(text: &str) -> Vec<String> {
    let mut clean = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            if !in_code {
                clean.push_str(" code ");
            }
            in_code = !in_code;
        } else if !in_code {
            clean.push(c);
        }
    }
    words_of(&clean)
}

/// A list of `words`, for tests of the readers (leaked: it lives as long as the test).
#[cfg(test)]
pub(crate) fn list(words: &[&str]) -> &'static [Entry] {
    let list: Vec<Entry> = words.iter().map(|w| Entry::word(w)).collect();
    Box::leak(list.into_boxed_slice())
}

/// The phrases of `words`, for tests of the readers.
#[cfg(test)]
pub(crate) fn phrases(words: &[&str]) -> Phrases<'static> {
    Phrases::of(list(words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_prefixes_and_runs() {
        let list = phrases(&["crash*", "does not work", "can't"]);
        let words = |text: &str| words_of(text);
        let has = |text: &str| {
            let owned = words(text);
            let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
            list.find(&refs)
        };
        assert_eq!(has("The importer Crashed twice"), Some((2, 1)));
        assert_eq!(has("export does not work here"), Some((1, 3)));
        assert_eq!(has("users can’t export"), Some((1, 1)));
        assert_eq!(has("a crash-free day"), Some((1, 1)));
        assert_eq!(has("does work"), None);
    }

    #[test]
    fn blocks_split_at_blank_lines_and_fences_and_drop_comments() {
        let text = "One line\nwrapped.\n\n<!-- a\ncomment -->\n```\ncode\n\nmore\n```\n| a | b |";
        let blocks = blocks(text);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].text(), "One line\nwrapped.");
        assert!(blocks[1].code);
        assert_eq!(blocks[1].lines.len(), 3);
        assert!(blocks[2].is_table());
        assert_eq!(blocks[2].lines[0].line, 11);
    }

    #[test]
    fn sentences_join_wrapped_lines_and_skip_non_prose() {
        let block = &blocks(
            "It fails\nwhen empty. Now it works!\n- [x] Tests\nSigned-off-by: A <a@b>\n- item one",
        )[0];
        let said: Vec<(String, usize)> = sentences(block)
            .into_iter()
            .map(|s| (s.text, s.line))
            .collect();
        assert_eq!(
            said,
            vec![
                ("It fails when empty.".to_owned(), 1),
                ("Now it works!".to_owned(), 2),
                ("- item one".to_owned(), 5),
            ]
        );
    }

    #[test]
    fn a_huge_text_is_read_up_to_the_limit_at_a_line_break() {
        let line = "é".repeat(100);
        let text = format!("{line}\n").repeat(READ_LIMIT / line.len() + 10);
        let read = head(&text);
        assert!(read.len() <= READ_LIMIT && read.len() > READ_LIMIT - 2 * line.len());
        assert!(read.ends_with(&line));
        assert_eq!(head("short"), "short");
        let one_line = "é".repeat(READ_LIMIT);
        assert!(head(&one_line).len() <= READ_LIMIT);
    }

    #[test]
    fn inline_code_is_one_word_and_pairs_must_be_two_words() {
        assert_eq!(sentence_words("run `a b c` now"), ["run", "code", "now"]);
        assert!(pair_problem("before after").is_none());
        assert!(pair_problem("before").is_some());
    }
}
