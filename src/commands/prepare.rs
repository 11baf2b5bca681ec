//! `whylint prepare FILE [SOURCE [SHA]]`: the prepare-commit-msg hook.
//!
//! For a new message only (no `-m`/`-F` message, merge, squash or amend), it pre-fills
//! `Refs: <ticket>` from the branch name (`feat/PAY-12-export` → `PAY-12`, `12-fix-login` → `#12`)
//! and commented prompts for the problem and the metric, in the repository's comment
//! character. A message that already has text is never touched.

use super::Session;
use crate::Outcome;
use crate::cli::{Global, PrepareArgs};
use crate::error::Result;
use crate::parse::decode::utf8_lossy;
use crate::parse::message::{self, CommentStyle};
use crate::report::templates;
use crate::rules::reference;
use crate::source::file::{TextSource, write_text};

/// Runs `whylint prepare`.
pub fn run(global: &Global, args: &PrepareArgs) -> Result<Outcome> {
    let source = args
        .source
        .clone()
        .or_else(crate::source::env::pre_commit_message_source);
    // Messages from -m/-F, merges, squashes and amends already say what their author meant.
    if source
        .as_deref()
        .is_some_and(|s| !s.is_empty() && s != "template")
    {
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
    let ticket = session
        .repo
        .as_ref()
        .and_then(|repo| repo.current_branch())
        .and_then(|branch| {
            reference::branch_references(&branch, &session.rules.vocabulary.trackers)
                .into_iter()
                .next()
        })
        .map(|found| found.text);
    let mut prefilled = String::from("\n\n");
    if let Some(ticket) = ticket {
        prefilled.push_str(&format!("Refs: {ticket}\n"));
    }
    prefilled.push_str(&templates::commit_prompts(&comment));
    prefilled.push_str(text.trim_start_matches(['\n', '\r']));
    write_text(&args.file, &prefilled)?;
    Ok(Outcome::Clean)
}
