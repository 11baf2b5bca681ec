//! What a project's rule file may cost to load, all patterns together.
//!
//! Every run compiles the project's regexes and globs before it checks anything, and the
//! commit-msg hook is a fresh run per commit. The config can come from a pull request or a
//! cloned repository, so its cost must be bounded whoever wrote it. `pattern` caps each regex
//! (`pattern::SIZE_LIMIT`, and the memory its matcher may cache); this caps them together: how
//! many regexes, their compiled size summed, and how many globs (a glob set compiles to regexes
//! too). The first pattern past a limit is reported at its position, and nothing after it is
//! compiled, so a hostile file costs at most the budget plus one pattern.
//!
//! Only the project's own file is counted: the built-in packs are fixed, small and tested.
//! `compile` asks for each pattern; this module only keeps the accounts and words the refusals.

/// Most regexes a config may hold (pattern checks, `when.subject`, `placeholders`,
/// `trackers.urls`). A real config has a handful; fifty is generous.
pub const MAX_PATTERNS: usize = 200;

/// Most compiled size, in bytes, of all of a config's regexes together: four times what one
/// regex may have, about 200 typical patterns (a Unicode `\w+` is 18 KiB) or a few huge ones.
pub const MAX_TOTAL_SIZE: usize = 4 << 20;

/// Most globs a config may hold (`exempt.paths`, `exempt.branches`, `when.branch`,
/// `when.author`).
pub const MAX_GLOBS: usize = 200;

/// Longest glob, in characters. A glob set compiles every glob into one regex, with no budget of
/// its own: 200 globs of 1,200 characters took 2.7 s and 140 MB of a debug build to load.
pub const MAX_GLOB_CHARS: usize = 256;

/// What the refusals add: why the limit exists, so the fix is the user's choice.
const WHY: &str = "every run compiles them all, the commit-msg hook on every commit";

/// The account kept while one config file is compiled.
#[derive(Debug, Default)]
pub struct Budget {
    patterns: usize,
    size: usize,
    globs: usize,
    /// A limit was passed: nothing more is compiled.
    spent: bool,
}

/// Why a pattern is not compiled.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This pattern passed a limit: report this message at its position.
    Exceeded(String),
    /// An earlier pattern passed a limit and was reported; skip this one quietly.
    Spent,
}

impl Budget {
    /// Counts one more regex, `quoted` as the message should show it, before it is compiled.
    pub fn count_pattern(&mut self, quoted: &str) -> Result<(), Refusal> {
        self.open()?;
        self.patterns += 1;
        if self.patterns > MAX_PATTERNS {
            return self.refuse(format!(
                "regex {quoted} is one more than the {MAX_PATTERNS} a config may have ({WHY}); merge some with `|`, or remove the ones you can do without"
            ));
        }
        Ok(())
    }

    /// Adds a compiled regex's size (bytes) to the total.
    pub fn add_size(&mut self, quoted: &str, bytes: usize) -> Result<(), Refusal> {
        self.open()?;
        self.size = self.size.saturating_add(bytes);
        if self.size > MAX_TOTAL_SIZE {
            return self.refuse(format!(
                "regex {quoted} brings the config's compiled regexes to {} KiB, over the {} KiB they may have together ({WHY}); simplify the largest (a Unicode class such as `\\w` or `\\S` repeated with `{{n}}` costs most; `[A-Za-z0-9_]` is far smaller), or remove some",
                self.size.div_ceil(1024),
                MAX_TOTAL_SIZE / 1024
            ));
        }
        Ok(())
    }

    /// Counts one more glob of `chars` characters, before it is compiled.
    pub fn count_glob(&mut self, quoted: &str, chars: usize) -> Result<(), Refusal> {
        self.open()?;
        self.globs += 1;
        if chars > MAX_GLOB_CHARS {
            return self.refuse(format!(
                "glob {quoted} is {chars} characters long, more than the {MAX_GLOB_CHARS} a glob may have ({WHY}); shorten it, or split it into several"
            ));
        }
        if self.globs > MAX_GLOBS {
            return self.refuse(format!(
                "glob {quoted} is one more than the {MAX_GLOBS} a config may have ({WHY}); merge some with `{{a,b}}` or `**`, or remove the ones you can do without"
            ));
        }
        Ok(())
    }

    fn open(&self) -> Result<(), Refusal> {
        if self.spent {
            Err(Refusal::Spent)
        } else {
            Ok(())
        }
    }

    fn refuse(&mut self, message: String) -> Result<(), Refusal> {
        self.spent = true;
        Err(Refusal::Exceeded(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pattern_past_the_count_is_refused_and_nothing_after_it() {
        let mut budget = Budget::default();
        for _ in 0..MAX_PATTERNS {
            assert_eq!(budget.count_pattern("`a`"), Ok(()));
        }
        let Err(Refusal::Exceeded(message)) = budget.count_pattern("`b`") else {
            panic!("pattern {} must be refused", MAX_PATTERNS + 1);
        };
        assert!(
            message.starts_with("regex `b` is one more than the 200"),
            "{message}"
        );
        assert_eq!(budget.count_pattern("`c`"), Err(Refusal::Spent));
        assert_eq!(budget.count_glob("`*`", 1), Err(Refusal::Spent));
    }

    #[test]
    fn sizes_add_up_to_the_total() {
        let mut budget = Budget::default();
        assert_eq!(budget.add_size("`a`", MAX_TOTAL_SIZE), Ok(()));
        let Err(Refusal::Exceeded(message)) = budget.add_size("`b`", 1) else {
            panic!("one byte over must be refused");
        };
        assert!(
            message.contains("to 4097 KiB, over the 4096 KiB"),
            "{message}"
        );
        let mut budget = Budget::default();
        assert!(budget.add_size("`a`", usize::MAX).is_err());
    }

    #[test]
    fn globs_have_their_own_count() {
        let mut budget = Budget::default();
        for _ in 0..MAX_GLOBS {
            assert_eq!(budget.count_glob("`*`", MAX_GLOB_CHARS), Ok(()));
        }
        assert!(budget.count_pattern("`a`").is_ok());
        assert!(matches!(
            budget.count_glob("`x`", 1),
            Err(Refusal::Exceeded(_))
        ));
        let mut budget = Budget::default();
        let Err(Refusal::Exceeded(message)) = budget.count_glob("`**`", MAX_GLOB_CHARS + 1) else {
            panic!("a glob one character too long must be refused");
        };
        assert!(message.contains("is 257 characters long"), "{message}");
    }
}
