//! `whylint prepare FILE [SOURCE [SHA]]`: the prepare-commit-msg hook.
//!
//! For a new message only (no `-m`/`-F` message, merge, squash or amend), it pre-fills
//! `Refs: <ticket>` from the branch name (`feat/PAY-12-export` → `PAY-12`, `12-fix-login` → `#12`)
//! when that reference satisfies the rules in effect, and commented prompts asking the rules'
//! questions for the problem and the metric, in the repository's comment character. A message
//! that already has text is never touched.

use super::Session;
use crate::Outcome;
use crate::cli::{Global, PrepareArgs};
use crate::error::Result;
use crate::parse::decode::utf8_lossy;
use crate::parse::message::{self, CommentStyle};
use crate::report::templates;
use crate::rules::evidence::Origin;
use crate::rules::{RuleSet, asks_problem};
use crate::source::cleanup;
use crate::source::file::{TextSource, write_text};
use crate::source::hooks::{Skip, reopen_command};
use crate::subject::{Subject, SubjectKind};

/// Runs `whylint prepare`.
pub fn run(global: &Global, args: &PrepareArgs) -> Result<Outcome> {
    // Messages from -m/-F, merges, squashes and amends already say what their author meant.
    if has_message(args) {
        return Ok(Outcome::Clean);
    }
    let bytes = TextSource::Path(args.file.clone()).read()?;
    let decoded = utf8_lossy(&bytes);
    if decoded.lossy {
        return Ok(Outcome::Clean);
    }
    let text = decoded.text;
    let session = Session::open(global)?;
    let style = session.comment_style();
    if !message::clean(&text, &style).is_empty() {
        return Ok(Outcome::Clean);
    }
    let comment = match &style {
        CommentStyle::Prefix(prefix) => prefix.clone(),
        CommentStyle::Auto => message::resolve_auto(&text),
        CommentStyle::Verbatim => "#".to_owned(),
    };
    let branch = session.repo.as_ref().and_then(|repo| repo.current_branch());
    let mut prefilled = String::from("\n\n");
    if let Some(ticket) = branch.and_then(|branch| ticket(&session.rules, branch)) {
        prefilled.push_str(&format!("Refs: {ticket}\n"));
    }
    prefilled.push_str(&templates::commit_prompts(
        &comment,
        &super::questions(&session.rules, SubjectKind::Commit),
    ));
    prefilled.push_str(text.trim_start_matches(['\n', '\r']));
    write_text(&args.file, &prefilled)?;
    Ok(Outcome::Clean)
}

/// The reference in the branch name that satisfies the rules asking a commit for its problem
/// (a `#12` from `12-fix-login` is no ticket to a rule set that wants Jira keys).
fn ticket(rules: &RuleSet, branch: String) -> Option<String> {
    let mut commit = Subject::new(SubjectKind::Commit);
    commit.branch = Some(branch);
    let evaluated = rules.judge(&commit);
    evaluated
        .used(asks_problem)
        .into_iter()
        .find(|fact| fact.origin == Origin::Branch)
        .map(|fact| fact.text.clone())
}

/// Whether git already put a message in the file (`-m`/`-F`, a merge, squash or amend), as
/// opposed to a new message still to be written (no source, or a commit template).
fn has_message(args: &PrepareArgs) -> bool {
    args.source
        .clone()
        .or_else(crate::source::env::pre_commit_message_source)
        .is_some_and(|source| !source.is_empty() && source != "template")
}

/// When `whylint prepare` stops on an error or crashes, git stops before committing. A message
/// given with `-m`/`-F` is already in the file: these lines say so and how to commit it. (With
/// no message yet, the editor has not opened, so nothing was typed.)
pub fn kept_message_hint(args: &PrepareArgs) -> Option<String> {
    let editmsg = TextSource::Path(args.file.clone()).is_commit_editmsg();
    if !editmsg || !has_message(args) || !args.file.is_file() {
        return None;
    }
    let keep = cleanup::file_must_keep_comment_lines(&args.file);
    Some(format!(
        "whylint could not prepare your commit message, so git did not commit it. The message is kept; once the problem above is fixed, reopen it with:\n  {}\nor commit it now without any hooks:\n  {}",
        reopen_command(Skip::Nothing, keep),
        reopen_command(Skip::AllHooks, keep)
    ))
}
