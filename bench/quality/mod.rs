//! The quality benchmark of issue #16: how often whylint's judgement agrees with a careful reader
//! on real text. Shared by `examples/quality.rs` (prints the figures and every disagreement) and
//! `tests/quality.rs` (fails when a figure drops below `floor.json`).
//!
//! It owns reading the hand-labelled corpus (`../shared/corpus/` beside the repository root, or
//! `WHYLINT_CORPUS`), running the real `whylint` binary on each item, comparing its verdicts with
//! the labels, and rendering the table. It leaves every judgement to the binary and its default
//! pack: nothing here decides whether a text says why. The corpus is read at run time and never
//! copied into the project; only ids and one-line excerpts reach the terminal.
//!
//! How each line of the table is measured (truth = the corpus label, prediction = whylint):
//!
//! | line | items | truth | prediction |
//! | --- | --- | --- | --- |
//! | PR: problem linked or stated | PRs, bots left out | `problem_link` or `problem_statement` | `whylint pr` (title + body) gives no `problem-link` finding |
//! | PR: measurable success metric | same | `metric_measurable` | no `success-metric` finding |
//! | PR: template scaffolding left in | same | `unfilled_template` | an `unfilled-template` or `template-instructions` finding, any level |
//! | commit: problem linked or stated | commits the corpus does not mark merge, revert, fixup, bot or release | `problem_link` or `problem_statement` | `whylint msg -` gives no `problem-link` finding |
//! | reference finder | those commits and PRs | `problem_link` | a `reference` in `checked[].evidence` that overlaps a `link_text`; before #15 (no evidence): `problem-link` passes and the pack's `reference` check on its own passes |
//! | commit metric recogniser | those commits | `success_metric` | a `metric` in `checked[].evidence` that overlaps a `metric_text(s)`; before #15: `success-metric` passes with its `when` widened to every commit |
//!
//! Every item runs once, with a config that extends the default pack and changes nothing the
//! first four lines read: it widens `success-metric`'s `when` to every commit (PRs were already
//! covered, so PR verdicts are the default pack's) and adds one info-level rule holding only the
//! `reference` check that `problem-link` uses. An item whylint exempts counts as a pass for
//! `problem-link` and `success-metric` (it would not fail) and as no reference found.
//!
//! When the JSON carries `checked[].evidence`, a pass whose quoted evidence overlaps none of the
//! corpus's spans is "right for the wrong reason" and counts as wrong: a false positive, and a
//! false negative too when the label is true. "Overlaps" means one text contains the other
//! after collapsing whitespace.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// Environment variable naming the corpus directory (overrides `../shared/corpus`).
pub const CORPUS_ENV: &str = "WHYLINT_CORPUS";

/// The helper rule added beside the default pack: the `reference` check on its own.
const REFERENCE_RULE: &str = "quality-reference";

/// The config every item runs with (see the module comment for why each part is there).
const CONFIG: &str = r#"# Written by the quality benchmark (bench/quality/mod.rs).
extends: [default]
rules:
  - id: success-metric
    when: { on: [commit, branch, pr] }
  - id: quality-reference
    level: info
    on: [commit, branch, pr]
    summary: A reference to where the problem lives
    question: Which issue or ticket does this change point to?
    help: Measured by the quality benchmark only.
    check: { reference: {} }
"#;

/// Where the corpus is: `WHYLINT_CORPUS` when set (it must then exist), otherwise
/// `../shared/corpus` beside the repository root when that exists. `Ok(None)` means "not here".
pub fn corpus_dir(repo_root: &Path) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = std::env::var_os(CORPUS_ENV).filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        if dir.join("prs.jsonl").is_file() && dir.join("commits.jsonl").is_file() {
            return Ok(Some(dir));
        }
        return Err(format!(
            "{CORPUS_ENV}={} holds no prs.jsonl and commits.jsonl",
            dir.display()
        ));
    }
    let dir = repo_root.join("..").join("shared").join("corpus");
    Ok(dir.join("prs.jsonl").is_file().then_some(dir))
}

/// A pull-request description or a commit message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pr,
    Commit,
}

/// One labelled text.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    /// The PR title (empty for commits).
    pub title: String,
    /// The PR body or the whole commit message.
    pub text: String,
    pub labels: Labels,
}

/// The labels this benchmark reads (README-prs.md and README-commits.md define them).
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub problem_link: bool,
    pub problem_statement: bool,
    /// `metric_measurable` for PRs, `success_metric` for commits.
    pub metric: bool,
    pub unfilled_template: bool,
    pub bot: bool,
    pub merge: bool,
    pub revert: bool,
    pub fixup: bool,
    pub release: bool,
    pub link_text: Vec<String>,
    /// `metric_text` (PRs: a list; commits: a string) and `metric_texts`.
    pub metric_text: Vec<String>,
    pub self_ref_text: Vec<String>,
    /// The `[template: …]` tag at the end of a PR's notes, if any.
    pub template_kind: Option<String>,
}

