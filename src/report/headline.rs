//! The headline of `whylint report`: why-coverage over the whole range and its trend, in one
//! plain sentence every format prints first.
//!
//! The trend compares the first third of the periods with the last third (at least one period
//! each, so two periods are enough), each third counted as one span: a quiet period weighs as
//! little as the changes it holds.

use super::coverage::Tally;
use serde::Serialize;
use std::collections::BTreeMap;

/// A run of periods counted together.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Span {
    /// First period in it.
    pub from: String,
    /// Last period in it.
    pub to: String,
    /// Periods in it.
    pub periods: usize,
    /// Changes checked (not exempt).
    pub checked: usize,
    /// Of those, changes that said why.
    pub says_why: usize,
    /// `says_why / checked`, 0.0–1.0 to three places.
    pub coverage: f64,
}

impl Span {
    fn of(periods: &[(&String, &Tally)]) -> Option<Span> {
        let (first, last) = (periods.first()?, periods.last()?);
        let checked = periods.iter().map(|(_, t)| t.checked()).sum();
        let says_why = periods.iter().map(|(_, t)| t.says_why).sum();
        Some(Span {
            from: first.0.clone(),
            to: last.0.clone(),
            periods: periods.len(),
            checked,
            says_why,
            coverage: share(says_why, checked),
        })
    }

    /// `2016-02 to 2018-12`, or one period's name.
    fn name(&self) -> String {
        if self.from == self.to {
            self.from.clone()
        } else {
            format!("{} to {}", self.from, self.to)
        }
    }
}

/// The trend: the first third of the periods against the last third.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trend {
    /// `up`, `down` or `level` (the same whole percentage).
    pub direction: &'static str,
    /// The first third of the periods.
    pub first: Span,
    /// The last third of the periods.
    pub last: Span,
}

/// Why-coverage over the whole range, and its trend.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Headline {
    /// The headline as one sentence (what text, Markdown and HTML print).
    pub text: String,
    /// Share of checked changes that said why, 0.0–1.0 to three places.
    pub coverage: f64,
    /// Changes checked (not exempt).
    pub checked: usize,
    /// Of those, changes that said why.
    pub says_why: usize,
    /// The trend, when there are two periods or more with changes to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
}

/// A share to three places, 0 when there is nothing to share.
fn share(part: usize, whole: usize) -> f64 {
    match whole {
        0 => 0.0,
        whole => (part as f64 / whole as f64 * 1000.0).round() / 1000.0,
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The headline of `total` over `periods` (oldest first).
pub fn headline(total: &Tally, periods: &BTreeMap<String, Tally>) -> Headline {
    let checked: Vec<(&String, &Tally)> = periods.iter().filter(|(_, t)| t.checked() > 0).collect();
    let third = (checked.len() / 3).max(1);
    let trend = (checked.len() >= 2)
        .then(|| {
            let first = Span::of(&checked[..third])?;
            let last = Span::of(&checked[checked.len() - third..])?;
            let whole = |span: &Span| (span.coverage * 100.0).round();
            let direction = match whole(&last).partial_cmp(&whole(&first)) {
                Some(std::cmp::Ordering::Greater) => "up",
                Some(std::cmp::Ordering::Less) => "down",
                _ => "level",
            };
            Some(Trend {
                direction,
                first,
                last,
            })
        })
        .flatten();
    let coverage = share(total.says_why, total.checked());
    let mut text = match total.checked() {
        0 => "No change to judge: every change in the range is exempt or there is none.".to_owned(),
        checked => {
            let over = match (periods.keys().next(), periods.keys().next_back()) {
                (Some(from), Some(to)) if from != to => format!(" from {from} to {to}"),
                (Some(only), _) => format!(" in {only}"),
                _ => String::new(),
            };
            format!(
                "Why-coverage {}{over}: {} of {checked} checked changes said why.",
                percent(coverage),
                total.says_why
            )
        }
    };
    if let Some(trend) = &trend {
        let (first, last) = (&trend.first, &trend.last);
        let (how, and) = match trend.direction {
            "up" => ("up from", "to"),
            "down" => ("down from", "to"),
            _ => ("level:", "and"),
        };
        let span = |span: &Span| {
            format!(
                "{} ({}, {} changes)",
                percent(span.coverage),
                span.name(),
                span.checked
            )
        };
        text.push_str(&format!(
            " Trend: {how} {} {and} {}.",
            span(first),
            span(last)
        ));
    }
    Headline {
        text,
        coverage,
        checked: total.checked(),
        says_why: total.says_why,
        trend,
    }
}
