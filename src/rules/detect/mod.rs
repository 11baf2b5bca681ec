//! The detectors: pure functions that read one piece of text and say what it holds.
//!
//! Data flows one way. `rules/vocabulary.yml` (the word lists that decide what counts, embedded
//! when whylint is built) and a project's `vocabulary:` edits make a [`words::Lexicon`]; `scan`
//! holds the byte-level helpers every reader shares, with one case rule; the readers of
//! `reference` (problem links), `metric` (is a success metric measurable?) and `placeholder`
//! (is this template text?, and `placeholder::scaffold`: what template text is left anywhere in a
//! description) take text and the lexicon and return what they found; `prose` splits prose into
//! sentences for `statement` (a problem said in a sentence) and `measured` (an outcome reported
//! in a sentence, table or benchmark output). The checks in
//! `rules::check` call them; nothing here knows about rules, findings or configuration files.

pub mod measured;
pub mod metric;
pub mod placeholder;
pub mod prose;
pub mod reference;
pub(crate) mod scan;
pub mod statement;
pub mod words;
