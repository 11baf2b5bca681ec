//! The quality benchmark (issue #16): runs the real `whylint` binary with the default pack on
//! every item of the hand-labelled corpus beside the checkout, bots left out, and prints
//! precision and recall for each line of the table, then every disagreement grouped by line.
//!
//! ```sh
//! cargo run --release --example quality                    # corpus: ../shared/corpus
//! cargo run --release --example quality -- --corpus DIR   # or WHYLINT_CORPUS=DIR
//! cargo run --release --example quality -- --write-floor  # raise bench/quality/floor.json
//! ```
//!
//! Options: `--corpus DIR`, `--bin PATH` (a whylint binary to measure instead of building this
//! checkout's), `--threads N` (default 2), `--write-floor` (write today's figures, rounded down,
//! to `bench/quality/floor.json`). Exits 1 when a figure is below its floor or an item could not
//! be checked, 2 on a usage or setup error.
//!
//! Which label is compared with which verdict, and how the reference finder and the commit
//! metric recogniser are read before whylint's JSON carries evidence (#15), is written at the top
//! of `bench/quality/mod.rs`; `tests/quality.rs` runs the same measurement with the debug binary.

// The report is this program's output: it goes to the terminal, not through whylint's reporters.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../bench/quality/mod.rs"]
mod quality;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

struct Options {
    corpus: Option<PathBuf>,
    bin: Option<PathBuf>,
    threads: usize,
    write_floor: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        corpus: None,
        bin: None,
        threads: 2,
        write_floor: false,
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.to_str() {
            Some("--corpus") => options.corpus = Some(PathBuf::from(value("--corpus")?)),
            Some("--bin") => options.bin = Some(PathBuf::from(value("--bin")?)),
            Some("--threads") => {
                let n = value("--threads")?;
                options.threads = n
                    .to_str()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n: &usize| n > 0)
                    .ok_or_else(|| {
                        format!("--threads {}: not a positive number", n.to_string_lossy())
                    })?;
            }
            Some("--write-floor") => options.write_floor = true,
            Some("-h" | "--help") => {
                return Err("usage: cargo run --release --example quality -- [--corpus DIR] [--bin PATH] [--threads N] [--write-floor]".into());
            }
            _ => return Err(format!("unknown argument `{}`", arg.to_string_lossy())),
        }
    }
    Ok(options)
}

/// This checkout's `whylint`, built in the same profile as this example. Cargo does not build a
/// package's binaries for `cargo run --example`, so a binary left from an older build would be
/// measured; building it here (a no-op when it is current) rules that out.
fn checkout_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this example: {e}"))?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("this example is not in a cargo target directory")?;
    let bin = profile_dir.join(format!("whylint{}", std::env::consts::EXE_SUFFIX));
    if let Some(cargo) = std::env::var_os("CARGO") {
        let mut build = Command::new(cargo);
        build
            .args(["build", "--quiet", "--bin", "whylint"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if !cfg!(debug_assertions) {
            build.arg("--release");
        }
        let status = build
            .status()
            .map_err(|e| format!("cannot run cargo build: {e}"))?;
        if !status.success() {
            return Err("cargo build --bin whylint failed".into());
        }
    }
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "no whylint binary at {}; run through `cargo run --example quality`, or pass --bin",
            bin.display()
        ))
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(why) => {
            eprintln!("quality: {why}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let options = parse_args()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus_dir = match options.corpus {
        Some(dir) => dir,
        None => quality::corpus_dir(root)?.ok_or_else(|| {
            format!(
                "no corpus at {}: pass --corpus DIR or set {}",
                root.join("../shared/corpus").display(),
                quality::CORPUS_ENV
            )
        })?,
    };
    let bin = match options.bin {
        Some(bin) => bin,
        None => checkout_binary()?,
    };
    let corpus = quality::load(&corpus_dir)?;
    let started = Instant::now();
    let verdicts = quality::run_all(&bin, &corpus.items, options.threads)?;
    let elapsed = started.elapsed();
    let measurement = quality::measure(&corpus.items, &verdicts);
    print!(
        "{}",
        quality::render(&measurement, &corpus_dir, &bin, &corpus.malformed)
    );
    println!(
        "\n{} items in {:.1} s with {} threads",
        corpus.items.len(),
        elapsed.as_secs_f64(),
        options.threads
    );
    let floor_path = root.join("bench/quality/floor.json");
    if options.write_floor {
        std::fs::write(&floor_path, quality::floor_json(&measurement))
            .map_err(|e| format!("cannot write {}: {e}", floor_path.display()))?;
        println!("wrote {}", floor_path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let floor = quality::load_floor(&floor_path)?;
    let failures = quality::below_floor(&measurement, &floor);
    if failures.is_empty() {
        println!(
            "every figure is at or above its floor ({})",
            floor_path.display()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for failure in &failures {
            println!("BELOW FLOOR: {failure}");
        }
        Ok(ExitCode::from(1))
    }
}