impl Labels {
    /// Why a commit is left out of the commit lines, if it is.
    pub fn left_out_as(&self) -> Option<&'static str> {
        [
            (self.bot, "bot"),
            (self.merge, "merge"),
            (self.revert, "revert"),
            (self.fixup, "fixup"),
            (self.release, "release"),
        ]
        .into_iter()
        .find_map(|(set, name)| set.then_some(name))
    }
}

/// The corpus as read: the items, and the lines that could not be read.
#[derive(Debug, Default)]
pub struct Corpus {
    pub items: Vec<Item>,
    pub malformed: Vec<String>,
}

/// Reads `prs.jsonl` and `commits.jsonl`. A line that is not a record is reported in
/// `malformed` and skipped; only an unreadable file is an error.
pub fn load(dir: &Path) -> Result<Corpus, String> {
    let mut corpus = Corpus::default();
    for (file, kind) in [("prs.jsonl", Kind::Pr), ("commits.jsonl", Kind::Commit)] {
        let path = dir.join(file);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match parse_item(line, kind) {
                Ok(item) => corpus.items.push(item),
                Err(why) => corpus
                    .malformed
                    .push(format!("{file}:{}: {why}", index + 1)),
            }
        }
    }
    Ok(corpus)
}

fn parse_item(line: &str, kind: Kind) -> Result<Item, String> {
    let record: Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    let text_field = |name: &str| -> Result<String, String> {
        record
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("no `{name}` string"))
    };
    let id = text_field("id")?;
    let labels = record
        .get("labels")
        .filter(|l| l.is_object())
        .ok_or_else(|| format!("{id}: no `labels` object"))?;
    let flag = |name: &str| -> Result<bool, String> {
        labels
            .get(name)
            .and_then(Value::as_bool)
            .ok_or_else(|| format!("{id}: no boolean label `{name}`"))
    };
    let spans = |name: &str| -> Vec<String> {
        match labels.get(name) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut metric_text = spans("metric_text");
    for text in spans("metric_texts") {
        if !metric_text.contains(&text) {
            metric_text.push(text);
        }
    }
    let template_kind = record
        .get("notes")
        .and_then(Value::as_str)
        .and_then(|notes| notes.find("[template:").map(|at| &notes[at..]))
        .and_then(|tag| tag.find(']').map(|end| tag[..=end].to_owned()));
    let (title, text, labels) = match kind {
        Kind::Pr => (
            text_field("title")?,
            text_field("body")?,
            Labels {
                problem_link: flag("problem_link")?,
                problem_statement: flag("problem_statement")?,
                metric: flag("metric_measurable")?,
                unfilled_template: flag("unfilled_template")?,
                bot: flag("bot")?,
                link_text: spans("link_text"),
                metric_text,
                template_kind,
                ..Labels::default()
            },
        ),
        Kind::Commit => (
            String::new(),
            text_field("message")?,
            Labels {
                problem_link: flag("problem_link")?,
                problem_statement: flag("problem_statement")?,
                metric: flag("success_metric")?,
                bot: flag("bot")?,
                merge: flag("merge")?,
                revert: flag("revert")?,
                fixup: flag("fixup")?,
                release: flag("release")?,
                link_text: spans("link_text"),
                metric_text,
                self_ref_text: spans("self_ref_text"),
                ..Labels::default()
            },
        ),
    };
    Ok(Item {
        id,
        kind,
        title,
        text,
        labels,
    })
}

/// One finding from whylint's JSON.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub level: String,
    pub message: String,
}

/// One piece of `checked[].evidence` (issue #15).
#[derive(Debug, Clone)]
pub struct Evidence {
    pub kind: String,
    pub text: String,
    pub line: Option<u64>,
}

/// What whylint said about one item.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub findings: Vec<Finding>,
    /// `kind: reason` of the exemption, when whylint exempted the item.
    pub exempt: Option<String>,
    /// `checked[0].evidence`, when the JSON has a `checked` list (issue #15); `None` before.
    pub evidence: Option<Vec<Evidence>>,
}

impl Verdict {
    fn finding(&self, rule: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.rule == rule)
    }

    fn passes(&self, rule: &str) -> bool {
        self.finding(rule).is_none()
    }

    fn evidence_of(&self, kind: &str) -> Vec<&Evidence> {
        self.evidence
            .iter()
            .flatten()
            .filter(|e| e.kind == kind)
            .collect()
    }
}

