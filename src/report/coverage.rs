//! `whylint report`: why-coverage over time and by author — as a compact text table,
//! Markdown, stable JSON for dashboards, or one self-contained HTML page with an inline SVG
//! chart. Every piece of commit text in the HTML is escaped by construction (maud).

use super::headline::Headline;
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
    /// `week`, `month`, `quarter` or `year`.
    pub by: String,
    /// First-parent history (a merged PR counts once) or every commit.
    pub first_parent: bool,
    /// Why-coverage over the range and its trend.
    pub headline: Headline,
    /// A period with fewer changes than this is marked small.
    pub small_under: usize,
    /// Authors are shown by name (`--names`, or text), not as `author N`.
    pub authors_named: bool,
    /// Totals.
    pub total: Tally,
    /// Per period, oldest first (a list of `{"period": …, "small": …, counts…}` in JSON).
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
        small: bool,
    }
    serializer.collect_seq(periods.iter().map(|(period, tally)| Row {
        period,
        tally,
        coverage: (tally.coverage() * 1000.0).round() / 1000.0,
        small: is_small(tally),
    }))
}

/// Too few changes for its share to mean much (see `report::periods`).
fn is_small(tally: &Tally) -> bool {
    tally.changes < super::periods::SMALL
}

/// A period's name, marked when it is small.
fn period_name(name: &str, tally: &Tally) -> String {
    if is_small(tally) {
        format!("{name} (small)")
    } else {
        name.to_owned()
    }
}

/// What the columns count and what "small" means, below every table of periods.
fn legend(report: &CoverageReport) -> String {
    format!(
        "Said why: the share of checked (not exempt) changes that pass the rules asking for the \
         problem (a linked issue or a stated problem). Measurable metric: changes stating a metric \
         with a quantity and a direction (a `Metric:` line) or a result measured in prose (a \
         number and what it was before). Small: a {} with fewer \
         than {} changes, where one change moves the share a lot.",
        report.by, report.small_under
    )
}

/// Authors, the most changes first (then by name).
fn by_changes(report: &CoverageReport) -> Vec<(&String, &Tally)> {
    let mut authors: Vec<(&String, &Tally)> = report.authors.iter().collect();
    authors.sort_by(|a, b| {
        b.1.changes
            .cmp(&a.1.changes)
            .then_with(|| pseudonym_number(a.0).cmp(&pseudonym_number(b.0)))
            .then_with(|| a.0.cmp(b.0))
    });
    authors
}

/// `author 12` → 12, so `author 2` sorts before `author 10`; a name sorts after every number.
fn pseudonym_number(author: &str) -> usize {
    author
        .strip_prefix("author ")
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if line > 0 && line + 1 + length > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += length;
    }
    out
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

fn scope(report: &CoverageReport) -> &'static str {
    if report.first_parent {
        "first-parent: a merged pull request counts once"
    } else {
        "every commit"
    }
}

