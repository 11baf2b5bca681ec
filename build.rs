//! Parses the built-in rule packs (`rules/*.yml`) once, at build time, into the packed form
//! the binary embeds: see `src/rules/packed.rs`, which holds both halves of that form. The word
//! lists (`rules/vocabulary.yml`) become Rust statics instead: see `src/rules/detect/words.rs`.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/rules/packed.rs"]
mod packed;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/rules/packed.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut packs: Vec<PathBuf> = std::fs::read_dir("rules")
        .expect("rules/ is next to Cargo.toml")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml"))
        .collect();
    packs.sort();
    for pack in packs {
        if pack
            .file_name()
            .is_some_and(|name| name == "vocabulary.yml")
        {
            write_vocabulary(&pack, &out);
        } else {
            write_packed(&pack, &out);
        }
    }
}

/// `rules/vocabulary.yml` as Rust statics (`vocabulary.rs`): `(list, [(word, reason, [follow])])`.
/// The hook then starts with every list in place, with nothing to parse or allocate.
fn write_vocabulary(file: &Path, out: &Path) {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
    let root = packed::parse(&text)
        .unwrap_or_else(|error| panic!("{} does not parse: {error}", file.display()));
    let top = root.as_mapping().expect("vocabulary.yml is a mapping");
    let mut code = String::from("&[\n");
    for (name, items) in top.iter() {
        let items = items
            .as_sequence()
            .unwrap_or_else(|| panic!("vocabulary list `{}` is not a list", name.as_str()));
        code.push_str(&format!("    ({:?}, &[\n", name.as_str()));
        for item in items.iter() {
            let (word, reason, follow) = match (item.as_scalar(), item.as_mapping()) {
                (Some(word), _) => (word.as_str().to_owned(), String::new(), Vec::new()),
                (None, Some(pair)) if pair.len() == 1 => {
                    let (key, value) = pair.iter().next().expect("one pair");
                    match (value.as_scalar(), value.as_sequence()) {
                        (Some(reason), _) => (
                            key.as_str().to_owned(),
                            reason.as_str().to_owned(),
                            Vec::new(),
                        ),
                        (None, Some(follow)) => (
                            key.as_str().to_owned(),
                            String::new(),
                            follow
                                .iter()
                                .map(|f| {
                                    f.as_scalar()
                                        .expect("follow-ups are strings")
                                        .as_str()
                                        .to_owned()
                                })
                                .collect(),
                        ),
                        _ => panic!("bad entry in vocabulary list `{}`", name.as_str()),
                    }
                }
                _ => panic!("bad entry in vocabulary list `{}`", name.as_str()),
            };
            code.push_str(&format!("        ({word:?}, {reason:?}, &{follow:?}),\n"));
        }
        code.push_str("    ]),\n");
    }
    code.push_str("]\n");
    // The units again, lower case, sorted and unique: the lookup a hook uses as it is.
    let mut units: Vec<String> = top
        .get_node("units")
        .and_then(|units| units.as_sequence())
        .map(|units| {
            units
                .iter()
                .filter_map(|u| u.as_scalar().map(|u| u.as_str().to_ascii_lowercase()))
                .collect()
        })
        .unwrap_or_default();
    units.sort();
    units.dedup();
    let sorted = out.join("units.rs");
    std::fs::write(&sorted, format!("&{units:?}\n"))
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", sorted.display()));
    let target = out.join("vocabulary.rs");
    std::fs::write(&target, code)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", target.display()));
}

fn write_packed(pack: &Path, out: &Path) {
    let text = std::fs::read_to_string(pack)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", pack.display()));
    let mut root = packed::parse(&text)
        .unwrap_or_else(|error| panic!("{} does not parse: {error}", pack.display()));
    let stem = pack.file_stem().expect("a .yml file has a stem");
    let write = |suffix: &str, root: &marked_yaml::Node| {
        let mut name = stem.to_owned();
        name.push(suffix);
        let target = out.join(name);
        std::fs::write(&target, packed::encode(root))
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", target.display()));
    };
    write(".bin", &root);
    packed::without_examples(&mut root);
    write(".lean.bin", &root);
}
