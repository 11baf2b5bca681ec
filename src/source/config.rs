//! Finding and reading the project's configuration file.
//!
//! Order: `--config FILE`, then `WHYLINT_CONFIG`, then the first of `.whylint.yml`,
//! `.whylint.yaml`, `.github/whylint.yml`, `.config/whylint.yml` in the repository root (or the
//! working directory outside a repository). No file: the built-in `default` pack. With
//! `--config-from REV`, the same file as it is in `REV`: `WHYLINT_CONFIG`'s, or the first
//! candidate there.
//!
//! A config in a repository may come from a pull request or a clone, so it is read only from
//! the repository itself (see `stay_inside`), and only up to `MAX_BYTES`.

use crate::error::{Error, Result};
use crate::parse::decode::utf8_lossy;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// File names searched for, in order.
pub const CANDIDATES: &[&str] = &[
    ".whylint.yml",
    ".whylint.yaml",
    ".github/whylint.yml",
    ".config/whylint.yml",
];

/// Largest config file read, in bytes. The built-in packs together are 10 KiB. Everything a
/// config can make whylint do grows with its size (rules, lists, globs), and a file this small
/// cannot be an endless one such as a device.
pub const MAX_BYTES: usize = 256 << 10;

/// A configuration file's name and text.
#[derive(Debug, Clone)]
pub struct ConfigText {
    /// As shown in messages.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// Finds and reads the configuration. `explicit` is `--config`; `root` is where to search.
pub fn load(explicit: Option<&Path>, root: Option<&Path>) -> Result<Option<ConfigText>> {
    let chosen = match explicit
        .map(Path::to_path_buf)
        .or_else(super::env::config_path)
    {
        Some(path) => {
            if !path.is_file() {
                return Err(Error::Usage(format!(
                    "config file `{}` does not exist; check `--config` / `WHYLINT_CONFIG`, or run `whylint rules` without it to use the built-in rules",
                    path.display()
                )));
            }
            Some(path)
        }
        None => root.and_then(discover),
    };
    let Some(path) = chosen else {
        return Ok(None);
    };
    let name = display_name(&path, root);
    if let Some(root) = root {
        stay_inside(&path, &name, root)?;
    }
    let bytes = read_at_most(&path, &name)?;
    let decoded = utf8_lossy(&bytes);
    if decoded.lossy {
        return Err(Error::Usage(format!(
            "config file `{}` is not valid UTF-8; save it as UTF-8",
            path.display()
        )));
    }
    Ok(Some(ConfigText {
        name,
        text: decoded.text.into_owned(),
    }))
}

/// Reads the configuration as it is at git revision `rev` (`--config-from`), so that a pull
/// request cannot change the rules it is checked against. `WHYLINT_CONFIG` (the action's
/// `config:` input) names which file: it is read from `rev` too, and an error when it is not
/// there, never dropped in favour of another file.
pub fn load_from_revision(repo: &super::git::Repo, rev: &str) -> Result<Option<ConfigText>> {
    if let Some(named) = super::env::config_path() {
        let Some(path) = in_repository(&named, &repo.root()) else {
            return Err(Error::Usage(format!(
                "`WHYLINT_CONFIG` names `{}`, outside the repository, so `--config-from {rev}` cannot read it from git; name a file in the repository, or unset `WHYLINT_CONFIG` to use the config found in `{rev}`",
                named.display()
            )));
        };
        return match read_at(repo, rev, &path)? {
            Some(config) => Ok(Some(config)),
            None => Err(Error::Usage(format!(
                "`WHYLINT_CONFIG` names `{path}`, which is not in `{rev}` (`--config-from` reads the config as it is there); commit it to that revision first, or unset `WHYLINT_CONFIG` to use the config found in `{rev}`"
            ))),
        };
    }
    for candidate in CANDIDATES {
        if let Some(config) = read_at(repo, rev, candidate)? {
            return Ok(Some(config));
        }
    }
    Ok(None)
}

/// The config at `rev:path`, if there is a file there.
fn read_at(repo: &super::git::Repo, rev: &str, path: &str) -> Result<Option<ConfigText>> {
    let name = format!("{rev}:{path}");
    let Some(bytes) = repo.file_at(rev, path, MAX_BYTES)? else {
        return Ok(None);
    };
    let decoded = utf8_lossy(&bytes);
    if decoded.lossy {
        return Err(Error::Usage(format!(
            "`{name}` is not valid UTF-8; save it as UTF-8"
        )));
    }
    Ok(Some(ConfigText {
        name,
        text: decoded.text.into_owned(),
    }))
}

/// The refusal of a config file larger than `MAX_BYTES`.
pub fn too_large(name: &str) -> Error {
    Error::Usage(format!(
        "config file `{name}` is larger than {} KiB, far more than a config needs (the built-in packs together are 10 KiB); is it the right file?",
        MAX_BYTES / 1024
    ))
}

/// Reads at most `MAX_BYTES` of `path` (shown as `name`), refusing a larger file.
fn read_at_most(path: &Path, name: &str) -> Result<Vec<u8>> {
    let io_error = |source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() > MAX_BYTES {
        return Err(too_large(name));
    }
    Ok(bytes)
}

/// A config named inside `root` (found there, or named by a path into it) must be there once
/// symlinks are followed, and not in git's own directory: a pull request or a cloned repository
/// could otherwise point `.whylint.yml` at any file on the machine (`/proc/self/environ`,
/// `.git/config` with a token in it) and have whylint quote it back in an error. A path the
/// user names outside the repository (`--config ~/whylint.yml`) is the user's choice and is read.
fn stay_inside(path: &Path, name: &str, root: &Path) -> Result<()> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let named = absolute(path);
    if !named.starts_with(root) && !named.starts_with(&real_root) {
        return Ok(());
    }
    // A path that does not resolve is left to the read, which names it in its error.
    let Ok(real) = path.canonicalize() else {
        return Ok(());
    };
    let place = if !real.starts_with(&real_root) {
        format!("outside the repository `{}`", root.display())
    } else if real.starts_with(real_root.join(".git")) {
        "inside git's own directory".to_owned()
    } else {
        return Ok(());
    };
    Err(Error::Usage(format!(
        "config file `{name}` leads to `{}`, {place}; a config in a repository is read only from the repository's own files, so that a pull request or a clone cannot make whylint read others. Put the file itself in its place, or name a file outside the repository with `--config PATH`",
        real.display(),
    )))
}

/// `path` as `git` names it in the tree under `root` (`/`-separated), when it is inside `root`.
fn in_repository(path: &Path, root: &Path) -> Option<String> {
    let named = absolute(path);
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relative = named
        .strip_prefix(root)
        .or_else(|_| named.strip_prefix(&real_root))
        .ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `path` made absolute against the working directory, with `.` and `..` folded away by name
/// (not by following links: it is where the user pointed, not where the link goes).
fn absolute(path: &Path) -> PathBuf {
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut folded = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                folded.pop();
            }
            other => folded.push(other),
        }
    }
    folded
}

fn discover(root: &Path) -> Option<PathBuf> {
    CANDIDATES
        .iter()
        .map(|candidate| root.join(candidate))
        .find(|path| path.is_file())
}

/// Shows discovered files relative to the working directory when possible.
fn display_name(path: &Path, _root: Option<&Path>) -> String {
    let cwd = std::env::current_dir().ok();
    cwd.as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}
