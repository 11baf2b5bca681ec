//! The machine-readable reports as the services that read them see them: SARIF for GitHub code
//! scanning (its `GH` rules, alert identity, result cap), JUnit for the Jenkins junit-10 XSD,
//! GitLab Code Quality paths and wording. Real binary, real git in temp dirs, run from a
//! subdirectory so that every path has to be made relative to the repository root.
//!
//! Snapshots are compared as exact text with `tests/snapshots/`; `WHYLINT_BLESS=1 cargo test
//! --test reports` rewrites them after an intended change.

mod common;

use common::snapshot::assert_snapshot;
use common::{Repo, code, stderr, stdout};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// A repository with a README, a tracked `.whylint.yml` and a `src/` subdirectory; `feature`
/// adds a linked commit and an unlinked one. Returns (repo, base sha, head sha).
fn project() -> (Repo, String, String) {
    let mut repo = Repo::new();
    repo.write("README.md", "# Export\n");
    repo.write(
        ".whylint.yml",
        "rules:\n  success-metric: { level: warning }\n",
    );
    repo.git(&["add", "README.md", ".whylint.yml"]);
    repo.commit("src/lib.rs", "Initial commit\n\nRefs: #1");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit("src/export.rs", "Add export\n\nRefs: #1");
    let head = repo.commit("src/names.rs", "Name export files by period");
    (repo, base, head)
}

/// `whylint ARGS` from `src/` of the repository.
fn in_subdir(repo: &Repo, args: &[&str]) -> Command {
    let mut command = repo.whylint_command(args);
    command.current_dir(repo.path().join("src"));
    command
}

/// `whylint check` as a GitHub Actions `pull_request` job (#7, description `body`), writing
/// `format` to a file; returns the run and the file's text.
fn github_check(repo: &Repo, base: &str, head: &str, body: &str, format: &str) -> (Output, String) {
    let event = common::pull_request_event(repo, base, head, "Add CSV export", body);
    let report = repo.home().join(format!("report.{format}"));
    let output = in_subdir(
        repo,
        &[
            "check",
            "--format",
            format,
            "--output",
            &report.display().to_string(),
        ],
    )
    .env("GITHUB_ACTIONS", "true")
    .env("GITHUB_EVENT_NAME", "pull_request")
    .env("GITHUB_EVENT_PATH", &event)
    .env("GITHUB_SERVER_URL", "https://github.com")
    .env("GITHUB_REPOSITORY", "Codertocat/Hello-World")
    .env("GITHUB_SHA", head)
    .output()
    .expect("run whylint");
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    (output, text)
}

fn sarif(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not SARIF JSON ({e}):\n{text}"))
}

#[test]
fn sarif_for_a_pull_request_and_its_commits() {
    let (repo, base, head) = project();
    let (output, text) = github_check(&repo, &base, &head, "Adds export.", "sarif");
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let log = sarif(&text);
    assert_eq!(common::sarif_schema_errors(&log), Vec::<String>::new());
    assert_eq!(github_rule_violations(&log), Vec::<String>::new());
    assert_snapshot("check-pull-request.sarif", &text);
}

/// The JSON document of the same run, the contract scripts and agents read: findings,
/// exemptions, notices, one `checked` entry per target with its evidence, and the summary.
#[test]
fn json_for_a_pull_request_and_its_commits() {
    let (repo, base, head) = project();
    let (output, text) = github_check(&repo, &base, &head, "Adds export.", "json");
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let document: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        document["checked"].as_array().map(Vec::len),
        document["summary"]["checked"].as_u64().map(|n| n as usize),
        "{text}"
    );
    assert_snapshot("check-pull-request.json", &text);
}

#[test]
fn every_finding_is_its_own_alert_with_a_stable_identity() {
    let (mut repo, base, _) = project();
    // Two commits break the same rule: two alerts, not one.
    repo.commit("src/more.rs", "Tidy names");
    let range = format!("{base}..feature");
    let fingerprints = |repo: &Repo| -> Vec<String> {
        let output = in_subdir(repo, &["commits", &range, "--format", "sarif"])
            .output()
            .expect("run");
        sarif(&stdout(&output))["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"]["primaryLocationLineHash"].to_string())
            .collect()
    };
    let here = fingerprints(&repo);
    let mut unique = here.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(here.len(), 2, "{here:?}");
    assert_eq!(unique.len(), 2, "one alert per finding: {here:?}");
    assert!(!here.contains(&"null".to_owned()), "{here:?}");
    // The same history elsewhere (another clone, another directory) keeps its identities.
    let clone = Repo::clone_of(&repo, &["--branch", "feature"]);
    assert_eq!(fingerprints(&clone), here);
}

