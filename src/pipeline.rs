//! The shared pipeline every checking command runs: records from a source become subjects,
//! rules turn subjects into findings, and a run hands them to the reporter.
//!
//! `commits`, `branch`, `check` and `pr` differ only in where their subjects come from; how a
//! commit becomes a subject and how a branch is summed up as one change live here, once.

use crate::commands::Run;
use crate::error::Result;
use crate::finding::{Checked, Exemption, Notice, Target, TargetKind};
use crate::parse::decode;
use crate::parse::message::CommentStyle;
use crate::rules::RuleSet;
use crate::source::ci::PullRequest;
use crate::source::git::Repo;
use crate::source::history::CommitRecord;
use crate::subject::{Related, SectionOrigin, Subject, SubjectKind};
use std::borrow::Cow;

/// Decodes a commit message: by its `encoding` header when it has one, else as UTF-8 (lossily,
/// with a note when bytes had to be replaced).
pub fn decode_message(record: &CommitRecord) -> (Cow<'_, str>, Option<String>) {
    let (decoded, encoding) = decode::message(&record.message, record.encoding.as_deref());
    let note = decoded.lossy.then(|| {
        format!("the message is not valid {encoding}: invalid bytes were replaced with U+FFFD before checking")
    });
    (decoded.text, note)
}

/// What a commit is checked with, besides its own message.
#[derive(Debug, Clone, Default)]
pub struct CommitContext {
    /// The branch the commit is on (its ticket counts for the commit).
    pub branch: Option<String>,
    /// Other parts of the change (the PR description) that may satisfy a rule.
    pub related: Vec<Related>,
    /// The exemption of the whole change that covers this commit, when there is one.
    pub cover: Option<Cover>,
}

/// An exemption of the change as a whole (a pull request's `no-why` label, or the `Why-Skip:`
/// line of its description) that covers every commit it brings: a change is one thing, and a
/// label that exempts the pull request but not its commits would still fail the job.
///
/// An exemption about the pull request's author (a bot) covers only the pull request: each
/// commit is judged by its own author, so a person's commit pushed onto a bot's branch is
/// still checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// The exemption kind (`label`, `why-skip`).
    pub kind: String,
    /// The reason, naming the pull request.
    pub reason: String,
}

impl Cover {
    /// The cover that pull request `pr` (named `id`: `#7`, `!7` or a file) gives its commits.
    pub fn of_pull_request(rules: &RuleSet, pr: &Subject, id: &str) -> Option<Cover> {
        let (kind, reason) = rules.exemptions.deliberate(pr)?;
        let request = if id.starts_with('!') {
            "the merge request"
        } else {
            "the pull request"
        };
        let reason = match kind {
            "label" => format!("{request} is {reason}"),
            _ => format!("{request} says {reason}"),
        };
        Some(Cover {
            kind: kind.to_owned(),
            reason,
        })
    }
}

/// The part of a commit's subject that needs nothing but the commit (decoded, parsed, with its
/// people), and the note when decoding had to replace bytes.
pub fn parse_commit(record: &CommitRecord) -> (Subject, Option<String>) {
    let (text, note) = decode_message(record);
    let mut subject = Subject::from_message(&text, &CommentStyle::Verbatim);
    subject.author = Some(record.author.clone());
    subject.committer = Some(record.committer.clone());
    subject.parents = Some(record.parents.len());
    (subject, note)
}

/// Builds the subject of one commit.
pub fn commit_subject(record: &CommitRecord, context: &CommitContext) -> (Subject, Option<String>) {
    let (mut subject, note) = parse_commit(record);
    context.apply(&mut subject);
    (subject, note)
}

impl CommitContext {
    fn apply(&self, subject: &mut Subject) {
        subject.branch = self.branch.clone();
        subject.related = self.related.clone();
    }
}

/// A commit with its context-free subject: what the history thread hands over
/// (`Repo::walk_with(…, pipeline::parsed)`), so parsing runs beside the linting.
pub struct ParsedCommit {
    record: CommitRecord,
    subject: Subject,
    note: Option<String>,
}

impl ParsedCommit {
    /// The commit's id.
    pub fn id(&self) -> git2::Oid {
        self.record.id
    }
}

