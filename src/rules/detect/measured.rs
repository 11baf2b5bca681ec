//! A success metric wherever it is written: a sentence, a table or benchmark output anywhere in
//! a message or description that reports a measured or targeted change of a quantity.
//!
//! This module owns telling an outcome ("CI went from ~20 minutes to 5", "reduces peak memory by
//! ~25%", "~30s faster", a before/after table) from the numbers that are not one: numbers that
//! describe the problem ("takes over 200 seconds"), configuration values ("raise the timeout
//! from 5 s to 10 s"), versions, and counts. A quantity counts only next to words of change
//! (`outcome-words`, `gain-words`, an arrow or `from … to …`, `vs`), or inside a block framed
//! as a comparison (`comparison-pairs`, such as before/after) or as benchmark output
//! (`benchmark-marks`); a sentence naming a setting (`setting-words`) never counts. The lists
//! are data (`rules/vocabulary.yml`); the arrows and `from`/`to`/`by`/`vs` are grammar, here. A dedicated `Metric:` line or section is judged by the `metric` check first;
//! this one is what passes when people wrote the result elsewhere.

use super::prose::{self, Block, ProseWords};
use super::words::{Entry, words};

/// Where the metric was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    /// The sentence, table row or block that carries it.
    pub text: String,
    /// 1-based line in the text read.
    pub line: usize,
}

/// The first measured outcome in `text`, if any.
pub fn measured_outcome(text: &str, vocabulary: &ProseWords<'_>) -> Option<Measured> {
    let text = prose::head(text);
    if vocabulary.units.is_empty() || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = text.to_lowercase();
    let whole_words = prose::words_of(&lower);
    let whole: Vec<&str> = whole_words.iter().map(String::as_str).collect();
    let framed_anywhere = vocabulary.comparatives.any_in(&whole) || has_pair(vocabulary, &whole);
    // Whether the block before introduces what follows as a comparison ("now a bit faster:").
    let mut introduced = None;
    for block in prose::blocks(text) {
        if let Some(found) = in_block(&block, vocabulary, framed_anywhere, introduced) {
            return Some(found);
        }
        introduced = if block.code {
            None
        } else {
            introduces_comparison(&block, vocabulary, &whole)
        };
    }
    None
}

/// How a block introduced what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intro {
    /// As a change (`now faster:`, `old vs new:`).
    Change,
    /// As one side of a comparison the text makes (`Before:` where it also says `after`).
    Side,
}

/// Whether a prose block ends by introducing a comparison: its last sentence ends with `:`
/// and names a change or a pair (`old vs new:`, `the unzip is now faster:`), or one side of a
/// pair whose other side the text also has (`Before:` … `After:`).
fn introduces_comparison(
    block: &Block<'_>,
    vocabulary: &ProseWords<'_>,
    whole: &[&str],
) -> Option<Intro> {
    let last = block.lines.last()?;
    if !last.text.trim_end().ends_with(':') {
        return None;
    }
    let words_owned = prose::sentence_words(last.text);
    let words: Vec<&str> = words_owned.iter().map(String::as_str).collect();
    let one_side = vocabulary.pairs().any(|(before, after)| {
        (words.contains(&before) && whole.contains(&after))
            || (words.contains(&after) && whole.contains(&before))
    });
    if one_side {
        Some(Intro::Side)
    } else {
        (vocabulary.comparatives.any_in(&words)
            || words.iter().any(|w| matches!(*w, "vs" | "versus")))
        .then_some(Intro::Change)
    }
}

/// Whether a line is a table row: Markdown's `|`, or a box-drawn table's `│` as tools print.
fn is_row(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('|') || line.starts_with('│')
}

