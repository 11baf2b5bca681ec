//! The repository's git hooks: where git looks for them, and installing whylint's next to (not
//! over) the ones already there.
//!
//! The hooks directory is the one git itself uses (`git rev-parse --git-path hooks`, which
//! honours `core.hooksPath` and worktrees). An existing hook is moved aside to
//! `<name>.whylint-chained` and run first by ours, with its exit status respected; uninstalling
//! moves it back, byte for byte.
//!
//! whylint's own hook is recognised by its content, so an edited one is never chained to
//! itself: it is kept as `<name>.whylint-backup` instead, and the script refuses at run time to
//! run a chained hook that leads back to itself. A symbolic link in a hook slot is never written
//! through: a link to another hook is moved aside as a link, anything else is refused. An empty
//! `core.hooksPath` is refused (git would look in the top of the working tree).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The hooks whylint installs.
pub const HOOKS: &[&str] = &["commit-msg", "prepare-commit-msg"];

/// The line that marks a hook file as whylint's.
pub const MARKER: &str =
    "# Installed by whylint: `whylint hook uninstall` restores the hook that was here before.";

/// Which hooks a reopening command skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// None: the message is checked again.
    Nothing,
    /// The commit-msg hooks (`--no-verify`): for when the hook itself is what is broken.
    CommitMsgHooks,
    /// Every hook: `--no-verify` does not skip prepare-commit-msg.
    AllHooks,
}

/// The command that reopens the message git keeps in `COMMIT_EDITMSG` after a hook refused it
/// (from any directory of the repository, worktrees included). `keep_comment_lines`: git was
/// going to keep lines that look like comments (`-m "#42 Fix crash"`, no editor), so the
/// command keeps them too (`--cleanup=scissors` keeps them and drops only git's help text below
/// its scissors line); otherwise git's default for an editor applies.
pub fn reopen_command(skip: Skip, keep_comment_lines: bool) -> String {
    let (before, after) = match skip {
        Skip::Nothing => ("", ""),
        Skip::CommitMsgHooks => ("", " --no-verify"),
        Skip::AllHooks => (" -c core.hooksPath=/dev/null", ""),
    };
    let cleanup = if keep_comment_lines {
        " --cleanup=scissors"
    } else {
        ""
    };
    format!(
        r#"git{before} commit{after}{cleanup} -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)""#
    )
}

/// What a hook slot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookState {
    /// Nothing.
    Absent,
    /// whylint's hook, as whylint wrote it; `true` when it chains a hook that was there before.
    Ours {
        /// A previous hook is kept and run first.
        chained: bool,
    },
    /// whylint's hook (recognised by its content), changed by hand since: kept in a backup file
    /// before whylint replaces or removes it.
    Edited {
        /// A previous hook is kept and run first.
        chained: bool,
    },
    /// Somebody else's hook.
    Foreign,
    /// A symbolic link: whylint never writes through one.
    Link {
        /// Where it points, as written in the link.
        target: PathBuf,
        /// What is at the other end.
        to: LinkTo,
    },
}

/// What a symbolic link in a hook slot points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTo {
    /// Nothing: the link dangles.
    Nothing,
    /// A whylint hook (edited or not).
    Whylint,
    /// Somebody else's hook.
    Other,
}

/// The hooks directory git uses for the repository in `dir`.
pub fn hooks_dir(dir: &Path) -> Result<PathBuf> {
    if hooks_path_setting(dir).is_some_and(|value| value.is_empty()) {
        return Err(Error::Usage(
            "`core.hooksPath` is set to an empty value, so git runs no hooks at all (neither the ones in `.git/hooks` nor files at the top of the working tree): hooks whylint installed would never run. Unset it (`git config --unset core.hooksPath`) or set it to a directory, and run again".into(),
        ));
    }
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

/// The `core.hooksPath` setting, when there is one (husky and lefthook set it); `Some("")` when
/// it is set to nothing.
pub fn hooks_path_setting(dir: &Path) -> Option<String> {
    // A hint only: `hooks_dir` runs git just after and reports a git that hangs.
    let output = super::process::output(
        Command::new("git")
            .args(["config", "--get", "core.hooksPath"])
            .current_dir(dir),
        super::process::QUICK,
    )
    .ok()?
    .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Where a hook that was there before whylint is kept.
pub fn chained_path(hooks: &Path, name: &str) -> PathBuf {
    hooks.join(format!("{name}.whylint-chained"))
}

/// What the slot `name` in `hooks` holds. A symbolic link is reported as one, never followed
/// for writing.
pub fn state(hooks: &Path, name: &str) -> HookState {
    let path = hooks.join(name);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return HookState::Absent;
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(&path).unwrap_or_default();
        let to = match std::fs::read(&path) {
            Err(_) => LinkTo::Nothing,
            Ok(bytes) if kind_of(&bytes, name) == Kind::Foreign => LinkTo::Other,
            Ok(_) => LinkTo::Whylint,
        };
        return HookState::Link { target, to };
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return HookState::Foreign;
    };
    let chained = present(&chained_path(hooks, name));
    match kind_of(&bytes, name) {
        Kind::Pristine => HookState::Ours { chained },
        Kind::Edited => HookState::Edited { chained },
        Kind::Foreign => HookState::Foreign,
    }
}

/// How a hook file's content relates to whylint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Exactly what `script` writes.
    Pristine,
    /// A whylint hook, changed since (or written by another whylint version).
    Edited,
    /// Not whylint's.
    Foreign,
}

