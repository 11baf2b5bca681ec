//! Problems stated in prose: a sentence that names a symptom, an error, a slowness or a
//! limitation someone hit ("Currently the export fails when …", "users can't …"), wherever it
//! is written in the body of a message or a description.
//!
//! This module owns deciding, with high precision, whether such a sentence is there, and, when
//! it is not, which sentence came closest ("fix the bug" names a fix, not what was wrong) so the
//! failure can quote it. The words that name a problem are data (`problem-words` and
//! `vague-words` in `rules/vocabulary.yml`); reading sentences is `prose`'s job, and template prompts are left out with
//! `placeholder`'s judgement. A subject line or title alone is never a statement: "Fix crash"
//! says what the change does, not who hit what.

use super::prose::{self, ProseWords};

/// A sentence that answered, or came close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The sentence.
    pub text: String,
    /// 1-based line in the text read.
    pub line: usize,
}

/// What the body says about the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stated {
    /// A sentence states a problem.
    Problem(Quote),
    /// No sentence does; this one came closest (it names a fix or an issue without saying what
    /// was wrong).
    Close(Quote),
    /// Nothing came close.
    Nothing,
}

/// Reads `body` (no subject line or title) for a problem statement of at least `min_words`
/// words. `is_template` says whether a sentence is template text (it never counts).
pub fn stated_problem(
    body: &str,
    vocabulary: &ProseWords<'_>,
    min_words: usize,
    is_template: impl Fn(&str) -> bool,
) -> Stated {
    if vocabulary.problem.is_empty() {
        return Stated::Nothing;
    }
    let mut close: Option<Quote> = None;
    for block in prose::blocks(prose::head(body)) {
        if block.code || block.is_table() {
            continue;
        }
        for sentence in prose::sentences(&block) {
            let words = prose::sentence_words(&sentence.text);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let quote = || Quote {
                text: sentence.text.clone(),
                line: sentence.line,
            };
            if words.len() >= min_words && vocabulary.problem.any_in(&words) {
                if is_template(&sentence.text) {
                    continue;
                }
                return Stated::Problem(quote());
            }
            if close.is_none() && vocabulary.vague.any_in(&words) && !is_template(&sentence.text) {
                close = Some(quote());
            }
        }
    }
    close.map_or(Stated::Nothing, Stated::Close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> ProseWords<'static> {
        ProseWords {
            problem: prose::phrases(&["crash*", "can't", "does not work", "too slow"]),
            vague: prose::phrases(&["fix*", "issue*"]),
            ..ProseWords::default()
        }
    }

    fn read(body: &str) -> Stated {
        stated_problem(body, &vocabulary(), 5, |_| false)
    }

    #[test]
    fn a_symptom_in_a_sentence_is_a_problem() {
        let body = "The importer crashes when a row\nhas no date column.\n\nNow it skips them.";
        assert_eq!(
            read(body),
            Stated::Problem(Quote {
                text: "The importer crashes when a row has no date column.".into(),
                line: 1
            })
        );
        assert!(matches!(
            read("Users can't export more than one page at once."),
            Stated::Problem(_)
        ));
    }

    #[test]
    fn short_lines_checklists_code_and_trailers_are_not_statements() {
        assert_eq!(read("Crashes."), Stated::Nothing);
        assert_eq!(
            read("- [x] Bug fix that crashes nothing at all here"),
            Stated::Nothing
        );
        assert_eq!(
            read("```\nthread main crashed with a panic here\n```"),
            Stated::Nothing
        );
        assert_eq!(
            read("Reported-by: Ada who saw it crash twice"),
            Stated::Nothing
        );
    }

    #[test]
    fn a_fix_without_its_problem_comes_close() {
        assert!(matches!(read("This fixes the issue."), Stated::Close(_)));
    }

    #[test]
    fn template_text_never_counts() {
        let stated = stated_problem(
            "Describe what crashes and for whom it does not work.",
            &vocabulary(),
            5,
            |_| true,
        );
        assert_eq!(stated, Stated::Nothing);
    }
}
