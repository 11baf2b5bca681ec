//! `whylint man [COMMAND]` prints one man page (roff); `whylint man --dir DIR` writes them all.
//!
//! whylint(1) and one page per command (whylint-check(1), whylint-hook-install(1)), made by
//! clap_mangen from the command line's own definition, so they cannot drift from `--help`.
//! To that each page adds what clap does not know: EXIT STATUS (from `cli::flags::MEANINGS`),
//! ENVIRONMENT (the variables the command reads) and SEE ALSO (pages that exist).

use super::stdout;
use crate::Outcome;
use crate::cli::flags::{CHECK_FORMATS, MEANINGS, Meaning};
use crate::cli::{Cli, ManArgs};
use crate::error::{Error, Result};
use clap::Command;
use clap_mangen::roff::{Roff, bold, roman};
use std::io::Write;

/// Section 1: user commands.
const SECTION: &str = "1";

/// The date on every page (`.TH`): when what the pages say last changed. Bump it with a change
/// to the command line or to this file.
const DATE: &str = "2026-12-03";

/// Longest input text line `mandoc -Tlint` takes without a note.
const LINE_BYTES: usize = 80;

/// One variable (or a family of them) a command reads, and on which pages it appears.
struct Variable {
    /// The name, or two, as the item's tag.
    names: &'static str,
    /// What it does (naming the rest of a family).
    text: &'static str,
    /// Whether the command (its row of `MEANINGS`) reads it.
    read_by: fn(&Meaning) -> bool,
}

/// Whether `meaning` is one of the checks that read the change CI runs for.
fn reads_ci_change(meaning: &Meaning) -> bool {
    matches!(meaning.path, "check" | "pr")
}

/// Every environment variable whylint reads at run time (`grep -rn env::var src/`).
const VARIABLES: &[Variable] = &[
    Variable {
        names: "WHYLINT_CONFIG",
        text: "The configuration file to use instead of looking for .whylint.yml; --config wins over it.",
        read_by: |m| m.config,
    },
    Variable {
        names: "WHYLINT_TIMEOUT",
        text: "The longest, in seconds (1 to 86400), that a command whylint starts (git fetch, gh api) may run before it is stopped.",
        read_by: |m| m.config,
    },
    Variable {
        names: "NO_COLOR",
        text: "Set and not empty: no colour with --color auto.",
        read_by: |m| m.color,
    },
    Variable {
        names: "CLICOLOR_FORCE",
        text: "Set and not 0: colour with --color auto even when standard output is not a terminal (NO_COLOR wins).",
        read_by: |m| m.color,
    },
    Variable {
        names: "TERM",
        text: "dumb: no colour with --color auto.",
        read_by: |m| m.color,
    },
    Variable {
        names: "GIT_DIR, GIT_WORK_TREE",
        text: "The repository, as git reads them, with GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES (a hook run by git sees the ones git set).",
        read_by: |m| m.config || matches!(m.path, "hook" | "init"),
    },
    Variable {
        names: "GIT_EDITOR",
        text: "As a commit-msg hook: git sets it to : for a commit made without an editor, whose comment-looking lines git keeps. In a hook run by git (GIT_INDEX_FILE set) after an editor, a message saved empty or as the commit.template was is left to git, which aborts the commit.",
        read_by: |m| m.path == "msg",
    },
    Variable {
        names: "PRE_COMMIT_COMMIT_MSG_SOURCE",
        text: "Under the pre-commit framework: where the message comes from, as git's second argument to prepare-commit-msg says.",
        read_by: |m| m.path == "prepare",
    },
    Variable {
        names: "GITHUB_ACTIONS",
        text: "true on GitHub Actions: nothing whylint prints can act as a workflow command. The checks also write annotations, the job summary and step outputs there, whatever --format says.",
        read_by: |_| true,
    },
    Variable {
        names: "GITHUB_STEP_SUMMARY, GITHUB_OUTPUT",
        text: "On GitHub Actions, the files the job summary (Markdown) and the step outputs (result, errors, warnings) are appended to.",
        read_by: |m| m.formats == CHECK_FORMATS,
    },
    Variable {
        names: "WHYLINT_HELP_URI",
        text: "A web address for each rule's help in SARIF and GitLab reports, {rule} standing for the rule id. Without it, on GitHub Actions, GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA make it a link to the configuration file.",
        read_by: |m| m.formats == CHECK_FORMATS,
    },
    Variable {
        names: "GITHUB_EVENT_NAME, GITHUB_EVENT_PATH",
        text: "On GitHub Actions, the pull request or push the job runs for.",
        read_by: reads_ci_change,
    },
    Variable {
        names: "GH_TOKEN, GITHUB_TOKEN",
        text: "With gh installed, the pull request's title, description and labels are read fresh with gh api, so a re-run sees an edited description.",
        read_by: reads_ci_change,
    },
    Variable {
        names: "GITLAB_CI, CI_MERGE_REQUEST_IID",
        text: "On GitLab CI (GITLAB_CI=true), the merge request the pipeline runs for, with CI_MERGE_REQUEST_TITLE, CI_MERGE_REQUEST_DESCRIPTION, CI_MERGE_REQUEST_LABELS, CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, CI_MERGE_REQUEST_TARGET_BRANCH_NAME, CI_MERGE_REQUEST_DIFF_BASE_SHA and GITLAB_USER_LOGIN.",
        read_by: reads_ci_change,
    },
    Variable {
        names: "CI_COMMIT_BRANCH, CI_COMMIT_SHA",
        text: "On GitLab CI, the push a branch pipeline runs for, with CI_COMMIT_BEFORE_SHA and CI_DEFAULT_BRANCH.",
        read_by: |m| m.path == "check",
    },
    Variable {
        names: "CI",
        text: "Set, not 0 and not false: advice about a shallow clone names the CI settings that fetch the whole history.",
        read_by: |m| m.config,
    },
];

