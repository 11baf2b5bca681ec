//! Regexes from rule files, compiled when a rule first needs them.
//!
//! Compiling a regex costs far more than most matches it will make, and a commit-msg hook is a
//! fresh process per commit: the built-in `why-skip-reason` rule, say, runs only on messages
//! with a `Why-Skip:` line, so the hook should not pay for its regex on every other commit.
//!
//! A project's own patterns are compiled as its file is loaded, so that a bad one is reported
//! at its `file:line:column` before anything runs. The built-in packs' patterns are deferred:
//! they cannot be edited, and `tests::every_built_in_pattern_compiles` compiles each one.
//! A project's patterns are also measured, so that `budget` can cap them all together.

use regex::{Regex, RegexBuilder};
use regex_automata::nfa::thompson::NFA;
use std::sync::OnceLock;

/// Largest compiled size of a user regex. Keeps a hostile pattern from eating memory; the
/// regex engine already guarantees linear-time matching.
pub const SIZE_LIMIT: usize = 1 << 20;

/// Most memory a project regex's matcher may cache (its lazy DFA; the default is 2 MiB), so that
/// matching many patterns against a long text stays bounded too. Past it the engine falls back
/// to a slower matcher, still in linear time.
pub const DFA_SIZE_LIMIT: usize = 256 << 10;

/// A regex that may not be compiled yet.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// Compiles `source` now: for a project's patterns, whose errors must point at its file.
    pub fn compile(source: &str) -> Result<Pattern, regex::Error> {
        let compiled = OnceLock::new();
        let regex = RegexBuilder::new(source)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .build()?;
        let _ = compiled.set(regex);
        Ok(Pattern {
            source: source.to_owned(),
            compiled,
        })
    }

    /// Keeps `source` to compile on first use: only for the built-in packs' patterns.
    pub fn deferred(source: &str) -> Pattern {
        Pattern {
            source: source.to_owned(),
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Only deferred patterns get here uncompiled, and those come from the packs built
            // into the binary, each compiled by the test named in the module doc.
            build(&self.source).unwrap_or_else(|error| {
                panic!(
                    "built-in pattern `{}` does not compile: {error}",
                    self.source
                )
            })
        })
    }
}

fn build(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source).size_limit(SIZE_LIMIT).build()
}

/// The compiled size in bytes of a regex that compiles: the size of its program (the NFA), which
/// is what `SIZE_LIMIT` caps. The `regex` crate does not report it, so the program is built once
/// more by the engine underneath it; that costs a fraction of the compile and only for a
/// project's own patterns. A pattern that cannot be measured counts as the largest allowed.
pub fn compiled_size(source: &str) -> usize {
    NFA::compiler()
        .configure(NFA::config().nfa_size_limit(Some(SIZE_LIMIT)))
        .build(source)
        .map(|nfa| nfa.memory_usage())
        .unwrap_or(SIZE_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check::Check;
    use crate::rules::packs;

    /// Every pattern check in every built-in pack, however deeply nested.
    fn built_in_patterns() -> Vec<Pattern> {
        fn collect(check: &Check, found: &mut Vec<Pattern>) {
            match check {
                Check::Pattern { regex, .. } => found.push(regex.clone()),
                Check::Any(checks) | Check::All(checks) => {
                    checks.iter().for_each(|c| collect(c, found))
                }
                Check::Not(inner) => collect(inner, found),
                _ => {}
            }
        }
        let mut found = Vec::new();
        for (name, _) in packs::PACKS {
            let set = crate::rules::compile::build_pack(name).expect("built-in pack builds");
            set.rules
                .iter()
                .for_each(|rule| collect(&rule.check, &mut found));
        }
        found
    }

    #[test]
    fn every_built_in_pattern_compiles() {
        let patterns = built_in_patterns();
        assert!(patterns.len() >= 4, "found only {patterns:?}");
        for pattern in patterns {
            let source = pattern.as_str();
            assert!(
                build(source).is_ok(),
                "built-in pattern `{source}` does not compile"
            );
            assert_eq!(pattern.regex().as_str(), source);
        }
    }

    #[test]
    fn compiled_now_or_later_match_alike() {
        let now = Pattern::compile(r"\S\S").expect("valid");
        let later = Pattern::deferred(r"\S\S");
        for text in ["", " a", "ok", " é ü", "\u{3000}x"] {
            assert_eq!(
                now.regex().is_match(text),
                later.regex().is_match(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn sizes_grow_with_the_program() {
        let small = compiled_size(r"^fix: ");
        let unicode = compiled_size(r"\w+");
        let huge = compiled_size(r"\w{20}");
        assert!(
            small < unicode && unicode < huge,
            "{small} {unicode} {huge}"
        );
        assert!(huge > SIZE_LIMIT / 4 && huge <= SIZE_LIMIT, "{huge}");
        assert_eq!(compiled_size(r"\w{1000}{1000}"), SIZE_LIMIT);
    }

    #[test]
    fn a_bad_project_pattern_is_an_error_at_load() {
        assert!(Pattern::compile("(unclosed").is_err());
        assert!(Pattern::compile(r"\w{1000}{1000}").is_err());
    }
}
