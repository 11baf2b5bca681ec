//! Reading prose: the words of a message or description, split into blocks and sentences, and
//! matched against the word lists of the `prose:` vocabulary.
//!
//! This module owns the shared reading that `statement` (a problem said in prose), `measured`
//! (a success metric written anywhere) and `scaffold` (template text left anywhere) build on:
//! splitting text into blocks (paragraphs, tables, code blocks) and sentences, telling which lines
//! are not prose (checklist items, quotes, trailers, code), tokenising a sentence into words,
//! numbers and symbols, and matching word phrases (`race condition`, `does not work`, `reduc*`).
//! The word lists are data (`prose:` in a rule file, see `rules/default.yml`); nothing here
//! decides what a sentence means.
//!
//! Everything is a hand-written scan, linear in the text: it runs in the commit-msg hook, where
//! compiling a regex costs more than reading a message.

use serde::Deserialize;

/// `prose:` as written in a rule file: word lists, each entry a phrase of one or more words
/// (`race condition`); a word ending in `*` matches any word it starts (`reduc*`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProseSpec {
    /// Words that name a symptom or a limitation someone hit (`crash`, `can't`, `too slow`).
    #[serde(default)]
    pub problem: Vec<String>,
    /// Words that come close to a problem without saying it (`fix`, `issue`).
    #[serde(default)]
    pub vague: Vec<String>,
    /// Units a number is measured in (`ms`, `%`, `mb/s`).
    #[serde(default)]
    pub units: Vec<String>,
    /// Words that say a quantity changed (`faster`, `reduc*`).
    #[serde(default)]
    pub comparatives: Vec<String>,
    /// Words that, right before a number, say it is a gain (`saves`, `down to`).
    #[serde(default)]
    pub gains: Vec<String>,
    /// Pairs of words that frame a before/after comparison (`before after`).
    #[serde(default)]
    pub pairs: Vec<super::yaml::Spanned<String>>,
    /// Marks of benchmark tool output (`ns/iter`, `requests/sec`).
    #[serde(default)]
    pub benchmarks: Vec<String>,
    /// Words of configuration and versions: a sentence naming one is not an outcome.
    #[serde(default)]
    pub settings: Vec<String>,
    /// Words that make an HTML comment a template instruction (`describe`, `please`).
    #[serde(default)]
    pub instructions: Vec<String>,
    /// HTML comments that are markers, not instructions (`prettier-ignore`).
    #[serde(default)]
    pub markers: Vec<String>,
    /// Short answers that say a section does not apply (`N/A`, `None`).
    #[serde(default)]
    pub answers: Vec<String>,
}

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WordPat {
    text: String,
    prefix: bool,
}

/// A list of phrases, matched against a sentence's words.
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    phrases: Vec<Vec<WordPat>>,
}

impl Phrases {
    /// Adds each phrase once (lowercase; `’` read as `'`).
    pub fn extend(&mut self, written: &[String]) {
        for phrase in written {
            let words: Vec<WordPat> = words_of(phrase)
                .into_iter()
                .map(|word| match word.strip_suffix('*') {
                    Some(stem) => WordPat {
                        text: stem.to_owned(),
                        prefix: true,
                    },
                    None => WordPat {
                        text: word,
                        prefix: false,
                    },
                })
                .collect();
            if !words.is_empty() && !self.phrases.contains(&words) {
                self.phrases.push(words);
            }
        }
    }

    /// Whether there are no phrases.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The index in `words` where a phrase starts, and its length in words.
    pub fn find(&self, words: &[&str]) -> Option<(usize, usize)> {
        (0..words.len()).find_map(|at| self.at(words, at).map(|len| (at, len)))
    }

    /// The length of a phrase starting at `words[at]`.
    pub fn at(&self, words: &[&str], at: usize) -> Option<usize> {
        let first = words.get(at)?.as_bytes().first()?;
        self.phrases.iter().find_map(|phrase| {
            let head = phrase.first()?;
            if head.text.as_bytes().first() != Some(first) {
                return None;
            }
            let fits = phrase.iter().enumerate().all(|(i, pat)| {
                words.get(at + i).is_some_and(|word| {
                    if pat.prefix {
                        word.starts_with(&pat.text)
                    } else {
                        *word == pat.text
                    }
                })
            });
            fits.then_some(phrase.len())
        })
    }

    /// Whether any phrase occurs in `words`.
    pub fn any_in(&self, words: &[&str]) -> bool {
        self.find(words).is_some()
    }
}

/// The `prose:` vocabulary, compiled.
#[derive(Debug, Clone, Default)]
pub struct ProseVocabulary {
    /// See [`ProseSpec::problem`].
    pub problem: Phrases,
    /// See [`ProseSpec::vague`].
    pub vague: Phrases,
    /// See [`ProseSpec::units`], lowercase.
    pub units: Vec<String>,
    /// See [`ProseSpec::comparatives`].
    pub comparatives: Phrases,
    /// See [`ProseSpec::gains`].
    pub gains: Phrases,
    /// See [`ProseSpec::pairs`]: each a pair of words.
    pub pairs: Vec<(String, String)>,
    /// See [`ProseSpec::benchmarks`], lowercase.
    pub benchmarks: Vec<String>,
    /// See [`ProseSpec::settings`].
    pub settings: Phrases,
    /// See [`ProseSpec::instructions`].
    pub instructions: Phrases,
    /// See [`ProseSpec::markers`], lowercase.
    pub markers: Vec<String>,
    /// See [`ProseSpec::answers`], lowercase.
    pub answers: Vec<String>,
}

impl ProseVocabulary {
    /// Adds a file's `prose:` lists to what the files before it declared; a pair that is not
    /// two words is left out (the caller reports it, see [`pair_problem`]).
    pub fn extend(&mut self, spec: ProseSpec) {
        self.problem.extend(&spec.problem);
        self.vague.extend(&spec.vague);
        self.comparatives.extend(&spec.comparatives);
        self.gains.extend(&spec.gains);
        self.settings.extend(&spec.settings);
        self.instructions.extend(&spec.instructions);
        let lower = |list: Vec<String>, into: &mut Vec<String>| {
            for item in list {
                let item = item.trim().to_lowercase();
                if !item.is_empty() && !into.contains(&item) {
                    into.push(item);
                }
            }
        };
        lower(spec.units, &mut self.units);
        lower(spec.benchmarks, &mut self.benchmarks);
        lower(spec.markers, &mut self.markers);
        lower(spec.answers, &mut self.answers);
        for pair in &spec.pairs {
            if let [a, b] = words_of(pair.as_str()).as_slice() {
                let pair = (a.clone(), b.clone());
                if !self.pairs.contains(&pair) {
                    self.pairs.push(pair);
                }
            }
        }
    }
}

/// What is wrong with a `prose: pairs:` entry, if anything.
pub fn pair_problem(pair: &str) -> Option<String> {
    (words_of(pair).len() != 2).then(|| {
        format!(
            "the pair `{pair}` is not two words; write the word before and the word after, e.g. `before after`"
        )
    })
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

fn is_list_item(line: &str) -> bool {
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