/// Runs `whylint man`.
pub fn run(args: &ManArgs) -> Result<Outcome> {
    let pages = pages();
    if let Some(dir) = &args.dir {
        for (path, command) in &pages {
            crate::source::file::write_text(&dir.join(file_name(command)), &render(path, command))?;
        }
        return Ok(Outcome::Clean);
    }
    let wanted = args.command.join(" ");
    let Some((path, command)) = pages.iter().find(|(path, _)| *path == wanted) else {
        let known: Vec<&str> = pages
            .iter()
            .skip(1)
            .map(|(path, _)| path.as_str())
            .collect();
        return Err(Error::Usage(format!(
            "no man page for `{wanted}`; there is one for whylint itself (`whylint man`) and for each of: {}",
            known.join(", ")
        )));
    };
    let mut out = stdout();
    out.write_all(render(path, command).as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

/// Every page: whylint's (path ``), then each command's (`check`, `hook install`), built so
/// that each knows its full name and the shared flags it offers.
pub fn pages() -> Vec<(String, Command)> {
    /// clap's `help` command has no page of its own.
    fn without_help(command: Command) -> Command {
        command
            .disable_help_subcommand(true)
            .mut_subcommands(without_help)
    }
    fn collect(path: String, command: &Command, pages: &mut Vec<(String, Command)>) {
        pages.push((path.clone(), command.clone()));
        for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            let name = if path.is_empty() {
                sub.get_name().to_owned()
            } else {
                format!("{path} {}", sub.get_name())
            };
            collect(name, sub, pages);
        }
    }
    let mut root = without_help(Cli::definition());
    root.build();
    let mut pages = Vec::new();
    collect(String::new(), &root, &mut pages);
    pages
}

/// `whylint-check.1`.
pub fn file_name(command: &Command) -> String {
    format!("{}.{SECTION}", page_name(command))
}

/// `whylint-check`.
fn page_name(command: &Command) -> &str {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
}

/// The page for the command at `path` (`` for whylint itself).
pub fn render(path: &str, command: &Command) -> String {
    let name = page_name(command);
    let man = clap_mangen::Man::new(command.clone())
        .title(name.to_uppercase())
        .section(SECTION)
        .date(DATE)
        .source(format!("whylint {}", env!("CARGO_PKG_VERSION")))
        .manual("whylint manual");
    let mut page = Vec::new();
    // Writing to memory cannot fail.
    let _ = man.render(&mut page);
    let mut roff = Roff::new();
    exit_status(&mut roff, path);
    environment(&mut roff, path);
    see_also(&mut roff, path, command);
    let mut text = String::from_utf8_lossy(&page).into_owned();
    // Apostrophes as the preamble `render` wrote defines them.
    text.push_str(&roff.to_roff().replace('\'', "\\*(Aq"));
    tidy(&text)
}

/// What clap_mangen writes, made clean for `mandoc -Tlint` and `groff -ww`: an empty line
/// between `.br`s becomes `.sp`, text lines are wrapped at `LINE_BYTES` (roff fills them
/// again) and lose trailing blanks, and characters beyond ASCII become `\[uXXXX]` escapes.
fn tidy(page: &str) -> String {
    let page = page.replace("\n.br\n\n.br\n", "\n.sp\n");
    let mut out = String::with_capacity(page.len());
    let mut tag_next = false;
    for line in page.lines() {
        let line = escape_non_ascii(line.trim_end());
        let control = line.starts_with('.') || line.starts_with('\'');
        if control || tag_next {
            out.push_str(&line);
            out.push('\n');
        } else {
            wrap(&line, &mut out);
        }
        // The line after `.TP` is the item's tag: one line, whatever its length.
        tag_next = line == ".TP";
    }
    out
}

/// `\[u2026]` for `…`.
fn escape_non_ascii(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", u32::from(c))
            }
        })
        .collect()
}

