//! Changes that are deliberately not checked, each with a recorded reason.
//!
//! Exemptions are decided before any rule runs: merges, reverts, autosquash commits, release
//! commits, bots, labels, branch globs, path-only changes and a `Why-Skip: <reason>` trailer
//! (or description line). A `Why-Skip:` without a reason exempts nothing (the
//! `why-skip-reason` rule then reports it).
//!
//! Bots are matched by exact identity, never by a substring: a pull request whose author the
//! platform marks as a bot (`user.type: Bot`) or whose login is a GitHub App's (`name[bot]`)
//! or a listed one; a commit whose *author* e-mail is a listed one or a GitHub App's noreply
//! address (`ID+name[bot]@users.noreply.github.com`). The committer does not count (a person's
//! commit rebased or merged by a bot is still that person's change), nor do `Co-authored-by:`
//! and `Signed-off-by:` trailers (anyone can write them). Extending these commands to pull
//! requests as a whole (a label covering the commits) is `pipeline::Cover`'s job.

use super::lazy::{AnyOf, Globs};
use crate::subject::{Subject, SubjectKind};

/// What is exempt, compiled from `exempt:` in the rule files.
#[derive(Debug, Clone)]
pub struct Exemptions {
    /// Skip merge commits.
    pub merges: bool,
    /// Skip reverts.
    pub reverts: bool,
    /// Skip `fixup!` / `squash!` / `amend!` commits.
    pub autosquash: bool,
    /// Bot identities, lowercase: logins (`renovate[bot]`, `snyk-bot`; a bare `name` also
    /// matches `name[bot]`) and e-mail addresses (`gobot@golang.org`).
    pub bots: Vec<String>,
    /// Any GitHub App identity is a bot: a `name[bot]` login or its noreply e-mail.
    pub github_apps: bool,
    /// Subjects of release commits (`v1.2.3`, `chore(release): 1.2.0`).
    pub releases: AnyOf,
    /// Labels that exempt a PR.
    pub labels: Vec<String>,
    /// Branch globs that exempt a change, with their source patterns.
    pub branches: Option<Globs>,
    /// Path globs: a change touching only these is exempt.
    pub paths: Option<Globs>,
    /// The skip trailer key.
    pub skip_trailer: String,
}

impl Default for Exemptions {
    fn default() -> Self {
        Exemptions {
            merges: true,
            reverts: true,
            autosquash: true,
            bots: Vec::new(),
            github_apps: false,
            releases: AnyOf::default(),
            labels: Vec::new(),
            branches: None,
            paths: None,
            skip_trailer: "Why-Skip".into(),
        }
    }
}

const MERGE_SUBJECTS: &[&str] = &[
    "Merge branch '",
    "Merge branches '",
    "Merge remote-tracking branch '",
    "Merge pull request #",
    "Merge tag '",
    "Merge commit '",
    "Merge refs/",
];

impl Exemptions {
    /// `(kind, reason)` when `subject` is exempt.
    pub fn exemption(&self, subject: &Subject) -> Option<(&'static str, String)> {
        let title = subject.title.as_str();
        if self.merges {
            if let Some(parents) = subject.parents.filter(|&p| p > 1) {
                return Some(("merge", format!("merge commit with {parents} parents")));
            }
            if subject.parents.is_none()
                && MERGE_SUBJECTS
                    .iter()
                    .any(|prefix| title.starts_with(prefix))
            {
                return Some((
                    "merge",
                    format!("merge message {}", super::check::quoted(title)),
                ));
            }
        }
        if self.reverts
            && (title.starts_with("Revert \"") || subject.body.contains("This reverts commit "))
        {
            return Some(("revert", format!("revert {}", super::check::quoted(title))));
        }
        if self.autosquash {
            for prefix in ["fixup!", "squash!", "amend!"] {
                if title.starts_with(prefix) {
                    return Some((
                        "autosquash",
                        format!(
                            "`{prefix}` commit, folded into another by `git rebase --autosquash`"
                        ),
                    ));
                }
            }
        }
        if self.releases.is_match(title) {
            return Some((
                "release",
                format!("release {}", super::check::quoted(title)),
            ));
        }
        if let Some(who) = self.bot(subject) {
            return Some(("bot", format!("written by a bot ({who})")));
        }
        if let Some(label) = self.label(subject) {
            return Some(label);
        }
        if let (Some(globs), Some(branch)) = (&self.branches, &subject.branch)
            && let Some(pattern) = globs.first_match(branch)
        {
            return Some(("branch", format!("branch `{branch}` matches `{pattern}`")));
        }
        if let (Some(globs), Some(paths)) = (&self.paths, &subject.changed_paths)
            && !paths.is_empty()
            && paths.iter().all(|path| globs.is_match(path))
        {
            return Some((
                "paths",
                format!(
                    "changes only paths matching {}",
                    quote_list(globs.patterns())
                ),
            ));
        }
        self.skip(subject)
    }

