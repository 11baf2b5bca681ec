//! `whylint commits RANGE`: every commit in a range, streamed, each checked on its own.

use super::{Run, Session};
use crate::Outcome;
use crate::cli::{CommitsArgs, Global};
use crate::error::{Error, Result};
use crate::pipeline::{self, CommitContext};
use crate::report::Epilogue;
use crate::source::history::{self, Range, WalkLimits};
use crate::source::shallow;

/// Runs `whylint commits`.
pub fn run(global: &Global, args: &CommitsArgs) -> Result<Outcome> {
    let since = args.since.as_deref().map(parse_date).transpose()?;
    let session = Session::open(global)?;
    let mut notes = session.notes.clone();
    let (mut repo, rules) = session.with_repo("commits")?;
    // Each side is resolved once, a `HEAD~N` base by the git that lists the range:
    // `HEAD~10000` alone walks ten thousand commits.
    let mut lazy = None;
    let range = match history::range_sides(&args.range) {
        Some((base, head, symmetric)) => {
            let head = repo.resolve_commit(head)?;
            let excluding = (!symmetric)
                .then(|| Range::excluding(&repo, &args.range, base, head))
                .flatten();
            match excluding {
                Some(range) => {
                    lazy = Some((base, head));
                    range
                }
                None => {
                    let (base, fetched) = shallow::ensure_base(&mut repo, base, head)?;
                    notes.extend(fetched);
                    repo.range_between(&args.range, base, head, symmetric)?
                }
            }
        }
        None => repo.resolve_range(&args.range)?,
    };
    let limits = WalkLimits {
        max_count: args.max_count,
        since,
        ..WalkLimits::default()
    };
    let mut walk = repo.walk_with(&range, limits, pipeline::parsed)?.peekable();
    // git failing on a base it was left to resolve: resolving it here says why.
    if let (Some((base, head)), Some(Err(_))) = (lazy, walk.peek()) {
        shallow::ensure_base(&mut repo, base, head)?;
    }
    let mut run = Run::start(global, &rules)?;
    let context = CommitContext::default();
    let mut count = 0usize;
    for commit in walk {
        pipeline::check_commit(&mut run, &rules, &repo, commit?, &context)?;
        count += 1;
    }
    notes.extend(repo.commit_graph_hint(count));
    let epilogue = Epilogue {
        scope: format!(
            "{count} commit{} in `{}`",
            if count == 1 { "" } else { "s" },
            args.range
        ),
        notes,
        hints: Vec::new(),
    };
    run.finish(&epilogue)
}

/// `2026-01-31` → seconds since the epoch at 00:00 UTC.
pub fn parse_date(text: &str) -> Result<i64> {
    let date: jiff::civil::Date = text.parse().map_err(|error| {
        Error::Usage(format!(
            "`{text}` is not a date: {error}; write it as YYYY-MM-DD, e.g. 2026-01-31"
        ))
    })?;
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp().as_second())
        .map_err(|_| {
            Error::Usage(format!(
                "`{text}` is out of the range of dates whylint can compare with commit times; give a date from 0001-01-01 to 9999-12-30"
            ))
        })
}
