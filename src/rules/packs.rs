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
pub fn parsed(name: &str) -> Option<marked_yaml::Node> {
    let (_, bytes) = PACKED.iter().find(|(pack, _)| *pack == name)?;
    super::packed::decode(bytes)
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