/// Runs `bin` on every item with `threads` worker threads; one result per item, in order.
/// An item whylint could not check (exit 2, a crash, output that is not its JSON) is an `Err`.
pub fn run_all(
    bin: &Path,
    items: &[Item],
    threads: usize,
) -> Result<Vec<Result<Verdict, String>>, String> {
    // Each run starts in a temp dir, so a relative path would no longer name the binary.
    let bin = &std::fs::canonicalize(bin)
        .map_err(|e| format!("no whylint binary at {}: {e}", bin.display()))?;
    let dir = tempfile::Builder::new()
        .prefix("whylint-quality")
        .tempdir()
        .map_err(|e| format!("cannot make a temp dir: {e}"))?;
    let config = dir.path().join("quality.yml");
    std::fs::write(&config, CONFIG)
        .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Verdict, String>>>> = Mutex::new(vec![None; items.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let verdict = run_one(bin, dir.path(), &config, item);
                    if let Ok(mut slots) = results.lock() {
                        slots[index] = Some(verdict);
                    }
                }
            });
        }
    });
    let slots = results
        .into_inner()
        .map_err(|_| "a worker thread panicked".to_owned())?;
    Ok(slots
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err("not run".to_owned())))
        .collect())
}

/// Runs the binary once, in an empty directory outside any repository and with an empty
/// environment, so no project config, branch name or CI variable (a `GITHUB_STEP_SUMMARY` to
/// append to) can reach it.
fn run_one(bin: &Path, cwd: &Path, config: &Path, item: &Item) -> Result<Verdict, String> {
    let mut command = Command::new(bin);
    command.env_clear().current_dir(cwd);
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command
        .arg("--format")
        .arg("json")
        .arg("--config")
        .arg(config);
    match item.kind {
        Kind::Pr => command
            .arg("pr")
            .arg(format!("--title={}", item.title))
            .args(["--body-file", "-"]),
        Kind::Commit => command.args(["msg", "-"]),
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // whylint reads all of stdin before it writes anything, so this cannot deadlock.
        stdin
            .write_all(item.text.as_bytes())
            .map_err(|e| format!("cannot write the text to whylint: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("whylint did not finish: {e}"))?;
    let code = output.status.code();
    if !matches!(code, Some(0 | 1)) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "exit {}: {}",
            code.map_or_else(|| "by signal".to_owned(), |c| c.to_string()),
            stderr.lines().next().unwrap_or("")
        ));
    }
    parse_verdict(&String::from_utf8_lossy(&output.stdout))
}

fn parse_verdict(json: &str) -> Result<Verdict, String> {
    let document: Value =
        serde_json::from_str(json).map_err(|e| format!("output is not JSON ({e})"))?;
    let text = |value: &Value, key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let findings = document
        .get("findings")
        .and_then(Value::as_array)
        .ok_or("output has no `findings` list")?
        .iter()
        .map(|f| Finding {
            rule: text(f, "rule"),
            level: text(f, "level"),
            message: text(f, "message"),
        })
        .collect();
    let exempt = document
        .get("exemptions")
        .and_then(Value::as_array)
        .and_then(|list| list.first())
        .map(|e| format!("{}: {}", text(e, "kind"), text(e, "reason")));
    let evidence = document
        .get("checked")
        .and_then(Value::as_array)
        .map(|checked| {
            checked
                .first()
                .and_then(|target| target.get("evidence"))
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|e| Evidence {
                            kind: text(e, "kind"),
                            text: text(e, "text"),
                            line: e.get("line").and_then(Value::as_u64),
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
    Ok(Verdict {
        findings,
        exempt,
        evidence,
    })
}

/// One line of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Line {
    PrProblem,
    PrMetric,
    PrTemplate,
    CommitProblem,
    References,
    ReferencesInCommits,
    ReferencesInPrs,
    CommitMetric,
}

impl Line {
    pub const ALL: [Line; 8] = [
        Line::PrProblem,
        Line::PrMetric,
        Line::PrTemplate,
        Line::CommitProblem,
        Line::References,
        Line::ReferencesInCommits,
        Line::ReferencesInPrs,
        Line::CommitMetric,
    ];

    /// The stable key used in `floor.json`.
    pub fn key(self) -> &'static str {
        match self {
            Line::PrProblem => "pr-problem",
            Line::PrMetric => "pr-metric",
            Line::PrTemplate => "pr-template",
            Line::CommitProblem => "commit-problem",
            Line::References => "references",
            Line::ReferencesInCommits => "references-commits",
            Line::ReferencesInPrs => "references-prs",
            Line::CommitMetric => "commit-metric",
        }
    }

    /// The line as the table shows it.
    pub fn title(self) -> &'static str {
        match self {
            Line::PrProblem => "PR: problem linked or stated (`problem-link` passes)",
            Line::PrMetric => "PR: measurable success metric (`success-metric` passes)",
            Line::PrTemplate => {
                "PR: template scaffolding left in (`unfilled-template` or `template-instructions` fires)"
            }
            Line::CommitProblem => "commit: problem linked or stated (`problem-link` passes)",
            Line::References => "reference finder against `problem_link`, commits and PRs",
            Line::ReferencesInCommits => "reference finder, commits only",
            Line::ReferencesInPrs => "reference finder, PRs only",
            Line::CommitMetric => "commit metric recogniser against `success_metric`",
        }
    }
}

