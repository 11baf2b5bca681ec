//! `whylint report` as a team reads it: a headline with the trend, periods long enough to hold
//! changes (short ones marked small), authors as pseudonyms in what gets shared, a metric column
//! that counts results stated in prose, and an HTML chart with a scale and a legend. Real binary,
//! real git in temp dirs; the Markdown is pinned in `tests/snapshots/report/`
//! (`WHYLINT_BLESS=1 cargo test --test coverage_report` rewrites it).

mod common;

use common::snapshot::{assert_snapshot, normalise};
use common::{Repo, code, json, stdout};
use serde_json::Value;

/// A year of history, four commits a month from Ada (first) and Bob, except the third quarter
/// (three commits): Q1 says no why, Q2 links half its changes, Q3 links all three, Q4 links all,
/// one with a `Metric:` line and one with a result measured in prose.
fn year() -> Repo {
    let mut repo = Repo::new();
    let mut n = 0;
    let mut commit = |repo: &mut Repo, month: u32, day: u32, message: String| {
        n += 1;
        let author = if n % 3 == 0 { "Bob" } else { "Ada" };
        let date = format!("2025-{month:02}-{day:02}T10:00:00Z");
        repo.commit_on(&date, author, &format!("f{n}.txt"), &message);
    };
    for month in 1..=3 {
        for day in 1..=4 {
            commit(&mut repo, month, day, format!("Tidy module {month}-{day}"));
        }
    }
    for month in 4..=6 {
        for day in 1..=4 {
            let message = if day % 2 == 0 {
                format!("Fix parser case {month}-{day}\n\nRefs: #{month}{day}")
            } else {
                format!("Tidy module {month}-{day}")
            };
            commit(&mut repo, month, day, message);
        }
    }
    for day in 1..=3 {
        commit(
            &mut repo,
            8,
            day,
            format!("Fix export {day}\n\nRefs: #8{day}"),
        );
    }
    for month in 10..=12 {
        for day in 1..=4 {
            commit(
                &mut repo,
                month,
                day,
                format!("Fix import {month}-{day}\n\nRefs: #{month}{day}"),
            );
        }
    }
    commit(
        &mut repo,
        12,
        20,
        "Speed up the import\n\nThe import now loads in 300 ms, down from 1.2 s.\n\nRefs: #40"
            .into(),
    );
    commit(
        &mut repo,
        12,
        21,
        "Cache lookups\n\nRefs: #41\nMetric: p95 lookup time falls below 200 ms".into(),
    );
    repo
}

fn report(repo: &Repo, args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json"];
    all.extend_from_slice(args);
    let output = repo.whylint(&all);
    assert_eq!(code(&output), 0, "{}", common::stderr(&output));
    json(&output)
}

