//! Whether a change said why, for `whylint report` and `whylint due`: not a pass or a fail, but
//! the same judgement as every check, read from the rule set's result — the change says why
//! when it passes the rules that ask for its problem (at the levels configured), and its
//! metric and time to look again are the metric evidence it carries.

use super::evidence::{Detail, Fact, Origin};
use super::metric::Timeframe;
use super::{Evaluated, RuleSet, asks_problem};
use crate::subject::Subject;

/// What one change said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// A reference to an issue or ticket satisfied the rules that ask for the problem.
    pub problem_link: bool,
    /// A stated problem satisfied the rules that ask for the problem.
    pub problem_statement: bool,
    /// A metric with a quantity and a direction.
    pub measurable_metric: bool,
    /// The exemption kind, when the change is exempt.
    pub exempt: Option<&'static str>,
    /// The first measurable metric's text, and its time to look again.
    pub metric: Option<(String, Option<Timeframe>)>,
    /// Every rule that asks for the problem (at warning or error) passed.
    pub said_why: bool,
}

impl Coverage {
    /// Said why, as the rules judge it.
    pub fn says_why(&self) -> bool {
        self.said_why
    }
}

/// Judges one change with the rule set.
pub fn coverage(subject: &Subject, rules: &RuleSet) -> Coverage {
    of(&rules.evaluate(subject))
}

/// What the rule set's result says about one change.
pub fn of(evaluated: &Evaluated<'_>) -> Coverage {
    let used = evaluated.used(asks_problem);
    let own = |fact: &&Fact| fact.origin == Origin::Own;
    // A `Review-By:` line: a review date that is no metric's own timeframe.
    let metric_says = |text: &str| {
        evaluated.facts.iter().any(|fact| {
            fact.assessment()
                .and_then(|assessment| assessment.timeframe.as_ref())
                .is_some_and(|(said, _)| said == text)
        })
    };
    let review = evaluated
        .facts
        .iter()
        .filter(own)
        .find_map(|fact| match fact.detail {
            Detail::ReviewDate(timeframe) if !metric_says(&fact.text) => Some(timeframe),
            _ => None,
        });
    let metric = evaluated.facts.iter().filter(own).find_map(|fact| {
        let assessment = fact.assessment()?;
        // An outcome read in prose was measured already ("now 300 ms, down from 1.2 s"): its
        // number is enough, where a `Metric:` line also needs a direction.
        let outcome = matches!(fact.detail, Detail::Outcome(_)) && assessment.quantity.is_some();
        (outcome || assessment.is_measurable()).then(|| {
            let when = assessment
                .timeframe
                .as_ref()
                .map(|(_, timeframe)| *timeframe);
            (fact.text.clone(), when.or(review))
        })
    });
    Coverage {
        problem_link: used
            .iter()
            .any(|fact| matches!(fact.detail, Detail::Reference { .. })),
        problem_statement: used.iter().any(|fact| match &fact.detail {
            Detail::Section { name, .. } => name == "problem",
            Detail::Statement => true,
            _ => false,
        }),
        measurable_metric: metric.is_some(),
        exempt: evaluated.exemption.as_ref().map(|(kind, _)| *kind),
        metric,
        said_why: evaluated.exemption.is_none() && evaluated.says_why(),
    }
}
