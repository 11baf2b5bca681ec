//! The kind of a change (`feat`, `fix`, `docs`, `deps`, …), which decides the policy for it.
//!
//! The kinds and what reveals each one are data: `kinds:` in the rule files (the default pack
//! declares the common ones). This module compiles that table and answers "what kind is this
//! change": from its conventional title (`type(scope)!:`, a `type(scope)` entry winning over a
//! bare `type`), then its labels, then the conventional types its commits agree on (a branch, or
//! the commits behind a pull request), then its branch name; anything else is `unknown`. Which
//! rules a kind needs is the rules' business (`when: { kind: […] }`, `levels:`).

use super::lazy::Globs;
use crate::subject::{Subject, SubjectKind};

/// The kind of a change that nothing in the table recognises.
pub const UNKNOWN: &str = "unknown";

/// One declared kind and what reveals it.
#[derive(Debug, Clone)]
pub struct KindDef {
    /// Its name, as rules refer to it.
    pub name: String,
    /// Conventional types (`docs`) and type-with-scope pairs (`chore(deps)`), lowercase.
    pub types: Vec<String>,
    /// PR/MR labels, compared case-insensitively.
    pub labels: Vec<String>,
    /// Branch name globs, with their source patterns.
    pub branches: Option<Globs>,
}

/// The kinds of change, in declaration order.
#[derive(Debug, Clone, Default)]
pub struct Kinds {
    /// Every declared kind.
    pub defs: Vec<KindDef>,
}

impl Kinds {
    /// Whether `name` is a kind rules may name (a declared one, or `unknown`).
    pub fn knows(&self, name: &str) -> bool {
        name == UNKNOWN || self.defs.iter().any(|def| def.name == name)
    }

    /// The names rules may use, for error messages.
    pub fn names(&self) -> Vec<&str> {
        self.defs
            .iter()
            .map(|def| def.name.as_str())
            .chain(std::iter::once(UNKNOWN))
            .collect()
    }

    /// The declared kind `name`, created (empty) when new.
    pub fn entry(&mut self, name: &str) -> &mut KindDef {
        let index = match self.defs.iter().position(|def| def.name == name) {
            Some(index) => index,
            None => {
                self.defs.push(KindDef {
                    name: name.to_owned(),
                    types: Vec::new(),
                    labels: Vec::new(),
                    branches: None,
                });
                self.defs.len() - 1
            }
        };
        &mut self.defs[index]
    }

    /// The kind of `subject` (see the module comment for the order of evidence).
    pub fn of(&self, subject: &Subject) -> &str {
        let own_title = (subject.kind != SubjectKind::Branch)
            .then_some(subject.conventional_type.as_deref())
            .flatten()
            .and_then(|kind| self.by_type(kind, subject.conventional_scope.as_deref()));
        own_title
            .or_else(|| self.by_labels(&subject.labels))
            .or_else(|| self.by_commits(subject))
            .or_else(|| subject.branch.as_deref().and_then(|b| self.by_branch(b)))
            .unwrap_or(UNKNOWN)
    }

    fn by_type(&self, kind: &str, scope: Option<&str>) -> Option<&str> {
        let scoped = scope.map(|scope| format!("{kind}({})", scope.to_ascii_lowercase()));
        let find = |wanted: &str| {
            self.defs
                .iter()
                .find(|def| def.types.iter().any(|t| t == wanted))
                .map(|def| def.name.as_str())
        };
        scoped.as_deref().and_then(find).or_else(|| find(kind))
    }

    fn by_labels(&self, labels: &[String]) -> Option<&str> {
        labels.iter().find_map(|label| {
            self.defs
                .iter()
                .find(|def| def.labels.iter().any(|l| l.eq_ignore_ascii_case(label)))
                .map(|def| def.name.as_str())
        })
    }

    /// The kind every conventional commit of the change has, when they agree.
    fn by_commits(&self, subject: &Subject) -> Option<&str> {
        let commits = match subject.kind {
            SubjectKind::Branch => &subject.commit_types,
            _ => subject
                .related
                .iter()
                .find(|related| related.subject.kind == SubjectKind::Branch)
                .map(|related| &related.subject.commit_types)?,
        };
        let mut kinds = commits
            .iter()
            .map(|(kind, scope)| self.by_type(kind, scope.as_deref()));
        let first = kinds.next()??;
        kinds.all(|kind| kind == Some(first)).then_some(first)
    }

    fn by_branch(&self, branch: &str) -> Option<&str> {
        self.defs
            .iter()
            .find(|def| {
                def.branches
                    .as_ref()
                    .is_some_and(|globs| globs.is_match(branch))
            })
            .map(|def| def.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::message::CommentStyle;

    fn kinds() -> Kinds {
        let mut kinds = Kinds::default();
        let mut add = |name: &str, types: &[&str], labels: &[&str], branches: &[&str]| {
            let def = kinds.entry(name);
            def.types = types.iter().map(|t| (*t).to_owned()).collect();
            def.labels = labels.iter().map(|l| (*l).to_owned()).collect();
            let mut globs = Globs::default();
            branches.iter().for_each(|branch| globs.push(branch));
            def.branches = Some(globs);
        };
        add("feat", &["feat"], &["enhancement"], &["feat/**"]);
        add("fix", &["fix"], &["bug"], &["fix/**"]);
        add("docs", &["docs"], &["documentation"], &["docs/**"]);
        add(
            "deps",
            &["chore(deps)", "fix(deps)"],
            &["dependencies"],
            &["dependabot/**"],
        );
        add("chore", &["chore"], &[], &[]);
        kinds
    }

    fn commit(title: &str) -> Subject {
        Subject::from_message(title, &CommentStyle::Verbatim)
    }

    #[test]
    fn scoped_type_wins_over_bare_type() {
        let kinds = kinds();
        assert_eq!(kinds.of(&commit("chore(deps): bump serde")), "deps");
        assert_eq!(kinds.of(&commit("fix(deps)!: bump serde")), "deps");
        assert_eq!(kinds.of(&commit("chore(ci): tidy")), "chore");
        assert_eq!(kinds.of(&commit("Add export")), UNKNOWN);
    }

    #[test]
    fn title_then_labels_then_branch() {
        let kinds = kinds();
        let mut pr = Subject::from_description("Update guide", "");
        pr.branch = Some("feat/guide".into());
        assert_eq!(kinds.of(&pr), "feat");
        pr.labels = vec!["Documentation".into()];
        assert_eq!(kinds.of(&pr), "docs");
        let mut titled = Subject::from_description("fix: crash on empty file", "");
        titled.labels = pr.labels.clone();
        assert_eq!(kinds.of(&titled), "fix");
    }

    #[test]
    fn a_branch_takes_the_kind_its_commits_agree_on() {
        let kinds = kinds();
        let mut branch = Subject::new(SubjectKind::Branch);
        branch.title = "feat/x".into();
        branch.branch = Some("feat/x".into());
        branch.commit_types = vec![("docs".into(), None), ("docs".into(), None)];
        assert_eq!(kinds.of(&branch), "docs");
        branch.commit_types.push(("fix".into(), None));
        assert_eq!(
            kinds.of(&branch),
            "feat",
            "disagreeing commits: the branch name"
        );
        branch.branch = Some("dependabot/cargo/serde-1.0".into());
        branch.commit_types.clear();
        assert_eq!(kinds.of(&branch), "deps");
    }
}
