//! `whylint init`: from nothing to a working setup — a commented `.whylint.yml`, a PR (or MR)
//! template whose sections are the ones the rules look for, a commit template and a CI
//! workflow. Never overwrites a file without asking (`--yes` for scripts); `--dry-run` shows
//! what it would write.

use super::stdout;
use crate::Outcome;
use crate::cli::{Global, InitArgs};
use crate::error::{Error, Result};
use crate::report::workflows::{self, InstallSource};
use crate::report::{plain, templates};
use crate::rules::compile;
use crate::source::file::{confirm, link_target, write_text};
use crate::source::git::Repo;
use crate::subject::SubjectKind;
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
    let source = match &args.source {
        Some(text) => Some(
            InstallSource::parse(text)
                .map_err(|problem| Error::Usage(format!("--source: {problem}")))?,
        ),
        None => InstallSource::built_in(),
    };
    let template = if gitlab {
        root.join(".gitlab/merge_request_templates/Default.md")
    } else {
        root.join(".github/pull_request_template.md")
    };
    let ci_file = if gitlab {
        root.join(workflows::GITLAB_JOB)
    } else {
        root.join(".github/workflows/whylint.yml")
    };
    let mut files: Vec<(PathBuf, String)> = vec![
        (root.join(".whylint.yml"), templates::CONFIG.to_owned()),
        (root.join(".gitmessage"), templates::commit_template()),
        (
            template,
            templates::pull_request_template(
                &problem,
                &metric,
                &super::questions(&rules, SubjectKind::Pr),
            ),
        ),
    ];
    let mut lines = Vec::new();
    match &source {
        Some(source) if gitlab => {
            files.push((ci_file, workflows::gitlab_job(source)));
            // GitLab runs only what `.gitlab-ci.yml` holds: without one, one that includes the job.
            let pipeline = root.join(".gitlab-ci.yml");
            if link_target(&pipeline).is_none() && !pipeline.exists() {
                files.push((pipeline, workflows::gitlab_include()));
            }
        }
        Some(source) => files.push((ci_file, workflows::github_workflow(source))),
        None => lines.push(format!(
            "not written: {} — this whylint does not know which commit of its source to install in CI, and a package name would install whatever is published under it. Run again with `--source https://github.com/OWNER/whylint@<full commit id>` (where you get whylint from, and a commit you reviewed)",
            shown(&root, &ci_file)
        )),
    }
    let mut written = Vec::new();
    for (path, text) in &files {
        let shown = shown(&root, path);
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
        written.push(shown);
    }
    if !written.is_empty() {
        let include =
            gitlab_include_step(&root, gitlab && root.join(workflows::GITLAB_JOB).is_file());
        if include.is_some() {
            written.push(".gitlab-ci.yml".to_owned());
        }
        lines.extend(next_steps(&written, include));
    }
    plain::lines(stdout(), &lines).map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

/// A path as shown to the user: relative to the repository's top.
fn shown(root: &std::path::Path, path: &std::path::Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The step that makes GitLab run the job, when `.gitlab-ci.yml` does not include it yet: a
/// command that appends the `include:` when the file has none (and is a plain block mapping,
/// where appending a key is safe), else what to add to its own `include:` by hand.
fn gitlab_include_step(root: &std::path::Path, job_written: bool) -> Option<String> {
    if !job_written {
        return None;
    }
    let pipeline = std::fs::read_to_string(root.join(".gitlab-ci.yml")).ok()?;
    if pipeline.contains(workflows::GITLAB_JOB) {
        return None;
    }
    let plain_mapping = !pipeline.lines().any(|line| {
        line.starts_with("include")
            || line.starts_with("---")
            || line.starts_with("...")
            || line.starts_with(['{', '[', '-', '%', '&', '!', '*', '<'])
    });
    Some(if plain_mapping {
        format!(
            "  printf '\\n{}' >> .gitlab-ci.yml   # GitLab runs the job only when .gitlab-ci.yml includes it",
            workflows::gitlab_include().replace('\n', "\\n")
        )
    } else {
        format!(
            "  # GitLab runs the job only when .gitlab-ci.yml includes it: add `- local: {}` to the `include:` list there",
            workflows::GITLAB_JOB
        )
    })
}

/// What to do after `init`, naming only the files it wrote (so each command works as shown),
/// with `include` (the step that makes GitLab run the job) before the commit.
fn next_steps(written: &[String], include: Option<String>) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "Next:".into(),
        "  whylint hook install                     # check each commit message as you commit"
            .into(),
    ];
    if written.iter().any(|file| file == ".gitmessage") {
        lines.push(
            "  git config commit.template .gitmessage   # start each message with the prompts"
                .into(),
        );
    }
    lines.extend(include);
    let quoted: Vec<String> = written
        .iter()
        .map(|file| format!("'{}'", file.replace('\'', r"'\''")))
        .collect();
    lines.push(format!("  git add {} && git commit", quoted.join(" ")));
    lines
}

fn origin_is_gitlab(root: &std::path::Path) -> bool {
    std::fs::read_to_string(root.join(".git/config")).is_ok_and(|config| config.contains("gitlab"))
}
