//! The short form of text output: one line per finding, and each rule's help once at the end.
//!
//! A finding's message is the rule's summary, a colon, and what the check found missing,
//! quoting the author's text where it came close. On the one-line form the summary goes to the
//! rule's help block (printed once per rule, however many targets broke it), and so do lists of
//! spellings in parentheses (`(a \`Problem:\` line or a \`## Problem\` heading)`), which the
//! help and example show. Parentheses that say something about the author's text stay.

use crate::finding::{Finding, Level};

/// One rule that had findings in a run, with what its help block shows.
#[derive(Debug, Clone)]
pub struct RuleHelp {
    /// The rule id.
    pub rule: String,
    /// The highest level it was reported at.
    pub level: Level,
    /// Its one-line summary.
    pub summary: String,
    /// The question it asks.
    pub question: String,
    /// How to fix it.
    pub help: String,
    /// Text to paste.
    pub example: String,
    /// How many findings it had.
    pub count: usize,
}

/// The rules that had findings, in the order they first appeared.
#[derive(Debug, Default)]
pub struct RuleHelps {
    rules: Vec<RuleHelp>,
}

impl RuleHelps {
    /// Counts `finding` under its rule.
    pub fn add(&mut self, finding: &Finding) {
        if let Some(known) = self.rules.iter_mut().find(|r| r.rule == finding.rule) {
            known.count += 1;
            known.level = known.level.max(finding.level);
            return;
        }
        self.rules.push(RuleHelp {
            rule: finding.rule.clone(),
            level: finding.level,
            summary: finding.summary.clone(),
            question: finding.question.clone(),
            help: finding.help.clone(),
            example: finding.example.clone(),
            count: 1,
        });
    }

    /// The rules seen, first seen first.
    pub fn rules(&self) -> &[RuleHelp] {
        &self.rules
    }
}

/// What `finding` found missing, without the rule's summary and without lists of spellings in
/// parentheses: `found no reference to an issue or ticket and found no \`Problem\` section`.
pub fn brief(finding: &Finding) -> String {
    let detail = finding
        .message
        .strip_prefix(finding.summary.as_str())
        .and_then(|rest| rest.strip_prefix(": "))
        .filter(|rest| !rest.trim().is_empty() && !finding.summary.is_empty())
        .unwrap_or(&finding.message);
    without_spelling_lists(detail)
}

/// `text` without ` (…)` groups that are lists of spellings (see [`is_spelling_list`]).
/// Parentheses inside code spans (the author's quoted text) are text, not groups.
fn without_spelling_lists(text: &str) -> String {
    let outside = outside_code(text);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find(" (") {
        let open = at + found;
        at = open + 2;
        if !outside(open + 1) {
            continue;
        }
        let Some(close) = closing_paren(text, at, &outside) else {
            break;
        };
        if is_spelling_list(&text[at..close]) {
            out.push_str(&text[copied..open]);
            copied = close + 1;
        }
        at = close + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The offset of the `)` closing a group whose content starts at `from`, outside code spans,
/// nested groups skipped.
fn closing_paren(text: &str, from: usize, outside: &impl Fn(usize) -> bool) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, c) in text[from..].char_indices() {
        let at = from + offset;
        match c {
            '(' if outside(at) => depth += 1,
            ')' if outside(at) && depth == 0 => return Some(at),
            ')' if outside(at) => depth -= 1,
            _ => {}
        }
    }
    None
}

/// For each byte offset of `text`, whether it lies outside every code span. A span opens with
/// a run of backticks and closes at the next run of the same length, as in Markdown; a run
/// that is never closed is literal.
fn outside_code(text: &str) -> impl Fn(usize) -> bool {
    let bytes = text.as_bytes();
    let mut inside = vec![false; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let mut close = None;
        let mut j = i + run;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let other = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                if other == run {
                    close = Some(j + run);
                    break;
                }
                j += other;
            } else {
                j += 1;
            }
        }
        let end = close.unwrap_or(i + run);
        inside[i..end].iter_mut().for_each(|b| *b = true);
        i = end;
    }
    move |at| !inside.get(at).copied().unwrap_or(false)
}

/// Whether a group's content is a list of alternatives written as code: at least two items
/// (split on `,` and ` or `), at least one code span, each item a few words (a code span counts
/// as one word). `\`#123\`, \`PAY-812\`, an issue URL` is; `\`#7\` names this change itself,
/// not where its problem lives` is not.
fn is_spelling_list(inner: &str) -> bool {
    const MOST_WORDS: usize = 4;
    let inner = inner.strip_prefix("e.g. ").unwrap_or(inner);
    if !inner.contains('`') {
        return false;
    }
    let items: Vec<&str> = inner
        .split(", ")
        .flat_map(|item| item.split(" or "))
        .map(|item| item.trim_start_matches("or ").trim())
        .filter(|item| !item.is_empty())
        .collect();
    items.len() >= 2 && items.iter().all(|item| words(item) <= MOST_WORDS)
}

/// Words in `item`, a code span counting as one.
fn words(item: &str) -> usize {
    item.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                1
            } else {
                part.split_whitespace().count()
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::without_spelling_lists;

    #[test]
    fn lists_of_spellings_go_to_the_help_block() {
        assert_eq!(
            without_spelling_lists(
                "found no reference to an issue or ticket (`#123`, `org/repo#45`, `PAY-812`, an issue URL) and found no `Problem` section (a `Problem:` line or a `## Problem` heading)"
            ),
            "found no reference to an issue or ticket and found no `Problem` section"
        );
        assert_eq!(
            without_spelling_lists(
                "`faster` is not measurable yet: add a number (a count, %, duration or amount) and a time to look again (`within 30 days`, or a `Review-By: 2027-01-15` line)"
            ),
            "`faster` is not measurable yet: add a number (a count, %, duration or amount) and a time to look again"
        );
    }

    #[test]
    fn parentheses_in_the_authors_quoted_text_are_text() {
        assert_eq!(
            without_spelling_lists(
                "`drops from 184 to 70 (at most 3 per fai…` does not say when to look again: add a time to look again (`within 30 days`, or a `Review-By: 2027-01-15` line)"
            ),
            "`drops from 184 to 70 (at most 3 per fai…` does not say when to look again: add a time to look again"
        );
        assert_eq!(
            without_spelling_lists("``a ` (`x`, `y`) `` stays (`b`, `c`)"),
            "``a ` (`x`, `y`) `` stays"
        );
    }

    #[test]
    fn what_is_said_about_the_authors_text_stays() {
        for kept in [
            "found no reference (`#7` names this change itself, not where its problem lives)",
            "the `Why` section still holds template text (template prompt): `Describe it`",
            "found no closing reference (`Fixes #123`)",
            "subject contains `a (b`, which is not allowed",
        ] {
            assert_eq!(without_spelling_lists(kept), kept);
        }
    }
}