/// GitHub's own SARIF rules (SARIF Multitool `--rule-kind Gh`), checked here by hand so the test
/// runs anywhere; `.ci/run` also runs the Multitool itself (see `sarif_passes_sarif_multitool`).
fn github_rule_violations(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    // GH1004: arrays within GitHub's limits (20 runs, 25,000 rules and results, 1,000 locations).
    if runs.len() > 20 {
        problems.push(format!("GH1004: {} runs", runs.len()));
    }
    for run in &runs {
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let results = run["results"].as_array().cloned().unwrap_or_default();
        if rules.len() > 25_000 || results.len() > 25_000 {
            problems.push("GH1004: more than 25,000 rules or results".into());
        }
        // GH2012: every rule has shortDescription, fullDescription and help.text.
        for rule in &rules {
            for (pointer, what) in [
                ("/shortDescription/text", "shortDescription"),
                ("/fullDescription/text", "fullDescription"),
                ("/help/text", "help.text"),
            ] {
                if rule
                    .pointer(pointer)
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    problems.push(format!("GH2012: rule {} has no {what}", rule["id"]));
                }
            }
        }
        for result in &results {
            // GH1001: a ruleId, and a physical location with an artifact URI.
            if !result["ruleId"].is_string() {
                problems.push(format!("GH1001: no ruleId: {result}"));
            }
            let locations = result["locations"].as_array().cloned().unwrap_or_default();
            if locations.is_empty() || locations.len() > 1_000 {
                problems.push(format!("GH1001/GH1004: {} locations", locations.len()));
            }
            for location in &locations {
                let uri = location
                    .pointer("/physicalLocation/artifactLocation/uri")
                    .and_then(Value::as_str);
                let Some(uri) = uri else {
                    problems.push(format!("GH1001: no artifactLocation.uri: {location}"));
                    continue;
                };
                // GH1005 / GH1006: a relative reference; no scheme, no absolute path.
                if uri.starts_with('/') || uri.contains(':') || uri.contains('\\') {
                    problems.push(format!("GH1005/GH1006: `{uri}` is not relative"));
                }
                // GH1003: a region with a startLine.
                if location
                    .pointer("/physicalLocation/region/startLine")
                    .and_then(Value::as_u64)
                    .is_none_or(|line| line == 0)
                {
                    problems.push(format!("GH1003: no region.startLine: {location}"));
                }
            }
            // GH1002: inline thread-flow locations (we write no code flows at all).
            if result.get("codeFlows").is_some() {
                problems.push("GH1002: code flows are not expected".into());
            }
        }
    }
    problems
}

#[test]
fn sarif_meets_githubs_rules_from_a_subdirectory() {
    let (repo, base, head) = project();
    for extra in [
        &[][..],
        &["--config-from", "HEAD"],
        &["--config", "../.whylint.yml"],
    ] {
        let mut args = vec!["commits", "main..feature", "--format", "sarif"];
        args.extend_from_slice(extra);
        let output = in_subdir(&repo, &args).output().expect("run");
        assert_eq!(code(&output), 1, "{args:?}: {}", stderr(&output));
        let log = sarif(&stdout(&output));
        assert_eq!(
            github_rule_violations(&log),
            Vec::<String>::new(),
            "{args:?}"
        );
        let uris: Vec<_> = log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone())
            .collect();
        assert!(
            uris.iter().all(|uri| uri == ".whylint.yml"),
            "{args:?}: results point at the tracked config, relative to the root: {uris:?}"
        );
        assert_eq!(
            log["runs"][0]["automationDetails"]["id"],
            "whylint/commits/"
        );
        let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
        assert_eq!(rule["name"], "ProblemLink");
    }
    // Without a config file the README is the anchor; the location always exists.
    repo.git(&["rm", "-q", ".whylint.yml"]);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "Drop the config\n\nRefs: #1",
    ]);
    let output = in_subdir(
        &repo,
        &["commits", &format!("{base}..{head}"), "--format", "sarif"],
    )
    .output()
    .expect("run");
    let log = sarif(&stdout(&output));
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "README.md"
    );
    assert_eq!(github_rule_violations(&log), Vec::<String>::new());
    // A config file that is not committed is not in the analysed commit either: still the
    // README. `WHYLINT_HELP_URI` links each rule to its docs.
    repo.write(
        ".whylint.yml",
        "rules:\n  success-metric: { level: warning }\n",
    );
    let output = in_subdir(
        &repo,
        &["commits", &format!("{base}..{head}"), "--format", "sarif"],
    )
    .env(
        "WHYLINT_HELP_URI",
        "https://example.org/docs/rules.md#{rule}",
    )
    .output()
    .expect("run");
    let log = sarif(&stdout(&output));
    let run = &log["runs"][0];
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "README.md"
    );
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["helpUri"],
        "https://example.org/docs/rules.md#problem-link"
    );
}

