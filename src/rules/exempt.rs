//! Changes that are deliberately not checked, each with a recorded reason.
//!
//! Exemptions are decided before any rule runs: merges, reverts, autosquash commits, bots,
//! labels, branch globs, path-only changes and a `Why-Skip: <reason>` trailer. A `Why-Skip:`
//! without a reason exempts nothing (the `why-skip-reason` rule then reports it).

use crate::subject::Subject;
use globset::GlobSet;

/// What is exempt, compiled from `exempt:` in the rule files.
#[derive(Debug, Clone)]
pub struct Exemptions {
    /// Skip merge commits.
    pub merges: bool,
    /// Skip reverts.
    pub reverts: bool,
    /// Skip `fixup!` / `squash!` / `amend!` commits.
    pub autosquash: bool,
    /// Lowercase bot name fragments.
    pub bots: Vec<String>,
    /// Labels that exempt a PR.
    pub labels: Vec<String>,
    /// Branch globs that exempt a change, with their source patterns.
    pub branches: Option<(GlobSet, Vec<String>)>,
    /// Path globs: a change touching only these is exempt.
    pub paths: Option<(GlobSet, Vec<String>)>,
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
        if let Some(who) = self.bot(subject) {
            return Some(("bot", format!("written by a bot ({who})")));
        }
        if let Some(label) = subject
            .labels
            .iter()
            .find(|label| self.labels.iter().any(|l| l.eq_ignore_ascii_case(label)))
        {
            return Some(("label", format!("labelled `{label}`")));
        }
        if let (Some((globs, patterns)), Some(branch)) = (&self.branches, &subject.branch)
            && let Some(index) = globs.matches(branch).first()
        {
            return Some((
                "branch",
                format!("branch `{branch}` matches `{}`", patterns[*index]),
            ));
        }
        if let (Some((globs, patterns)), Some(paths)) = (&self.paths, &subject.changed_paths)
            && !paths.is_empty()
            && paths.iter().all(|path| globs.is_match(path))
        {
            return Some((
                "paths",
                format!("changes only paths matching {}", quote_list(patterns)),
            ));
        }
        let reason = subject
            .trailer_values(&self.skip_trailer)
            .map(|t| t.value.trim())
            .find(|value| !value.is_empty());
        if let Some(reason) = reason {
            return Some((
                "why-skip",
                super::check::quoted(&format!("{}: {reason}", self.skip_trailer)),
            ));
        }
        None
    }

    /// Which identity of the change is a bot, if any.
    fn bot(&self, subject: &Subject) -> Option<String> {
        let is_bot = |identity: &str| {
            let lower = identity.to_lowercase();
            lower.contains("[bot]") || self.bots.iter().any(|bot| lower.contains(bot.as_str()))
        };
        let people = [
            ("author", subject.author.as_deref()),
            ("committer", subject.committer.as_deref()),
        ];
        for (role, identity) in people {
            if let Some(identity) = identity.filter(|i| is_bot(i)) {
                return Some(format!("{role} `{identity}`"));
            }
        }
        for key in ["Co-authored-by", "Signed-off-by"] {
            if let Some(trailer) = subject.trailer_values(key).find(|t| is_bot(&t.value)) {
                return Some(format!("`{}: {}`", trailer.key, trailer.value));
            }
        }
        None
    }
}

fn quote_list(patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
