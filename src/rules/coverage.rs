//! Whether a change said why, for `whylint report` and `whylint due`: not pass/fail against the
//! configured levels, but the facts — a problem link, a problem statement, a measurable metric,
//! a time to look at the metric again — decided by the same detectors and vocabulary as the
//! rules.

use super::RuleSet;
use super::metric::Timeframe;
use super::reference;
use crate::subject::Subject;

/// What one change said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// A reference to an issue or ticket (in the text, or the branch name).
    pub problem_link: bool,
    /// A problem section of at least six real words.
    pub problem_statement: bool,
    /// A metric with a quantity and a direction.
    pub measurable_metric: bool,
    /// The exemption kind, when the change is exempt.
    pub exempt: Option<&'static str>,
    /// The first measurable metric's text, and its time to look again.
    pub metric: Option<(String, Option<Timeframe>)>,
}

impl Coverage {
    /// Said why: a linked or stated problem.
    pub fn says_why(&self) -> bool {
        self.problem_link || self.problem_statement
    }
}

/// Judges one change with the rule set's vocabulary and exemptions.
pub fn coverage(subject: &Subject, rules: &RuleSet) -> Coverage {
    let vocabulary = &rules.vocabulary;
    let mut found = Coverage {
        exempt: rules.exemptions.exemption(subject).map(|(kind, _)| kind),
        ..Coverage::default()
    };
    found.problem_link = !reference::find_references(&subject.text, &vocabulary.trackers)
        .is_empty()
        || subject
            .branch
            .as_deref()
            .is_some_and(|b| !reference::branch_references(b, &vocabulary.trackers).is_empty());
    found.problem_statement = vocabulary
        .sections_named(subject, "problem")
        .any(|section| {
            vocabulary.placeholder_reason(&section.text).is_none()
                && super::placeholder::content_words(&section.text) >= 6
        });
    let review = ["Review-By", "Measure-By"]
        .iter()
        .find_map(|key| {
            subject
                .trailer_values(key)
                .find_map(|t| vocabulary.assess(&t.value).timeframe)
        })
        .map(|(_, timeframe)| timeframe);
    for section in vocabulary.sections_named(subject, "metric") {
        if vocabulary.placeholder_reason(&section.text).is_some() {
            continue;
        }
        let assessment = vocabulary.assess(&section.text);
        if assessment.is_measurable() {
            found.measurable_metric = true;
            let when = assessment
                .timeframe
                .map(|(_, timeframe)| timeframe)
                .or(review);
            found.metric = Some((section.text.clone(), when));
            break;
        }
    }
    found
}
