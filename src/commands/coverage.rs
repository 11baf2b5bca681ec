//! `whylint report` (this module is named for what it counts): how many changes said why, per period and per author.
//!
//! First-parent history by default, so a merged pull request counts once: a merge is judged
//! with the commits it brought in (a link anywhere in them counts), all read in one walk. `--all-commits` counts
//! every commit instead, with merges exempt as usual.

use super::{Session, commits::parse_date};
use crate::Outcome;
use crate::cli::{Global, Period, ReportArgs};
use crate::error::{Error, Result};
use crate::pipeline::{self, BranchSummary, CommitContext};
use crate::report::Format;
use crate::report::coverage::{self as render, CoverageReport, MISSING_LIMIT, Missing};
use crate::report::headline::headline;
use crate::report::periods::{Length, SMALL};
use crate::report::progress::Progress;
use crate::rules::coverage;
use crate::source::changes::{Change, Changes};
use crate::source::env::stderr_is_terminal;
use crate::source::history::WalkLimits;
use crate::source::shallow;
use std::cell::Cell;
use std::collections::HashMap;

/// A merge brings in at most this many commits for judging it (a runaway merge of unrelated
/// histories must not make the report quadratic).
const MERGED_LIMIT: usize = 1000;

/// Runs `whylint report`.
pub fn run(global: &Global, args: &ReportArgs) -> Result<Outcome> {
    let format = match global.format {
        Format::Text => "text",
        Format::Json => "json",
        Format::Markdown => "markdown",
        Format::Html => "html",
        other => {
            return Err(other.unsupported(
                "report",
                &[Format::Text, Format::Markdown, Format::Json, Format::Html],
            ));
        }
    };
    let since = args.since.as_deref().map(parse_date).transpose()?;
    let until = args.until.as_deref().map(parse_date).transpose()?;
    let (mut repo, rules) = Session::open(global)?.with_repo("report")?;
    let mut notes = shallow::ensure_complete(&mut repo)?;
    let range = repo.resolve_history(&args.range)?;
    let first_parent = !args.all_commits;
    // A merge is judged with what it brought in, however old: the whole range, read children
    // first, summed up by change, `--since` ending the first-parent line (see `changes`).
    let limits = WalkLimits {
        max_count: None,
        since: since.filter(|_| !first_parent),
        first_parent: false,
        children_first: first_parent,
    };
    let mut counted: Vec<Counted> = Vec::new();
    let mut progress = Progress::on_stderr("counting changes", stderr_is_terminal());
    let context = CommitContext::default();
    let walked = Cell::new(0usize);
    let walk = repo
        .walk(&range, limits)?
        .inspect(|_| walked.set(walked.get() + 1));
    let changes: Box<dyn Iterator<Item = Result<Change>>> = if first_parent {
        Box::new(Changes::new(walk, &range.include, MERGED_LIMIT, since))
    } else {
        Box::new(walk.map(|record| record.map(Change::single)))
    };
    for change in changes {
        let Change {
            head: record,
            merged,
        } = change?;
        if until.is_some_and(|until| record.time >= until) {
            continue;
        }
        progress.inc();
        let (subject, _) = pipeline::commit_subject(&record, &context);
        let found = if first_parent && record.parents.len() > 1 {
            // The change is the merge and everything it brought in.
            let mut summary = BranchSummary::new("");
            summary.add(&subject, false);
            for inner in &merged {
                let (inner_subject, _) = pipeline::commit_subject(inner, &context);
                let exempt = rules.exemptions.exemption(&inner_subject).is_some();
                summary.add(&inner_subject, exempt);
            }
            coverage::of(&rules.judge(&summary.into_subject()))
        } else {
            coverage::of(&rules.evaluate(&subject))
        };
        let missing = (found.exempt.is_none() && !found.says_why()).then(|| {
            let id = record.id.to_string();
            Missing {
                url: repo.commit_url(&id),
                id,
                subject: subject.title.clone(),
                author: String::new(),
                date: String::new(),
            }
        });
        counted.push(Counted {
            date: date_of(record.time),
            author: record.author,
            found,
            missing,
        });
    }
    let length = match args.by {
        Period::Auto => Length::auto(&counted.iter().map(|c| c.date).collect::<Vec<_>>()),
        Period::Week => Length::Week,
        Period::Month => Length::Month,
        Period::Quarter => Length::Quarter,
        Period::Year => Length::Year,
    };
    let named = args.names || (format == "text" && !args.anonymize);
    let authors = Authors::new(&counted, named);
    let mut report = CoverageReport {
        version: 1,
        range: args.range.clone(),
        by: length.name().into(),
        first_parent,
        small_under: SMALL,
        authors_named: named,
        ..CoverageReport::default()
    };
    for change in counted {
        let author = authors.name(&change.author);
        report.total.add(&change.found);
        report
            .periods
            .entry(length.period_of(change.date))
            .or_default()
            .add(&change.found);
        if args.by_author {
            report
                .authors
                .entry(author.clone())
                .or_default()
                .add(&change.found);
        }
        if let Some(mut missing) = change.missing {
            report.missing_total += 1;
            if report.missing.len() < MISSING_LIMIT {
                missing.author = author;
                missing.date = change.date.to_string();
                report.missing.push(missing);
            }
        }
    }
    report.headline = headline(&report.total, &report.periods);
    progress.finish();
    let out = super::output(global, format == "json")?;
    notes.extend(repo.commit_graph_hint(walked.get()));
    report.notes = notes;
    render::write(out, &report, format).map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

/// One change as counted, newest first.
struct Counted {
    date: jiff::civil::Date,
    /// `Name <email>`.
    author: String,
    found: coverage::Coverage,
    /// Filled in with the author and date once they are known, when the change lacks a why.
    missing: Option<Missing>,
}

/// How authors are shown: their `Name <email>`, or `author N` numbered from the oldest change,
/// so an author keeps their number as history grows.
struct Authors {
    pseudonyms: Option<HashMap<String, String>>,
}

impl Authors {
    fn new(changes: &[Counted], named: bool) -> Authors {
        let pseudonyms = (!named).then(|| {
            let mut pseudonyms = HashMap::new();
            for change in changes.iter().rev() {
                let next = pseudonyms.len() + 1;
                pseudonyms
                    .entry(change.author.clone())
                    .or_insert_with(|| format!("author {next}"));
            }
            pseudonyms
        });
        Authors { pseudonyms }
    }

    fn name(&self, author: &str) -> String {
        self.pseudonyms
            .as_ref()
            .and_then(|pseudonyms| pseudonyms.get(author))
            .cloned()
            .unwrap_or_else(|| author.to_owned())
    }
}

/// The UTC date of a commit time.
pub fn date_of(seconds: i64) -> jiff::civil::Date {
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}