/// Recognises whylint's hook by what it does (runs a `.whylint-chained` hook, or carries the
/// marker), not only by the marker line, which an edit can remove.
fn kind_of(bytes: &[u8], name: &str) -> Kind {
    let text = String::from_utf8_lossy(bytes);
    if !text.contains(MARKER) && !text.contains(".whylint-chained") {
        return Kind::Foreign;
    }
    let binary = text.lines().find_map(|line| {
        line.strip_prefix("whylint='")
            .and_then(|rest| rest.strip_suffix('\''))
            .map(|quoted| quoted.replace(r"'\''", "'"))
    });
    match binary {
        Some(binary) if text == script(name, Path::new(&binary)) => Kind::Pristine,
        _ => Kind::Edited,
    }
}

/// Whether anything (a dangling link included) is at `path`.
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
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
    let (written, skip_intro, skip) = match name {
        "prepare-commit-msg" => (
            r#"[ -n "$2" ] && [ "$2" != template ]"#,
            "or commit it now without any hooks:",
            Skip::AllHooks,
        ),
        _ => (
            "true",
            "or commit it now without the commit-msg hooks:",
            Skip::CommitMsgHooks,
        ),
    };
    // git sets `GIT_EDITOR=:` for a commit without an editor, whose comment-looking lines it
    // keeps: then a message with a line that may be one (any comment character is punctuation)
    // is reopened keeping them.
    let reopen = |keep| reopen_command(Skip::Nothing, keep);
    let skipping = |keep| reopen_command(skip, keep);
    let (reopen_keep, reopen_strip, skip_keep, skip_strip) =
        (reopen(true), reopen(false), skipping(true), skipping(false));
    let on_failure = format!(
        r#"{{
    status=$?
    if {written}; then
      echo "whylint: the {name} hook that was here before ($chained) failed (exit $status), so git did not commit. Your message is kept; once that hook works again, reopen it with:" >&2
      if [ "${{GIT_EDITOR-}}" = : ] && grep -q '^[[:punct:]]' "$1" 2>/dev/null; then
        echo '  {reopen_keep}' >&2
        echo '{skip_intro}' >&2
        echo '  {skip_keep}' >&2
      else
        echo '  {reopen_strip}' >&2
        echo '{skip_intro}' >&2
        echo '  {skip_strip}' >&2
      fi
    fi
    exit $status
  }}"#
    );
    let on_failure = on_failure.replace('\n', "\n  ");
    let binary = binary.display().to_string().replace('\'', r"'\''");
    format!(
        r#"#!/bin/sh
{MARKER}
# A hook that was here before runs first; if it fails, so does the commit. It runs once: a
# chained hook that leads back here is skipped, not run again.
chained="$(dirname "$0")/{name}.whylint-chained"
if [ -x "$chained" ]; then
  if [ "${{WHYLINT_CHAINED_HOOK-}}" = "$chained" ]; then
    echo "whylint: $chained leads back to itself, so it is not run again; \`whylint hook install\` repairs the hooks" >&2
  else
    WHYLINT_CHAINED_HOOK="$chained" "$chained" "$@" || {on_failure}
  fi
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

/// What `install` found and did in one hook slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// What the slot held before.
    pub before: HookState,
    /// Edited whylint hooks moved aside rather than lost (the slot's, or a chained copy of
    /// whylint's own hook, which would only run itself).
    pub backups: Vec<PathBuf>,
}

