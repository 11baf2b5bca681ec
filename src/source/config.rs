//! Finding and reading the project's configuration file.
//!
//! Order: `--config FILE`, then `WHYLINT_CONFIG`, then the first of `.whylint.yml`,
//! `.whylint.yaml`, `.github/whylint.yml`, `.config/whylint.yml` in the repository root (or the
//! working directory outside a repository). No file: the built-in `default` pack.

use super::file::read_bytes;
use crate::error::{Error, Result};
use crate::parse::decode::utf8_lossy;
use std::path::{Path, PathBuf};

/// File names searched for, in order.
pub const CANDIDATES: &[&str] = &[
    ".whylint.yml",
    ".whylint.yaml",
    ".github/whylint.yml",
    ".config/whylint.yml",
];

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
    let bytes = read_bytes(&path)?;
    let decoded = utf8_lossy(&bytes);
    if decoded.lossy {
        return Err(Error::Usage(format!(
            "config file `{}` is not valid UTF-8; save it as UTF-8",
            path.display()
        )));
    }
    Ok(Some(ConfigText {
        name: display_name(&path, root),
        text: decoded.text.into_owned(),
    }))
}

/// Reads the configuration as it is at git revision `rev` (`--config-from`), so that a pull
/// request cannot change the rules it is checked against.
pub fn load_from_revision(repo: &super::git::Repo, rev: &str) -> Result<Option<ConfigText>> {
    for candidate in CANDIDATES {
        if let Some(bytes) = repo.file_at(rev, candidate)? {
            let decoded = utf8_lossy(&bytes);
            if decoded.lossy {
                return Err(Error::Usage(format!(
                    "`{rev}:{candidate}` is not valid UTF-8; save it as UTF-8"
                )));
            }
            return Ok(Some(ConfigText {
                name: format!("{rev}:{candidate}"),
                text: decoded.text.into_owned(),
            }));
        }
    }
    Ok(None)
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