fn text(out: &mut dyn Write, report: &CoverageReport) -> io::Result<()> {
    use crate::report::human::safe;
    writeln!(out, "{}", wrapped(&report.headline.text, 100))?;
    writeln!(
        out,
        "\nwhy-coverage of `{}` ({}), by {}",
        safe(&report.range),
        scope(report),
        report.by
    )?;
    writeln!(
        out,
        "{:<16} {:>7} {:>6} {:>9} {:>7} {:>7}  exempt",
        "period", "changes", "linked", "statement", "metric", "why"
    )?;
    let rows = report
        .periods
        .iter()
        .map(|(k, v)| (period_name(k, v), v))
        .chain([("total".to_owned(), &report.total)]);
    for (name, tally) in rows {
        writeln!(
            out,
            "{:<16} {:>7} {:>6} {:>9} {:>7} {:>7}  {}",
            name,
            tally.changes,
            tally.problem_link,
            tally.problem_statement,
            tally.measurable_metric,
            percent(tally),
            exempt_cell(tally)
        )?;
    }
    writeln!(out, "{}", wrapped(&legend(report), 100))?;
    if !report.authors.is_empty() {
        writeln!(
            out,
            "\n{:<24} {:>7} {:>7} {:>7}",
            "author", "changes", "metric", "why"
        )?;
        for (author, tally) in by_changes(report) {
            writeln!(
                out,
                "{:<24} {:>7} {:>7} {:>7}",
                safe(author),
                tally.changes,
                tally.measurable_metric,
                percent(tally)
            )?;
        }
    }
    for note in &report.notes {
        writeln!(out, "note: {}", safe(note))?;
    }
    if report.missing_total > 0 {
        writeln!(
            out,
            "\n{} change(s) without a why; newest:",
            report.missing_total
        )?;
        for missing in report.missing.iter().take(20) {
            let short = missing.id.get(..10).unwrap_or(&missing.id);
            writeln!(out, "  {short} {} {}", missing.date, safe(&missing.subject))?;
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
    // The headline and the legend are whylint's own words (no commit text): unescaped, so the
    // Markdown reads as plainly as it renders.
    writeln!(out, "**{}**\n", report.headline.text)?;
    writeln!(out, "By {} ({}).\n", report.by, scope(report))?;
    writeln!(
        out,
        "| {} | changes | problem link | problem statement | measurable metric | said why | exempt |",
        report.by
    )?;
    writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | --- |")?;
    let rows = report
        .periods
        .iter()
        .map(|(k, v)| (period_name(k, v), v))
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
    writeln!(out, "\n{}", legend(report))?;
    if !report.authors.is_empty() {
        writeln!(
            out,
            "\n| author | changes | measurable metric | said why |\n| --- | ---: | ---: | ---: |"
        )?;
        for (author, t) in by_changes(report) {
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

/// Colours of the chart, named once for the chart and its legend.
const LINE: &str = "#1f6feb";
const BAR: &str = "#c9d7f0";

/// An inline SVG chart: a line of why-coverage per period on a 0–100% axis (left), over a bar per
/// period for its number of changes (axis on the right); a small period's point is hollow. No
/// scripts, no external resources; the legend is HTML beside it.
fn chart(report: &CoverageReport) -> Markup {
    const WIDTH: f64 = 760.0;
    const HEIGHT: f64 = 280.0;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 56.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 40.0;
    let periods: Vec<(&String, &Tally)> = report.periods.iter().collect();
    let n = periods.len().max(1) as f64;
    let step = (WIDTH - LEFT - RIGHT) / n;
    let most = periods
        .iter()
        .map(|(_, t)| t.changes)
        .max()
        .unwrap_or(1)
        .max(1);
    let y = |ratio: f64| HEIGHT - BOTTOM - ratio * (HEIGHT - TOP - BOTTOM);
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let points: Vec<(f64, f64, bool)> = periods
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| t.checked() > 0)
        .map(|(i, (_, t))| (x(i), y(t.coverage()), is_small(t)))
        .collect();
    let line: Vec<String> = points
        .iter()
        .map(|(cx, cy, _)| format!("{cx:.1},{cy:.1}"))
        .collect();
    let ticks = [0.0, 0.25, 0.5, 0.75, 1.0];
    let label_every = periods.len().div_ceil(12).max(1);
    html! {
        svg id="coverage-chart" xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT) viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(format!("Why-coverage per {}: {}", report.by, report.headline.text)) {
            rect x="0" y="0" width=(WIDTH) height=(HEIGHT) fill="#ffffff" {}
            @for tick in ticks {
                line x1=(LEFT) y1=(y(tick)) x2=(WIDTH - RIGHT) y2=(y(tick)) stroke=(if tick == 0.0 { "#888" } else { "#e4e4e4" }) {}
                text x=(LEFT - 6.0) y=(y(tick) + 4.0) font-size="11" text-anchor="end" fill="#444" { (format!("{:.0}%", tick * 100.0)) }
            }
            text x="4" y="14" font-size="11" fill=(LINE) font-weight="bold" { "said why" }
            text x=(WIDTH - 4.0) y="14" font-size="11" text-anchor="end" fill="#555" { "changes" }
            text x=(WIDTH - RIGHT + 6.0) y=(y(1.0) + 4.0) font-size="11" fill="#555" { (most) }
            text x=(WIDTH - RIGHT + 6.0) y=(y(0.5) + 4.0) font-size="11" fill="#555" { (format!("{:.0}", most as f64 / 2.0)) }
            text x=(WIDTH - RIGHT + 6.0) y=(y(0.0) + 4.0) font-size="11" fill="#555" { "0" }
            @for (i, (name, tally)) in periods.iter().enumerate() {
                @let height = (tally.changes as f64 / most as f64) * (HEIGHT - TOP - BOTTOM);
                rect x=(format!("{:.1}", x(i) - step * 0.3)) y=(format!("{:.1}", y(0.0) - height)) width=(format!("{:.1}", step * 0.6)) height=(format!("{:.1}", height)) fill=(BAR) {
                    title { (name) ": " (tally.changes) " changes, " (percent(tally)) " said why" }
                }
                // Label at most about a dozen periods so the labels never overlap.
                @if i % label_every == 0 {
                    text x=(format!("{:.1}", x(i))) y=(HEIGHT - BOTTOM + 16.0) font-size="10" text-anchor="middle" fill="#444" { (name) }
                }
            }
            polyline points=(line.join(" ")) fill="none" stroke=(LINE) stroke-width="2.5" {}
            @for (cx, cy, small) in &points {
                circle cx=(format!("{cx:.1}")) cy=(format!("{cy:.1}")) r="3.5" fill=(if *small { "#ffffff" } else { LINE }) stroke=(LINE) stroke-width="1.5" {}
            }
        }
    }
}

/// The chart's legend, in HTML so it reads without the chart's help.
fn chart_legend(report: &CoverageReport) -> Markup {
    html! {
        ul class="legend" {
            li { span class="swatch line" {} "Said why: share of checked changes per " (report.by) " (left axis, 0–100%)" }
            li { span class="swatch dot" {} "A " (report.by) " with " (report.small_under) " changes or more" }
            li { span class="swatch dot small" {} "A small " (report.by) ": fewer than " (report.small_under) " changes" }
            li { span class="swatch bar" {} "Changes per " (report.by) " (right axis)" }
        }
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;\
text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}\
code{font-size:90%}.headline{font-size:1.25em;font-weight:600}.small{color:#777}\
.legend{list-style:none;padding:0;font-size:.9em}.legend li{margin:.2em 0}\
.swatch{display:inline-block;width:16px;height:10px;margin-right:.5em;vertical-align:middle}\
.swatch.line{height:0;border-top:3px solid #1f6feb}.swatch.bar{background:#c9d7f0}\
.swatch.dot{width:8px;height:8px;border-radius:50%;border:2px solid #1f6feb;background:#1f6feb}\
.swatch.dot.small{background:#fff}";

fn html_page(report: &CoverageReport) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "whylint: why-coverage of " (report.range) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Why-coverage" }
                p class="headline" { (report.headline.text) }
                p { "Range " code { (report.range) } ", by " (report.by) ", " (scope(report)) "." }
                (chart(report))
                (chart_legend(report))
                table {
                    tr { th { (report.by) } th { "changes" } th { "problem link" } th { "problem statement" } th { "measurable metric" } th { "said why" } th { "exempt" } }
                    @for (name, t) in &report.periods {
                        tr class=[is_small(t).then_some("small")] { td { (period_name(name, t)) } td { (t.changes) } td { (t.problem_link) } td { (t.problem_statement) } td { (t.measurable_metric) } td { (percent(t)) } td { (exempt_cell(t)) } }
                    }
                    tr { th { "total" } th { (report.total.changes) } th { (report.total.problem_link) } th { (report.total.problem_statement) } th { (report.total.measurable_metric) } th { (percent(&report.total)) } th { (exempt_cell(&report.total)) } }
                }
                p { (legend(report)) }
                @if !report.authors.is_empty() {
                    h2 { "By author" }
                    @if !report.authors_named {
                        p { "Authors are numbered from the oldest change; " code { "--names" } " shows their names." }
                    }
                    table {
                        tr { th { "author" } th { "changes" } th { "measurable metric" } th { "said why" } }
                        @for (author, t) in by_changes(report) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words() {
        assert_eq!(wrapped("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(wrapped("", 9), "");
    }

    #[test]
    fn pseudonyms_sort_by_number() {
        assert!(pseudonym_number("author 2") < pseudonym_number("author 10"));
        assert_eq!(pseudonym_number("Ada <ada@example.com>"), usize::MAX);
    }
}
