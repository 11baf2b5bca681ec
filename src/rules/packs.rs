//! The built-in rule packs, embedded in the binary so whylint works with no configuration.
//!
//! Each pack is the same YAML a user writes, kept in `rules/*.yml` at the repository root.

use std::sync::OnceLock;

/// `(name, YAML text)` of every built-in pack.
pub const PACKS: &[(&str, &str)] = &[
    ("default", include_str!("../../rules/default.yml")),
    ("jira", include_str!("../../rules/jira.yml")),
    ("conventional", include_str!("../../rules/conventional.yml")),
    ("strict", include_str!("../../rules/strict.yml")),
];

/// `(name, parsed tree)` of every built-in pack, parsed by `build.rs` (see `packed`).
const PACKED: &[(&str, &[u8])] = &[
    (
        "default",
        include_bytes!(concat!(env!("OUT_DIR"), "/default.bin")),
    ),
    (
        "jira",
        include_bytes!(concat!(env!("OUT_DIR"), "/jira.bin")),
    ),
    (
        "conventional",
        include_bytes!(concat!(env!("OUT_DIR"), "/conventional.bin")),
    ),
    (
        "strict",
        include_bytes!(concat!(env!("OUT_DIR"), "/strict.bin")),
    ),
];

/// Pack `name` as parsed when whylint was built; `None` for an unknown name (or, should the
/// build have gone wrong, bytes that do not read back: then parse `get(name)` instead).
///
/// Each pack is read back once per process and kept: the tree is never dropped, which in a
/// commit-msg hook saves freeing it a node at a time just before exiting.
pub fn parsed(name: &str) -> Option<&'static marked_yaml::Node> {
    static PARSED: [OnceLock<Option<marked_yaml::Node>>; PACKED.len()] =
        [const { OnceLock::new() }; PACKED.len()];
    let index = PACKED.iter().position(|(pack, _)| *pack == name)?;
    PARSED[index]
        .get_or_init(|| super::packed::decode(PACKED[index].1))
        .as_ref()
}

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
