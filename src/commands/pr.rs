//! `whylint pr`: a pull or merge request description on its own — from a file, a GitHub event
//! payload, or the CI run's own pull request.

use super::{Run, Session};
use crate::Outcome;
use crate::cli::{Global, PrArgs};
use crate::error::{Error, Result};
use crate::finding::{Target, TargetKind};
use crate::parse::decode::utf8_lossy;
use crate::pipeline;
use crate::report::Epilogue;
use crate::source::ci::{self, Platform, PullRequest};
use crate::source::file::TextSource;

/// Runs `whylint pr`.
pub fn run(global: &Global, args: &PrArgs) -> Result<Outcome> {
    let (request, sigil) = request(args)?;
    let session = Session::open(global)?;
    let subject = pipeline::pull_request_subject(&request);
    let target = Target {
        kind: TargetKind::Pr,
        id: match &args.body_file {
            Some(path) => TextSource::from_arg(path).display(),
            None => pipeline::pull_request_id(&request, sigil),
        },
        title: Some(request.title.clone()).filter(|t| !t.is_empty()),
    };
    let checked = session.rules.check(&subject, &target, None);
    let mut run = Run::start(global, &session.rules)?;
    run.add(&target, &checked)?;
    let epilogue = Epilogue {
        scope: format!("1 {} description", target.pr_noun()),
        notes: request.notes.clone(),
        hints: Vec::new(),
    };
    run.finish(&epilogue)
}

/// The pull request to check, and the sigil its number takes (`#` or `!`).
fn request(args: &PrArgs) -> Result<(PullRequest, char)> {
    if let Some(path) = &args.body_file {
        let bytes = TextSource::from_arg(path).read()?;
        let request = PullRequest {
            title: args.title.clone().unwrap_or_default(),
            body: utf8_lossy(&bytes).text.into_owned(),
            labels: args.labels.clone(),
            ..PullRequest::default()
        };
        return Ok((request, '#'));
    }
    if let Some(path) = &args.event {
        return match ci::github_event(path)? {
            Some((request, _)) => Ok((request, '#')),
            None => Err(Error::Usage(format!(
                "`{}` is not a pull request event (no `pull_request` object); whylint reads `pull_request` and `pull_request_target` payloads",
                path.display()
            ))),
        };
    }
    let found = match ci::platform() {
        Platform::GitHub => ci::github_pull_request()?.map(|r| (r, '#')),
        Platform::GitLab => ci::gitlab_merge_request().map(|r| (r, '!')),
        Platform::Local => None,
    };
    found.ok_or_else(|| {
        Error::Usage(
            "no pull request to check: pass `--body-file FILE` (or `-`) or `--event FILE`, or run in a GitHub Actions `pull_request` job or a GitLab merge request pipeline".into(),
        )
    })
}