/// `text` with every run of white space as one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn periods(report: &Value) -> Vec<(String, u64, bool)> {
    report["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap_or_default().to_owned(),
                p["changes"].as_u64().unwrap_or_default(),
                p["small"].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn markdown_report_is_pinned() {
    let repo = year();
    let output = repo.whylint(&["report", "--by-author", "--format", "markdown"]);
    assert_eq!(code(&output), 0);
    assert_snapshot("report/coverage.md", &normalise(&stdout(&output), &repo));
}

#[test]
fn auto_periods_hold_enough_changes_and_mark_the_small_ones() {
    let repo = year();
    // Months hold 4 changes: too few, so quarters (the median holds 12).
    let auto = report(&repo, &[]);
    assert_eq!(auto["by"], "quarter");
    assert_eq!(auto["small_under"], 10);
    assert_eq!(
        periods(&auto),
        [
            ("2025-Q1".to_owned(), 12, false),
            ("2025-Q2".to_owned(), 12, false),
            ("2025-Q3".to_owned(), 3, true),
            ("2025-Q4".to_owned(), 14, false),
        ]
    );
    // An explicit length is kept, `--period` being another name for `--by`.
    let months = report(&repo, &["--by", "month"]);
    assert_eq!(months["by"], "month");
    assert!(periods(&months).iter().all(|(_, _, small)| *small));
    let years = report(&repo, &["--period", "year"]);
    assert_eq!(periods(&years), [("2025".to_owned(), 41, false)]);
    // Text wraps its legend: compared with the line breaks read as spaces.
    let text = words(&stdout(&repo.whylint(&["report"])));
    assert!(text.contains("2025-Q3 (small)"), "{text}");
    assert!(
        text.contains("Small: a quarter with fewer than 10 changes"),
        "{text}"
    );
}

#[test]
fn headline_states_coverage_and_its_trend() {
    let repo = year();
    let auto = report(&repo, &[]);
    let headline = &auto["headline"];
    // 6 + 3 + 14 of 41 changes link an issue.
    assert_eq!(headline["says_why"], 23);
    assert_eq!(headline["checked"], 41);
    assert_eq!(headline["trend"]["direction"], "up");
    assert_eq!(headline["trend"]["first"]["from"], "2025-Q1");
    assert_eq!(headline["trend"]["last"]["to"], "2025-Q4");
    assert_eq!(
        headline["text"],
        "Why-coverage 56% from 2025-Q1 to 2025-Q4: 23 of 41 checked changes said why. \
         Trend: up from 0% (2025-Q1, 12 changes) to 100% (2025-Q4, 14 changes)."
    );
    for format in ["text", "markdown", "html"] {
        let out = words(&stdout(&repo.whylint(&["report", "--format", format])));
        let headline = out
            .find("Why-coverage 56%")
            .unwrap_or_else(|| panic!("{format}: no headline:\n{out}"));
        // First: nothing but the title comes before it.
        assert!(!out[..headline].contains("2025-Q1"), "{format}: {out}");
        assert!(
            out[headline..].starts_with(
                "Why-coverage 56% from 2025-Q1 to 2025-Q4: 23 of 41 checked changes said why. \
                 Trend: up from 0%"
            ),
            "{format}: {out}"
        );
    }
    // One period: no trend to state.
    let one = report(&repo, &["--by", "year"]);
    assert!(one["headline"].get("trend").is_none(), "{one}");
    assert_eq!(
        one["headline"]["text"],
        "Why-coverage 56% in 2025: 23 of 41 checked changes said why."
    );
}

#[test]
fn shared_formats_name_authors_only_when_asked() {
    let repo = year();
    for format in ["json", "markdown", "html"] {
        let out = stdout(&repo.whylint(&["report", "--by-author", "--format", format]));
        assert!(
            !out.contains("Ada") && !out.contains("example.com"),
            "{format}: {out}"
        );
        assert!(
            out.contains("author 1") && out.contains("author 2"),
            "{format}"
        );
        let named =
            stdout(&repo.whylint(&["report", "--by-author", "--names", "--format", format]));
        assert!(named.contains("Ada"), "{format}: {named}");
    }
    // Numbered from the oldest change: Ada wrote the first commit.
    let auto = report(&repo, &["--by-author"]);
    assert_eq!(auto["authors_named"], false);
    assert_eq!(auto["authors"]["author 1"]["changes"], 28);
    assert_eq!(auto["authors"]["author 2"]["changes"], 13);
    // Text on the terminal keeps names; `--anonymize` hides them there too.
    let text = stdout(&repo.whylint(&["report", "--by-author"]));
    assert!(text.contains("Ada <ada@example.com>"), "{text}");
    let hidden = stdout(&repo.whylint(&["report", "--by-author", "--anonymize"]));
    assert!(
        !hidden.contains("Ada") && hidden.contains("author 1"),
        "{hidden}"
    );
    // Asking for both is a usage error.
    let both = repo.whylint(&["report", "--names", "--anonymize"]);
    assert_eq!(code(&both), 2);
}

#[test]
fn metric_column_counts_results_stated_in_prose() {
    let repo = year();
    let auto = report(&repo, &[]);
    // The `Metric:` line and "now loads in 300 ms, down from 1.2 s".
    assert_eq!(auto["total"]["measurable_metric"], 2);
    let q4 = &auto["periods"][3];
    assert_eq!(q4["measurable_metric"], 2, "{q4}");
}

#[test]
fn html_chart_has_a_scale_and_a_legend_without_scripts() {
    let repo = year();
    let html = stdout(&repo.whylint(&["report", "--format", "html"]));
    for tick in [">0%<", ">25%<", ">50%<", ">75%<", ">100%<"] {
        assert!(html.contains(tick), "no {tick} on the axis");
    }
    assert!(html.contains("<ul class=\"legend\">"), "{html}");
    assert!(
        html.contains("A small quarter: fewer than 10 changes"),
        "{html}"
    );
    assert!(html.contains("Changes per quarter (right axis)"), "{html}");
    assert!(
        html.contains("<p class=\"headline\">Why-coverage 56%"),
        "{html}"
    );
    assert!(html.contains("2025-Q3 (small)"), "{html}");
    // The small quarter's point is hollow; the others are filled.
    assert_eq!(
        html.matches("fill=\"#ffffff\" stroke=\"#1f6feb\"").count(),
        1
    );
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn problem_statement_column_counts_problems_stated_in_prose() {
    let mut repo = Repo::new();
    repo.commit_on(
        "2025-03-01T10:00:00Z",
        "Ada",
        "a.txt",
        "Skip rows without a date\n\nThe importer crashes when a row has no date column.\n",
    );
    repo.commit_on(
        "2025-03-02T10:00:00Z",
        "Ada",
        "b.txt",
        "Add CSV export\n\nProblem: finance staff copy invoices into spreadsheets by hand every month.\n",
    );
    repo.commit_on("2025-03-03T10:00:00Z", "Ada", "c.txt", "Tidy module");
    let json = report(&repo, &[]);
    assert_eq!(json["total"]["problem_statement"], 2, "{json}");
    assert_eq!(json["total"]["says_why"], 2, "{json}");
}
