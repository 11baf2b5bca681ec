//! `whylint branch`: a branch as a change — its name, each commit since the base, and the
//! branch as a whole (or, with `--pr-body`, the pull request description with the branch).
//!
//! `check` and `draft` start from the same plan: which commits make up the branch.

use super::{Run, Session, next};
use crate::Outcome;
use crate::cli::{BranchArgs, Global};
use crate::error::{Error, Result};
use crate::finding::{Exemption, Target, TargetKind, pr_noun};
use crate::parse::decode::utf8_lossy;
use crate::pipeline::{self, BranchSummary, CommitContext, Cover};
use crate::report::Epilogue;
use crate::rules::RuleSet;
use crate::source::file::read_bytes;
use crate::source::git::Repo;
use crate::source::history::{Range, WalkLimits};
use crate::source::shallow;
use crate::subject::{Related, Subject};

/// Which commits make up the branch.
#[derive(Debug, Clone)]
pub struct BranchPlan {
    /// The branch name (`HEAD` when detached and not given).
    pub name: String,
    /// The name for people: the branch, or `detached HEAD at 1a2b3c4d5e`.
    pub label: String,
    /// The base as named (a ref or a commit id).
    pub base: String,
    /// `base..head`.
    pub range: Range,
    /// What was done to get here (history fetched, merge checkout recognised).
    pub notes: Vec<String>,
    /// HEAD is on the base itself: the range is just the latest commit.
    pub on_base: bool,
}

/// Works out the branch's commits; `None` when HEAD has no commits yet.
pub fn plan(
    repo: &mut Repo,
    base: Option<&str>,
    branch: Option<&str>,
    command: &str,
) -> Result<Option<BranchPlan>> {
    plan_range(repo, base, None, branch, command, false)
}

/// Like `plan`, with the last commit of the change given (a PR's head sha in CI) instead of HEAD.
/// `from_ci`: the base and head were named by the CI event, not by the user.
pub fn plan_range(
    repo: &mut Repo,
    base: Option<&str>,
    head: Option<&str>,
    branch: Option<&str>,
    command: &str,
    from_ci: bool,
) -> Result<Option<BranchPlan>> {
    let mut notes = Vec::new();
    let explicit_head = match head {
        Some(rev) => {
            // A shallow CI checkout may lack both ends of the change: fetched together, by id.
            let needed: Vec<_> = base
                .map(shallow::Needed::base)
                .into_iter()
                .chain([shallow::Needed::head(rev)])
                .map(|needed| needed.named_by_event(from_ci))
                .collect();
            let (ids, fetched) = shallow::ensure_present(repo, &needed)?;
            notes.extend(fetched);
            ids.last().copied()
        }
        None => None,
    };
    let head = match explicit_head {
        Some(head) => Some(head),
        None => repo.head_commit()?,
    };
    let Some(mut head) = head else {
        return Ok(None);
    };
    let current = repo.current_branch();
    let detached_merge = (explicit_head.is_none() && current.is_none())
        .then(|| repo.synthetic_merge(head))
        .flatten();
    let base = match (base, detached_merge) {
        (Some(base), _) => base.to_owned(),
        (None, Some((merge_base, pr_head))) => {
            notes.push(format!(
                "HEAD is GitHub's merge of the pull request into its base; checking the pull request's own commits ({}..{})",
                short(merge_base),
                short(pr_head)
            ));
            head = pr_head;
            merge_base.to_string()
        }
        // On a default branch with nothing to compare against, the branch is its own base.
        (None, None) => repo
            .detect_base()
            .or_else(|| current.clone().filter(|name| ["main", "master", "trunk"].contains(&name.as_str())))
            .ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell which branch this one starts from: there is no `origin/HEAD`, `main`, `master` or `trunk`; name it: `whylint {command} --base <branch>`"
            ))
        })?,
    };
    let (base_id, fetched) = shallow::ensure_base(repo, &base, head)?;
    notes.extend(fetched);
    let name = branch
        .map(str::to_owned)
        .or(current)
        .unwrap_or_else(|| "HEAD".to_owned());
    let label = if name == "HEAD" {
        format!("detached HEAD at {}", short(head))
    } else {
        format!("`{name}`")
    };
    // On the base branch itself (nothing ahead of it), the change to check is the latest commit.
    let on_base = repo.ahead_of(head, base_id)? == 0;
    if on_base {
        notes.push(format!(
            "{label} has no commits that `{base}` lacks: checked its latest commit instead"
        ));
    }
    Ok(Some(BranchPlan {
        range: Range {
            text: format!("{base}..{name}"),
            include: vec![head],
            exclude: if on_base {
                Vec::new()
            } else {
                vec![base_id.to_string()]
            },
            single: on_base,
        },
        name,
        label,
        base,
        notes,
        on_base,
    }))
}

