//! The files whylint writes for people to fill in: the PR template, the commit template, the
//! starter config, and the prompts `draft` and `prepare` reuse. (The CI files are in
//! `workflows`.)
//!
//! Section headings are the ones the rules look for, and the prompts ask the rules' own
//! questions, so a filled-in template passes.

/// The questions the templates ask, from the `question:` of the first rule in effect that asks
/// for the problem and of the first that asks for a metric (`None`: no rule asks, so no prompt).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Questions {
    /// "What problem are we solving for the user?"
    pub problem: Option<String>,
    /// "How will we know this actually worked?"
    pub metric: Option<String>,
}

/// The prompt under the problem heading, asking `question`.
pub fn problem_prompt(question: &str) -> String {
    format!(
        "<!-- {} Link the issue (`Closes #123`, `Refs: PAY-812`) or say who is hurt and how. -->",
        inert(question)
    )
}

/// The prompt under the metric heading, asking `question`.
pub fn metric_prompt(question: &str) -> String {
    format!(
        "<!-- {} A number and a direction, and when to look again, e.g. \"export tickets drop from 40/week to under 5 within 30 days\". -->",
        inert(question)
    )
}

/// A question from configuration, safe inside an HTML comment and on one line.
fn inert(question: &str) -> String {
    question
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("-->", "- ->")
}

/// A pull/merge request template with the sections the rules look for, prompting with their
/// questions (a section no rule asks for is left out).
pub fn pull_request_template(problem: &str, metric: &str, questions: &Questions) -> String {
    let mut template = String::new();
    if let Some(question) = &questions.problem {
        template.push_str(&format!("## {problem}\n\n{}\n\n", problem_prompt(question)));
    }
    if let Some(question) = &questions.metric {
        template.push_str(&format!("## {metric}\n\n{}\n\n", metric_prompt(question)));
    }
    template.push_str("## Changes\n\n<!-- What changed, for the reviewer. -->\n");
    template
}

/// Commented prompts for a new commit message, with `comment` as git's comment prefix.
pub fn commit_prompts(comment: &str, questions: &Questions) -> String {
    let mut prompts = String::new();
    if let Some(question) = &questions.problem {
        prompts.push_str(&format!(
            "{comment} whylint: {} Link it (`Refs: #123`) or add a `Problem:` line.\n",
            lowercase_first(&inert(question))
        ));
    }
    if let Some(question) = &questions.metric {
        prompts.push_str(&format!(
            "{comment} whylint: {} Add `Metric:` with a number and a direction (required for feat/perf).\n",
            lowercase_first(&inert(question))
        ));
    }
    prompts
}

/// "What problem …" → "what problem …", to follow `whylint:`.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
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
