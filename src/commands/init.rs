//! `whylint init`: from nothing to a working setup — a commented `.whylint.yml`, a PR (or MR)
//! template whose sections are the ones the rules look for, a commit template and a CI
//! workflow. Never overwrites a file without asking (`--yes` for scripts); `--dry-run` shows
//! what it would write.

use super::stdout;
use crate::Outcome;
use crate::cli::{Global, InitArgs};
use crate::error::{Error, Result};
use crate::report::{plain, templates};
use crate::rules::compile;
use crate::source::file::{confirm, link_target, write_text};
use crate::source::git::Repo;
use std::path::PathBuf;

/// Runs `whylint init`.
pub fn run(_global: &Global, args: &InitArgs) -> Result<Outcome> {
    let root = match Repo::open_from_env() {
        Some(repo) => repo.root(),
        None => std::env::current_dir()
            .map_err(|e| Error::Usage(format!("cannot read the working directory: {e}")))?,
    };
    let gitlab = args.gitlab || root.join(".gitlab-ci.yml").is_file() || origin_is_gitlab(&root);
    let rules = compile::build(None)?;
    let problem = rules.vocabulary.section_title("problem");
    let metric = rules.vocabulary.section_title("metric");
    let mut files: Vec<(PathBuf, String)> = vec![
        (root.join(".whylint.yml"), templates::CONFIG.to_owned()),
        (root.join(".gitmessage"), templates::commit_template()),
    ];
    if gitlab {
        files.push((
            root.join(".gitlab/merge_request_templates/Default.md"),
            templates::pull_request_template(&problem, &metric),
        ));
        files.push((
            root.join(".gitlab/whylint.gitlab-ci.yml"),
            templates::GITLAB_JOB.to_owned(),
        ));
    } else {
        files.push((
            root.join(".github/pull_request_template.md"),
            templates::pull_request_template(&problem, &metric),
        ));
        files.push((
            root.join(".github/workflows/whylint.yml"),
            templates::GITHUB_WORKFLOW.to_owned(),
        ));
    }
    let mut lines = Vec::new();
    for (path, text) in &files {
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        if let Some(target) = link_target(path) {
            lines.push(format!(
                "kept {shown}: it is a symbolic link to {}, and whylint does not write through links (replace the link with a file for init to write it)",
                target.display()
            ));
            continue;
        }
        if args.dry_run {
            let verb = if path.exists() {
                "would overwrite (after asking)"
            } else {
                "would write"
            };
            lines.push(format!("{verb} {shown}:"));
            lines.extend(text.lines().map(|line| format!("    {line}")));
            continue;
        }
        if path.exists() && !args.yes && !confirm(&format!("{shown} exists; overwrite it?")) {
            lines.push(format!(
                "kept {shown} (it exists; `whylint init --yes` overwrites)"
            ));
            continue;
        }
        write_text(path, text)?;
        lines.push(format!("wrote {shown}"));
    }
    if !args.dry_run {
        lines.push(String::new());
        lines.push("Next:".into());
        lines.push(
            "  whylint hook install                     # check each commit message as you commit"
                .into(),
        );
        lines.push(
            "  git config commit.template .gitmessage   # start each message with the prompts"
                .into(),
        );
        lines.push(
            "  git add .whylint.yml .gitmessage .github .gitlab 2>/dev/null; git commit".into(),
        );
    }
    plain::lines(stdout(), &lines).map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

fn origin_is_gitlab(root: &std::path::Path) -> bool {
    std::fs::read_to_string(root.join(".git/config")).is_ok_and(|config| config.contains("gitlab"))
}
