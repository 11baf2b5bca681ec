//! `whylint report` and `whylint due` on a generated history with fixed dates over months.

mod common;

use common::{Repo, code, json, stderr, stdout};
use serde_json::Value;

/// Jan: Ada ×3 (2 linked). Feb: Bob ×2 (a measured change with a review date, a fixup!).
/// Mar: a feature branch (one linked commit of two) merged with --no-ff, and a revert.
fn history() -> Repo {
    let mut repo = Repo::new();
    repo.commit_on(
        "2026-01-05T10:00:00Z",
        "Ada",
        "a.txt",
        "Add export\n\nRefs: #1",
    );
    repo.commit_on(
        "2026-01-12T10:00:00Z",
        "Ada",
        "b.txt",
        "Fix totals\n\nFixes #2",
    );
    repo.commit_on(
        "2026-01-20T10:00:00Z",
        "Ada",
        "c.txt",
        "<script>alert(1)</script> tidy code",
    );
    repo.commit_on(
        "2026-02-03T10:00:00Z",
        "Bob",
        "d.txt",
        "perf: cache invoice totals\n\nProblem: finance staff wait ten seconds for every invoice page.\nMetric: p95 invoice page under 300 ms, from 1.2 s\nReview-By: 2026-03-01",
    );
    repo.commit_on(
        "2026-02-10T10:00:00Z",
        "Bob",
        "e.txt",
        "fixup! perf: cache invoice totals",
    );
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit_on(
        "2026-03-02T10:00:00Z",
        "Cy",
        "f.txt",
        "Add CSV button\n\nRefs: #9\nMetric: exports via the button grow from 10 to 50 a week within 30 days",
    );
    repo.commit_on("2026-03-03T10:00:00Z", "Cy", "g.txt", "Style the button");
    repo.git(&["checkout", "-q", "main"]);
    let mut merge = repo.git_command(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'feature'",
        "feature",
    ]);
    merge
        .env("GIT_AUTHOR_DATE", "2026-03-04T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-03-04T10:00:00Z");
    assert!(merge.output().expect("merge").status.success());
    let reverted = repo.git(&["rev-parse", "HEAD~1"]).trim().to_owned();
    let mut revert = repo.git_command(&["revert", "--no-edit", &reverted]);
    revert
        .env("GIT_AUTHOR_DATE", "2026-03-20T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-03-20T10:00:00Z");
    assert!(revert.output().expect("revert").status.success());
    repo
}

fn period<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .find(|p| p["period"] == name)
        .unwrap_or_else(|| panic!("no period {name}: {report}"))
}

