//! The lexicon: the word lists that decide what the detectors count, as data.
//!
//! The lists live in `rules/vocabulary.yml`. `build.rs` turns that file into Rust statics when
//! whylint is built, so [`Lexicon::builtin`] starts with every list in place and nothing to
//! parse: each entry borrows the binary's text. A project's `vocabulary:` edits
//! ([`Lexicon::add`], [`Lexicon::remove`]) change a copy (only the lists' vectors are copied; the
//! built-in words stay borrowed), and [`Lexicon::prepare`] rebuilds the lookups the readers use.
//!
//! Why statics and hand-written readers, not automata: the readers need, per list, a lookup
//! (units: a sorted list searched per number) and a two-letter pre-filter ([`Starts`]) that
//! turns away most words before a list is tried. For the built-in lists all of it is ready when
//! the process starts (`build.rs` also writes the sorted units); only a project's edits rebuild
//! it, from the merged lists, in microseconds, so a serialised automaton would have to be rebuilt
//! at run time for exactly the configurations that need it. Measured with callgrind on the
//! commit-msg hook path (`whylint msg` on a message with a `Metric:` line, release build; main:
//! 4.20M instructions): embedding the packed YAML and reading it into owned lists at every run
//! cost +0.44M (+10%); the statics and shared lists here cost +0.21M (+5%): about 0.12M to
//! put the 1,090 built-in entries into their lists once per process (the next step is to make
//! each built-in list a static slice of entries), the rest the readers going through the lists.
//! Compiling the lists as regexes at run time is what the readers were written to avoid (about
//! 25 ms per run, see `metric`).
use super::scan::Starts;
use marked_yaml::Node;
use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

/// What one list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Words or phrases.
    Words,
    /// Entries with the reason reported for each (`tbd: placeholder `TBD``).
    Reasons,
    /// A first word with the words that may follow it (`this: [pr, change]`).
    FollowUps,
}

/// One entry of a list: its word and, by shape, a reason or follow-up words. Built-in entries
/// borrow the binary's statics; a project's own are owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The word or phrase.
    pub word: Cow<'static, str>,
    /// The reason reported ([`Shape::Reasons`]).
    pub reason: Cow<'static, str>,
    /// The words that may follow ([`Shape::FollowUps`]).
    pub follow: Vec<Cow<'static, str>>,
}

impl Entry {
    /// An entry of `word` alone, with the reason a plain word gets in a [`Shape::Reasons`] list.
    pub fn word(word: &str) -> Entry {
        Entry {
            word: Cow::Owned(word.to_owned()),
            reason: Cow::Owned(format!("placeholder `{word}`")),
            follow: Vec::new(),
        }
    }

    /// A built-in entry.
    fn builtin(&(word, reason, follow): &BuiltinEntry) -> Entry {
        Entry {
            word: Cow::Borrowed(word),
            reason: Cow::Borrowed(reason),
            follow: follow.iter().map(|f| Cow::Borrowed(*f)).collect(),
        }
    }
}

/// A built-in entry as `build.rs` wrote it: word, reason (or empty), follow-ups.
type BuiltinEntry = (&'static str, &'static str, &'static [&'static str]);

/// Every built-in list, from `rules/vocabulary.yml` (see `build.rs`).
const BUILTIN_LISTS: &[(&str, &[BuiltinEntry])] =
    include!(concat!(env!("OUT_DIR"), "/vocabulary.rs"));

/// The built-in `units`, lower case, sorted and unique (see `build.rs`).
const BUILTIN_UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/units.rs"));