/// How one prediction compares with its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    TruePositive,
    TrueNegative,
    FalsePositive,
    FalseNegative,
    /// Predicted and labelled true, but the evidence overlaps none of the labelled spans:
    /// counted as a false positive and a false negative.
    WrongReason,
}

impl Outcome {
    fn tag(self) -> &'static str {
        match self {
            Outcome::FalsePositive => "FP",
            Outcome::FalseNegative => "FN",
            Outcome::WrongReason => "FP+FN",
            Outcome::TruePositive => "TP",
            Outcome::TrueNegative => "TN",
        }
    }
}

/// The counts for one line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    /// Of the `fp` (and `fn_`), how many were right for the wrong reason.
    pub wrong_reason: usize,
}

impl Figures {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::TruePositive => self.tp += 1,
            Outcome::TrueNegative => self.tn += 1,
            Outcome::FalsePositive => self.fp += 1,
            Outcome::FalseNegative => self.fn_ += 1,
            Outcome::WrongReason => {
                self.fp += 1;
                self.fn_ += 1;
                self.wrong_reason += 1;
            }
        }
    }

    /// TP / (TP + FP); `None` when whylint predicted nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN); `None` when nothing is labelled true.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// One disagreement between whylint and the labels.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub line: Line,
    pub id: String,
    pub outcome: Outcome,
    /// What whylint said or the evidence it gave, one line of at most 100 characters.
    pub note: String,
}

/// Everything one run measured.
#[derive(Debug, Default)]
pub struct Measurement {
    pub figures: BTreeMap<Line, Figures>,
    pub disagreements: Vec<Disagreement>,
    pub prs: usize,
    pub commits: usize,
    pub prs_left_out: usize,
    /// Commits left out, by the first label that leaves them out.
    pub commits_left_out: BTreeMap<&'static str, usize>,
    /// Items measured that whylint itself exempted (counted as passes).
    pub exempted: Vec<(String, String)>,
    /// Items whylint could not check, with why.
    pub errors: Vec<(String, String)>,
    /// Whether whylint's JSON carried `checked[].evidence` (issue #15).
    pub evidence: bool,
}

/// Compares each verdict with its item's labels.
pub fn measure(items: &[Item], verdicts: &[Result<Verdict, String>]) -> Measurement {
    let mut m = Measurement::default();
    for line in Line::ALL {
        m.figures.insert(line, Figures::default());
    }
    for (item, verdict) in items.iter().zip(verdicts) {
        match item.kind {
            Kind::Pr => m.prs += 1,
            Kind::Commit => m.commits += 1,
        }
        match item.kind {
            Kind::Pr if item.labels.bot => {
                m.prs_left_out += 1;
                continue;
            }
            Kind::Commit => {
                if let Some(why) = item.labels.left_out_as() {
                    *m.commits_left_out.entry(why).or_default() += 1;
                    continue;
                }
            }
            Kind::Pr => {}
        }
        let verdict = match verdict {
            Ok(verdict) => verdict,
            Err(why) => {
                m.errors.push((item.id.clone(), why.clone()));
                continue;
            }
        };
        if let Some(why) = &verdict.exempt {
            m.exempted.push((item.id.clone(), why.clone()));
        }
        m.evidence |= verdict.evidence.is_some();
        for (line, outcome, note) in judge(item, verdict) {
            if let Some(figures) = m.figures.get_mut(&line) {
                figures.add(outcome);
            }
            if !matches!(outcome, Outcome::TruePositive | Outcome::TrueNegative) {
                m.disagreements.push(Disagreement {
                    line,
                    id: item.id.clone(),
                    outcome,
                    note: one_line(&note, 100),
                });
            }
        }
    }
    m
}

