//! Template scaffolding left anywhere in a description: instruction comments still present
//! (`<!-- Describe your change -->`), placeholder prompts (`Fixes #<issue-number>`), and template
//! sections left empty (a heading with nothing under it).
//!
//! This module owns finding them in the whole description, not only in the why sections. What
//! is an instruction is data (`instruction-words`, and `comment-markers` for comments that
//! are markers such as `<!-- prettier-ignore -->`); whether a section's text is a placeholder
//! is `placeholder`'s judgement, so `N/A` stays an answer. How bad each kind is stays with the
//! rules: a rule asks for the kinds it reports.

use super::super::prose::{self, ProseWords};
use super::super::words::words;
use crate::parse::markdown;

/// What kinds of scaffolding a check looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kinds {
    /// Instruction comments still present.
    pub instructions: bool,
    /// Placeholder prompts in any section.
    pub placeholders: bool,
    /// Headings with nothing under them.
    pub empty_sections: bool,
}

/// One piece of scaffolding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// What it is, for a person: "instruction comment", "empty section `Testing`", …
    pub what: String,
    /// The text left, shortened by the caller.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// The first scaffolding of the asked `kinds` in a Markdown description.
pub fn scaffolding_left(
    markdown_text: &str,
    kinds: Kinds,
    vocabulary: &ProseWords<'_>,
    placeholder: impl Fn(&str) -> Option<String>,
) -> Option<Left> {
    let markdown_text = prose::head(markdown_text);
    if kinds.instructions
        && let Some(left) = instruction_comment(markdown_text, vocabulary)
    {
        return Some(left);
    }
    if !(kinds.placeholders || kinds.empty_sections || kinds.instructions) {
        return None;
    }
    if kinds.instructions
        && let Some(left) = prompt_left_beside_answers(markdown_text, vocabulary, &placeholder)
    {
        return Some(left);
    }
    let sections = markdown::sections(markdown_text);
    if !(kinds.placeholders || kinds.empty_sections) {
        return None;
    }
    for (index, section) in sections.iter().enumerate() {
        if section.level == markdown::PREAMBLE_LEVEL && section.heading.is_empty() {
            if kinds.placeholders
                && let Some(reason) = placeholder(&section.text)
            {
                return Some(Left {
                    what: format!("template text ({reason})"),
                    text: section.text.clone(),
                    line: section.line,
                });
            }
            continue;
        }
        let text = section.text.trim();
        if text.is_empty() {
            // A heading whose text lives in deeper headings is a parent, not an empty section.
            let parent = sections.get(index + 1).is_some_and(|next| {
                next.level > section.level && next.level != markdown::PSEUDO_HEADING_LEVEL
            });
            if kinds.empty_sections && !parent && section.level != markdown::PSEUDO_HEADING_LEVEL {
                return Some(Left {
                    what: format!("the `{}` section is empty", section.heading),
                    text: section.heading.clone(),
                    line: section.line,
                });
            }
            continue;
        }
        let answered = words(vocabulary.answers)
            .any(|answer| text.trim_end_matches('.').eq_ignore_ascii_case(answer));
        if kinds.placeholders
            && !answered
            && let Some(reason) = placeholder(text)
        {
            return Some(Left {
                what: format!(
                    "the `{}` section still holds template text ({reason})",
                    section.heading
                ),
                text: text.to_owned(),
                line: section.line,
            });
        }
    }
    None
}

/// A template prompt kept as a line of a headed section that was answered beneath or beside
/// it (`- Describe the objective or issue this PR addresses.` above the author's own lines):
/// a prose line of four words or more that is template text on its own and reads as one — a
/// capitalised question, or an instruction (`instruction-words`) — in a section whose other
/// lines are not. Read from the description as written, so code blocks (tool output) and text
/// above the first heading are left out.
fn prompt_left_beside_answers(
    markdown_text: &str,
    vocabulary: &ProseWords<'_>,
    placeholder: &impl Fn(&str) -> Option<String>,
) -> Option<Left> {
    // (heading, its line, the prose lines under it)
    let mut sections: Vec<(&str, usize, Vec<&str>)> = Vec::new();
    for block in prose::blocks(markdown_text)
        .iter()
        .filter(|block| !block.code)
    {
        for unit in &block.lines {
            let text = unit.text.trim();
            if text.starts_with('#') {
                sections.push((text.trim_start_matches('#').trim(), unit.line, Vec::new()));
            } else if let Some((_, _, lines)) = sections.last_mut() {
                let item = text
                    .strip_prefix("- ")
                    .or_else(|| text.strip_prefix("* "))
                    .unwrap_or(text)
                    .trim();
                lines.push(item);
            }
        }
    }
    let reads_as_prompt = |line: &str| {
        let first = prose::words_of(line.split_whitespace().next().unwrap_or(""));
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        line.starts_with(|c: char| c.is_uppercase())
            && (line.ends_with('?') || vocabulary.instructions.at(&first, 0).is_some())
    };
    let is_prompt = |line: &str| {
        line.split_whitespace().count() >= 4 && reads_as_prompt(line) && placeholder(line).is_some()
    };
    sections.iter().find_map(|(heading, line, lines)| {
        let prompt = lines.iter().find(|text| is_prompt(text))?;
        lines.iter().any(|text| !is_prompt(text)).then(|| Left {
            what: format!("a template prompt is still in the `{heading}` section"),
            text: (*prompt).to_owned(),
            line: *line,
        })
    })
}

