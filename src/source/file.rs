//! Reading a commit message or description from a file or standard input, and writing the
//! files whylint makes (never through a symbolic link).

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a text comes from: a path, or `-` for standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextSource {
    /// Standard input.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl TextSource {
    /// `-` means standard input.
    pub fn from_arg(arg: &Path) -> TextSource {
        if arg.as_os_str() == "-" {
            TextSource::Stdin
        } else {
            TextSource::Path(arg.to_path_buf())
        }
    }

    /// How to name it in output.
    pub fn display(&self) -> String {
        match self {
            TextSource::Stdin => "-".to_owned(),
            TextSource::Path(path) => path.display().to_string(),
        }
    }

    /// Reads all bytes.
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            TextSource::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|source| Error::Io {
                        action: "read",
                        path: PathBuf::from("<stdin>"),
                        source,
                    })?;
                Ok(bytes)
            }
            TextSource::Path(path) => read_bytes(path),
        }
    }

    /// True when this is git's commit message file (`.git/COMMIT_EDITMSG`), i.e. we run as a
    /// commit-msg hook and a rejected message must be recoverable.
    pub fn is_commit_editmsg(&self) -> bool {
        matches!(self, TextSource::Path(path) if path.file_name().is_some_and(|name| name == "COMMIT_EDITMSG"))
    }
}

/// Reads a whole file, with an error that names it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })
}

/// Where the symbolic link at `path` points, when there is one (dangling or not).
pub fn link_target(path: &Path) -> Option<PathBuf> {
    std::fs::symlink_metadata(path)
        .ok()
        .filter(|meta| meta.file_type().is_symlink())
        .map(|_| std::fs::read_link(path).unwrap_or_default())
}

/// whylint writes files, never through symbolic links: one at `path` is an error that names it
/// and its target. (Only the last component: a linked directory on the way is the user's
/// layout.)
pub fn refuse_link(path: &Path) -> Result<()> {
    match link_target(path) {
        Some(target) => Err(Error::Usage(format!(
            "`{}` is a symbolic link to `{}`; whylint does not write through links. Remove the link, or write to another path, and run again",
            path.display(),
            target.display()
        ))),
        None => Ok(()),
    }
}

/// Creates (or empties) `path` for writing a report, and any missing directory on the way; a
/// symbolic link at `path` is refused.
pub fn create(path: &Path) -> Result<std::fs::File> {
    refuse_link(path)?;
    create_parents(path)?;
    std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .open(path)
        .map_err(|source| Error::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
}

/// Creates the directories above `path` that are missing.
fn create_parents(path: &Path) -> Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            action: "create the directory",
            path: parent.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// Writes `text` to `path`, creating parent directories; a symbolic link at `path` is refused.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    refuse_link(path)?;
    create_parents(path)?;
    std::fs::write(path, text).map_err(|source| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

/// Asks a yes/no question on the terminal; `false` when standard input is not a terminal.
pub fn confirm(question: &str) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return false;
    }
    let mut err = std::io::stderr();
    if write!(err, "{question} [y/N] ")
        .and_then(|()| err.flush())
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).is_ok()
        && matches!(answer.trim(), "y" | "Y" | "yes")
}