/// Appends `line` to `out` as lines of at most `LINE_BYTES` where it has spaces to break at
/// (not an escaped space, and never so that a line starts as a control line).
fn wrap(line: &str, out: &mut String) {
    let mut rest = line;
    while rest.len() > LINE_BYTES {
        let bytes = rest.as_bytes();
        let breaks = |at: &usize| {
            bytes[*at] == b' '
                && *at > 0
                && bytes[*at - 1] != b'\\'
                && !matches!(bytes.get(*at + 1), Some(b'.' | b'\'' | b' ') | None)
        };
        let at = (1..=LINE_BYTES)
            .rev()
            .find(breaks)
            .or_else(|| (LINE_BYTES..rest.len()).find(breaks));
        let Some(at) = at else { break };
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('\n');
}

/// The rows of `MEANINGS` a page is about: its command's (or its parent's), or all for
/// whylint(1).
fn rows(path: &str) -> Vec<&'static Meaning> {
    if path.is_empty() {
        return MEANINGS.iter().collect();
    }
    let mut path = path;
    loop {
        if let Some(meaning) = Meaning::of(path) {
            return vec![meaning];
        }
        match path.rsplit_once(' ') {
            Some((parent, _)) => path = parent,
            None => return Vec::new(),
        }
    }
}

/// EXIT STATUS: 0, 1 when the command can exit 1 (and for what), 2.
fn exit_status(roff: &mut Roff, path: &str) {
    roff.control("SH", ["EXIT STATUS"]);
    let item = |roff: &mut Roff, code: &str, text: String| {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(text)]);
    };
    let rows = rows(path);
    let mut fails: Vec<(&str, Vec<&str>)> = Vec::new();
    for meaning in &rows {
        if let Some(reason) = meaning.fails {
            match fails.iter_mut().find(|(known, _)| *known == reason) {
                Some((_, paths)) => paths.push(meaning.path),
                None => fails.push((reason, vec![meaning.path])),
            }
        }
    }
    item(
        roff,
        "0",
        "Success: nothing to exit 1 for (or --exit-zero was given).".into(),
    );
    match fails.as_slice() {
        [] => {}
        [(reason, _)] if !path.is_empty() => item(roff, "1", format!("{}.", capitalise(reason))),
        _ => {
            let each: Vec<String> = fails
                .iter()
                .map(|(reason, paths)| format!("{}: {reason}", paths.join(", ")))
                .collect();
            item(roff, "1", format!("{}.", each.join("; ")));
        }
    }
    item(
        roff,
        "2",
        "A usage, configuration, git or I/O error (a full disk included).".into(),
    );
}

/// `Word` from `word`.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// ENVIRONMENT: the variables this page's command reads.
fn environment(roff: &mut Roff, path: &str) {
    let rows = rows(path);
    let read: Vec<&Variable> = VARIABLES
        .iter()
        .filter(|variable| rows.iter().any(|meaning| (variable.read_by)(meaning)))
        .collect();
    if read.is_empty() {
        return;
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for variable in read {
        roff.control("TP", []);
        roff.text([bold(variable.names)]);
        roff.text([roman(variable.text)]);
    }
}

/// SEE ALSO: whylint(1) and the command's parent and subcommands, or every command's page.
fn see_also(roff: &mut Roff, path: &str, command: &Command) {
    let mut names: Vec<String> = Vec::new();
    if !path.is_empty() {
        names.push("whylint".to_owned());
        if let Some((parent, _)) = path.rsplit_once(' ') {
            names.push(format!("whylint-{}", parent.replace(' ', "-")));
        }
    }
    names.extend(
        command
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set())
            .map(|sub| page_name(sub).to_owned()),
    );
    names.push("git".to_owned());
    roff.control("SH", ["SEE ALSO"]);
    let mut line = Vec::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            line.push(roman(", "));
        }
        line.push(bold(name.as_str()));
        line.push(roman(format!("({SECTION})")));
    }
    roff.text(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_wrap_but_tags_and_control_lines_do_not() {
        let long = "word ".repeat(40);
        let page = format!(".TP\n{long}\n{long}\n.SH NAME\nend .\\fBdot\\fR and {long}\n");
        let tidied = tidy(&page);
        let lines: Vec<&str> = tidied.lines().collect();
        assert_eq!(lines[1], long.trim_end(), "a tag stays one line");
        for line in &lines[2..] {
            assert!(line.len() <= LINE_BYTES, "{line:?}");
        }
        assert!(lines.iter().skip(2).all(|line| !line.starts_with(".\\f")));
        assert_eq!(tidy("a … b\n"), "a \\[u2026] b\n");
    }
}