fn short(id: git2::Oid) -> String {
    id.to_string().chars().take(10).collect()
}

/// Runs `whylint branch`.
pub fn run(global: &Global, args: &BranchArgs) -> Result<Outcome> {
    check_branch(global, args, "branch")
}

/// Reads a PR description file into a subject.
pub fn pr_subject(path: &std::path::Path, title: Option<&str>) -> Result<Subject> {
    let bytes = read_bytes(path)?;
    let text = utf8_lossy(&bytes).text.into_owned();
    Ok(Subject::from_description(title.unwrap_or(""), &text))
}

/// A pull request description to check together with the branch.
#[derive(Debug, Clone)]
pub struct PrInput {
    /// The description, parsed.
    pub subject: Subject,
    /// How to name it: `#12`, `!7`, or the file it came from.
    pub id: String,
    /// Where it came from, when worth saying (stale payload, truncated description, …).
    pub notes: Vec<String>,
}

/// What makes up the change to check.
#[derive(Debug, Clone)]
pub struct ChangeSpec {
    /// The base (default: detected).
    pub base: Option<String>,
    /// The last commit of the change (default: HEAD).
    pub head: Option<String>,
    /// The branch name (default: the current branch).
    pub branch: Option<String>,
    /// The pull request, when there is one.
    pub pr: Option<PrInput>,
    /// The command, for messages.
    pub command: &'static str,
    /// The base and head were named by the CI event (a pull request's or a push's).
    pub from_ci: bool,
    /// Check each commit only, not the branch as a whole (a push to the default branch).
    pub commits_only: bool,
    /// The description was read from a file (`--pr-body`), not from the CI platform.
    pub pr_from_file: bool,
}

/// `branch` and local `check`: the branch, and `--pr-body` when given.
pub fn check_branch(global: &Global, args: &BranchArgs, command: &'static str) -> Result<Outcome> {
    let pr = match &args.pr_body {
        Some(path) => Some(PrInput {
            subject: pr_subject(path, args.pr_title.as_deref())?,
            id: path.display().to_string(),
            notes: Vec::new(),
        }),
        None => None,
    };
    let spec = ChangeSpec {
        base: args.base.clone(),
        head: None,
        branch: args.branch.clone(),
        pr,
        command,
        from_ci: false,
        commits_only: false,
        pr_from_file: true,
    };
    check_change(global, spec)
}

