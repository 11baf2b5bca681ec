//! `whylint hook install|uninstall|status`: the commit-msg and prepare-commit-msg hooks, in the
//! hooks directory git actually uses, chained after any hook already there.

use super::stdout;
use crate::Outcome;
use crate::cli::{Global, HookAction, HookArgs};
use crate::error::{Error, Result};
use crate::report::plain;
use crate::source::git::Repo;
use crate::source::hooks::{self, HookState, LinkTo, Uninstalled};

/// Runs `whylint hook`.
pub fn run(_global: &Global, args: &HookArgs) -> Result<Outcome> {
    let cwd = std::env::current_dir()
        .map_err(|e| Error::Usage(format!("cannot read the working directory: {e}")))?;
    let hooks_dir = hooks::hooks_dir(&cwd)?;
    let mut lines = Vec::new();
    match &args.action {
        HookAction::Install { force } => {
            if let Some(manager) = hook_manager(&cwd)
                && !force
            {
                return Err(Error::Usage(manager));
            }
            let binary = std::env::current_exe().map_err(|e| {
                Error::Usage(format!("cannot tell where the whylint binary is: {e}"))
            })?;
            for name in hooks::HOOKS {
                let installed = hooks::install(&hooks_dir, name, &binary)?;
                let path = hooks_dir.join(name);
                lines.push(match &installed.before {
                    HookState::Foreign => format!(
                        "installed {} — your previous {name} hook is kept as {name}.whylint-chained and runs first",
                        path.display()
                    ),
                    HookState::Link { target, .. } => format!(
                        "installed {} — the symbolic link that was there (to {}) is moved, as a link, to {name}.whylint-chained and what it points at runs first",
                        path.display(),
                        target.display()
                    ),
                    HookState::Ours { .. } | HookState::Edited { .. } => {
                        format!("updated {}", path.display())
                    }
                    HookState::Absent => format!("installed {}", path.display()),
                });
                lines.extend(installed.backups.iter().map(|backup| backup_line(backup)));
            }
            lines.push("Next: commit as usual; a message that does not say why is rejected, and kept for you to edit.".into());
        }
        HookAction::Uninstall => {
            for name in hooks::HOOKS {
                match hooks::uninstall(&hooks_dir, name)? {
                    Uninstalled::Removed { restored, backup } => {
                        lines.push(if restored {
                            format!("removed whylint's {name} hook and restored the one that was there before")
                        } else {
                            format!("removed whylint's {name} hook")
                        });
                        lines.extend(backup.as_deref().map(backup_line));
                    }
                    Uninstalled::LeftAlone(HookState::Link { target, .. }) => lines.push(format!(
                        "{name}: a symbolic link to {}, not whylint's to remove; left as it is",
                        target.display()
                    )),
                    Uninstalled::LeftAlone(_) => {
                        lines.push(format!("{name}: not installed by whylint, left as it is"));
                    }
                }
            }
        }
        HookAction::Status => {
            lines.push(format!("hooks directory: {}", hooks_dir.display()));
            for name in hooks::HOOKS {
                lines.push(match hooks::state(&hooks_dir, name) {
                    HookState::Absent => format!("{name}: not installed"),
                    HookState::Ours { chained: false } => format!("{name}: whylint"),
                    HookState::Ours { chained: true } => {
                        format!("{name}: whylint, after the hook that was there before")
                    }
                    HookState::Edited { chained } => format!(
                        "{name}: whylint's, edited by hand{} (`whylint hook install` keeps your version as {})",
                        if chained { ", after the hook that was there before" } else { "" },
                        hooks::free_backup_path(&hooks_dir, name)
                            .file_name()
                            .map_or_else(String::new, |file| file.to_string_lossy().into_owned())
                    ),
                    HookState::Foreign => format!(
                        "{name}: another hook (`whylint hook install` keeps it and runs it first)"
                    ),
                    HookState::Link { target, to } => format!(
                        "{name}: a symbolic link to {}{}",
                        target.display(),
                        match to {
                            LinkTo::Nothing => ", which does not exist (`whylint hook install` refuses to write through it)",
                            LinkTo::Whylint => ", a whylint hook (`whylint hook install` refuses to write through it)",
                            LinkTo::Other => " (`whylint hook install` moves the link aside and runs what it points at first)",
                        }
                    ),
                });
            }
            if let Some(manager) = hook_manager(&cwd) {
                lines.push(manager);
            }
        }
    }
    plain::lines(stdout(), &lines).map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

/// Says where an edited whylint hook went, so no edit is lost silently.
fn backup_line(backup: &std::path::Path) -> String {
    format!(
        "kept the whylint hook that was there as {} (it differs from what this whylint writes: edited by hand, or written by another version; compare and carry your changes over)",
        backup.display()
    )
}

/// When husky or lefthook own the hooks, how to add whylint to them instead.
fn hook_manager(cwd: &std::path::Path) -> Option<String> {
    let root = Repo::open_from_env()
        .map(|repo| repo.root())
        .unwrap_or_else(|| cwd.to_path_buf());
    let setting = hooks::hooks_path_setting(cwd).unwrap_or_default();
    if setting.contains(".husky") || root.join(".husky").is_dir() {
        return Some(
            "husky manages this repository's hooks (core.hooksPath); add whylint to it instead:\n  echo 'whylint msg \"$1\"' > .husky/commit-msg\n(`whylint hook install --force` writes into the hooks directory anyway)".into(),
        );
    }
    if ["lefthook.yml", ".lefthook.yml", "lefthook.yaml"]
        .iter()
        .any(|f| root.join(f).is_file())
    {
        return Some(
            "lefthook manages this repository's hooks; add whylint to lefthook.yml instead:\n  commit-msg:\n    commands:\n      whylint:\n        run: whylint msg {1}\n(`whylint hook install --force` writes into the hooks directory anyway)".into(),
        );
    }
    None
}
