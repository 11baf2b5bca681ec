//! `whylint msg FILE`: one commit message, as the commit-msg hook checks it.
//!
//! Inside a repository the message is cleaned with the repository's comment character and the
//! current branch counts as part of the change (`feat/PAY-12-export` links `PAY-12`).

use super::{Run, Session};
use crate::Outcome;
use crate::cli::{Global, MsgArgs};
use crate::error::Result;
use crate::finding::{Notice, Target, TargetKind};
use crate::parse::decode::utf8_lossy;
use crate::report::Epilogue;
use crate::source::file::TextSource;
use crate::subject::Subject;

/// Runs `whylint msg`.
pub fn run(global: &Global, args: &MsgArgs) -> Result<Outcome> {
    let source = TextSource::from_arg(&args.file);
    let bytes = source.read()?;
    let session = Session::open(global)?;
    let comment = session.comment_style();
    let decoded = utf8_lossy(&bytes);
    let mut subject = Subject::from_message(&decoded.text, &comment);
    subject.branch = args
        .branch
        .clone()
        .or_else(|| session.repo.as_ref().and_then(|repo| repo.current_branch()));

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
            message: "the message is not valid UTF-8: invalid bytes were replaced with U+FFFD before checking (is your editor saving in another encoding?)".into(),
        });
    }

    let mut run = Run::start(global, &session.rules)?;
    run.add(&target, &checked)?;
    let mut epilogue = Epilogue {
        scope: "1 commit message".into(),
        ..Epilogue::default()
    };
    if !run.summary().passed() && source.is_commit_editmsg() {
        epilogue.hints = rejection_hints(&subject.title, &checked.findings);
    }
    run.finish(&epilogue)
}

/// After a rejected commit: a message that would pass, built from this one's subject and the
/// failing rules' examples; how to reopen the typed message; how to get past the hook once.
fn rejection_hints(subject: &str, findings: &[crate::finding::Finding]) -> Vec<String> {
    let mut hints =
        vec!["A message that would pass (edit the parts in your own words):".to_owned()];
    let subject = if subject.trim().is_empty() {
        "Add CSV export"
    } else {
        subject
    };
    hints.push(format!("    {}", crate::report::human::safe(subject)));
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
    hints.push("  git commit -e -F \"$(git rev-parse --git-path COMMIT_EDITMSG)\"".into());
    hints.push("To skip this check once (emergencies only): git commit --no-verify, or add a `Why-Skip: <reason>` line.".into());
    hints
}
