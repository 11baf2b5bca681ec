//! `whylint due`: shipped changes whose metric names a time to look again — a `Review-By:` /
//! `Measure-By:` date, or "within 30 days" counted from the commit date — and that time has
//! come (or comes within `--within`). Oldest first. Closing the loop on "did it work?".

use super::{Session, commits::parse_date, coverage::date_of};
use crate::Outcome;
use crate::cli::{DueArgs, Global};
use crate::error::{Error, Result};
use crate::pipeline::{self, CommitContext};
use crate::report::Format;
use crate::report::due::{self as render, Due};
use crate::rules::coverage::coverage;
use crate::rules::metric::Timeframe;
use crate::source::history::WalkLimits;
use crate::source::{env, shallow};
use jiff::civil::Date;

/// Runs `whylint due`.
pub fn run(global: &Global, args: &DueArgs) -> Result<Outcome> {
    let format = match global.format {
        Format::Text => "text",
        Format::Json => "json",
        Format::Markdown => "markdown",
        other => {
            return Err(other.unsupported("due", &[Format::Text, Format::Markdown, Format::Json]));
        }
    };
    let as_of = match &args.as_of {
        Some(text) => date_of(parse_date(text)?),
        None => env::today(),
    };
    let within = parse_days(&args.within)?;
    let horizon = days_after(as_of, within);
    let (mut repo, rules) = Session::open(global)?.with_repo("due")?;
    shallow::ensure_complete(&mut repo)?;
    let range = repo.resolve_history(&args.rev)?;
    let context = CommitContext::default();
    let mut due = Vec::new();
    for record in repo.walk(&range, WalkLimits::default())? {
        let record = record?;
        let (subject, _) = pipeline::commit_subject(&record, &context);
        let found = coverage(&subject, &rules);
        let (Some((metric, Some(timeframe))), None) = (found.metric, found.exempt) else {
            continue;
        };
        let shipped = date_of(record.time);
        let review = match timeframe {
            Timeframe::On { year, month, day } => {
                match jiff::civil::Date::new(year as i16, month as i8, day as i8) {
                    Ok(date) => date,
                    Err(_) => continue,
                }
            }
            Timeframe::After { days } => days_after(shipped, i64::from(days)),
        };
        if review <= horizon {
            let id = record.id.to_string();
            due.push(Due {
                url: repo.commit_url(&id),
                id,
                subject: subject.title.clone(),
                shipped: shipped.to_string(),
                review: review.to_string(),
                overdue_days: (as_of - review).get_days().max(0) as i64,
                metric,
            });
        }
    }
    due.sort_by(|a, b| a.review.cmp(&b.review).then(a.shipped.cmp(&b.shipped)));
    render::write(
        super::output(global, global.format == Format::Json)?,
        &due,
        &as_of.to_string(),
        format,
    )
    .map_err(Error::Output)?;
    Ok(if args.fail_if_due && !due.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// `date` plus `days`, stopping at the last (or first) date there is: a commit that says
/// "within 4000000000 days", or `--within 9999999d`, is a date far away, not a crash.
fn days_after(date: Date, days: i64) -> Date {
    match jiff::Span::new().try_days(days) {
        Ok(span) => date.saturating_add(span),
        Err(_) if days < 0 => Date::MIN,
        Err(_) => Date::MAX,
    }
}

/// `14d`, `2w`, `14` → days.
fn parse_days(text: &str) -> Result<i64> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "d"),
    };
    let count: i64 = match number.parse() {
        Ok(count) => count,
        // More days than `i64` holds is as far as `days_after` goes anyway.
        Err(error) if *error.kind() == std::num::IntErrorKind::PosOverflow => i64::MAX,
        Err(_) => {
            return Err(Error::Usage(format!(
                "`--within {text}`: write a number of days like `14d` or weeks like `2w`"
            )));
        }
    };
    match unit {
        "d" | "day" | "days" => Ok(count),
        "w" | "week" | "weeks" => Ok(count.saturating_mul(7)),
        _ => Err(Error::Usage(format!(
            "`--within {text}`: use `d` (days) or `w` (weeks)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_past_the_calendar_reach_its_end() {
        let date = Date::constant(2026, 1, 31);
        assert_eq!(days_after(date, 14), Date::constant(2026, 2, 14));
        for days in [7_304_484, 9_999_999, i64::from(u32::MAX), i64::MAX] {
            assert_eq!(days_after(date, days), Date::MAX, "{days}");
        }
        assert_eq!(parse_days("9223372036854775807w").ok(), Some(i64::MAX));
        assert_eq!(parse_days("99999999999999999999d").ok(), Some(i64::MAX));
        assert!(parse_days("-1d").is_err());
    }
}