/// Installs hook `name`, keeping a foreign hook (or a link to one, moved as a link) as the
/// chained one, and an edited whylint hook as a backup. Refuses a link to nothing or to a
/// whylint hook rather than write through it.
pub fn install(hooks: &Path, name: &str, binary: &Path) -> Result<Installed> {
    std::fs::create_dir_all(hooks).map_err(|source| io_error("write", hooks, source))?;
    let path = hooks.join(name);
    let chained = chained_path(hooks, name);
    let before = state(hooks, name);
    let mut backups = Vec::new();
    match &before {
        HookState::Link { target, to } if *to != LinkTo::Other => {
            let what = if *to == LinkTo::Nothing {
                "which does not exist"
            } else {
                "a whylint hook"
            };
            return Err(Error::Usage(format!(
                "`{}` is a symbolic link to `{}`, {what}; whylint does not write through links. Remove the link (or replace it with the hook it should be) and run `whylint hook install` again",
                path.display(),
                target.display()
            )));
        }
        HookState::Foreign | HookState::Link { .. } => {
            if present(&chained) {
                return Err(Error::Usage(format!(
                    "`{}` already exists; whylint will not overwrite a hook it kept. Move it away and run again",
                    chained.display()
                )));
            }
            // `rename` moves a symbolic link itself, never what it points at.
            std::fs::rename(&path, &chained)
                .map_err(|source| io_error("write", &chained, source))?;
        }
        HookState::Edited { .. } => backups.push(back_up(hooks, name)?),
        HookState::Absent | HookState::Ours { .. } => {}
    }
    // A chained copy of whylint's own hook (left by an older install) would only run itself.
    if std::fs::symlink_metadata(&chained).is_ok_and(|meta| meta.is_file())
        && std::fs::read(&chained).is_ok_and(|bytes| kind_of(&bytes, name) != Kind::Foreign)
    {
        let backup = free_backup_path(hooks, name);
        std::fs::rename(&chained, &backup).map_err(|source| io_error("write", &backup, source))?;
        backups.push(backup);
    }
    write_new(&path, &script(name, binary))?;
    Ok(Installed { before, backups })
}

/// What `uninstall` did in one hook slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uninstalled {
    /// Not whylint's hook (or a link): left as it is.
    LeftAlone(HookState),
    /// whylint's hook removed; `restored` when the hook from before is back.
    Removed {
        /// The chained hook was put back.
        restored: bool,
        /// Where an edited whylint hook was kept.
        backup: Option<PathBuf>,
    },
}

/// Removes whylint's hook `name` (keeping a copy when it was edited) and puts back the one it
/// chained, if any. Links and other hooks are left alone.
pub fn uninstall(hooks: &Path, name: &str) -> Result<Uninstalled> {
    let path = hooks.join(name);
    let (chained, backup) = match state(hooks, name) {
        HookState::Ours { chained } => {
            std::fs::remove_file(&path).map_err(|source| io_error("write", &path, source))?;
            (chained, None)
        }
        HookState::Edited { chained } => (chained, Some(back_up(hooks, name)?)),
        other => return Ok(Uninstalled::LeftAlone(other)),
    };
    if chained {
        let kept = chained_path(hooks, name);
        std::fs::rename(&kept, &path).map_err(|source| io_error("write", &path, source))?;
    }
    Ok(Uninstalled::Removed {
        restored: chained,
        backup,
    })
}

/// Moves the hook in slot `name` to a backup file nothing else uses, and returns its path.
fn back_up(hooks: &Path, name: &str) -> Result<PathBuf> {
    let path = hooks.join(name);
    let backup = free_backup_path(hooks, name);
    std::fs::rename(&path, &backup).map_err(|source| io_error("write", &backup, source))?;
    Ok(backup)
}

/// `<name>.whylint-backup`, or `.whylint-backup.2`, `.3`, … when taken: where `hook install`
/// would keep the file now at `<name>`.
pub fn free_backup_path(hooks: &Path, name: &str) -> PathBuf {
    let first = hooks.join(format!("{name}.whylint-backup"));
    if !present(&first) {
        return first;
    }
    (2u32..)
        .map(|n| hooks.join(format!("{name}.whylint-backup.{n}")))
        .find(|candidate| !present(candidate))
        .unwrap_or(first)
}

/// Writes an executable file at `path` without following any link: the text goes into a new
/// file beside it, which then replaces whatever is at `path`.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".whylint-new");
    let temporary = PathBuf::from(temporary);
    if present(&temporary) {
        std::fs::remove_file(&temporary).map_err(|source| io_error("write", &temporary, source))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o755);
    let written = options
        .open(&temporary)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(io_error("write", &temporary, source));
    }
    make_executable(&temporary)?;
    std::fs::rename(&temporary, path).map_err(|source| io_error("write", path, source))
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
