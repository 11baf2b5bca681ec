//! `whylint report`: why-coverage over time and by author — as a compact text table,
//! Markdown, stable JSON for dashboards, or one self-contained HTML page with an inline SVG
//! chart. Every piece of commit text in the HTML is escaped by construction (maud).

use crate::rules::coverage::Coverage;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts for one period or one author.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    /// Changes in it (exempt ones included).
    pub changes: usize,
    /// Changes with a problem link.
    pub problem_link: usize,
    /// Changes with a problem statement.
    pub problem_statement: usize,
    /// Changes with a measurable metric.
    pub measurable_metric: usize,
    /// Changes that said why (a link or a statement).
    pub says_why: usize,
    /// Exempt changes by reason.
    pub exempt: BTreeMap<String, usize>,
}

impl Tally {
    /// Adds one change.
    pub fn add(&mut self, coverage: &Coverage) {
        self.changes += 1;
        if let Some(kind) = coverage.exempt {
            *self.exempt.entry(kind.to_owned()).or_default() += 1;
            return;
        }
        self.problem_link += usize::from(coverage.problem_link);
        self.problem_statement += usize::from(coverage.problem_statement);
        self.measurable_metric += usize::from(coverage.measurable_metric);
        self.says_why += usize::from(coverage.says_why());
    }

    /// Changes that were checked (not exempt).
    pub fn checked(&self) -> usize {
        self.changes - self.exempt.values().sum::<usize>()
    }

    /// Share of checked changes that said why, 0.0–1.0 (0 when nothing was checked).
    pub fn coverage(&self) -> f64 {
        match self.checked() {
            0 => 0.0,
            checked => self.says_why as f64 / checked as f64,
        }
    }
}

/// A change that did not say why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Missing {
    /// Full commit id.
    pub id: String,
    /// Subject line.
    pub subject: String,
    /// Author (or its anonymous name).
    pub author: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Link to the commit, when the remote is on GitHub or GitLab.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageReport {
    /// Format version of the JSON.
    pub version: u32,
    /// What was walked.
    pub range: String,
    /// `week` or `month`.
    pub by: String,
    /// First-parent history (a merged PR counts once) or every commit.
    pub first_parent: bool,
    /// Totals.
    pub total: Tally,
    /// Per period, oldest first (a list of `{"period": …, counts…}` in JSON).
    #[serde(serialize_with = "as_list")]
    pub periods: BTreeMap<String, Tally>,
    /// Per author (only with `--by-author`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub authors: BTreeMap<String, Tally>,
    /// Changes without a why, newest first (at most `MISSING_LIMIT`).
    pub missing: Vec<Missing>,
    /// How many changes lacked a why in all (the list may be cut).
    pub missing_total: usize,
    /// What the run did on the way (history fetched, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Serializes a period map as `[{"period": "2026-01", "changes": …}, …]`, the shape dashboards
/// iterate over.
fn as_list<S: serde::Serializer>(
    periods: &BTreeMap<String, Tally>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Row<'a> {
        period: &'a str,
        #[serde(flatten)]
        tally: &'a Tally,
        coverage: f64,
    }
    serializer.collect_seq(periods.iter().map(|(period, tally)| Row {
        period,
        tally,
        coverage: (tally.coverage() * 1000.0).round() / 1000.0,
    }))
}

/// The most changes listed as lacking a why.
pub const MISSING_LIMIT: usize = 200;

fn percent(tally: &Tally) -> String {
    if tally.checked() == 0 {
        "–".to_owned()
    } else {
        format!("{:.0}%", tally.coverage() * 100.0)
    }
}

