//! The CI files `whylint init` writes — a GitHub Actions workflow and a GitLab CI job — and where
//! they install whylint from. The README shows the same text (a test compares them).
//!
//! Both install a pinned commit, never a package name: nothing is published under the name
//! `whylint`, and whoever registered it first would run code in the user's CI. The commit comes
//! from `whylint init --source URL@SHA`, or from the build (`WHYLINT_SOURCE_URL` and
//! `WHYLINT_SOURCE_REV` set when compiling, as a release build does). Both read the rules from
//! the base revision (`--config-from`), so a change cannot weaken the rules it is judged by.
//! The action is told `version: source`: it builds the pinned commit itself, so the pin covers
//! the binary (a release asset is whatever the release holds when the job runs).
//!
//! Parsing the source and writing the text are pure; `commands::init` writes the files.

/// `actions/checkout`, pinned as this repository's own workflows pin it.
const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";

/// A commit of whylint's source to install from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallSource {
    /// `https://host/owner/repo`, without `.git` or a trailing slash.
    url: String,
    /// The full 40-hex commit id.
    rev: String,
}

impl InstallSource {
    /// Parses `https://host/owner/repo@<40-hex commit>`; the error says what is wrong and what
    /// is expected.
    pub fn parse(text: &str) -> Result<InstallSource, String> {
        let expected = "expected the repository's https URL and a full commit id, e.g. `https://github.com/OWNER/whylint@<40-hex commit>`";
        let Some((url, rev)) = text.rsplit_once('@') else {
            return Err(format!("`{text}` names no commit: {expected}"));
        };
        let url = url.trim_end_matches('/').trim_end_matches(".git");
        let path = url.strip_prefix("https://").unwrap_or_default();
        // Only characters that are inert in YAML and in a shell word: the URL goes into both.
        let inert = |c: char| c.is_ascii_alphanumeric() || "._~/-".contains(c);
        if path.split('/').filter(|part| !part.is_empty()).count() < 3 || !path.chars().all(inert) {
            return Err(format!(
                "`{url}` is not an https URL of a repository: {expected}"
            ));
        }
        if rev.len() != 40 || !rev.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!(
                "`{rev}` is not a full commit id (40 hex digits; a tag or branch can move): {expected}"
            ));
        }
        Ok(InstallSource {
            url: url.to_owned(),
            rev: rev.to_ascii_lowercase(),
        })
    }

    /// The commit this binary was built from, when the build said (`WHYLINT_SOURCE_URL`,
    /// `WHYLINT_SOURCE_REV`).
    pub fn built_in() -> Option<InstallSource> {
        let url = option_env!("WHYLINT_SOURCE_URL")?;
        let rev = option_env!("WHYLINT_SOURCE_REV")?;
        InstallSource::parse(&format!("{url}@{rev}")).ok()
    }

    /// `owner/repo` when the source is on github.com, where `uses:` can name it.
    fn github_repository(&self) -> Option<&str> {
        self.url
            .strip_prefix("https://github.com/")
            .filter(|path| path.split('/').count() == 2)
    }

    /// The install command: the pinned commit, built with its own lock file.
    fn cargo_install(&self) -> String {
        format!(
            "cargo install --locked --git {} --rev {} whylint",
            self.url, self.rev
        )
    }
}

/// Why the configuration comes from the base revision, said where it is done: comment lines
/// indented by `indent`.
fn why_base_config(indent: &str) -> String {
    format!(
        "{indent}# The rules come from the base commit, not from the change's own .whylint.yml:\n\
         {indent}# a change cannot weaken the rules it is judged by.\n"
    )
}

