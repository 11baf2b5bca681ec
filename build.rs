//! Parses the built-in rule packs (`rules/*.yml`) once, at build time, into the packed form
//! the binary embeds: see `src/rules/packed.rs`, which holds both halves of that form.

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
        write_packed(&pack, &out);
    }
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