/// The branch, its commits and the whole change: shared by `branch`, and `check` locally and
/// in CI.
pub fn check_change(global: &Global, spec: ChangeSpec) -> Result<Outcome> {
    let session = Session::open(global)?;
    let config_notes = session.notes.clone();
    let (mut repo, rules) = session.with_repo(spec.command)?;
    let mut run = Run::start(global, &rules)?;
    let planned = plan_range(
        &mut repo,
        spec.base.as_deref(),
        spec.head.as_deref(),
        spec.branch.as_deref(),
        spec.command,
        spec.from_ci,
    )?;
    let Some(plan) = planned else {
        let branch = repo.current_branch().unwrap_or_else(|| "HEAD".into());
        let epilogue = Epilogue {
            scope: format!("branch `{branch}`"),
            notes: vec![format!(
                "branch `{branch}` has no commits yet: nothing to check"
            )],
            hints: Vec::new(),
        };
        return run.finish(&epilogue);
    };
    let pr = spec.pr;
    let (summary, failing) = check_commits(&mut run, &rules, &repo, &plan, pr.as_ref())?;
    let commits = summary.commits();
    let mut notes = config_notes;
    notes.extend(plan.notes.iter().cloned());
    if let Some(pr) = &pr {
        notes.extend(pr.notes.iter().cloned());
    }
    let noun = pr.as_ref().map_or("pull request", |pr| pr_noun(&pr.id));
    let description_file = pr
        .as_ref()
        .filter(|_| spec.pr_from_file)
        .map(|pr| pr.id.clone());
    let description_from_ci = pr.is_some() && !spec.pr_from_file;
    let whole = ((commits > 0 && !plan.on_base) || pr.is_some()) && !spec.commits_only;
    if whole {
        check_whole(&mut run, &rules, &plan, summary, pr)?;
    }
    let failed = !run.summary().passed();
    if commits == 0 {
        notes.push(format!(
            "no commits on {} since `{}`",
            plan.label, plan.base
        ));
    }
    let head = plan.range.include.first().copied();
    let to_fix = if failing.is_empty() {
        head.into_iter().collect()
    } else {
        failing.clone()
    };
    let moment = next::Moment {
        ci: crate::source::ci::in_ci(),
        commits_only: spec.commits_only,
        on_base: plan.on_base,
        base: plan.base.clone(),
        failed,
        pushed: next::on_a_remote(&repo, &to_fix),
        head,
        failing,
        description_file,
        description_from_ci,
        noun: noun.to_owned(),
    };
    let next = next::advice(&moment).unwrap_or_default();
    let scope = if spec.commits_only && !plan.on_base {
        format!(
            "{commits} pushed commit{} on {} since `{}`",
            if commits == 1 { "" } else { "s" },
            plan.label,
            plan.base
        )
    } else if plan.on_base {
        format!("the latest commit on {}", plan.label)
    } else {
        format!(
            "{}: {commits} commit{} since `{}`",
            if plan.name == "HEAD" {
                plan.label.clone()
            } else {
                format!("branch {}", plan.label)
            },
            if commits == 1 { "" } else { "s" },
            plan.base
        )
    };
    let epilogue = Epilogue {
        scope,
        notes,
        hints: Some(next)
            .filter(|next| !next.is_empty())
            .into_iter()
            .collect(),
    };
    run.finish(&epilogue)
}

/// Checks each commit of the branch and sums the branch up; also returns the commits that
/// failed at error level, newest first.
fn check_commits(
    run: &mut Run<'_>,
    rules: &RuleSet,
    repo: &Repo,
    plan: &BranchPlan,
    pr: Option<&PrInput>,
) -> Result<(BranchSummary, Vec<git2::Oid>)> {
    let context = CommitContext {
        branch: Some(plan.name.clone()).filter(|name| name != "HEAD"),
        related: pr
            .map(|pr| Related {
                label: "the pull request description".into(),
                subject: pr.subject.clone(),
            })
            .into_iter()
            .collect(),
        cover: pr.and_then(|pr| Cover::of_pull_request(rules, &pr.subject, &pr.id)),
    };
    let mut summary = BranchSummary::new(&plan.name);
    let mut failing = Vec::new();
    for commit in repo.walk_with(&plan.range, WalkLimits::default(), pipeline::parsed)? {
        let commit = commit?;
        let id = commit.id();
        let errors = run.summary().errors;
        let (subject, exempt) = pipeline::check_commit(run, rules, repo, commit, &context)?;
        if run.summary().errors > errors {
            failing.push(id);
        }
        summary.add(&subject, exempt);
    }
    Ok((summary, failing))
}

/// Checks the change as a whole: the PR description with the branch behind it, or the branch.
fn check_whole(
    run: &mut Run<'_>,
    rules: &RuleSet,
    plan: &BranchPlan,
    summary: BranchSummary,
    pr: Option<PrInput>,
) -> Result<()> {
    let exempt_only = summary.exempt_only() && summary.commits() > 0;
    let mut branch = summary.into_subject();
    if plan.name == "HEAD" {
        branch.branch = None;
    }
    let (subject, target) = match pr {
        Some(PrInput {
            subject: mut pr,
            id,
            ..
        }) => {
            if pr.branch.is_none() {
                pr.branch = branch.branch.clone();
            }
            let target = Target {
                kind: TargetKind::Pr,
                id,
                title: Some(pr.title.clone()).filter(|t| !t.is_empty()),
            };
            pr.related.push(Related {
                label: format!("the commits on {}", plan.label),
                subject: branch,
            });
            (pr, target)
        }
        None => {
            let target = Target {
                kind: TargetKind::Branch,
                id: plan.name.clone(),
                title: None,
            };
            (branch, target)
        }
    };
    let mut checked = rules.check(&subject, &target, None);
    if exempt_only && checked.exemption.is_none() {
        checked.findings.clear();
        checked.exemption = Some(Exemption {
            target: target.clone(),
            kind: "commits".into(),
            reason: "every commit on the branch is exempt".into(),
        });
    }
    run.add(&target, &checked)
}