/// Parses a commit read from the history (see [`ParsedCommit`]).
pub fn parsed(record: CommitRecord) -> ParsedCommit {
    let (subject, note) = parse_commit(&record);
    ParsedCommit {
        record,
        subject,
        note,
    }
}

/// Checks one commit and reports it; returns its subject, and whether it was exempt, so callers
/// can sum up a branch.
pub fn check_commit(
    run: &mut Run<'_>,
    rules: &RuleSet,
    repo: &Repo,
    commit: ParsedCommit,
    context: &CommitContext,
) -> Result<(Subject, bool)> {
    let ParsedCommit {
        record,
        mut subject,
        note,
    } = commit;
    context.apply(&mut subject);
    if rules.exemptions.paths.is_some() {
        subject.changed_paths = Some(repo.changed_paths(record.id)?);
    }
    let target = Target {
        kind: TargetKind::Commit,
        id: record.id.to_string(),
        title: Some(subject.title.clone()).filter(|t| !t.is_empty()),
    };
    let covered = context
        .cover
        .as_ref()
        .filter(|_| rules.exemptions.exemption(&subject).is_none());
    let mut checked = match covered {
        Some(cover) => Checked {
            exemption: Some(Exemption {
                target: target.clone(),
                kind: cover.kind.clone(),
                reason: cover.reason.clone(),
            }),
            ..Checked::default()
        },
        None => rules.check(&subject, &target, None),
    };
    if let Some(message) = note {
        checked.notices.push(Notice {
            target: Some(target.clone()),
            message,
        });
    }
    run.add(&target, &checked)?;
    Ok((subject, checked.exemption.is_some()))
}

/// The subject of a pull or merge request as the CI platform (or a file) describes it.
pub fn pull_request_subject(request: &PullRequest) -> Subject {
    let mut subject = Subject::from_description(&request.title, &request.body);
    subject.labels = request.labels.clone();
    subject.author = request.author.clone();
    subject.author_is_bot = request.author_is_bot;
    subject.branch = request.head_ref.clone();
    subject
}

/// How a pull request is named: `#12` on GitHub, `!12` on GitLab.
pub fn pull_request_id(request: &PullRequest, sigil: char) -> String {
    request
        .number
        .map(|n| format!("{sigil}{n}"))
        .unwrap_or_else(|| "pull request".to_owned())
}

/// The branch as one change: its name plus every commit's text, sections and trailers, so a
/// problem link or metric anywhere on the branch satisfies the branch-level rules.
#[derive(Debug, Clone)]
pub struct BranchSummary {
    subject: Subject,
    commits: usize,
    exempt_only: bool,
}

impl BranchSummary {
    /// Starts summing up branch `name`.
    pub fn new(name: &str) -> BranchSummary {
        let mut subject = Subject::new(SubjectKind::Branch);
        subject.title = name.to_owned();
        subject.branch = Some(name.to_owned());
        subject.text = name.to_owned();
        BranchSummary {
            subject,
            commits: 0,
            exempt_only: true,
        }
    }

    /// Adds one commit's subject.
    pub fn add(&mut self, commit: &Subject, exempt: bool) {
        self.commits += 1;
        self.exempt_only &= exempt;
        if exempt {
            return;
        }
        self.subject.text.push_str("\n\n");
        self.subject.text.push_str(&commit.text);
        if !self.subject.body.is_empty() {
            self.subject.body.push_str("\n\n");
        }
        self.subject.body.push_str(&commit.text);
        for section in &commit.sections {
            let mut section = section.clone();
            section.line = 0;
            if section.origin == SectionOrigin::Heading || !section.text.is_empty() {
                self.subject.sections.push(section);
            }
        }
        self.subject
            .trailers
            .extend(commit.trailers.iter().cloned().map(|mut t| {
                t.line = 0;
                t
            }));
        if self.subject.conventional_type.is_none() {
            self.subject.conventional_type = commit.conventional_type.clone();
        }
        if let Some(kind) = &commit.conventional_type {
            self.subject
                .commit_types
                .push((kind.clone(), commit.conventional_scope.clone()));
        }
    }

    /// Number of commits added.
    pub fn commits(&self) -> usize {
        self.commits
    }

    /// True when every commit was exempt (or there were none).
    pub fn exempt_only(&self) -> bool {
        self.exempt_only
    }

    /// The summed-up subject.
    pub fn into_subject(self) -> Subject {
        self.subject
    }
}