/// The GitHub Actions workflow: the action pinned by commit when the source is on github.com,
/// otherwise a pinned `cargo install`.
pub fn github_workflow(source: &InstallSource) -> String {
    let check = match source.github_repository() {
        Some(repository) => format!(
            "      - uses: {repository}@{rev}
        with:
          # Builds whylint from this very commit with cargo (--locked), so the pin covers the
          # binary too; a release download would run whatever that release holds now.
          version: source
{why}          config-from: ${{{{ github.event.pull_request.base.sha }}}}
        env:
          GH_TOKEN: ${{{{ github.token }}}} # lets whylint re-read the PR: a re-run replays the old event
",
            rev = source.rev,
            why = why_base_config("          ")
        ),
        None => format!(
            "      - name: Install whylint (a pinned commit, built with its own lock file)
        run: {install}
      - name: Check that the change says why
{why}        run: whylint check --config-from \"$BASE_SHA\"
        env:
          BASE_SHA: ${{{{ github.event.pull_request.base.sha }}}}
          GH_TOKEN: ${{{{ github.token }}}} # lets whylint re-read the PR: a re-run replays the old event
",
            install = source.cargo_install(),
            why = why_base_config("        ")
        ),
    };
    format!(
        "name: whylint
on:
  pull_request:
    types: [opened, edited, synchronize, reopened] # `edited`: a fixed description is checked again
permissions:
  contents: read # the commits and the base's .whylint.yml
  pull-requests: read # the description as it is now, not as the event recorded it
jobs:
  why:
    name: The change says why
    runs-on: ubuntu-latest
    steps:
      - uses: {CHECKOUT}
        with:
          fetch-depth: 0 # the change's commits and its base
          persist-credentials: false # nothing here pushes: keep the token out of .git/config
{check}"
    )
}

/// Where `init` writes the GitLab CI job, relative to the repository's top.
pub const GITLAB_JOB: &str = ".gitlab/whylint.gitlab-ci.yml";

/// The `include:` that makes GitLab run the job: a whole `.gitlab-ci.yml` when there is none,
/// or the lines to add to one without an `include:` of its own.
pub fn gitlab_include() -> String {
    format!("include:\n  - local: {GITLAB_JOB}\n")
}

/// The GitLab CI job (included from `.gitlab-ci.yml`).
pub fn gitlab_job(source: &InstallSource) -> String {
    format!(
        "# Include from .gitlab-ci.yml:  include: {{ local: .gitlab/whylint.gitlab-ci.yml }}
whylint:
  stage: test
  image: rust:1
  rules:
    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"
  variables:
    GIT_DEPTH: 0
  script:
    # whylint at a pinned commit, built with its own lock file.
    - {install}
{why}    - whylint check --config-from \"$CI_MERGE_REQUEST_DIFF_BASE_SHA\" --format gitlab --output gl-code-quality-report.json
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
",
        install = source.cargo_install(),
        why = why_base_config("    ")
    )
}

#[cfg(test)]
mod tests {
    use super::{InstallSource, github_workflow, gitlab_job};

    const SHA: &str = "dbc52c2a3b812a07a61794402cfd7b14924e6bbe";

    #[test]
    fn sources_are_pinned_https_commits() {
        let source = InstallSource::parse(&format!("https://github.com/acme/whylint.git@{SHA}"))
            .expect("a valid source");
        let workflow = github_workflow(&source);
        assert!(
            workflow.contains(&format!("uses: acme/whylint@{SHA}\n")),
            "{workflow}"
        );
        assert!(workflow.contains("version: source\n"), "{workflow}");
        for bad in [
            "https://github.com/acme/whylint".to_owned(),
            "https://github.com/acme/whylint@v0.1.0".to_owned(),
            format!("http://github.com/acme/whylint@{SHA}"),
            format!("https://github.com/acme/who$(id)@{SHA}"),
            format!("https://github.com/acme@{SHA}"),
        ] {
            assert!(InstallSource::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn elsewhere_builds_the_commit_with_cargo() {
        let source = InstallSource::parse(&format!("https://gitlab.com/acme/tools/whylint@{SHA}"))
            .expect("a valid source");
        let install = format!(
            "cargo install --locked --git https://gitlab.com/acme/tools/whylint --rev {SHA} whylint"
        );
        let github = github_workflow(&source);
        assert!(github.contains(&install), "{github}");
        assert!(github.contains("--config-from \"$BASE_SHA\""), "{github}");
        assert!(gitlab_job(&source).contains(&install));
    }
}
