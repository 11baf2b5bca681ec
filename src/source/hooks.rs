//! The repository's git hooks: where git looks for them, and installing whylint's next to (not
//! over) the ones already there.
//!
//! The hooks directory is the one git itself uses (`git rev-parse --git-path hooks`, which
//! honours `core.hooksPath` and worktrees). An existing hook is moved aside to
//! `<name>.whylint-chained` and run first by ours, with its exit status respected; uninstalling
//! moves it back, byte for byte.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The hooks whylint installs.
pub const HOOKS: &[&str] = &["commit-msg", "prepare-commit-msg"];

/// The line that marks a hook file as whylint's.
pub const MARKER: &str =
    "# Installed by whylint: `whylint hook uninstall` restores the hook that was here before.";

/// Reopens the message git keeps in `COMMIT_EDITMSG` after the commit-msg hook refused it (from
/// any directory of the repository, worktrees included).
pub const REOPEN_MESSAGE: &str = r#"git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#;

/// The same, skipping the commit-msg hook: for when the hook itself is what is broken.
pub const REOPEN_WITHOUT_COMMIT_MSG_HOOK: &str =
    r#"git commit --no-verify -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#;

/// The same, skipping every hook: `--no-verify` does not skip prepare-commit-msg.
pub const REOPEN_WITHOUT_ANY_HOOK: &str =
    r#"git -c core.hooksPath=/dev/null commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#;

/// What a hook slot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookState {
    /// Nothing.
    Absent,
    /// whylint's hook; `true` when it chains a hook that was there before.
    Ours {
        /// A previous hook is kept and run first.
        chained: bool,
    },
    /// Somebody else's hook.
    Foreign,
}

/// The hooks directory git uses for the repository in `dir`.
pub fn hooks_dir(dir: &Path) -> Result<PathBuf> {
    let output = super::process::output(
        Command::new("git")
            .args(["rev-parse", "--git-path", "hooks"])
            .current_dir(dir),
        super::process::QUICK,
    )?
    .map_err(|error| {
        Error::Usage(format!(
            "cannot run git to find the hooks directory: {error}"
        ))
    })?;
    if !output.status.success() {
        return Err(Error::Usage(format!(
            "cannot find the git hooks directory here: {}; run this inside a git repository",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    Ok(if path.is_absolute() {
        path
    } else {
        dir.join(path)
    })
}

/// The `core.hooksPath` setting, when there is one (husky and lefthook set it).
pub fn hooks_path_setting(dir: &Path) -> Option<String> {
    // A hint only: `hooks_dir` ran git just before and reports a git that hangs.
    let output = super::process::output(
        Command::new("git")
            .args(["config", "--get", "core.hooksPath"])
            .current_dir(dir),
        super::process::QUICK,
    )
    .ok()?
    .ok()?;
    let value = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !value.is_empty()).then_some(value)
}

/// Where a hook that was there before whylint is kept.
pub fn chained_path(hooks: &Path, name: &str) -> PathBuf {
    hooks.join(format!("{name}.whylint-chained"))
}

/// What the slot `name` in `hooks` holds.
pub fn state(hooks: &Path, name: &str) -> HookState {
    let path = hooks.join(name);
    match std::fs::read(&path) {
        Err(_) => HookState::Absent,
        Ok(bytes) if String::from_utf8_lossy(&bytes).contains(MARKER) => HookState::Ours {
            chained: chained_path(hooks, name).exists(),
        },
        Ok(_) => HookState::Foreign,
    }
}

/// The script for hook `name`, running `whylint` at `binary`.
pub fn script(name: &str, binary: &Path) -> String {
    let command = match name {
        "prepare-commit-msg" => "prepare \"$@\"",
        _ => "msg \"$1\"",
    };
    // When the chained hook fails, git refuses the commit with only that hook's words; say
    // that a message already written is kept, and how to commit it. (prepare-commit-msg runs
    // before the editor: only a `-m`/`-F` message, merge or amend is there yet.)
    let (written, skip_intro, skip_command) = match name {
        "prepare-commit-msg" => (
            r#"[ -n "$2" ] && [ "$2" != template ]"#,
            "or commit it now without any hooks:",
            REOPEN_WITHOUT_ANY_HOOK,
        ),
        _ => (
            "true",
            "or commit it now without the commit-msg hooks:",
            REOPEN_WITHOUT_COMMIT_MSG_HOOK,
        ),
    };
    let on_failure = format!(
        r#"{{
    status=$?
    if {written}; then
      echo "whylint: the {name} hook that was here before ($chained) failed (exit $status), so git did not commit. Your message is kept; once that hook works again, reopen it with:" >&2
      echo '  {REOPEN_MESSAGE}' >&2
      echo '{skip_intro}' >&2
      echo '  {skip_command}' >&2
    fi
    exit $status
  }}"#
    );
    let binary = binary.display().to_string().replace('\'', r"'\''");
    format!(
        r#"#!/bin/sh
{MARKER}
# A hook that was here before runs first; if it fails, so does the commit.
chained="$(dirname "$0")/{name}.whylint-chained"
if [ -x "$chained" ]; then
  "$chained" "$@" || {on_failure}
fi
whylint='{binary}'
if [ ! -x "$whylint" ]; then
  whylint=$(command -v whylint) || {{
    echo "whylint: not found (was '{binary}'); skipping the {name} check. Reinstall: whylint hook install" >&2
    exit 0
  }}
fi
exec "$whylint" {command}
"#
    )
}

/// Installs hook `name`, keeping a foreign hook as the chained one.
pub fn install(hooks: &Path, name: &str, binary: &Path) -> Result<HookState> {
    std::fs::create_dir_all(hooks).map_err(|source| io_error("write", hooks, source))?;
    let path = hooks.join(name);
    let before = state(hooks, name);
    if before == HookState::Foreign {
        let chained = chained_path(hooks, name);
        if chained.exists() {
            return Err(Error::Usage(format!(
                "`{}` already exists; whylint will not overwrite a hook it kept. Move it away and run again",
                chained.display()
            )));
        }
        std::fs::rename(&path, &chained).map_err(|source| io_error("write", &chained, source))?;
    }
    std::fs::write(&path, script(name, binary))
        .map_err(|source| io_error("write", &path, source))?;
    make_executable(&path)?;
    Ok(before)
}

/// Removes whylint's hook `name` and puts back the one it chained, if any. Returns whether
/// anything changed.
pub fn uninstall(hooks: &Path, name: &str) -> Result<bool> {
    let path = hooks.join(name);
    let HookState::Ours { chained } = state(hooks, name) else {
        return Ok(false);
    };
    std::fs::remove_file(&path).map_err(|source| io_error("write", &path, source))?;
    if chained {
        let kept = chained_path(hooks, name);
        std::fs::rename(&kept, &path).map_err(|source| io_error("write", &path, source))?;
    }
    Ok(true)
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = std::fs::metadata(path)
        .map_err(|source| io_error("read", path, source))?
        .permissions();
    permissions.set_mode(permissions.mode() | 0o755);
    std::fs::set_permissions(path, permissions).map_err(|source| io_error("write", path, source))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}