/// The first HTML comment that reads as a template instruction: at least four words, one of
/// them an instruction word, and not a known marker.
fn instruction_comment(text: &str, vocabulary: &ProseWords) -> Option<Left> {
    if vocabulary.instructions.is_empty() {
        return None;
    }
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find("<!--") {
        let body_start = open + 4;
        let close = rest[body_start..].find("-->").map(|c| body_start + c);
        let body = &rest[body_start..close.unwrap_or(rest.len())];
        let lower = body.to_lowercase();
        let marker = words(vocabulary.markers).any(|marker| lower.contains(marker));
        let words_owned = prose::words_of(&lower);
        let words: Vec<&str> = words_owned.iter().map(String::as_str).collect();
        if !marker && words.len() >= 4 && vocabulary.instructions.any_in(&words) {
            let line = text[..offset + open].matches('\n').count() + 1;
            return Some(Left {
                what: "an instruction comment is still in the description".into(),
                text: body.trim().to_owned(),
                line,
            });
        }
        let end = close.map_or(rest.len(), |c| c + 3);
        offset += end;
        rest = &rest[end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> ProseWords<'static> {
        ProseWords {
            instructions: prose::phrases(&["describe", "please", "link"]),
            markers: prose::list(&["prettier-ignore"]),
            answers: prose::list(&["n/a"]),
            ..ProseWords::default()
        }
    }

    fn left(text: &str, kinds: Kinds) -> Option<Left> {
        scaffolding_left(text, kinds, &vocabulary(), |t| {
            (t.trim() == "TBD").then(|| "a placeholder".to_owned())
        })
    }

    const ALL: Kinds = Kinds {
        instructions: true,
        placeholders: true,
        empty_sections: true,
    };

    #[test]
    fn instruction_comments_are_found_and_markers_are_not() {
        let found = left(
            "## Summary\n\nAdds export.\n\n<!-- Please describe how you tested it -->\n",
            ALL,
        );
        assert_eq!(found.map(|l| l.line), Some(5));
        assert_eq!(
            left(
                "## Summary\n\nAdds export.\n<!-- prettier-ignore -->\n",
                ALL
            ),
            None
        );
    }

    #[test]
    fn prompts_kept_beside_answers_are_found_and_the_authors_lines_are_not() {
        let prompt = |t: &str| {
            (t.starts_with("Describe") || t.ends_with('?')).then(|| "a prompt".to_owned())
        };
        let read =
            |text: &str| scaffolding_left(text, ALL, &vocabulary(), prompt).map(|left| left.text);
        let kept = "## Objective\n\n- Describe the objective or issue this PR addresses.\n- Fixes a crash on empty files.\n";
        assert_eq!(
            read(kept).as_deref(),
            Some("Describe the objective or issue this PR addresses.")
        );
        // Alone, the prompt is a placeholder, not a prompt beside an answer: still found.
        assert!(read("## Objective\n\nDescribe the objective here please.\n").is_some());
        // The author's own lines, tool output and text above the first heading are not prompts.
        assert_eq!(
            read("## Summary\n\n- add export to the drawer\n- keep the filters\n"),
            None
        );
        assert_eq!(
            read("## Bench\n\n```\nDid you see these numbers here?\n```\nFaster now.\n"),
            None
        );
    }

    #[test]
    fn empty_sections_and_placeholders_are_found() {
        let found = left(
            "## Summary\n\nAdds export.\n\n## Testing\n\n## Notes\n\nNone.\n",
            ALL,
        );
        assert_eq!(
            found.map(|l| l.what),
            Some("the `Testing` section is empty".into())
        );
        assert!(left("## Summary\n\nTBD\n", ALL).is_some());
        // A parent heading is not empty.
        assert_eq!(left("## Changes\n\n### Parser\n\nFaster.\n", ALL), None);
        // N/A is an answer.
        assert_eq!(
            left("## Summary\n\nAdds export.\n\n## Screenshots\n\nN/A\n", ALL),
            None
        );
    }
}
