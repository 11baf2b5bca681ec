//! `vocabulary:` in a rule file: a project's additions to and removals from the word lists of
//! `rules/vocabulary.yml`, read with a position on every problem.
//!
//! ```yaml
//! vocabulary:
//!   units: {add: [Anfragen]}
//!   verbs: {add: [sinkt, steigt]}
//!   closing-words: {remove: [resolves]}
//!   placeholder-words: {add: [{offen: "placeholder `offen`"}]}
//! ```
//!
//! Each key names a list; `add:` and `remove:` each take a list of entries. Removing a word the
//! list does not hold is no error (a later whylint may have dropped it). Lists are edited in the
//! order the files apply: packs first, then the project file.

use super::detect::words::{self, Entry, LISTS, Lexicon};
use super::yaml::{problem, span_pos as pos};
use crate::error::ConfigProblem;
use marked_yaml::Node;

/// One edit of one list.
#[derive(Debug)]
pub struct ListEdit {
    /// The list's name (`units`).
    pub list: String,
    /// Entries to add.
    pub add: Vec<Entry>,
    /// Words to remove.
    pub remove: Vec<String>,
}

/// Applies `edits` to `lexicon` (the lists are known to exist: [`read`] checked them).
pub fn apply(lexicon: &mut Lexicon, edits: &[ListEdit]) {
    for edit in edits {
        for word in &edit.remove {
            lexicon.remove(&edit.list, word);
        }
        for entry in &edit.add {
            let mut entry = entry.clone();
            if edit.list == "template-questions" {
                // Compared the way a pasted-back answer is read: lower case, no punctuation.
                entry.word = super::placeholder::question_key(&entry.word).into();
            } else if words::LOWER_CASE.contains(&edit.list.as_str()) {
                entry.word = entry.word.to_lowercase().into();
            }
            lexicon.add(&edit.list, entry);
        }
    }
}

/// Reads the `vocabulary:` mapping, reporting every problem in it.
pub fn read(file: &str, node: &Node, problems: &mut Vec<ConfigProblem>) -> Vec<ListEdit> {
    let names = || {
        LISTS
            .iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(mapping) = node.as_mapping() else {
        problems.push(problem(
            file,
            pos(node.span()),
            "`vocabulary:` must be a mapping of list names to `{add: […], remove: […]}` (e.g. `vocabulary: {units: {add: [Anfragen]}}`)".to_owned(),
        ));
        return Vec::new();
    };
    let mut edits = Vec::new();
    for (key, value) in mapping.iter() {
        let name = key.as_str();
        let Some(shape) = words::shape_of(name) else {
            problems.push(problem(
                file,
                pos(key.span()),
                format!("unknown word list `{name}`; the lists are {}", names()),
            ));
            continue;
        };
        let Some(parts) = value.as_mapping() else {
            problems.push(problem(
                file,
                pos(value.span()),
                format!("`{name}:` takes `add:` and/or `remove:`, each a list (e.g. `{name}: {{add: [word]}}`)"),
            ));
            continue;
        };
        let mut edit = ListEdit {
            list: name.to_owned(),
            add: Vec::new(),
            remove: Vec::new(),
        };
        for (part, items) in parts.iter() {
            let Some(items) = items.as_sequence() else {
                problems.push(problem(
                    file,
                    pos(items.span()),
                    format!(
                        "`{name}.{}` must be a list, e.g. `[word, another word]`",
                        part.as_str()
                    ),
                ));
                continue;
            };
            match part.as_str() {
                "add" => {
                    for item in items.iter() {
                        let entry = words::read_entry(item, shape).and_then(|entry| {
                            match (name, super::prose::pair_problem(&entry.word)) {
                                ("comparison-pairs", Some(problem)) => Err(problem),
                                _ => Ok(entry),
                            }
                        });
                        match entry {
                            Ok(entry) => edit.add.push(entry),
                            Err(message) => problems.push(problem(
                                file,
                                pos(item.span()),
                                format!("in `{name}.add`: {message}"),
                            )),
                        }
                    }
                }
                "remove" => {
                    for item in items.iter() {
                        match item.as_scalar() {
                            Some(word) => edit.remove.push(word.as_str().trim().to_owned()),
                            None => problems.push(problem(
                                file,
                                pos(item.span()),
                                format!("in `{name}.remove`: expected a word (a string) to remove"),
                            )),
                        }
                    }
                }
                other => problems.push(problem(
                    file,
                    pos(part.span()),
                    format!("unknown key `{other}` under `{name}`; expected `add` or `remove`"),
                )),
            }
        }
        edits.push(edit);
    }
    edits
}