fn in_block(
    block: &Block<'_>,
    vocabulary: &ProseWords<'_>,
    framed: bool,
    introduced: Option<Intro>,
) -> Option<Measured> {
    let first_line = block.lines.first().map_or(0, |l| l.line);
    let whole = block.text();
    let lower = whole.to_lowercase();
    let marks = vocabulary
        .benchmarks
        .iter()
        .map(|mark| lower.matches(mark.word.as_ref()).count())
        .sum::<usize>();
    let block_quote = || Measured {
        text: whole.clone(),
        line: first_line,
    };
    if marks >= 2 || (marks == 1 && framed) {
        return Some(block_quote());
    }
    if block.code {
        // Tool output counts when it compares: its own before/after, or a sentence that
        // introduced it as a comparison.
        let words_owned = prose::words_of(&lower);
        let words: Vec<&str> = words_owned.iter().map(String::as_str).collect();
        // Introduced only: the output itself must report changes (`-11.0%`, `3x`, `a -> b`),
        // not just print numbers (a log pasted "for better views").
        let found = quantities_in(&whole, vocabulary.units);
        let compared = has_pair(vocabulary, &words)
            || match introduced {
                Some(Intro::Side) => true,
                Some(Intro::Change) => found.ratio || has_arrow(&whole),
                None => false,
            };
        return (compared && found.count >= 2).then(block_quote);
    }
    // Sentences, and each table row on its own.
    let mut units: Vec<(String, usize)> = Vec::new();
    for line in &block.lines {
        if is_row(line.text) {
            units.push((line.text.to_owned(), line.line));
        }
    }
    for sentence in prose::sentences(block) {
        units.push((sentence.text, sentence.line));
    }
    let mut quantities = 0;
    let mut settings = false;
    let mut first: Option<Measured> = None;
    let mut itemised = 0;
    for (text, line) in &units {
        let words_owned = prose::sentence_words(text);
        let words: Vec<&str> = words_owned.iter().map(String::as_str).collect();
        if vocabulary.settings.any_in(&words) {
            settings = true;
            continue;
        }
        let found = quantities_in(text, vocabulary.units);
        quantities += found.count;
        if is_outcome(text, &words, &found, vocabulary) {
            let item = is_row(text) || prose::is_list_item(text.trim_start());
            itemised += usize::from(item);
            if first.is_none() && !item {
                // A sentence speaks for itself.
                return Some(Measured {
                    text: text.trim().to_owned(),
                    line: *line,
                });
            }
            first.get_or_insert_with(|| Measured {
                text: text.trim().to_owned(),
                line: *line,
            });
        }
    }
    // Rows or list items that each report an outcome are one result: the block is quoted.
    if itemised >= 2 {
        return Some(block_quote());
    }
    if first.is_some() {
        return first;
    }
    let words_owned = prose::words_of(&lower);
    let words: Vec<&str> = words_owned.iter().map(String::as_str).collect();
    (!settings && quantities >= 2 && (introduced.is_some() || has_pair(vocabulary, &words)))
        .then(block_quote)
}

fn has_pair(vocabulary: &ProseWords<'_>, words: &[&str]) -> bool {
    vocabulary
        .pairs()
        .any(|(a, b)| words.contains(&a) && words.contains(&b))
}

/// Whether one sentence or row reports a change of a quantity.
fn is_outcome(text: &str, words: &[&str], found: &Quantities, vocabulary: &ProseWords<'_>) -> bool {
    let arrow = has_arrow(text) || from_to(words);
    if found.count == 0 && !found.ratio && !arrow {
        return false;
    }
    let comparative = vocabulary.comparatives.find(words);
    if found.ratio && comparative.is_some() {
        return true;
    }
    if arrow && (found.count >= 1 || comparative.is_some()) {
        return true;
    }
    let numeric = |w: &&str| w.starts_with(|c: char| c.is_ascii_digit());
    let has_digit = |w: &&str| w.contains(|c: char| c.is_ascii_digit());
    for (i, word) in words.iter().enumerate() {
        // `3m6 vs 43s`
        if matches!(*word, "vs" | "versus")
            && i > 0
            && words.get(i - 1).is_some_and(has_digit)
            && words.get(i + 1).is_some_and(numeric)
        {
            return true;
        }
        // `reduces … by 40%`, `by ~7s`
        if *word == "by" && comparative.is_some() && words.get(i + 1).is_some_and(numeric) {
            return true;
        }
        // `~30s faster`, `5-12 seconds faster`
        if found.count >= 1
            && has_digit(word)
            && (1..=2).any(|ahead| vocabulary.comparatives.at(words, i + ahead).is_some())
        {
            return true;
        }
        // `saves ~7s`, `down to 800ms`
        if let Some(len) = vocabulary.gains.at(words, i)
            && (0..=1).any(|skip| words.get(i + len + skip).is_some_and(numeric))
        {
            return true;
        }
    }
    false
}

/// The quantities of a sentence: numbers with a unit.
#[derive(Debug, Default)]
struct Quantities {
    count: usize,
    /// A percentage or a ratio (`40%`, `3x`, `×2`, `factor of 4`).
    ratio: bool,
}

fn quantities_in(text: &str, units: &[Entry]) -> Quantities {
    let bytes = text.as_bytes();
    let mut found = Quantities::default();
    let lower = text.to_ascii_lowercase();
    if lower.contains("factor of ") {
        found.ratio = true;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let before = start.checked_sub(1).map(|p| bytes[p]);
        let mut dots = 0;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (matches!(bytes[i], b'.' | b',')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            dots += usize::from(bytes[i] == b'.');
            i += 1;
        }
        // `x86`, `v1.2`, `p95`, `1.2.3` and `#12` are names and versions, not quantities.
        let glued =
            before.is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'#' | b'.'));
        // `x10` / `×10`: a ratio written before the number.
        let times_before = text[..start].ends_with('×')
            || (before == Some(b'x')
                && !start
                    .checked_sub(2)
                    .is_some_and(|p| bytes[p].is_ascii_alphanumeric()));
        if times_before {
            found.ratio = true;
            found.count += 1;
            continue;
        }
        if glued || dots > 1 {
            continue;
        }
        let mut at = i;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        let rest = &lower[at..];
        if let Some(unit) = words(units)
            .filter(|unit| rest.starts_with(unit))
            .filter(|unit| {
                let end = at + unit.len();
                let last = unit.as_bytes().last().copied().unwrap_or(b' ');
                // A letter right after the unit makes it another word (`5 most`); a digit
                // goes on a compound duration (`15m28s`, `1h30m`).
                !last.is_ascii_alphanumeric()
                    || !lower
                        .as_bytes()
                        .get(end)
                        .is_some_and(|b| b.is_ascii_alphabetic())
            })
            .max_by_key(|unit| unit.len())
        {
            found.count += 1;
            if matches!(unit, "%" | "x" | "×") {
                found.ratio = true;
            }
            i = at + unit.len();
        }
    }
    found
}

