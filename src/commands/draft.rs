//! `whylint draft`: a pull request description drafted from what the branch already says.
//!
//! Problem links and statements, and metrics, are gathered from the branch name and the
//! commits; what is missing becomes a prompt in the section the rules look for, so the draft
//! passes `whylint check --pr-body` once its prompts are filled.

use super::{Session, branch};
use crate::Outcome;
use crate::cli::{DraftArgs, Global};
use crate::error::{Error, Result};
use crate::pipeline::{self, CommitContext};
use crate::report::draft::{self as render, Draft};
use crate::rules::reference;
use crate::source::history::WalkLimits;

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
    let push_unique = |list: &mut Vec<String>, item: String| {
        if !item.trim().is_empty() && !list.contains(&item) {
            list.push(item);
        }
    };
    if plan.name != "HEAD" {
        for found in reference::branch_references(&plan.name, &vocabulary.trackers) {
            push_unique(&mut draft.links, found.text);
        }
    }
    let context = CommitContext::default();
    for record in repo.walk(&plan.range, WalkLimits::default())? {
        let record = record?;
        let (subject, _) = pipeline::commit_subject(&record, &context);
        if rules.exemptions.exemption(&subject).is_some() {
            continue;
        }
        draft.changes.push((
            record.id.to_string().chars().take(10).collect(),
            subject.title.clone(),
        ));
        for found in reference::find_references(&subject.text, &vocabulary.trackers) {
            push_unique(&mut draft.links, found.text);
        }
        for section in vocabulary.sections_named(&subject, "problem") {
            if vocabulary.placeholder_reason(&section.text).is_none() {
                push_unique(&mut draft.problems, section.text.clone());
            }
        }
        for section in vocabulary.sections_named(&subject, "metric") {
            if vocabulary.placeholder_reason(&section.text).is_none() {
                push_unique(&mut draft.metrics, section.text.clone());
            }
        }
    }
    draft.changes.reverse();
    draft.problem_title = vocabulary.section_title("problem");
    draft.metric_title = vocabulary.section_title("metric");
    // A draft is Markdown whatever `--format` says.
    let out = super::output(global, false)?;
    render::write(out, &draft).map_err(Error::Output)?;
    Ok(Outcome::Clean)
}