fn exempt_cell(tally: &Tally) -> String {
    if tally.exempt.is_empty() {
        return "0".to_owned();
    }
    tally
        .exempt
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the report as `format` (`text`, `markdown`, `json`, `html`).
pub fn write(mut out: Box<dyn Write>, report: &CoverageReport, format: &str) -> io::Result<()> {
    match format {
        "json" => {
            serde_json::to_writer_pretty(&mut out, report)?;
            writeln!(out)?;
        }
        "html" => out.write_all(html_page(report).into_string().as_bytes())?,
        "markdown" => markdown(&mut out, report)?,
        _ => text(&mut out, report)?,
    }
    out.flush()
}

fn text(out: &mut dyn Write, report: &CoverageReport) -> io::Result<()> {
    let scope = if report.first_parent {
        "first-parent"
    } else {
        "all commits"
    };
    writeln!(
        out,
        "why-coverage of `{}` ({scope}), by {}",
        report.range, report.by
    )?;
    writeln!(
        out,
        "{:<10} {:>7} {:>6} {:>9} {:>7} {:>7}  exempt",
        "period", "changes", "linked", "statement", "metric", "why"
    )?;
    let rows = report
        .periods
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .chain([("total", &report.total)]);
    for (name, tally) in rows {
        writeln!(
            out,
            "{:<10} {:>7} {:>6} {:>9} {:>7} {:>7}  {}",
            name,
            tally.changes,
            tally.problem_link,
            tally.problem_statement,
            tally.measurable_metric,
            percent(tally),
            exempt_cell(tally)
        )?;
    }
    if !report.authors.is_empty() {
        writeln!(
            out,
            "\n{:<24} {:>7} {:>7} {:>7}",
            "author", "changes", "metric", "why"
        )?;
        for (author, tally) in &report.authors {
            let name = crate::report::human::safe(author);
            writeln!(
                out,
                "{:<24} {:>7} {:>7} {:>7}",
                name,
                tally.changes,
                tally.measurable_metric,
                percent(tally)
            )?;
        }
    }
    for note in &report.notes {
        writeln!(out, "note: {}", crate::report::human::safe(note))?;
    }
    if report.missing_total > 0 {
        writeln!(
            out,
            "\n{} change(s) without a why; newest:",
            report.missing_total
        )?;
        for missing in report.missing.iter().take(20) {
            let short = missing.id.get(..10).unwrap_or(&missing.id);
            writeln!(
                out,
                "  {short} {} {}",
                missing.date,
                crate::report::human::safe(&missing.subject)
            )?;
        }
    }
    Ok(())
}

fn markdown(out: &mut dyn Write, report: &CoverageReport) -> io::Result<()> {
    use super::markdown::escape;
    writeln!(
        out,
        "## whylint: why-coverage of `{}`\n",
        escape(&report.range)
    )?;
    writeln!(
        out,
        "| {} | changes | problem link | problem statement | measurable metric | said why | exempt |",
        report.by
    )?;
    writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | --- |")?;
    let rows = report
        .periods
        .iter()
        .map(|(k, v)| (k.clone(), v))
        .chain([("**total**".to_owned(), &report.total)]);
    for (name, t) in rows {
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            t.changes,
            t.problem_link,
            t.problem_statement,
            t.measurable_metric,
            percent(t),
            exempt_cell(t)
        )?;
    }
    if !report.authors.is_empty() {
        writeln!(
            out,
            "\n| author | changes | measurable metric | said why |\n| --- | ---: | ---: | ---: |"
        )?;
        for (author, t) in &report.authors {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(author),
                t.changes,
                t.measurable_metric,
                percent(t)
            )?;
        }
    }
    if report.missing_total > 0 {
        writeln!(out, "\n{} change(s) without a why:\n", report.missing_total)?;
        for m in &report.missing {
            let short = m.id.get(..10).unwrap_or(&m.id);
            let id = match &m.url {
                Some(url) => format!("[`{short}`]({url})"),
                None => format!("`{short}`"),
            };
            writeln!(out, "- {id} {} — {}", m.date, escape(&m.subject))?;
        }
    }
    Ok(())
}