/// The outcome of every line that reads this item.
fn judge(item: &Item, verdict: &Verdict) -> Vec<(Line, Outcome, String)> {
    let labels = &item.labels;
    let problem = labels.problem_link || labels.problem_statement;
    let mut out = Vec::new();
    let problem_line = match item.kind {
        Kind::Pr => Line::PrProblem,
        Kind::Commit => Line::CommitProblem,
    };
    out.push(judge_problem(problem_line, problem, item, verdict));
    let (references, finder) = judge_references(item, verdict);
    out.push((Line::References, references, finder.clone()));
    let by_kind = match item.kind {
        Kind::Pr => Line::ReferencesInPrs,
        Kind::Commit => Line::ReferencesInCommits,
    };
    out.push((by_kind, references, finder));
    match item.kind {
        Kind::Pr => {
            out.push(judge_metric(Line::PrMetric, item, verdict));
            // Both levels of template text: `unfilled-template` (an unanswered why or metric
            // section, a placeholder) and `template-instructions` (instructions left beside
            // answered sections).
            let fired = verdict
                .finding("unfilled-template")
                .or_else(|| verdict.finding("template-instructions"));
            let outcome = outcome(labels.unfilled_template, fired.is_some(), false);
            let note = match fired {
                Some(f) => format!("fired ({}): {}", f.level, gist(&f.message, 80)),
                None => format!(
                    "no unfilled-template or template-instructions finding; corpus {}",
                    labels.template_kind.as_deref().unwrap_or("[template]")
                ),
            };
            out.push((Line::PrTemplate, outcome, note));
        }
        Kind::Commit => out.push(judge_metric(Line::CommitMetric, item, verdict)),
    }
    out
}

fn judge_problem(
    line: Line,
    truth: bool,
    item: &Item,
    verdict: &Verdict,
) -> (Line, Outcome, String) {
    let finding = verdict.finding("problem-link");
    let passed = finding.is_none();
    // With evidence, a pass that rests only on references none of which is a labelled link is
    // right for the wrong reason (a stated problem cannot be compared: the corpus has no span).
    let references = verdict.evidence_of("reference");
    let wrong = passed
        && verdict.evidence.is_some()
        && verdict.exempt.is_none()
        && verdict.evidence_of("problem").is_empty()
        && !references.is_empty()
        && !references
            .iter()
            .any(|e| overlaps_any(&e.text, &item.labels.link_text));
    let note = match finding {
        Some(f) => format!("failed: {}", gist(&f.message, 92)),
        None => passed_note(item, verdict),
    };
    (line, outcome(truth, passed, wrong), note)
}

fn judge_references(item: &Item, verdict: &Verdict) -> (Outcome, String) {
    let labels = &item.labels;
    let hint = || match labels.link_text.first() {
        Some(link) => format!("; corpus link `{}`", one_line(link, 60)),
        None => String::new(),
    };
    if verdict.evidence.is_some() {
        let found = verdict.evidence_of("reference");
        let right = found
            .iter()
            .any(|e| overlaps_any(&e.text, &labels.link_text));
        let note = if found.is_empty() {
            format!("no reference in the evidence{}", hint())
        } else {
            format!("found {}{}", quote_evidence(&found), hint())
        };
        let outcome = outcome(labels.problem_link, !found.is_empty(), !right);
        return (outcome, note);
    }
    let found = verdict.exempt.is_none()
        && verdict.passes("problem-link")
        && verdict.passes(REFERENCE_RULE);
    let note = if let Some(why) = &verdict.exempt {
        format!("exempt, nothing checked ({why})")
    } else if found {
        match labels.self_ref_text.first() {
            Some(own) => format!(
                "found a reference; corpus self-reference `{}`",
                one_line(own, 60)
            ),
            None => format!("found a reference; {}", first_line(item)),
        }
    } else {
        format!("found no reference{}", hint())
    };
    (outcome(labels.problem_link, found, false), note)
}

fn judge_metric(line: Line, item: &Item, verdict: &Verdict) -> (Line, Outcome, String) {
    let labels = &item.labels;
    let finding = verdict.finding("success-metric");
    let metrics = verdict.evidence_of("metric");
    let (found, wrong) = if verdict.evidence.is_some() && line == Line::CommitMetric {
        // The recogniser found a measurable metric: `success-metric` passed on a metric it quotes.
        let right = metrics
            .iter()
            .any(|e| overlaps_any(&e.text, &labels.metric_text));
        (finding.is_none() && !metrics.is_empty(), !right)
    } else {
        let wrong = !metrics.is_empty()
            && !metrics
                .iter()
                .any(|e| overlaps_any(&e.text, &labels.metric_text));
        (finding.is_none(), finding.is_none() && wrong)
    };
    let hint = || match labels.metric_text.first() {
        Some(metric) => format!("; corpus metric `{}`", one_line(metric, 60)),
        None => String::new(),
    };
    let note = match finding {
        _ if !metrics.is_empty() => format!("metric {}{}", quote_evidence(&metrics), hint()),
        Some(f) => format!("failed: {}{}", gist(&f.message, 40), hint()),
        None => match &verdict.exempt {
            Some(why) => format!("exempt ({why})"),
            None => format!("success-metric passed; {}", first_line(item)),
        },
    };
    (line, outcome(labels.metric, found, wrong), note)
}

