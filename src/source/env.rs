//! Environment variables whylint honours, read in one place.

use std::io::IsTerminal;

/// `WHYLINT_CONFIG`: a config file to use instead of discovery.
pub fn config_path() -> Option<std::path::PathBuf> {
    std::env::var_os("WHYLINT_CONFIG")
        .filter(|value| !value.is_empty())
        .map(std::path::PathBuf::from)
}

/// `WHYLINT_TIMEOUT=SECONDS`: the longest any command whylint starts (`git fetch`, `gh api`)
/// may run before it is stopped; `None` when unset (each command has its own default).
pub fn timeout() -> crate::error::Result<Option<std::time::Duration>> {
    let Some(value) = std::env::var_os("WHYLINT_TIMEOUT").filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| seconds.is_finite() && (1.0..=86_400.0).contains(seconds))
        .map(|seconds| Some(std::time::Duration::from_secs_f64(seconds)))
        .ok_or_else(|| {
            crate::error::Error::Usage(format!(
                "WHYLINT_TIMEOUT=`{text}` is not a number of seconds between 1 and 86400; set it to, say, `120`, or unset it for the defaults"
            ))
        })
}

/// `WHYLINT_DEBUG_PANIC=1`, debug builds only: panic at the start of a run, so tests can show
/// that a crash in the commit-msg hook loses nothing.
#[cfg(debug_assertions)]
pub fn debug_panic_requested() -> bool {
    std::env::var_os("WHYLINT_DEBUG_PANIC").is_some_and(|value| value == "1")
}

/// The user's colour choice from `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set =
                |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if set("CLICOLOR_FORCE") {
                true
            } else {
                std::io::stdout().is_terminal()
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// `PRE_COMMIT_COMMIT_MSG_SOURCE`: the prepare-commit-msg source when run by pre-commit.
pub fn pre_commit_message_source() -> Option<String> {
    std::env::var("PRE_COMMIT_COMMIT_MSG_SOURCE")
        .ok()
        .filter(|v| !v.is_empty())
}

/// Whether standard error is a terminal (progress bars go there only then).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Whether standard output is a regular file (`whylint … > report.json`): a CI runner never
/// reads it as a log.
pub fn stdout_is_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .and_then(|fd| std::fs::File::from(fd).metadata().ok())
            .is_some_and(|meta| meta.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Today's date in UTC, from the system clock.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}
