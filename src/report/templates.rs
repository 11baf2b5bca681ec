//! The files whylint writes for people to fill in: the PR template, the commit template, the
//! starter config, and the prompts `draft` and `prepare` reuse. (The CI files are in
//! `workflows`.)
//!
//! Section headings are the ones the default rules look for, so a filled-in template passes.

/// The prompt under the problem heading.
pub const PROBLEM_PROMPT: &str = "<!-- What problem are we solving for the user? Link the issue (`Closes #123`, `Refs: PAY-812`) or say who is hurt and how. -->";

/// The prompt under the metric heading.
pub const METRIC_PROMPT: &str = "<!-- How will we know this actually worked? A number and a direction, and when to look again, e.g. \"export tickets drop from 40/week to under 5 within 30 days\". -->";

/// A pull/merge request template with the sections the rules look for.
pub fn pull_request_template(problem: &str, metric: &str) -> String {
    format!(
        "## {problem}\n\n{PROBLEM_PROMPT}\n\n## {metric}\n\n{METRIC_PROMPT}\n\n## Changes\n\n<!-- What changed, for the reviewer. -->\n"
    )
}

/// Commented prompts for a new commit message, with `comment` as git's comment prefix.
pub fn commit_prompts(comment: &str) -> String {
    format!(
        "{comment} whylint: what problem are we solving for the user? Link it (`Refs: #123`) or add a `Problem:` line.\n\
         {comment} whylint: how will we know it worked? Add `Metric:` with a number and a direction (required for feat/perf).\n"
    )
}

/// A commit template for `git config commit.template`.
pub fn commit_template() -> String {
    "\n\
     # Subject above: what the change does, in the imperative (\"Add CSV export\").\n\
     # Then, after a blank line, say why (lines starting with # are ignored):\n\
     #\n\
     # Refs: #123        the issue or ticket where the problem lives (PAY-812, an issue URL)\n\
     # Problem: …        or who is hurt and how, when there is no issue\n\
     # Metric: …         how we will know it worked: a number and a direction, and when to look again\n"
        .to_owned()
}

/// A commented starter `.whylint.yml`.
pub const CONFIG: &str = r#"# whylint: every change says what problem it solves and how we will know it worked.
# `whylint rules` lists the rules in effect; `whylint explain RULE` documents one.
extends: [default]          # built-in packs: default, jira, conventional, strict

# trackers:
#   jira: { projects: [PAY, WEB] }   # only these keys count as tickets

# rules:
#   success-metric: { level: warning }   # change a level (error, warning, info, off)
#   problem-link: { on: [commit, pr] }   # or where a rule applies

exempt:
  labels: [no-why]
  # paths: ['docs/**', '**/*.lock']      # commits touching only these are exempt
  # bots: [my-release-bot]
"#;
