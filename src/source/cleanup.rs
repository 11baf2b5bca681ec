//! How git will clean up the message a commit-msg hook is looking at, so the hook reads comment
//! lines as git will.
//!
//! git runs the commit-msg hook on the message *before* cleaning it up, whatever the mode (seen
//! with git 2.47: a copy of the hook's file holds `#` lines and git's help text in every case).
//! Whether `#` lines are then dropped depends on the cleanup mode, and the default mode depends
//! on whether an editor was used: `strip` with one, `whitespace` without (`-m`, `-F`). git tells
//! its hooks which: it sets `GIT_EDITOR=:` for a commit that opens no editor. The mode itself
//! comes from `--cleanup` on git's command line (read from `/proc/<git's pid>/cmdline` where there
//! is one, as the hook's parent is `git commit`), else `commit.cleanup`, else `default`.
//!
//! This module only gathers those facts; `parse::message` does the cleaning.

use crate::parse::message::{self, CommentStyle};
use crate::source::git::Repo;

/// What git will do with comment lines of the message being committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentLines {
    /// Dropped (`strip`, or `default` with an editor): the repository's comment style applies.
    Dropped,
    /// Kept (`whitespace`, `verbatim`, `scissors`, or `default` without an editor); with an
    /// editor, git still cuts the message at its scissors line.
    Kept {
        /// An editor was used, so git's scissors line (if any) ends the message.
        editor: bool,
    },
}

/// What git will do with comment lines when the running process is its commit-msg hook.
pub fn for_commit_msg_hook(repo: Option<&Repo>) -> CommentLines {
    let editor = std::env::var_os("GIT_EDITOR").is_none_or(|value| value != ":");
    let mode = git_command_line()
        .and_then(|args| cleanup_from_args(&args))
        .or_else(|| repo.and_then(|repo| repo.config_string("commit.cleanup")))
        .unwrap_or_else(|| "default".to_owned());
    comment_lines(&mode, editor)
}

/// Whether a command that reopens `text` must keep its comment-looking lines: git was going to
/// keep them (`lines`), and `text` has some that an editor's default cleanup would drop.
pub fn must_keep_comment_lines(text: &str, comment: &CommentStyle, lines: CommentLines) -> bool {
    matches!(lines, CommentLines::Kept { .. })
        && message::clean(text, comment).len()
            != message::clean(text, &CommentStyle::Verbatim).len()
}

/// The same for the message file of a hook that stopped on an error: read it again, as there
/// was no parsed message to ask.
pub fn file_must_keep_comment_lines(path: &std::path::Path) -> bool {
    let repo = Repo::open_from_env();
    let comment = repo
        .as_ref()
        .map_or_else(|| CommentStyle::Prefix("#".into()), Repo::comment_style);
    let text = std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    must_keep_comment_lines(&text, &comment, for_commit_msg_hook(repo.as_ref()))
}

/// git's rule, from `git commit --cleanup`'s documentation.
fn comment_lines(mode: &str, editor: bool) -> CommentLines {
    match mode.to_ascii_lowercase().as_str() {
        "strip" => CommentLines::Dropped,
        "whitespace" | "verbatim" | "scissors" => CommentLines::Kept { editor },
        _ if editor => CommentLines::Dropped,
        _ => CommentLines::Kept { editor },
    }
}

/// The parent process's arguments when it is `git` (Linux: `/proc`); `None` elsewhere.
fn git_command_line() -> Option<Vec<String>> {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        let bytes = std::fs::read(format!("/proc/{parent}/cmdline")).ok()?;
        let args: Vec<String> = bytes
            .split(|byte| *byte == 0)
            .map(|arg| String::from_utf8_lossy(arg).into_owned())
            .collect();
        let program = std::path::Path::new(args.first()?).file_name()?;
        (program == "git").then_some(args)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The cleanup mode named on a `git … commit …` command line: `--cleanup=MODE`, `--cleanup MODE`
/// (or an abbreviation git accepts, such as `--clean=MODE`), or `-c commit.cleanup=MODE` before
/// the subcommand. The last one wins, as in git. `None` when the line is not `git commit` or
/// names no mode.
fn cleanup_from_args(args: &[String]) -> Option<String> {
    let commit = args.iter().position(|arg| arg == "commit")?;
    let mut mode = None;
    let mut global = args[1..commit].iter();
    while let Some(arg) = global.next() {
        if arg == "-c"
            && let Some((key, value)) = global.next().and_then(|pair| pair.split_once('='))
            && key.eq_ignore_ascii_case("commit.cleanup")
        {
            mode = Some(value.to_owned());
        }
    }
    // Options of `git commit` whose value is the next argument: a message such as
    // `-m --cleanup=verbatim` is not an option.
    const TAKES_VALUE: &[&str] = &[
        "--message",
        "--file",
        "--author",
        "--date",
        "--template",
        "--reuse-message",
        "--reedit-message",
        "--fixup",
        "--squash",
        "--trailer",
        "--pathspec-from-file",
    ];
    let mut rest = args[commit + 1..].iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (long, None),
            };
            if !name.is_empty() && "cleanup".starts_with(name) {
                mode = value.or_else(|| rest.next().cloned());
            } else if value.is_none() && TAKES_VALUE.contains(&arg.as_str()) {
                rest.next();
            }
        } else if let Some(short) = arg.strip_prefix('-')
            && short.ends_with(['m', 'F', 'C', 'c', 't'])
            && short.chars().all(|c| c.is_ascii_alphabetic())
        {
            rest.next();
        }
    }
    mode
}

#[cfg(test)]
mod tests {
    use super::{CommentLines, cleanup_from_args, comment_lines};

    fn args(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn modes_from_the_command_line() {
        let cases = [
            ("git commit -m x", None),
            ("git commit --cleanup=verbatim -m x", Some("verbatim")),
            ("git commit --clean=strip", Some("strip")),
            ("git commit --cleanup whitespace", Some("whitespace")),
            ("git commit -m --cleanup=verbatim", None),
            ("git commit -am --cleanup=verbatim", None),
            ("git -c commit.cleanup=verbatim commit", Some("verbatim")),
            (
                "git -c commit.cleanup=verbatim commit --cleanup=strip",
                Some("strip"),
            ),
            ("git commit -- --cleanup=strip", None),
            ("git status --cleanup=strip", None),
        ];
        for (line, expected) in cases {
            assert_eq!(
                cleanup_from_args(&args(line)).as_deref(),
                expected,
                "{line}"
            );
        }
    }

    #[test]
    fn git_default_depends_on_the_editor() {
        assert_eq!(comment_lines("default", true), CommentLines::Dropped);
        assert_eq!(
            comment_lines("default", false),
            CommentLines::Kept { editor: false }
        );
        assert_eq!(comment_lines("strip", false), CommentLines::Dropped);
        assert_eq!(
            comment_lines("verbatim", true),
            CommentLines::Kept { editor: true }
        );
        assert_eq!(
            comment_lines("scissors", false),
            CommentLines::Kept { editor: false }
        );
    }
}