/// `20 min -> 5 min`, `680 → 710`, `3 => 1`: an arrow with a number before and after it.
fn has_arrow(text: &str) -> bool {
    ["->", "→", "=>"].iter().any(|arrow| {
        text.match_indices(arrow).any(|(at, _)| {
            let before = &text[..at];
            let after = &text[at + arrow.len()..];
            let near_before = before
                .char_indices()
                .rev()
                .take(25)
                .any(|(_, c)| c.is_ascii_digit());
            let near_after = after
                .trim_start_matches([' ', '~', '`', '*'])
                .starts_with(|c: char| c.is_ascii_digit());
            near_before && near_after
        })
    })
}

/// `from 300 MB to 94 MB`: `from`, a number, at most six words, `to`, a number.
fn from_to(words: &[&str]) -> bool {
    let numeric = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    words.iter().enumerate().any(|(i, w)| {
        *w == "from"
            && words.get(i + 1).is_some_and(|n| numeric(n))
            && (i + 2..(i + 9).min(words.len()))
                .any(|j| words[j] == "to" && words.get(j + 1).is_some_and(|n| numeric(n)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> ProseWords<'static> {
        ProseWords {
            units: prose::list(&[
                "%", "x", "ms", "m", "s", "seconds", "minutes", "mb", "gb", "ns/iter",
            ]),
            comparatives: prose::phrases(&["faster", "reduc*", "smaller", "less"]),
            gains: prose::phrases(&["saves", "down to"]),
            pairs: prose::list(&["before after"]),
            benchmarks: prose::list(&["ns/iter", "time (mean"]),
            settings: prose::phrases(&["timeout*", "limit*", "version*"]),
            ..ProseWords::default()
        }
    }

    fn found(text: &str) -> Option<String> {
        measured_outcome(text, &vocabulary()).map(|m| m.text)
    }

    #[test]
    fn outcomes_in_prose_are_found() {
        assert!(found("This reduces peak memory by ~25% on large inputs.").is_some());
        assert!(found("CI took 20 minutes -> 5 minutes now.").is_some());
        assert!(found("Tests are now ~30s faster.").is_some());
        assert!(found("The image shrank from 300 MB to 94 MB.").is_some());
        assert!(found("It saves ~7s per run.").is_some());
        assert!(found("Before: 120 ms\nAfter: 40 ms").is_some());
    }

    #[test]
    fn numbers_that_are_not_outcomes_are_not() {
        assert_eq!(found("The export takes over 200 seconds today."), None);
        assert_eq!(found("Raise the timeout from 5 s to 10 s."), None);
        assert_eq!(found("Bump the version from 1.2.3 to 1.2.4."), None);
        assert_eq!(found("Changed 12 files in 3 crates."), None);
        assert_eq!(found("Runs on x86 and p95 dashboards."), None);
    }

    #[test]
    fn compound_durations_and_box_drawn_tables_are_quantities() {
        assert!(found("- build (docs) - 15m28s -> 4m29s").is_some());
        assert!(found("│ before │ 603ms │\n│ after  │ 518ms │").is_some());
        assert_eq!(found("Runs every 15m30s."), None);
    }

    #[test]
    fn tool_output_counts_when_a_sentence_introduces_it_as_a_comparison() {
        let introduced = "The unzip is now faster:\n\n```\n- small: -1.0%\n- large: -11.0%\n```";
        assert!(found(introduced).is_some());
        let listed = "The sizes of the wheels:\n\n```\n- small: 55 KB\n- large: 21 MB\n```";
        assert_eq!(found(listed), None);
    }

    #[test]
    fn numbers_under_before_and_after_labels_are_an_outcome() {
        let labelled =
            "Before:\n\nbuild: 352 ms\ntest: 361 ms\n\nAfter:\n\nbuild: 85 ms\ntest: 96 ms";
        assert!(found(labelled).is_some());
        let one_side = "Before:\n\nbuild: 352 ms\ntest: 361 ms";
        assert_eq!(found(one_side), None);
    }

    #[test]
    fn rows_that_each_report_an_outcome_are_quoted_as_one_block() {
        let list = "Times, old vs new:\n- build: 20 ms -> 5 ms\n- test: 9 ms -> 7 ms";
        assert_eq!(found(list).as_deref(), Some(list));
        let one = "Loading is 40% faster.\n- build: 20 ms -> 5 ms";
        assert_eq!(found(one).as_deref(), Some("Loading is 40% faster."));
    }

    #[test]
    fn benchmark_output_counts_when_compared() {
        let text = "Before and after:\n\n```\ntest a ... bench: 35 ns/iter\ntest b ... bench: 20 ns/iter\n```";
        assert!(found(text).is_some());
    }
}