fn passed_note(item: &Item, verdict: &Verdict) -> String {
    if let Some(why) = &verdict.exempt {
        return format!("exempt ({why})");
    }
    let evidence: Vec<&Evidence> = verdict
        .evidence
        .iter()
        .flatten()
        .filter(|e| e.kind == "reference" || e.kind == "problem")
        .collect();
    if !evidence.is_empty() {
        return format!("passed on {}", quote_evidence(&evidence));
    }
    let how = if verdict.passes(REFERENCE_RULE) {
        "passed on a reference"
    } else {
        "passed on a Problem section"
    };
    match item.labels.self_ref_text.first() {
        Some(own) => format!("{how}; corpus self-reference `{}`", one_line(own, 60)),
        None => format!("{how}; {}", first_line(item)),
    }
}

fn outcome(truth: bool, predicted: bool, wrong_reason: bool) -> Outcome {
    match (truth, predicted) {
        (true, true) if wrong_reason => Outcome::WrongReason,
        (false, true) => Outcome::FalsePositive,
        (true, true) => Outcome::TruePositive,
        (true, false) => Outcome::FalseNegative,
        (false, false) => Outcome::TrueNegative,
    }
}

/// Whether `found` and one of `spans` overlap: one contains the other as a whole token run
/// (`#4` is not inside `#40`), whitespace collapsed.
fn overlaps_any(found: &str, spans: &[String]) -> bool {
    let found = squash(found);
    !found.is_empty()
        && spans.iter().map(|s| squash(s)).any(|span| {
            !span.is_empty() && (contains_whole(&span, &found) || contains_whole(&found, &span))
        })
}

/// Whether `needle` occurs in `hay` without cutting a word or number at either end.
fn contains_whole(hay: &str, needle: &str) -> bool {
    let cuts = |outside: Option<char>, edge: Option<char>| {
        outside.is_some_and(char::is_alphanumeric) && edge.is_some_and(char::is_alphanumeric)
    };
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !cuts(before, needle.chars().next()) && !cuts(after, needle.chars().next_back())
    })
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn quote_evidence(evidence: &[&Evidence]) -> String {
    evidence
        .iter()
        .map(|e| match e.line {
            Some(line) => format!("`{}` (line {line})", e.text),
            None => format!("`{}`", e.text),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding's message, short: without the rule's summary in front and without the
/// parenthesised examples, at most `max` characters.
fn gist(message: &str, max: usize) -> String {
    let message = message.split_once(": ").map_or(message, |(_, rest)| rest);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    one_line(&out, max)
}

/// The PR title or the commit subject, quoted, at most 45 characters.
fn first_line(item: &Item) -> String {
    let line = match item.kind {
        Kind::Pr => item.title.as_str(),
        Kind::Commit => item.text.lines().next().unwrap_or(""),
    };
    format!("`{}`", one_line(line, 45))
}

/// `text` on one line of at most `max` characters, control characters (escapes, CR, tabs)
/// turned into spaces so corpus text cannot drive the terminal.
pub fn one_line(text: &str, max: usize) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = squash(&clean);
    if clean.chars().count() <= max {
        return clean;
    }
    let mut cut: String = clean.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

/// The figures as a Markdown table (the README's baseline is this table).
pub fn table(m: &Measurement) -> String {
    let mut out = String::from(
        "| what | precision | recall | TP | FP | FN | TN |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (line, f) in &m.figures {
        let wrong = if f.wrong_reason > 0 {
            format!(" (wrong reason: {})", f.wrong_reason)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {}{wrong} | {} | {} | {} | {} | {} | {} |",
            line.title(),
            percent(f.precision()),
            percent(f.recall()),
            f.tp,
            f.fp,
            f.fn_,
            f.tn
        );
    }
    out
}

/// The whole report: what was measured, the table, and every disagreement grouped by line.
pub fn render(m: &Measurement, corpus: &Path, bin: &Path, malformed: &[String]) -> String {
    let mut out = String::new();
    let left_out: Vec<String> = m
        .commits_left_out
        .iter()
        .map(|(why, n)| format!("{why} {n}"))
        .collect();
    let left_out_total: usize = m.commits_left_out.values().sum();
    let _ = writeln!(
        out,
        "whylint quality benchmark (issue #16)\ncorpus: {} ({} PRs, {} commits)\nbinary: {} (default pack)",
        corpus.display(),
        m.prs,
        m.commits,
        bin.display()
    );
    let _ = writeln!(
        out,
        "left out: {} bot PRs; {left_out_total} commits the corpus marks (by first mark: {})",
        m.prs_left_out,
        left_out.join(", ")
    );
    let _ = writeln!(
        out,
        "measured: {} PRs, {} commits; whylint exempted {} of them (counted as passes)",
        m.prs - m.prs_left_out,
        m.commits - left_out_total,
        m.exempted.len()
    );
    if m.evidence {
        let _ = writeln!(
            out,
            "evidence: read from checked[].evidence; a pass whose evidence overlaps no labelled span counts as wrong"
        );
    } else {
        let _ = writeln!(
            out,
            "evidence: whylint's JSON has no checked[].evidence (before #15), so no pass can be checked for the wrong reason;\n  reference finder = `problem-link` passes and the pack's `reference` check alone passes;\n  commit metric recogniser = `success-metric` passes with its `when` widened to every commit"
        );
    }
    for line in malformed {
        let _ = writeln!(
            out,
            "malformed corpus line (skipped): {}",
            one_line(line, 100)
        );
    }
    for (id, why) in m.errors.iter().take(20) {
        let _ = writeln!(
            out,
            "ERROR {id}: whylint could not check it: {}",
            one_line(why, 100)
        );
    }
    for (id, why) in &m.exempted {
        let _ = writeln!(out, "exempted by whylint: {id}: {}", one_line(why, 90));
    }
    if m.errors.len() > 20 {
        let _ = writeln!(
            out,
            "ERROR … and {} more items whylint could not check",
            m.errors.len() - 20
        );
    }
    out.push('\n');
    out.push_str(&table(m));
    let _ = writeln!(out, "\nDisagreements ({}):", m.disagreements.len());
    for line in Line::ALL {
        if matches!(line, Line::ReferencesInCommits | Line::ReferencesInPrs) {
            continue; // listed once, under the combined line
        }
        let rows: Vec<&Disagreement> = m.disagreements.iter().filter(|d| d.line == line).collect();
        let count = |o: Outcome| rows.iter().filter(|d| d.outcome == o).count();
        let _ = writeln!(
            out,
            "\n## {} — {} FP, {} FN, {} wrong reason",
            line.title(),
            count(Outcome::FalsePositive),
            count(Outcome::FalseNegative),
            count(Outcome::WrongReason)
        );
        for d in rows {
            let _ = writeln!(out, "{:<5} {:<28} {}", d.outcome.tag(), d.id, d.note);
        }
    }
    out
}

/// The committed floor: for each line key, the precision and recall it must not drop below.
pub type Floor = BTreeMap<String, (f64, f64)>;

/// Reads `floor.json`: `{"line-key": {"precision": 0.97, "recall": 0.64}, …}`.
pub fn load_floor(path: &Path) -> Result<Floor, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let document: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON ({e})", path.display()))?;
    let object = document
        .as_object()
        .ok_or_else(|| format!("{}: not a JSON object", path.display()))?;
    let mut floor = Floor::new();
    for (key, value) in object {
        let number = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("{}: `{key}` has no number `{name}`", path.display()))
        };
        floor.insert(key.clone(), (number("precision")?, number("recall")?));
    }
    Ok(floor)
}

