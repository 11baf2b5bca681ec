//! Groups of patterns a rule set holds but a run may never ask: compiled together, on first use.
//!
//! A commit-msg hook is a fresh process per commit, and building a glob set or a regex costs
//! far more than the few matches a hook makes: the default pack's branch globs per kind of
//! change and its release patterns doubled the hook's instructions when they were built at load
//! (2.6M → 7.6M under callgrind). A project's own globs and regexes are still checked one by
//! one as its file loads (`compile`), so an error points at its `file:line:column`; here they
//! are only assembled.

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex_automata::meta::{Config, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use std::sync::OnceLock;

/// Globs matched as one set (`exempt.branches`, `exempt.paths`, a kind's branches).
#[derive(Debug, Clone, Default)]
pub struct Globs {
    patterns: Vec<String>,
    set: OnceLock<GlobSet>,
}

impl Globs {
    /// Adds `pattern` (already checked to parse), once.
    pub fn push(&mut self, pattern: &str) {
        if !self.patterns.iter().any(|p| p == pattern) {
            self.patterns.push(pattern.to_owned());
            self.set = OnceLock::new();
        }
    }

    /// The globs as written, in order.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether any glob matches `candidate`.
    pub fn is_match(&self, candidate: &str) -> bool {
        self.set().is_match(candidate)
    }

    /// The first glob that matches `candidate`, as written.
    pub fn first_match(&self, candidate: &str) -> Option<&str> {
        let index = *self.set().matches(candidate).first()?;
        self.patterns.get(index).map(String::as_str)
    }

    fn set(&self) -> &GlobSet {
        self.set.get_or_init(|| {
            let mut builder = GlobSetBuilder::new();
            // Every pattern was parsed when its file loaded, so none is skipped here.
            for glob in self.patterns.iter().filter_map(|p| Glob::new(p).ok()) {
                builder.add(glob);
            }
            builder.build().unwrap_or_else(|_| GlobSet::empty())
        })
    }
}

/// Regexes asked one question, "does any of them match?" (`exempt.releases`): one alternation,
/// compiled once, for a yes or no only (no capture groups, no DFA to build), costs a fraction
/// of compiling each with the `regex` crate's defaults — the same engine and syntax underneath.
#[derive(Debug, Clone, Default)]
pub struct AnyOf {
    sources: Vec<String>,
    compiled: OnceLock<Vec<Regex>>,
}

impl AnyOf {
    /// Adds `source` (already checked to compile).
    pub fn push(&mut self, source: &str) {
        self.sources.push(source.to_owned());
        self.compiled = OnceLock::new();
    }

    /// Whether any of the regexes matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled().iter().any(|regex| regex.is_match(text))
    }

    fn compiled(&self) -> &[Regex] {
        self.compiled.get_or_init(|| {
            if self.sources.is_empty() {
                return Vec::new();
            }
            let joined = self
                .sources
                .iter()
                .map(|source| format!("(?:{source})"))
                .collect::<Vec<_>>()
                .join("|");
            let limit = super::pattern::SIZE_LIMIT.saturating_mul(self.sources.len());
            match yes_or_no(&joined, limit) {
                Some(regex) => vec![regex],
                // Each compiled on its own when loaded; together they may be too big.
                None => self
                    .sources
                    .iter()
                    .filter_map(|source| yes_or_no(source, super::pattern::SIZE_LIMIT))
                    .collect(),
            }
        })
    }
}

/// `pattern` compiled to answer "is there a match?" and nothing more.
fn yes_or_no(pattern: &str, size_limit: usize) -> Option<Regex> {
    let config = Config::new()
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(size_limit))
        .hybrid(false)
        .dfa(false)
        .onepass(false);
    Regex::builder().configure(config).build(pattern).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_as_a_set_and_name_the_first() {
        let mut globs = Globs::default();
        globs.push("docs/**");
        globs.push("**/*.lock");
        globs.push("docs/**");
        assert_eq!(globs.patterns().len(), 2);
        assert!(globs.is_match("docs/a.md") && !globs.is_match("src/a.rs"));
        assert_eq!(globs.first_match("Cargo.lock"), Some("**/*.lock"));
    }

    #[test]
    fn any_of_matches_each_alternative_with_its_own_anchors() {
        let mut any = AnyOf::default();
        assert!(!any.is_match("v1.2.3"));
        any.push(r"^v?[0-9]+\.[0-9]+$");
        any.push(r"^bump version");
        assert!(any.is_match("v1.2") && any.is_match("bump version to 2"));
        assert!(!any.is_match("add v1.2") && !any.is_match("v1.2 and more"));
    }
}
