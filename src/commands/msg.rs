//! `whylint msg FILE`: one commit message, as the commit-msg hook checks it.
//!
//! Inside a repository the message is cleaned with the repository's comment character and the
//! current branch counts as part of the change (`feat/PAY-12-export` links `PAY-12`).

use super::{Run, Session};
use crate::Outcome;
use crate::cli::{Global, MsgArgs};
use crate::error::Result;
use crate::finding::{Notice, Target, TargetKind};
use crate::parse::decode;
use crate::parse::message::{self, CommentStyle};
use crate::report::Epilogue;
use crate::source::cleanup::{self, CommentLines};
use crate::source::file::TextSource;
use crate::source::git::Repo;
use crate::source::hooks::{Skip, reopen_command};
use crate::subject::Subject;

/// Runs `whylint msg`.
pub fn run(global: &Global, args: &MsgArgs) -> Result<Outcome> {
    let source = TextSource::from_arg(&args.file);
    let bytes = source.read()?;
    let session = Session::open(global)?;
    let comment = session.comment_style();
    // git expects the message in `i18n.commitEncoding`, and so do editors set up for it.
    let label = session.repo.as_ref().and_then(Repo::commit_encoding);
    let (decoded, encoding) = decode::message(&bytes, label.as_deref());
    // As the commit-msg hook, read comment lines as git will for this commit: `git commit -m
    // "#42 Fix crash"` keeps its `#42` line.
    let comment_lines = if source.is_commit_editmsg() {
        cleanup::for_commit_msg_hook(session.repo.as_ref())
    } else {
        CommentLines::Dropped
    };
    let (text, style) = match comment_lines {
        CommentLines::Dropped => (decoded.text.as_ref(), comment.clone()),
        CommentLines::Kept { editor } => {
            let text = if editor {
                message::cut_at_scissors(&decoded.text, &comment)
            } else {
                &decoded.text
            };
            (text, CommentStyle::Verbatim)
        }
    };
    let mut subject = Subject::from_message(text, &style);
    if source.is_commit_editmsg() && git_aborts_itself(&session, &subject, &style) {
        // Saved empty, or the template unedited: git says so and aborts once the hook passes.
        return Ok(Outcome::Clean);
    }
    subject.branch = branch_of(&session, args.branch.clone());

    let name = source.display();
    let target = Target {
        kind: TargetKind::Message,
        id: name.clone(),
        title: Some(subject.title.clone()).filter(|t| !t.is_empty()),
    };
    let mut checked = session.rules.check(&subject, &target, Some(&name));
    if decoded.lossy {
        checked.notices.push(Notice {
            target: Some(target.clone()),
            message: format!("the message is not valid {encoding}: invalid bytes were replaced with U+FFFD before checking (is your editor saving in another encoding?)"),
        });
    }

    let mut run = Run::start(global, &session.rules)?;
    run.add(&target, &checked)?;
    let mut epilogue = Epilogue {
        scope: "1 commit message".into(),
        ..Epilogue::default()
    };
    if !run.summary().passed() && source.is_commit_editmsg() {
        let keep = cleanup::must_keep_comment_lines(&decoded.text, &comment, comment_lines);
        let suggestion = super::suggest::passing_message(
            &session.rules,
            &subject,
            &checked.findings,
            subject.branch.as_deref(),
        );
        epilogue.hints = rejection_hints(suggestion, keep);
    }
    run.finish(&epilogue)
}

/// Whether git will abort this commit by itself once the commit-msg hook passes, as it does
/// after the hook: a message empty once cleaned ("Aborting commit due to empty commit
/// message"), or the `commit.template` saved unedited ("Aborting commit; you did not edit the
/// message"). Reporting rule findings then would hide git's own, clearer words. Only in git's
/// hook (git sets `GIT_INDEX_FILE` for it) after an editor (git sets `GIT_EDITOR=:` when none
/// opened): `git commit --allow-empty-message -m ""` is still checked.
fn git_aborts_itself(session: &Session, subject: &Subject, style: &CommentStyle) -> bool {
    let in_hook = std::env::var_os("GIT_INDEX_FILE").is_some();
    let editor = std::env::var_os("GIT_EDITOR").is_none_or(|value| value != ":");
    if !in_hook || !editor {
        return false;
    }
    if subject.text.trim().is_empty() {
        return true;
    }
    let template = session
        .repo
        .as_ref()
        .and_then(|repo| repo.raw().config().ok()?.get_path("commit.template").ok())
        .and_then(|path| std::fs::read(path).ok());
    template.is_some_and(|bytes| {
        let template = Subject::from_message(&String::from_utf8_lossy(&bytes), style);
        !template.text.trim().is_empty() && template.text == subject.text
    })
}

/// The branch a message is on: `--branch`, else the current branch, if any.
fn branch_of(session: &Session, branch: Option<String>) -> Option<String> {
    branch.or_else(|| session.repo.as_ref().and_then(|repo| repo.current_branch()))
}

/// A commit message read as `whylint msg` reads a file that is not git's own: decoded as the
/// repository says, comment lines dropped, on the current branch (or `branch`).
pub fn message_subject(session: &Session, bytes: &[u8], branch: Option<String>) -> Subject {
    let label = session.repo.as_ref().and_then(Repo::commit_encoding);
    let (decoded, _) = decode::message(bytes, label.as_deref());
    let mut subject = Subject::from_message(&decoded.text, &session.comment_style());
    subject.branch = branch_of(session, branch);
    subject
}

/// After a rejected commit: a message that would pass (checked by the same rules, left out
/// when none could be built), how to reopen the typed message, how to get past the hook once.
fn rejection_hints(suggestion: Option<String>, keep_comment_lines: bool) -> Vec<String> {
    let mut hints = Vec::new();
    if let Some(message) = suggestion {
        hints.push("A message that would pass (edit the parts in your own words):".to_owned());
        for line in message.lines() {
            let line = crate::report::human::safe(&crate::report::human::shorten(line));
            hints.push(format!("    {line}"));
        }
    }
    hints.push("Your message is kept. Reopen it in your editor and commit again with:".into());
    hints.push(format!(
        "  {}",
        reopen_command(Skip::Nothing, keep_comment_lines)
    ));
    hints.push("To skip this check once (emergencies only): git commit --no-verify, or add a `Why-Skip: <reason>` line.".into());
    hints
}

/// When `whylint msg` runs as the commit-msg hook and stops on an error (a broken config, say)
/// or crashes, git refuses the commit without any finding to explain it. These lines, printed
/// then, say that the message is kept and how to commit it once the problem is fixed, or now.
pub fn kept_message_hint(args: &MsgArgs) -> Option<String> {
    let source = TextSource::from_arg(&args.file);
    if !source.is_commit_editmsg() || !args.file.is_file() {
        return None;
    }
    let keep = cleanup::file_must_keep_comment_lines(&args.file);
    Some(format!(
        "whylint could not check your commit message, so git did not commit it. The message is kept; once the problem above is fixed, reopen it with:\n  {}\nor commit it now without the check:\n  {}",
        reopen_command(Skip::Nothing, keep),
        reopen_command(Skip::CommitMsgHooks, keep)
    ))
}