/// Today's figures rounded down to two decimals, as `floor.json` holds them. An undefined
/// precision (nothing predicted) is written as 0.
pub fn floor_json(m: &Measurement) -> String {
    let down = |v: Option<f64>| (v.unwrap_or(0.0) * 100.0 + 1e-9).floor() / 100.0;
    let rows: Vec<String> = m
        .figures
        .iter()
        .map(|(line, f)| {
            format!(
                "  \"{}\": {{ \"precision\": {:.2}, \"recall\": {:.2} }}",
                line.key(),
                down(f.precision()),
                down(f.recall())
            )
        })
        .collect();
    format!("{{\n{}\n}}\n", rows.join(",\n"))
}

/// Every figure below its floor, every line without a floor, every floor without a line, and
/// every item whylint could not check. Empty when the guard holds.
pub fn below_floor(m: &Measurement, floor: &Floor) -> Vec<String> {
    let mut failures = Vec::new();
    for (line, f) in &m.figures {
        let Some(&(precision, recall)) = floor.get(line.key()) else {
            failures.push(format!("no floor for `{}` in floor.json", line.key()));
            continue;
        };
        for (name, value, min) in [
            ("precision", f.precision(), precision),
            ("recall", f.recall(), recall),
        ] {
            if value.unwrap_or(0.0) + 1e-9 < min {
                failures.push(format!(
                    "{}: {name} {} is below its floor {min:.2}",
                    line.title(),
                    percent(value)
                ));
            }
        }
    }
    for key in floor.keys() {
        if !Line::ALL.iter().any(|line| line.key() == key) {
            failures.push(format!(
                "floor.json names `{key}`, which is not a line of the table"
            ));
        }
    }
    for (id, why) in &m.errors {
        failures.push(format!(
            "whylint could not check {id}: {}",
            one_line(why, 100)
        ));
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(message: &str, link_text: &[&str], problem_link: bool) -> Item {
        Item {
            id: "t-1".into(),
            kind: Kind::Commit,
            title: String::new(),
            text: message.into(),
            labels: Labels {
                problem_link,
                link_text: link_text.iter().map(|s| (*s).to_owned()).collect(),
                ..Labels::default()
            },
        }
    }

    fn outcome_of(line: Line, item: &Item, json: &str) -> Outcome {
        let verdict = parse_verdict(json).expect("a whylint JSON document");
        judge(item, &verdict)
            .into_iter()
            .find(|(l, _, _)| *l == line)
            .map(|(_, outcome, _)| outcome)
            .expect("the line reads this item")
    }

    #[test]
    fn evidence_that_overlaps_no_labelled_link_is_the_wrong_reason() {
        // The shape issue #15 promises: one `checked` entry per target, with its evidence.
        let json = r#"{"version":1,"findings":[],"exemptions":[],"checked":[{"target":{},
            "evidence":[{"kind":"reference","text":"(#77)","line":1}],"exempt":null}]}"#;
        let item = commit("Fix crash (#77)\n\nFixes #12\n", &["Fixes #12"], true);
        assert_eq!(
            outcome_of(Line::References, &item, json),
            Outcome::WrongReason
        );
        assert_eq!(
            outcome_of(Line::CommitProblem, &item, json),
            Outcome::WrongReason
        );
        let right = json.replace("(#77)", "#12");
        assert_eq!(
            outcome_of(Line::References, &item, &right),
            Outcome::TruePositive
        );
        assert_eq!(
            outcome_of(Line::CommitProblem, &item, &right),
            Outcome::TruePositive
        );
    }

    #[test]
    fn without_evidence_the_reference_finder_reads_the_helper_rule() {
        let item = commit("Fix crash (#77)\n", &[], false);
        let passed = r#"{"findings":[],"exemptions":[]}"#;
        assert!(parse_verdict(passed).is_ok_and(|v| v.evidence.is_none()));
        assert_eq!(
            outcome_of(Line::References, &item, passed),
            Outcome::FalsePositive
        );
        let none = format!(
            r#"{{"findings":[{{"rule":"{REFERENCE_RULE}","level":"info","message":"x"}}],"exemptions":[]}}"#
        );
        assert_eq!(
            outcome_of(Line::References, &item, &none),
            Outcome::TrueNegative
        );
    }

    #[test]
    fn an_exempt_item_passes_the_rules_but_finds_no_reference() {
        let item = commit("Revert \"x\"\n", &["#3"], true);
        let json = r#"{"findings":[],"exemptions":[{"kind":"revert","reason":"r"}]}"#;
        assert_eq!(
            outcome_of(Line::CommitProblem, &item, json),
            Outcome::TruePositive
        );
        assert_eq!(
            outcome_of(Line::References, &item, json),
            Outcome::FalseNegative
        );
    }

    #[test]
    fn overlap_ignores_whitespace_and_works_both_ways() {
        let spans = vec!["Closes https://example.com/issues/4\n".to_owned()];
        assert!(overlaps_any("https://example.com/issues/4", &spans));
        assert!(overlaps_any(
            "before  Closes https://example.com/issues/4 after",
            &spans
        ));
        assert!(!overlaps_any("#4", &["Fixes #40".to_owned()]));
        assert!(overlaps_any("#40", &["Fixes #40.".to_owned()]));
        assert!(!overlaps_any("", &spans));
    }

    #[test]
    fn excerpts_are_one_short_line_without_control_characters() {
        assert_eq!(one_line("a\x1b[31m\r\nb\tc", 100), "a [31m b c");
        let long = one_line(&"é".repeat(150), 100);
        assert_eq!(long.chars().count(), 100);
        assert!(long.ends_with('…'));
        assert_eq!(
            gist("Summary: found no X (like `Y`) here", 100),
            "found no X here"
        );
    }

    #[test]
    fn malformed_records_are_reported_not_fatal() {
        assert!(parse_item("{not json", Kind::Pr).is_err());
        assert!(parse_item(r#"{"id":"a","labels":{}}"#, Kind::Commit).is_err());
        let ok = r#"{"id":"a","title":"T","body":"","labels":{"problem_link":false,
            "problem_statement":true,"metric_measurable":false,"unfilled_template":false,
            "bot":false,"link_text":[],"metric_text":[]},"notes":"x [template: empty] y"}"#;
        let item = parse_item(&ok.replace('\n', " "), Kind::Pr).expect("a record");
        assert_eq!(
            item.labels.template_kind.as_deref(),
            Some("[template: empty]")
        );
    }
}
