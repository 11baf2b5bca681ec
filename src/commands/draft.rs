//! `whylint draft`: a pull request description drafted from what the branch already says.
//!
//! The evidence the rule set finds in the branch name and the commits (references, stated
//! problems, metrics) is gathered; the draft is then judged as a pull request by the same rules,
//! and where the rules that ask for the problem or the metric are not satisfied (or nothing was
//! found), their question becomes a prompt in the section the rules look for. So the draft
//! passes `whylint check --pr-body` once its prompts are filled.

use super::{Session, branch, questions};
use crate::Outcome;
use crate::cli::{DraftArgs, Global};
use crate::error::{Error, Result};
use crate::pipeline::{self, CommitContext};
use crate::report::draft::{self as render, Draft};
use crate::report::templates;
use crate::rules::evidence::{Detail, Fact};
use crate::rules::{RuleSet, asks_metric, asks_problem, check::Asks};
use crate::source::history::WalkLimits;
use crate::subject::{Subject, SubjectKind};

/// Runs `whylint draft`.
pub fn run(global: &Global, args: &DraftArgs) -> Result<Outcome> {
    let (mut repo, rules) = Session::open(global)?.with_repo("draft")?;
    let plan = branch::plan(
        &mut repo,
        args.base.as_deref(),
        args.branch.as_deref(),
        "draft",
    )?
    .ok_or_else(|| Error::Usage("this branch has no commits yet: nothing to draft from".into()))?;
    let vocabulary = &rules.vocabulary;
    let mut draft = Draft::default();
    let branch = (plan.name != "HEAD").then(|| plan.name.clone());
    if let Some(name) = &branch {
        let mut named = Subject::new(SubjectKind::Branch);
        named.branch = Some(name.clone());
        add_facts(&mut draft, &rules.judge(&named).facts);
    }
    let context = CommitContext::default();
    for record in repo.walk(&plan.range, WalkLimits::default())? {
        let record = record?;
        let (subject, _) = pipeline::commit_subject(&record, &context);
        let evaluated = rules.evaluate(&subject);
        if evaluated.exemption.is_some() {
            continue;
        }
        draft.changes.push((
            record.id.to_string().chars().take(10).collect(),
            subject.title.clone(),
        ));
        add_facts(&mut draft, &evaluated.facts);
    }
    draft.changes.reverse();
    draft.problem_title = vocabulary.section_title("problem");
    draft.metric_title = vocabulary.section_title("metric");
    prompt_for_what_fails(&mut draft, &rules, branch);
    // A draft is Markdown whatever `--format` says.
    let out = super::output(global, false)?;
    render::write(out, &draft).map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

/// Adds the references, stated problems and metrics among `facts` (each once).
fn add_facts(draft: &mut Draft, facts: &[Fact]) {
    let push_unique = |list: &mut Vec<String>, item: &str| {
        if !item.trim().is_empty() && !list.iter().any(|known| known == item) {
            list.push(item.to_owned());
        }
    };
    for fact in facts {
        match &fact.detail {
            Detail::Reference { .. } => push_unique(&mut draft.links, &fact.text),
            Detail::Section { name, .. } if name == "problem" => {
                push_unique(&mut draft.problems, &fact.text)
            }
            Detail::Statement => push_unique(&mut draft.problems, &fact.text),
            Detail::Metric(_) | Detail::Outcome(_) => push_unique(&mut draft.metrics, &fact.text),
            Detail::Section { .. } | Detail::ReviewDate(_) => {}
        }
    }
}

/// Judges the draft as a pull request on `branch` and adds a prompt, asking the question of
/// the first rule not satisfied, to each section whose rules fail (or that has nothing yet).
fn prompt_for_what_fails(draft: &mut Draft, rules: &RuleSet, branch: Option<String>) {
    let mut text = Vec::new();
    if render::write(Box::new(&mut text), draft).is_err() {
        return;
    }
    let mut pull_request = Subject::from_description("", &String::from_utf8_lossy(&text));
    pull_request.branch = branch;
    let evaluated = rules.evaluate(&pull_request);
    let asked = questions(rules, SubjectKind::Pr);
    let failing = |what: fn(Asks) -> bool| {
        evaluated
            .answers(what)
            .find(|result| !result.verdict.pass)
            .map(|result| result.rule.question.clone())
    };
    let problem = failing(asks_problem).or_else(|| {
        (draft.links.is_empty() && draft.problems.is_empty())
            .then(|| asked.problem.clone())
            .flatten()
    });
    let metric = failing(asks_metric).or_else(|| {
        draft
            .metrics
            .is_empty()
            .then(|| asked.metric.clone())
            .flatten()
    });
    draft.problem_prompt = problem.map(|question| templates::problem_prompt(&question));
    draft.metric_prompt = metric.map(|question| templates::metric_prompt(&question));
}