    /// The exemptions a person gave the change on purpose (a label, a `Why-Skip:` reason),
    /// whatever else exempts it: these are the ones that cover a pull request's commits.
    pub fn deliberate(&self, subject: &Subject) -> Option<(&'static str, String)> {
        self.label(subject).or_else(|| self.skip(subject))
    }

    fn label(&self, subject: &Subject) -> Option<(&'static str, String)> {
        let label = subject
            .labels
            .iter()
            .find(|label| self.labels.iter().any(|l| l.eq_ignore_ascii_case(label)))?;
        Some(("label", format!("labelled `{label}`")))
    }

    fn skip(&self, subject: &Subject) -> Option<(&'static str, String)> {
        let reason = subject
            .trailer_values(&self.skip_trailer)
            .map(|t| t.value.trim())
            .find(|value| !value.is_empty())?;
        Some((
            "why-skip",
            super::check::quoted(&format!("{}: {reason}", self.skip_trailer)),
        ))
    }

    /// Which identity of the change is a bot, if any (see the module comment).
    fn bot(&self, subject: &Subject) -> Option<String> {
        let author = subject.author.as_deref()?;
        if subject.kind == SubjectKind::Pr {
            if subject.author_is_bot {
                return Some(format!("the platform marks author `{author}` as a bot"));
            }
            return self.bot_login(author).then(|| format!("author `{author}`"));
        }
        let email = email_of(author)?.to_lowercase();
        let listed = self.bots.contains(&email);
        let app = || noreply_login(&email).is_some_and(|login| self.bot_login(login));
        (listed || app()).then(|| format!("author `{author}`"))
    }

    /// `login` is a GitHub App's (`name[bot]`) or a listed bot's.
    fn bot_login(&self, login: &str) -> bool {
        let login = login.to_lowercase();
        (self.github_apps && is_app_login(&login))
            || self.bots.iter().any(|bot| {
                *bot == login
                    || login
                        .strip_suffix("[bot]")
                        .is_some_and(|name| name == bot.as_str())
            })
    }
}

/// The e-mail of `Name <email>`.
fn email_of(person: &str) -> Option<&str> {
    let start = person.rfind('<')? + 1;
    let rest = person.get(start..)?;
    rest.find('>').and_then(|end| rest.get(..end))
}

/// The GitHub login a noreply address stands for: `ID+login@users.noreply.github.com` or
/// `login@users.noreply.github.com` (lowercase input).
fn noreply_login(email: &str) -> Option<&str> {
    let local = email.strip_suffix("@users.noreply.github.com")?;
    match local.split_once('+') {
        Some((id, login)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
            Some(login)
        }
        Some(_) => None,
        None => Some(local),
    }
}

/// A GitHub App's login: `name[bot]`, the name being letters, digits and `-` (lowercase input).
fn is_app_login(login: &str) -> bool {
    login.strip_suffix("[bot]").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

fn quote_list(patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
