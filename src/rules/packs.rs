//! The built-in rule packs, embedded in the binary so whylint works with no configuration.
//!
//! Each pack is the same YAML a user writes, kept in `rules/*.yml` at the repository root.

use std::sync::OnceLock;

/// The built-in packs, named once: each name gives its YAML text and the two parsed forms
/// `build.rs` wrote from it (see `packed`).
macro_rules! packs {
    ($($name:literal),* $(,)?) => {
        /// `(name, YAML text)` of every built-in pack.
        pub const PACKS: &[(&str, &str)] =
            &[$(($name, include_str!(concat!("../../rules/", $name, ".yml")))),*];

        /// `(full form, lean form)` of every built-in pack, in the order of `PACKS`.
        const PACKED: &[(&[u8], &[u8])] = &[$((
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".bin")),
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".lean.bin")),
        )),*];
    };
}

packs!("default", "jira", "conventional", "strict");

/// Which parsed form of a pack to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything, the rules' `examples:` included: for `whylint rules`.
    Full,
    /// Without the rules' `examples:`, which nothing else reads.
    #[default]
    Lean,
}

/// Pack `name` as parsed when whylint was built; `None` for an unknown name (or, should the
/// build have gone wrong, bytes that do not read back: then parse `get(name)` instead).
///
/// Each form of a pack is read back once per process and kept: the tree is never dropped,
/// which in a commit-msg hook saves freeing it a node at a time just before exiting.
pub fn parsed(name: &str, detail: Detail) -> Option<&'static marked_yaml::Node> {
    type Kept = [OnceLock<Option<marked_yaml::Node>>; PACKED.len()];
    static FULL: Kept = [const { OnceLock::new() }; PACKED.len()];
    static LEAN: Kept = [const { OnceLock::new() }; PACKED.len()];
    let index = PACKS.iter().position(|(pack, _)| *pack == name)?;
    let (full, lean) = PACKED[index];
    let (kept, bytes) = match detail {
        Detail::Full => (&FULL, full),
        Detail::Lean => (&LEAN, lean),
    };
    kept[index]
        .get_or_init(|| super::packed::decode(bytes))
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
