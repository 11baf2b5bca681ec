//! The periods of `whylint report`: their length, their names, and which hold too few changes for
//! a share to mean much.
//!
//! `--by auto` (the default) takes the shortest of month, quarter and year whose median period
//! holds at least [`SMALL`] changes, so a busy repository is shown by month and a quiet one by
//! quarter or year. A period under [`SMALL`] changes is still shown, marked small: one or two
//! changes swing its share between 0% and 100%.

use jiff::civil::Date;

/// A period with fewer changes than this is small.
pub const SMALL: usize = 10;

/// A period length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// ISO weeks (`2026-W03`).
    Week,
    /// Calendar months (`2026-01`).
    Month,
    /// Calendar quarters (`2026-Q1`).
    Quarter,
    /// Calendar years (`2026`).
    Year,
}

impl Length {
    /// The lengths `auto` chooses from, shortest first.
    const AUTO: [Length; 3] = [Length::Month, Length::Quarter, Length::Year];

    /// The word for it (`month`).
    pub fn name(self) -> &'static str {
        match self {
            Length::Week => "week",
            Length::Month => "month",
            Length::Quarter => "quarter",
            Length::Year => "year",
        }
    }

    /// The period holding `date`; names sort in time order.
    pub fn period_of(self, date: Date) -> String {
        match self {
            Length::Week => {
                let week = date.iso_week_date();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Length::Month => format!("{}-{:02}", date.year(), date.month()),
            Length::Quarter => format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
            Length::Year => date.year().to_string(),
        }
    }

    /// The shortest length (month, quarter, year) whose median period holds at least [`SMALL`]
    /// changes; a year when none does.
    pub fn auto(dates: &[Date]) -> Length {
        Length::AUTO
            .into_iter()
            .find(|length| median(&length.counts(dates)) >= SMALL)
            .unwrap_or(Length::Year)
    }

    /// Changes per non-empty period.
    fn counts(self, dates: &[Date]) -> Vec<usize> {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for date in dates {
            *counts.entry(self.period_of(*date)).or_default() += 1;
        }
        counts.into_values().collect()
    }
}

/// The median of `counts` (the lower one of the middle two), 0 for none.
fn median(counts: &[usize]) -> usize {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => 0,
        n => sorted[(n - 1) / 2],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn names_sort_in_time_order() {
        let day = date(2026, 11, 3);
        assert_eq!(Length::Month.period_of(day), "2026-11");
        assert_eq!(Length::Quarter.period_of(day), "2026-Q4");
        assert_eq!(Length::Quarter.period_of(date(2026, 3, 31)), "2026-Q1");
        assert_eq!(Length::Year.period_of(day), "2026");
        assert_eq!(Length::Week.period_of(day), "2026-W45");
    }

    #[test]
    fn auto_takes_the_shortest_length_with_enough_changes() {
        // 12 changes a month: months.
        let busy: Vec<Date> = (1..=6)
            .flat_map(|month| (1..=12).map(move |day| date(2026, month, day)))
            .collect();
        assert_eq!(Length::auto(&busy), Length::Month);
        // 4 a month: a quarter holds 12.
        let quiet: Vec<Date> = (1..=12)
            .flat_map(|month| (1..=4).map(move |day| date(2026, month, day)))
            .collect();
        assert_eq!(Length::auto(&quiet), Length::Quarter);
        // 1 a month: even a year holds too few, so years (marked small).
        let rare: Vec<Date> = (2020..=2025).map(|year| date(year, 6, 1)).collect();
        assert_eq!(Length::auto(&rare), Length::Year);
        assert_eq!(Length::auto(&[]), Length::Year);
    }
}
