//! Errors that stop a run (exit code 2): bad usage, broken configuration, git or I/O trouble.
//!
//! Findings about the change itself are not errors; they live in `finding`. Every message here
//! says what went wrong, where, and what to do next.

use std::fmt;
use std::path::PathBuf;

/// One problem in a configuration or rule file, located at `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file as the user would name it (`.whylint.yml`, or `rules/default.yml` for a built-in pack).
    pub file: String,
    /// 1-based line; 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (line, 0) => write!(f, "{}:{}: {}", self.file, line, self.message),
            (line, column) => write!(f, "{}:{}:{}: {}", self.file, line, column, self.message),
        }
    }
}

/// Everything that makes whylint give up with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in configuration or rule files, all reported together.
    #[error("{}", render_config_problems(.0))]
    Config(Vec<ConfigProblem>),

    /// A file could not be read or written.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// Writing the report failed (other than a closed pipe, which is not an error).
    #[error("cannot write the report: {0}")]
    Output(#[source] std::io::Error),

    /// A git operation failed; `context` says which and how to recover.
    #[error("{context}: {source}")]
    Git {
        /// What whylint was doing, and what to try.
        context: String,
        /// What libgit2 said.
        source: git2::Error,
    },

    /// The request cannot be carried out as given (unknown rule id, bad argument combination, …).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// A git error with a sentence of context.
    pub fn git(context: impl Into<String>, source: git2::Error) -> Self {
        Error::Git {
            context: context.into(),
            source,
        }
    }
}

fn render_config_problems(problems: &[ConfigProblem]) -> String {
    let mut out = String::new();
    for problem in problems {
        out.push_str(&problem.to_string());
        out.push('\n');
    }
    let count = problems.len();
    out.push_str(&format!(
        "{count} problem{} in the configuration; fix {} and run again (`whylint rules` shows the rules in effect)",
        if count == 1 { "" } else { "s" },
        if count == 1 { "it" } else { "them" }
    ));
    out
}

/// Result alias for whylint's library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