#[test]
fn first_parent_counts_per_month_and_author() {
    let repo = history();
    let output = repo.whylint(&[
        "report",
        "--by",
        "month",
        "--by-author",
        "--names",
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 0);
    let report = json(&output);
    assert_eq!(report["first_parent"], true);
    let jan = period(&report, "2026-01");
    assert_eq!(
        (
            jan["changes"].as_u64(),
            jan["problem_link"].as_u64(),
            jan["says_why"].as_u64()
        ),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(jan["coverage"], 0.667);
    let feb = period(&report, "2026-02");
    assert_eq!(feb["changes"], 2);
    assert_eq!(feb["problem_statement"], 1);
    assert_eq!(feb["measurable_metric"], 1);
    assert_eq!(feb["exempt"]["autosquash"], 1);
    // March: the merge counts once, with the link and metric its branch brought; the revert is exempt.
    let mar = period(&report, "2026-03");
    assert_eq!(mar["changes"], 2);
    assert_eq!(mar["problem_link"], 1);
    assert_eq!(mar["measurable_metric"], 1);
    assert_eq!(mar["exempt"]["revert"], 1);
    assert_eq!(report["total"]["changes"], 7);
    assert_eq!(report["missing_total"], 1);
    assert_eq!(report["authors"]["Ada <ada@example.com>"]["changes"], 3);
    assert_eq!(
        report["authors"]["Bob <bob@example.com>"]["measurable_metric"],
        1
    );
}

#[test]
fn all_commits_counts_the_branch_and_exempts_the_merge() {
    let repo = history();
    let report = json(&repo.whylint(&[
        "report",
        "--all-commits",
        "--by",
        "month",
        "--format",
        "json",
    ]));
    assert_eq!(report["first_parent"], false);
    let mar = period(&report, "2026-03");
    assert_eq!(
        mar["changes"], 4,
        "two branch commits, the merge, the revert"
    );
    assert_eq!(mar["exempt"]["merge"], 1);
    assert_eq!(mar["exempt"]["revert"], 1);
    assert_eq!(mar["problem_link"], 1);
    assert_eq!(
        report["missing_total"], 2,
        "the tidy commit and the unlinked branch commit"
    );
}

/// `report A..B` follows first parents on B's side only: a commit on B's first-parent line that A
/// reaches through a merge's second parent is A's, as in `git rev-list --first-parent A..B`.
/// With and without a commit-graph (whose walk followed first parents on both sides).
#[test]
fn first_parent_range_leaves_out_what_the_base_merged() {
    let mut repo = Repo::new();
    repo.commit_on("2026-01-05T10:00:00Z", "Ada", "a.txt", "Start");
    repo.git(&["checkout", "-q", "-b", "release"]);
    repo.commit_on("2026-01-06T10:00:00Z", "Ada", "b.txt", "Release work");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_on("2026-01-07T10:00:00Z", "Ada", "c.txt", "Main work");
    repo.git(&["checkout", "-q", "release"]);
    repo.tick();
    repo.git(&["merge", "-q", "--no-ff", "-m", "Take main", "main"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_on("2026-01-09T10:00:00Z", "Ada", "d.txt", "Main after");
    let expected = repo.git(&["rev-list", "--first-parent", "--count", "release..main"]);
    assert_eq!(expected.trim(), "1");
    for graph in [false, true] {
        if graph {
            repo.git(&["commit-graph", "write", "--reachable"]);
        }
        let output = repo.whylint(&["report", "release..main", "--format", "json"]);
        assert_eq!(code(&output), 0, "graph: {graph}");
        assert_eq!(json(&output)["total"]["changes"], 1, "graph: {graph}");
    }
}

#[test]
fn weeks_anonymized_and_text() {
    let repo = history();
    let report = json(&repo.whylint(&[
        "report",
        "--by",
        "week",
        "--by-author",
        "--anonymize",
        "--format",
        "json",
        "--since",
        "2026-02-01",
    ]));
    assert_eq!(period(&report, "2026-W06")["changes"], 1);
    let authors: Vec<&String> = report["authors"]
        .as_object()
        .expect("authors")
        .keys()
        .collect();
    assert!(
        authors.iter().all(|a| a.starts_with("author ")),
        "{authors:?}"
    );
    let text = stdout(&repo.whylint(&["report", "--by", "month"]));
    assert!(text.contains("2026-01") && text.contains("67%"), "{text}");
}

#[test]
fn html_is_self_contained_with_a_chart_and_escaped_text() {
    let repo = history();
    let output = repo.whylint(&["report", "--format", "html"]);
    assert_eq!(code(&output), 0);
    let html = stdout(&output);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<svg id=\"coverage-chart\""), "{html}");
    assert!(html.contains("<polyline"), "{html}");
    assert!(
        !html.contains("<script>"),
        "commit text must not become markup"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; tidy code"),
        "{html}"
    );
    for external in ["src=\"http", "href=\"http", "@import", "<link"] {
        assert!(
            !html.contains(external),
            "no external resources: {external}"
        );
    }
}

#[test]
fn due_lists_reviews_whose_time_has_come() {
    let repo = history();
    let due = |args: &[&str]| {
        let mut all = vec!["due", "--format", "json"];
        all.extend_from_slice(args);
        repo.whylint(&all)
    };
    let early = due(&["--as-of", "2026-02-20"]);
    assert_eq!(code(&early), 0);
    assert_eq!(json(&early)["due"].as_array().map(Vec::len), Some(0));
    let soon = json(&due(&["--as-of", "2026-02-20", "--within", "14d"]));
    assert_eq!(soon["due"][0]["review"], "2026-03-01");
    let later = json(&due(&["--as-of", "2026-04-15"]));
    let items = later["due"].as_array().expect("due");
    // Review-By: 2026-03-01, and "within 30 days" of 2026-03-02 → 2026-04-01; oldest first.
    let reviews: Vec<&str> = items.iter().filter_map(|i| i["review"].as_str()).collect();
    assert_eq!(reviews, ["2026-03-01", "2026-04-01"]);
    assert_eq!(items[0]["overdue_days"], 45);
    assert!(
        items[1]["metric"]
            .as_str()
            .expect("metric")
            .contains("50 a week")
    );
    let failing = due(&["--as-of", "2026-04-15", "--fail-if-due"]);
    assert_eq!(code(&failing), 1);
    let markdown = stdout(&repo.whylint(&["due", "--as-of", "2026-04-15", "--format", "markdown"]));
    assert!(markdown.contains("- [ ] `"), "{markdown}");
    assert_eq!(code(&repo.whylint(&["due", "--within", "soon"])), 2);
}

/// Renders the HTML report in headless Chromium and checks that the chart is drawn. Needs
/// Chromium (`.ci/run` installs Debian's `chromium`): `cargo test --test insight -- --ignored`.
#[test]
#[ignore = "needs Chromium; .ci/run runs it"]
fn html_report_renders_in_chromium() {
    let repo = history();
    let page = repo.home().join("report.html");
    let output = repo.whylint(&[
        "report",
        "--format",
        "html",
        "--output",
        &page.display().to_string(),
    ]);
    assert_eq!(code(&output), 0);
    let shot = repo.home().join("shot.png");
    let chromium = std::env::var("WHYLINT_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            repo.home().join("profile").display()
        ))
        .arg("--window-size=900,700")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("png"),
    ));
    let mut reader = decoder.read_info().expect("png header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("png frame");
    let channels = info.color_type.samples();
    let width = info.width as usize;
    // The chart's line is drawn in #1f6feb; count such pixels in the upper part of the page.
    let blue = pixels
        .chunks(channels)
        .enumerate()
        .filter(|(i, px)| {
            i / width < 450 && px[0] < 60 && (90..140).contains(&px[1]) && px[2] > 200
        })
        .count();
    let non_white = pixels
        .chunks(channels)
        .filter(|px| px[0] < 240 || px[1] < 240 || px[2] < 240)
        .count();
    assert!(
        non_white > 2000,
        "the page is blank ({non_white} non-white pixels)"
    );
    assert!(
        blue > 100,
        "the chart line is not drawn ({blue} blue pixels)"
    );
}

#[test]
fn dates_and_formats_out_of_reach_say_what_works() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Add export\n\nRefs: #1");
    // A date jiff parses but whylint cannot compare with commit times: the range that works.
    for args in [
        &["due", "--as-of", "9999-12-31"][..],
        &["report", "--since", "9999-12-31"],
    ] {
        let output = repo.whylint(args);
        assert_eq!(code(&output), 2, "{args:?}");
        let error = stderr(&output);
        assert!(
            error.contains("`9999-12-31` is out of the range of dates")
                && error.contains("from 0001-01-01 to 9999-12-30")
                && !error.contains("Unix timestamp"),
            "{args:?}: {error}"
        );
    }
    // A format the command does not write: named as typed, with the ones it does.
    let output = repo.whylint(&["report", "--format", "sarif"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output)
            .contains("`whylint report` writes text, markdown, json or html, not sarif; choose one of these with `--format`"),
        "{}",
        stderr(&output)
    );
    let output = repo.whylint(&["due", "--format", "junit"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("`whylint due` writes text, markdown or json, not junit;"),
        "{}",
        stderr(&output)
    );
}
