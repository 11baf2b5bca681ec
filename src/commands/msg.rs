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
    let mut subject = match comment_lines {
        CommentLines::Dropped => Subject::from_message(&decoded.text, &comment),
        CommentLines::Kept { editor } => {
            let text = if editor {
                message::cut_at_scissors(&decoded.text, &comment)
            } else {
                &decoded.text
            };
            Subject::from_message(text, &CommentStyle::Verbatim)
        }
    };
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
        epilogue.hints = rejection_hints(&subject.title, &checked.findings, keep);
    }
    run.finish(&epilogue)
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

/// After a rejected commit: a message that would pass, built from this one's subject and the
/// failing rules' examples; how to reopen the typed message; how to get past the hook once.
fn rejection_hints(
    subject: &str,
    findings: &[crate::finding::Finding],
    keep_comment_lines: bool,
) -> Vec<String> {
    let mut hints =
        vec!["A message that would pass (edit the parts in your own words):".to_owned()];
    let subject = if subject.trim().is_empty() {
        "Add CSV export"
    } else {
        subject
    };
    let subject = crate::report::human::shorten(subject);
    hints.push(format!("    {}", crate::report::human::safe(&subject)));
    hints.push("    ".to_owned());
    let mut seen: Vec<&str> = Vec::new();
    for finding in findings {
        for line in finding.example.lines() {
            if finding.rule != "subject-line" && !seen.contains(&line) {
                seen.push(line);
                hints.push(format!("    {line}"));
            }
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