/// Declares the lists once: each field, its name in YAML and its shape.
macro_rules! lists {
    ($($field:ident = $name:literal $shape:ident),* $(,)?) => {
        /// Every list by name, in the order of `rules/vocabulary.yml`.
        pub const LISTS: &[(&str, Shape)] = &[$(($name, Shape::$shape)),*];

        /// The word lists, each as written in `rules/vocabulary.yml` after a project's edits.
        #[derive(Debug, Clone, Default)]
        pub struct Lists {
            $(#[doc = concat!("`", $name, "`")] pub $field: Vec<Entry>,)*
        }

        impl Lists {
            /// The list called `name` in YAML.
            fn named(&mut self, name: &str) -> Option<&mut Vec<Entry>> {
                match name {
                    $($name => Some(&mut self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

lists! {
    units = "units" Words,
    money_suffixes = "money-suffixes" Words,
    rate_units = "rate-units" Words,
    rate_joiners = "rate-joiners" Words,
    rate_periods = "rate-periods" Words,
    number_words = "number-words" Words,
    small_number_words = "small-number-words" Words,
    determiners = "determiners" Words,
    big_number_words = "big-number-words" Words,
    date_prepositions = "date-prepositions" Words,
    time_units = "time-units" Words,
    timeframe_leads = "timeframe-leads" Words,
    timeframe_which = "timeframe-which" Words,
    event_joiners = "event-joiners" Words,
    events = "events" Words,
    qualifiers = "qualifiers" Words,
    threshold_words = "threshold-words" Words,
    threshold_symbols = "threshold-symbols" Words,
    approximately = "approximately" Words,
    comparatives = "comparatives" Words,
    baseline_words = "baseline-words" Words,
    word_thresholds = "word-thresholds" Words,
    verbs = "verbs" Words,
    phrasal_verbs = "phrasal-verbs" Words,
    closing_words = "closing-words" Words,
    mention_words = "mention-words" Words,
    ref_trailer_keys = "ref-trailer-keys" Words,
    tracker_hosts = "tracker-hosts" Words,
    patch_archive_hosts = "patch-archive-hosts" Words,
    decoy_prefixes = "decoy-prefixes" Words,
    placeholder_prefixes = "placeholder-prefixes" Words,
    placeholder_owners = "placeholder-owners" Words,
    placeholder_repos = "placeholder-repos" Words,
    branch_words = "branch-words" Words,
    placeholder_words = "placeholder-words" Reasons,
    placeholder_marks = "placeholder-marks" Reasons,
    template_questions = "template-questions" Words,
    prompt_openings = "prompt-openings" Words,
    maybe_prompt_openings = "maybe-prompt-openings" Words,
    prompt_signals = "prompt-signals" FollowUps,
    reference_keywords = "reference-keywords" Words,
    template_keys = "template-keys" Words,
    problem_words = "problem-words" Words,
    vague_words = "vague-words" Words,
    outcome_units = "outcome-units" Words,
    outcome_words = "outcome-words" Words,
    gain_words = "gain-words" Words,
    comparison_pairs = "comparison-pairs" Words,
    benchmark_marks = "benchmark-marks" Words,
    setting_words = "setting-words" Words,
    instruction_words = "instruction-words" Words,
    comment_markers = "comment-markers" Words,
    not_applicable_answers = "not-applicable-answers" Words,
    advisory_prefixes = "advisory-prefixes" Words,
    discussion_urls = "discussion-urls" Words,
}

/// The lists kept in lower case: the prose readers compare them with lower-cased words as
/// they are, so a project's additions are lowered when applied.
pub const LOWER_CASE: &[&str] = &[
    "problem-words",
    "vague-words",
    "outcome-units",
    "outcome-words",
    "gain-words",
    "comparison-pairs",
    "benchmark-marks",
    "setting-words",
    "instruction-words",
    "comment-markers",
    "not-applicable-answers",
];

/// The shape of list `name`, or `None` for a name that is no list.
pub fn shape_of(name: &str) -> Option<Shape> {
    LISTS
        .iter()
        .find(|(list, _)| *list == name)
        .map(|(_, shape)| *shape)
}

/// The lists and the lookups built from them: what every reader is handed.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Shared until edited, so that a copy of the lexicon costs a few reference counts.
    pub(crate) lists: Arc<Lists>,
    /// The rules' `question:` lines, in the form [`super::placeholder::question_key`] gives:
    /// template questions too, kept apart from the shared lists.
    pub(crate) rule_questions: Vec<String>,
    /// Whether `units` was edited since the built-in lookup.
    units_edited: bool,
    /// `units`, lower case, sorted: a binary search per number.
    pub(crate) unit_set: Arc<Vec<Cow<'static, str>>>,
    /// The length of the longest unit: a longer word is not looked up (nor lower-cased).
    pub(crate) longest_unit: usize,
    /// Pre-filters: which words may start an entry of a list.
    pub(crate) starts: Arc<Prefilters>,
    /// First letters (lower case) of the words a timeframe's count may be: `a`, `an`,
    /// `small-number-words`, `a couple of`.
    pub(crate) count_initials: Vec<u8>,
}

/// [`Starts`] of the lists whose readers try every word of a text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prefilters {
    pub(crate) timeframe_leads: Starts,
    pub(crate) number_words: Starts,
    pub(crate) threshold_words: Starts,
    pub(crate) baseline_words: Starts,
    pub(crate) word_thresholds: Starts,
    pub(crate) verbs: Starts,
    pub(crate) closing_words: Starts,
}

/// The YAML text of the built-in vocabulary (for `rules/vocabulary.yml` in messages and tests).
pub const TEXT: &str = include_str!("../../../rules/vocabulary.yml");

static BUILTIN: LazyLock<Arc<Lexicon>> = LazyLock::new(|| {
    let mut lexicon = Lexicon::default();
    for (name, entries) in BUILTIN_LISTS {
        if let Some(list) = Arc::make_mut(&mut lexicon.lists).named(name) {
            list.extend(entries.iter().map(Entry::builtin));
        }
    }
    lexicon.prepare();
    Arc::new(lexicon)
});

impl Lexicon {
    /// The built-in vocabulary, read once per process.
    pub fn builtin() -> Arc<Lexicon> {
        Arc::clone(&BUILTIN)
    }

    /// The built-in vocabulary, borrowed for the life of the process.
    pub fn builtin_ref() -> &'static Lexicon {
        &BUILTIN
    }

    /// The lists.
    pub fn lists(&self) -> &Lists {
        &self.lists
    }

    /// Adds `entry` to list `name` unless it is there already (ignoring case). `false` when there
    /// is no such list.
    pub fn add(&mut self, name: &str, entry: Entry) -> bool {
        self.units_edited |= name == "units";
        let Some(list) = Arc::make_mut(&mut self.lists).named(name) else {
            return false;
        };
        if !list
            .iter()
            .any(|e| e.word.eq_ignore_ascii_case(&entry.word))
        {
            list.push(entry);
        }
        true
    }

    /// Removes `word` from list `name` (ignoring case); `None` when there is no such list, else
    /// whether it was there.
    pub fn remove(&mut self, name: &str, word: &str) -> Option<bool> {
        self.units_edited |= name == "units";
        let list = Arc::make_mut(&mut self.lists).named(name)?;
        let before = list.len();
        list.retain(|e| !e.word.eq_ignore_ascii_case(word));
        Some(list.len() != before)
    }

    /// Adds a rule's question (see [`Lexicon::rule_questions`]) unless it is known already.
    pub fn add_question(&mut self, question: String) {
        let known = words(&self.lists.template_questions).any(|q| q == question);
        if !question.is_empty() && !known && !self.rule_questions.contains(&question) {
            self.rule_questions.push(question);
        }
    }

    /// The prose lists, as the prose readers match them.
    pub fn prose(&self) -> super::prose::ProseWords<'_> {
        super::prose::ProseWords::of(&self.lists)
    }

    /// Rebuilds the lookups after the lists changed.
    pub fn prepare(&mut self) {
        let lists = &self.lists;
        let mut units: Vec<Cow<'static, str>> = if self.units_edited {
            let mut units: Vec<_> = lists
                .units
                .iter()
                .map(|e| Cow::Owned(e.word.to_ascii_lowercase()))
                .collect();
            units.sort_unstable();
            units
        } else {
            BUILTIN_UNITS.iter().map(|u| Cow::Borrowed(*u)).collect()
        };
        units.dedup();
        self.unit_set = Arc::new(units);
        self.longest_unit = self.unit_set.iter().map(|u| u.len()).max().unwrap_or(0);
        let of = |list: &[Entry]| Starts::of(words(list));
        let phrasal_firsts: Vec<&str> = lists
            .phrasal_verbs
            .iter()
            .filter_map(|e| e.word.split(' ').next())
            .collect();
        let mut verbs = of(&lists.verbs);
        verbs.extend(phrasal_firsts);
        self.count_initials = words(&lists.small_number_words)
            .chain(["a", "couple"])
            .filter_map(|word| word.bytes().next())
            .map(|b| b.to_ascii_lowercase())
            .collect();
        self.starts = Arc::new(Prefilters {
            timeframe_leads: of(&lists.timeframe_leads),
            number_words: of(&lists.number_words),
            threshold_words: of(&lists.threshold_words),
            baseline_words: of(&lists.baseline_words),
            word_thresholds: of(&lists.word_thresholds),
            verbs,
            closing_words: of(&lists.closing_words),
        });
    }
}

/// The words of `list`, in order.
pub(crate) fn words(list: &[Entry]) -> impl Iterator<Item = &str> + Clone {
    list.iter().map(|e| e.word.as_ref())
}

/// An entry of a list of `shape` from YAML: a string, or (for the shapes with more than a word)
/// a one-key mapping. The error says what was expected.
pub fn read_entry(node: &Node, shape: Shape) -> Result<Entry, String> {
    if let Some(scalar) = node.as_scalar() {
        let word = scalar.as_str().trim();
        if word.is_empty() {
            return Err("an empty entry matches nothing; write a word or phrase".to_owned());
        }
        return Ok(Entry::word(word));
    }
    let pair = node
        .as_mapping()
        .filter(|m| m.len() == 1 && shape != Shape::Words);
    let Some((key, value)) = pair.and_then(|m| m.iter().next()) else {
        return Err(match shape {
            Shape::Words => "expected a word or phrase (a string)".to_owned(),
            Shape::Reasons => "expected a word, or `word: reason`".to_owned(),
            Shape::FollowUps => "expected a word, or `word: [words that may follow]`".to_owned(),
        });
    };
    let mut entry = Entry::word(key.as_str().trim());
    match shape {
        Shape::Reasons => match value.as_scalar() {
            Some(reason) => entry.reason = Cow::Owned(reason.as_str().to_owned()),
            None => return Err("the reason after `word:` must be a string".to_owned()),
        },
        _ => match value.as_sequence() {
            Some(items) if items.iter().all(|i| i.as_scalar().is_some()) => {
                entry.follow = items
                    .iter()
                    .filter_map(|i| i.as_scalar().map(|s| Cow::Owned(s.as_str().to_owned())))
                    .collect();
            }
            _ => return Err("the words after `word:` must be a list of strings".to_owned()),
        },
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_read_from_the_built_in_file() {
        let lexicon = Lexicon::builtin();
        let mut lists = Lists::clone(lexicon.lists());
        for (name, _) in LISTS {
            let list = lists.named(name).map(|l| l.len()).unwrap_or(0);
            assert!(list > 0, "{name} is empty");
        }
        let text = crate::rules::packed::parse(TEXT).expect("vocabulary.yml parses");
        let top = text.as_mapping().expect("a mapping");
        assert_eq!(top.len(), LISTS.len(), "every YAML list is declared");
    }

    #[test]
    fn the_lower_case_lists_are_lower_case() {
        let lexicon = Lexicon::builtin();
        let mut lists = Lists::clone(lexicon.lists());
        for name in LOWER_CASE {
            let list = lists.named(name).expect("a list");
            for entry in list.iter() {
                assert_eq!(entry.word, entry.word.to_lowercase(), "{name}");
            }
        }
    }

    #[test]
    fn edits_add_and_remove_ignoring_case() {
        let mut lexicon = (*Lexicon::builtin()).clone();
        assert!(lexicon.add("units", Entry::word("Anfragen")));
        assert_eq!(lexicon.remove("closing-words", "RESOLVES"), Some(true));
        assert_eq!(lexicon.remove("closing-words", "resolves"), Some(false));
        assert_eq!(lexicon.remove("no-such-list", "x"), None);
        lexicon.prepare();
        assert!(lexicon.unit_set.iter().any(|u| u == "anfragen"));
    }
}