/// An inline SVG line chart of coverage per period (0–100%), with a bar per period for the
/// number of changes. No scripts, no external resources.
fn chart(report: &CoverageReport) -> Markup {
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 240.0;
    const PAD: f64 = 36.0;
    let periods: Vec<(&String, &Tally)> = report.periods.iter().collect();
    let n = periods.len().max(1) as f64;
    let step = (WIDTH - 2.0 * PAD) / n;
    let most = periods
        .iter()
        .map(|(_, t)| t.changes)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let y = |ratio: f64| HEIGHT - PAD - ratio * (HEIGHT - 2.0 * PAD);
    let points: Vec<String> = periods
        .iter()
        .enumerate()
        .map(|(i, (_, t))| {
            format!(
                "{:.1},{:.1}",
                PAD + step * (i as f64 + 0.5),
                y(t.coverage())
            )
        })
        .collect();
    html! {
        svg id="coverage-chart" xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT) viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label="Why-coverage per period" {
            rect x="0" y="0" width=(WIDTH) height=(HEIGHT) fill="#ffffff" {}
            line x1=(PAD) y1=(y(0.0)) x2=(WIDTH - PAD) y2=(y(0.0)) stroke="#888" {}
            line x1=(PAD) y1=(y(1.0)) x2=(WIDTH - PAD) y2=(y(1.0)) stroke="#ddd" {}
            text x="4" y=(y(1.0) + 4.0) font-size="11" fill="#555" { "100%" }
            text x="12" y=(y(0.0) + 4.0) font-size="11" fill="#555" { "0%" }
            @for (i, (name, tally)) in periods.iter().enumerate() {
                @let height = (tally.changes as f64 / most) * (HEIGHT - 2.0 * PAD) * 0.35;
                rect x=(format!("{:.1}", PAD + step * i as f64 + step * 0.2)) y=(format!("{:.1}", y(0.0) - height)) width=(format!("{:.1}", step * 0.6)) height=(format!("{:.1}", height)) fill="#c9d7f0" {
                    title { (name) ": " (tally.changes) " changes" }
                }
                // Label at most about a dozen periods so the labels never overlap.
                @if i % periods.len().div_ceil(12).max(1) == 0 {
                    text x=(format!("{:.1}", PAD + step * (i as f64 + 0.5))) y=(HEIGHT - PAD + 16.0) font-size="10" text-anchor="middle" fill="#555" { (name) }
                }
            }
            polyline points=(points.join(" ")) fill="none" stroke="#1f6feb" stroke-width="3" {}
            @for point in &points {
                @let (cx, cy) = point.split_once(',').unwrap_or(("0", "0"));
                circle cx=(cx) cy=(cy) r="4" fill="#1f6feb" {}
            }
        }
    }
}

fn html_page(report: &CoverageReport) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "whylint: why-coverage of " (report.range) }
                style { (PreEscaped("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}code{font-size:90%}")) }
            }
            body {
                h1 { "Why-coverage" }
                p { "Range " code { (report.range) } ", by " (report.by) ", "
                    (if report.first_parent { "first-parent (a merged pull request counts once)" } else { "every commit" })
                    ". Said why = a linked issue or a stated problem." }
                (chart(report))
                table {
                    tr { th { (report.by) } th { "changes" } th { "problem link" } th { "problem statement" } th { "measurable metric" } th { "said why" } th { "exempt" } }
                    @for (name, t) in &report.periods {
                        tr { td { (name) } td { (t.changes) } td { (t.problem_link) } td { (t.problem_statement) } td { (t.measurable_metric) } td { (percent(t)) } td { (exempt_cell(t)) } }
                    }
                    tr { th { "total" } th { (report.total.changes) } th { (report.total.problem_link) } th { (report.total.problem_statement) } th { (report.total.measurable_metric) } th { (percent(&report.total)) } th { (exempt_cell(&report.total)) } }
                }
                @if !report.authors.is_empty() {
                    h2 { "By author" }
                    table {
                        tr { th { "author" } th { "changes" } th { "measurable metric" } th { "said why" } }
                        @for (author, t) in &report.authors {
                            tr { td { (author) } td { (t.changes) } td { (t.measurable_metric) } td { (percent(t)) } }
                        }
                    }
                }
                h2 { "Changes without a why (" (report.missing_total) ")" }
                ul id="missing" {
                    @for m in &report.missing {
                        li {
                            @if let Some(url) = &m.url {
                                a href=(url) { code { (m.id.get(..10).unwrap_or(&m.id)) } }
                            } @else {
                                code { (m.id.get(..10).unwrap_or(&m.id)) }
                            }
                            " " (m.date) " — " span class="subject" { (m.subject) } " (" (m.author) ")"
                        }
                    }
                }
            }
        }
    }
}