#[test]
fn sarif_passes_sarif_multitool() {
    // `.ci/run` installs the Multitool (npm `@microsoft/sarif-multitool`) and sets this.
    let Some(multitool) = std::env::var_os("WHYLINT_SARIF_MULTITOOL") else {
        skip_note(
            "WHYLINT_SARIF_MULTITOOL is not set: SARIF Multitool not run (the GH checks in the other tests did run)",
        );
        return;
    };
    let (repo, base, head) = project();
    let (_, text) = github_check(&repo, &base, &head, "Adds export.", "sarif");
    let file = repo.home().join("check.sarif");
    std::fs::write(&file, text).expect("write sarif");
    let output = Command::new(multitool)
        .args(["validate", "--rule-kind", "Gh", "-o"])
        .arg(repo.home().join("validation.sarif"))
        .arg(&file)
        .output()
        .expect("run the SARIF Multitool");
    let out = stdout(&output);
    assert!(output.status.success(), "{out}{}", stderr(&output));
    assert!(out.contains("1 files scanned"), "{out}");
    let problems: Vec<_> = out
        .lines()
        .filter(|line| line.contains(": error ") || line.contains(": warning "))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn sarif_keeps_the_most_severe_results_under_githubs_limit() {
    // 5,002 unlinked commits, written with fast-import in one go: 5,001 after the root.
    let repo = Repo::new();
    let mut stream = String::new();
    for i in 1..=5_002 {
        let message = format!("Change {i}\n");
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter Ada <ada@example.com> {} +0000\ndata {}\n{message}",
            1_700_000_000 + i,
            message.len()
        ));
        stream.push_str(&format!(
            "M 644 inline f.txt\ndata {}\n{i}\n\n",
            format!("{i}\n").len()
        ));
    }
    let mut import = repo.git_command(&["fast-import", "--quiet"]);
    import.stdin(std::process::Stdio::piped());
    let mut child = import.spawn().expect("fast-import");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(stream.as_bytes())
            .expect("feed fast-import");
    }
    assert!(child.wait().expect("fast-import").success());
    repo.git(&["reset", "-q", "--hard", "main"]);
    let root = repo
        .git(&["rev-list", "--max-parents=0", "HEAD"])
        .trim()
        .to_owned();
    let output = repo.whylint(&["commits", &format!("{root}..HEAD"), "--format", "sarif"]);
    let log = sarif(&stdout(&output));
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 5_000);
    assert_eq!(common::sarif_schema_errors(&log), Vec::<String>::new());
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("whylint found 5001 results"), "{notes}");
    assert!(
        stderr(&output).contains("wrote the 5000 most severe"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn gitlab_report_paths_are_relative_and_fingerprints_stable() {
    let (repo, base, _) = project();
    let run = |repo: &Repo, extra: &[&str]| {
        let mut args = vec!["commits", "main..feature", "--format", "gitlab"];
        args.extend_from_slice(extra);
        let output = in_subdir(repo, &args).output().expect("run");
        let issues: Value = serde_json::from_slice(&output.stdout).expect("json array");
        issues.as_array().expect("array").clone()
    };
    for extra in [&[][..], &["--config-from", &base]] {
        let issues = run(&repo, extra);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0]["location"]["path"], ".whylint.yml", "{extra:?}");
    }
    let clone = Repo::clone_of(&repo, &["--branch", "feature"]);
    clone.git(&["branch", "-q", "main", "origin/main"]);
    let here = run(&repo, &[]);
    let there = run(&clone, &[]);
    assert_eq!(here[0]["fingerprint"], there[0]["fingerprint"]);
}

#[test]
fn junit_passes_the_jenkins_junit_10_schema() {
    let (mut repo, base, _) = project();
    let head = repo.commit("src/skip.rs", "Tidy\n\nWhy-Skip: formatting only");
    let (output, xml) = github_check(&repo, &base, &head, "Adds export.", "junit");
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        root.attribute("skipped"),
        None,
        "junit-10.xsd has no root `skipped`"
    );
    let classes: Vec<_> = document
        .descendants()
        .filter_map(|n| n.attribute("classname"))
        .collect();
    assert!(classes.contains(&"whylint.pull-request"), "{classes:?}");
    assert!(classes.contains(&"whylint.commit"), "{classes:?}");
    xmllint_validates(&repo, &xml);
    assert_snapshot("check-pull-request.junit.xml", &xml);
}

