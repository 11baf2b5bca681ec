//! The built-in rule packs, embedded in the binary so whylint works with no configuration.
//!
//! Each pack is the same YAML a user writes, kept in `rules/*.yml` at the repository root.

/// `(name, YAML text)` of every built-in pack.
pub const PACKS: &[(&str, &str)] = &[
    ("default", include_str!("../../rules/default.yml")),
    ("jira", include_str!("../../rules/jira.yml")),
    ("conventional", include_str!("../../rules/conventional.yml")),
    ("strict", include_str!("../../rules/strict.yml")),
];

/// The YAML text of pack `name`.
pub fn get(name: &str) -> Option<&'static str> {
    PACKS
        .iter()
        .find(|(pack, _)| *pack == name)
        .map(|(_, text)| *text)
}

/// How a pack is named in messages (`rules/default.yml`).
pub fn file_name(name: &str) -> String {
    format!("rules/{name}.yml")
}

/// Names of every pack, for "did you mean" messages.
pub fn names() -> Vec<&'static str> {
    PACKS.iter().map(|(name, _)| *name).collect()
}