/// Validates `xml` with `xmllint --schema tests/fixtures/junit-10.xsd` (libxml2-utils; `.ci/run`
/// installs it). Without xmllint the test says so and checks only what roxmltree can.
fn xmllint_validates(repo: &Repo, xml: &str) {
    let file = repo.home().join("junit.xml");
    std::fs::write(&file, xml).expect("write xml");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/junit-10.xsd");
    match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
    {
        Ok(output) => assert!(
            output.status.success(),
            "junit-10.xsd rejects the report:\n{}\n{xml}",
            stderr(&output)
        ),
        Err(error) => skip_note(&format!(
            "xmllint is not installed ({error}): junit-10.xsd validation skipped (`apt-get install libxml2-utils`)"
        )),
    }
}

#[test]
fn gitlab_merge_requests_are_called_merge_requests() {
    let (repo, base, head) = project();
    let output = in_subdir(&repo, &["check", "--color", "never"])
        .env("GITLAB_CI", "true")
        .env("CI_MERGE_REQUEST_IID", "12")
        .env("CI_MERGE_REQUEST_TITLE", "Add CSV export")
        .env("CI_MERGE_REQUEST_DESCRIPTION", "Adds export.")
        .env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)
        .env("CI_COMMIT_SHA", &head)
        .output()
        .expect("run");
    let text = stdout(&output);
    assert!(text.contains("merge request !12"), "{text}");
    assert!(!text.contains("pull request"), "{text}");
    let junit = repo.home().join("mr.xml");
    let output = in_subdir(
        &repo,
        &[
            "pr",
            "--format",
            "junit",
            "--output",
            &junit.display().to_string(),
        ],
    )
    .env("GITLAB_CI", "true")
    .env("CI_MERGE_REQUEST_IID", "12")
    .env("CI_MERGE_REQUEST_TITLE", "Add CSV export")
    .env("CI_MERGE_REQUEST_DESCRIPTION", "Adds export.")
    .output()
    .expect("run");
    assert_eq!(code(&output), 1);
    let xml = std::fs::read_to_string(&junit).expect("junit");
    assert!(xml.contains("classname=\"whylint.merge-request\""), "{xml}");
    assert!(
        stdout(&output).contains("1 merge request description"),
        "{}",
        stdout(&output)
    );
}

/// Says on the terminal (past the test harness's capture) that a check could not run here.
fn skip_note(note: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: {note}");
}

/// The `uri` of every result's location in `log`.
fn result_uris(log: &Value) -> Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone())
        .collect()
}

#[test]
fn sarif_points_at_the_config_whylint_config_names_with_config_from() {
    let (repo, _, _) = project();
    repo.git(&["checkout", "-q", "main"]);
    repo.write("ci/w.yml", "rules:\n  success-metric: { level: warning }\n");
    repo.git(&["add", "ci/w.yml"]);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "Add the CI config\n\nRefs: #1",
    ]);
    repo.git(&["checkout", "-q", "feature"]);
    repo.git(&["merge", "-q", "--no-edit", "main"]);
    for extra in [&[][..], &["--config-from", "main"]] {
        let mut args = vec!["commits", "main..feature", "--format", "sarif"];
        args.extend_from_slice(extra);
        let output = repo
            .whylint_command(&args)
            .env("WHYLINT_CONFIG", "ci/w.yml")
            .output()
            .expect("run");
        assert_eq!(code(&output), 1, "{args:?}: {}", stderr(&output));
        let uris = result_uris(&sarif(&stdout(&output)));
        assert!(
            !uris.is_empty() && uris.iter().all(|uri| uri == "ci/w.yml"),
            "{args:?}: results point at the config that set the rules: {uris:?}"
        );
    }
}

#[test]
fn a_help_uri_that_is_not_a_web_address_is_left_out_with_a_note() {
    let (repo, base, head) = project();
    for value in ["not a uri", "javascript:alert(1)", "/docs/{rule}"] {
        let output = repo
            .whylint_command(&["commits", &format!("{base}..{head}"), "--format", "sarif"])
            .env("WHYLINT_HELP_URI", value)
            .output()
            .expect("run");
        assert_eq!(code(&output), 1, "{value}: {}", stderr(&output));
        let log = sarif(&stdout(&output));
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        assert!(!rules.is_empty());
        assert!(
            rules.iter().all(|rule| rule.get("helpUri").is_none()),
            "{value}: {rules:?}"
        );
        let error = stderr(&output);
        assert_eq!(
            error.matches("WHYLINT_HELP_URI").count(),
            1,
            "{value}: one note: {error}"
        );
        assert!(error.contains("http"), "{error}");
        assert!(!error.contains(value), "the value is not echoed: {error}");
    }
}
