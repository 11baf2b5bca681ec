//! The CI platform around the run: GitHub Actions and GitLab CI, and the pull or merge request
//! they are building.
//!
//! GitHub: `GITHUB_ACTIONS`, `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH` (the webhook payload) and,
//! when `gh` and a token are available, a fresh read of the PR (a re-run replays the payload as
//! it was, so an edited description would be missed). GitLab: the `CI_MERGE_REQUEST_*`
//! variables. Everything here is untrusted text from the PR's author; nothing is evaluated.

use crate::error::{Error, Result};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Where the run happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// GitHub Actions.
    GitHub,
    /// GitLab CI.
    GitLab,
    /// Anything else, including a developer's machine.
    Local,
}

/// Detects the platform from the environment.
pub fn platform() -> Platform {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| v == "true");
    if set("GITHUB_ACTIONS") {
        Platform::GitHub
    } else if set("GITLAB_CI") {
        Platform::GitLab
    } else {
        Platform::Local
    }
}

/// Whether the run is in some CI system (`CI=true`, or a platform whylint knows): CI advice
/// such as `fetch-depth: 0` is given only then.
pub fn in_ci() -> bool {
    platform() != Platform::Local
        || std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// `GITHUB_STEP_SUMMARY`: the Markdown file shown on the run's summary page.
pub fn github_step_summary() -> Option<PathBuf> {
    std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `GITHUB_OUTPUT`: the file step outputs are appended to.
pub fn github_output() -> Option<PathBuf> {
    std::env::var_os("GITHUB_OUTPUT")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// A pull or merge request as the CI platform describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullRequest {
    /// The PR/MR number (`!12` on GitLab, `#12` on GitHub).
    pub number: Option<u64>,
    /// Its title.
    pub title: String,
    /// Its description (empty when the platform sends none, e.g. a `null` body).
    pub body: String,
    /// Its labels.
    pub labels: Vec<String>,
    /// The author's login.
    pub author: Option<String>,
    /// The platform says the author is a bot (`user.type == "Bot"`).
    pub author_is_bot: bool,
    /// The source branch.
    pub head_ref: Option<String>,
    /// The last commit of the PR.
    pub head_sha: Option<String>,
    /// The commit the PR is compared against.
    pub base_sha: Option<String>,
    /// The target branch.
    pub base_ref: Option<String>,
    /// Things the run should say about where this came from.
    pub notes: Vec<String>,
}

/// A JSON object read into `T`. serde's derive also reads a struct from an array, field by
/// position, so `[{}, {}]` would be a pull request with nothing in it; no payload is an array,
/// and reading one as an event hides that `--event` points at the wrong file.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Fields<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_map(Fields(PhantomData))
            .map(Object)
    }
}

/// An optional object field (`null` or missing: `None`).
fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Ok(Option::<Object<T>>::deserialize(d)?.map(|o| o.0))
}

/// A list of objects.
fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<Object<T>>::deserialize(d)?
        .into_iter()
        .map(|o| o.0)
        .collect())
}

#[derive(Debug, Deserialize)]
struct Event {
    #[serde(default, deserialize_with = "object")]
    pull_request: Option<EventPullRequest>,
    #[serde(default, deserialize_with = "object")]
    repository: Option<EventRepository>,
}

#[derive(Debug, Deserialize)]
struct EventRepository {
    full_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct EventPullRequest {
    number: Option<u64>,
    title: Option<String>,
    body: Option<String>,
    #[serde(default, deserialize_with = "objects")]
    labels: Vec<EventLabel>,
    #[serde(default, deserialize_with = "object")]
    user: Option<EventUser>,
    #[serde(default, deserialize_with = "object")]
    head: Option<EventRef>,
    #[serde(default, deserialize_with = "object")]
    base: Option<EventRef>,
}

#[derive(Debug, Deserialize)]
struct EventLabel {
    name: String,
}

#[derive(Debug, Deserialize)]
struct EventUser {
    login: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
struct EventRef {
    #[serde(rename = "ref")]
    name: Option<String>,
    sha: Option<String>,
}

/// Reads a GitHub webhook payload; `Ok(None)` when it is not about a pull request.
pub fn github_event(path: &Path) -> Result<Option<(PullRequest, Option<String>)>> {
    let bytes = super::file::read_bytes(path)?;
    parse_github_event(&bytes, &path.display().to_string())
}

/// Reads a GitHub webhook payload already in memory (`name` says where it came from in the
/// error); `Ok(None)` when it is not about a pull request. The result is the pull request and
/// the repository's `full_name`.
pub fn parse_github_event(
    bytes: &[u8],
    name: &str,
) -> Result<Option<(PullRequest, Option<String>)>> {
    let Object(event) = serde_json::from_slice::<Object<Event>>(bytes).map_err(|error| {
        Error::Usage(format!(
            "`{name}` is not a GitHub event payload ({error}); point `--event` / `GITHUB_EVENT_PATH` at the JSON GitHub wrote for this run"
        ))
    })?;
    let repository = event.repository.and_then(|r| r.full_name);
    let Some(pr) = event.pull_request else {
        return Ok(None);
    };
    let user = pr.user.unwrap_or(EventUser {
        login: None,
        kind: None,
    });
    let head = pr.head.unwrap_or(EventRef {
        name: None,
        sha: None,
    });
    let base = pr.base.unwrap_or(EventRef {
        name: None,
        sha: None,
    });
    let request = PullRequest {
        number: pr.number,
        title: pr.title.unwrap_or_default(),
        body: pr.body.unwrap_or_default(),
        labels: pr.labels.into_iter().map(|l| l.name).collect(),
        author_is_bot: user.kind.as_deref() == Some("Bot"),
        author: user.login,
        head_ref: head.name,
        head_sha: head.sha,
        base_sha: base.sha,
        base_ref: base.name,
        notes: Vec::new(),
    };
    Ok(Some((request, repository)))
}

/// The event payload of this GitHub Actions run, when it is about a pull request.
pub fn github_pull_request() -> Result<Option<PullRequest>> {
    let event_name = std::env::var("GITHUB_EVENT_NAME").unwrap_or_default();
    if !matches!(event_name.as_str(), "pull_request" | "pull_request_target") {
        return Ok(None);
    }
    let Some(path) = std::env::var_os("GITHUB_EVENT_PATH").map(PathBuf::from) else {
        return Err(Error::Usage(
            "GITHUB_EVENT_NAME says this is a pull request run, but GITHUB_EVENT_PATH is not set; run whylint as a step of the workflow job, or pass `--event FILE`".into(),
        ));
    };
    let Some((mut request, repository)) = github_event(&path)? else {
        return Ok(None);
    };
    refresh_from_github(&mut request, repository.as_deref())?;
    Ok(Some(request))
}

/// Re-reads title, body and labels with `gh api` when `gh` and a token are there: the payload
/// of a re-run is the one of the first run, so an edited description would otherwise be missed.
/// A `gh` that fails leaves the payload's text (with a note); one that hangs is stopped after
/// `GH_TIMEOUT` and ends the run (exit 2), since the job would otherwise hang with it.
pub fn refresh_from_github(request: &mut PullRequest, repository: Option<&str>) -> Result<()> {
    let token = ["GH_TOKEN", "GITHUB_TOKEN"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    let (Some(number), Some(repository)) = (request.number, repository) else {
        return Ok(());
    };
    if !token {
        request.notes.push(
            "read the pull request from the event payload; a re-run after editing the description sees the old text (set `GH_TOKEN: ${{ github.token }}` to read it fresh)".into(),
        );
        return Ok(());
    }
    let output = super::process::output(
        Command::new("gh")
            .args(["api", &format!("repos/{repository}/pulls/{number}")])
            .env("GH_PROMPT_DISABLED", "1"),
        GH_TIMEOUT,
    )
    .map_err(|stopped| {
        Error::Usage(format!(
            "reading pull request #{number} fresh from GitHub: {stopped}; or unset `GH_TOKEN` to use the event payload"
        ))
    })?;
    let fresh = match output {
        Ok(output) if output.status.success() => {
            serde_json::from_slice::<Object<EventPullRequest>>(&output.stdout)
                .ok()
                .map(|o| o.0)
        }
        _ => None,
    };
    match fresh {
        Some(fresh) => {
            request.title = fresh.title.unwrap_or_default();
            request.body = fresh.body.unwrap_or_default();
            request.labels = fresh.labels.into_iter().map(|l| l.name).collect();
            request.notes.push("read the pull request fresh with `gh api` (the event payload may be stale)".into());
        }
        None => request.notes.push(
            "could not read the pull request with `gh api`; used the event payload, which may be stale on a re-run".into(),
        ),
    }
    Ok(())
}

/// How long `gh api` may take to read one pull request (see `process`).
const GH_TIMEOUT: Duration = super::process::QUICK;

/// A push the CI run is building: a GitHub `push` event, or a GitLab branch pipeline (no
/// merge request).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Push {
    /// The branch pushed to.
    pub branch: String,
    /// The repository's default branch, when the platform says.
    pub default_branch: Option<String>,
    /// The branch's commit before the push (`None`, or all zeros, for a new branch).
    pub before: Option<String>,
    /// The branch's commit after the push.
    pub after: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PushEvent {
    before: Option<String>,
    after: Option<String>,
    #[serde(rename = "ref")]
    name: Option<String>,
    #[serde(default, deserialize_with = "object")]
    repository: Option<PushRepository>,
}

#[derive(Debug, Deserialize)]
struct PushRepository {
    default_branch: Option<String>,
}

/// The push this CI run builds, when it is one to a branch (not a tag, not a pull request).
pub fn push() -> Result<Option<Push>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let push = match platform() {
        Platform::GitHub => {
            if var("GITHUB_EVENT_NAME").as_deref() != Some("push") {
                return Ok(None);
            }
            let Some(path) = var("GITHUB_EVENT_PATH") else {
                return Ok(None);
            };
            let bytes = super::file::read_bytes(Path::new(&path))?;
            let Object(event) =
                serde_json::from_slice::<Object<PushEvent>>(&bytes).map_err(|error| {
                    Error::Usage(format!(
                        "`{path}` is not a GitHub push event payload ({error}); point `GITHUB_EVENT_PATH` at the JSON GitHub wrote for this run"
                    ))
                })?;
            let Some(branch) = event
                .name
                .as_deref()
                .and_then(|name| name.strip_prefix("refs/heads/"))
            else {
                return Ok(None);
            };
            Push {
                branch: branch.to_owned(),
                default_branch: event.repository.and_then(|r| r.default_branch),
                before: event.before,
                after: event.after,
            }
        }
        Platform::GitLab if var("CI_MERGE_REQUEST_IID").is_none() => {
            let Some(branch) = var("CI_COMMIT_BRANCH") else {
                return Ok(None);
            };
            Push {
                branch,
                default_branch: var("CI_DEFAULT_BRANCH"),
                before: var("CI_COMMIT_BEFORE_SHA"),
                after: var("CI_COMMIT_SHA"),
            }
        }
        _ => return Ok(None),
    };
    // All zeros: the branch is new, there is no "before".
    let before = push
        .before
        .filter(|sha| !sha.is_empty() && !sha.bytes().all(|b| b == b'0'));
    Ok(Some(Push { before, ..push }))
}

/// GitLab truncates `CI_MERGE_REQUEST_DESCRIPTION` at this many characters.
pub const GITLAB_DESCRIPTION_LIMIT: usize = 2700;

/// The merge request of this GitLab CI pipeline, when it runs for one.
pub fn gitlab_merge_request() -> Option<PullRequest> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let iid = var("CI_MERGE_REQUEST_IID")?;
    let body = var("CI_MERGE_REQUEST_DESCRIPTION").unwrap_or_default();
    let mut notes = Vec::new();
    if body.chars().count() >= GITLAB_DESCRIPTION_LIMIT {
        notes.push(format!(
            "the merge request description is {} characters or more, and GitLab truncates `CI_MERGE_REQUEST_DESCRIPTION` there: text after that was not checked",
            GITLAB_DESCRIPTION_LIMIT
        ));
    }
    Some(PullRequest {
        number: iid.parse().ok(),
        title: var("CI_MERGE_REQUEST_TITLE").unwrap_or_default(),
        body,
        labels: var("CI_MERGE_REQUEST_LABELS")
            .map(|labels| {
                labels
                    .split(',')
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        author: var("GITLAB_USER_LOGIN"),
        author_is_bot: false,
        head_ref: var("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
        head_sha: var("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA").or_else(|| var("CI_COMMIT_SHA")),
        base_sha: var("CI_MERGE_REQUEST_DIFF_BASE_SHA"),
        base_ref: var("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `fuzz/` (target `github_event`): serde reads a struct from a JSON array by
    /// position, so `[{},{}]` was an empty pull request instead of "not an event payload".
    #[test]
    fn fuzz_arrays_are_not_events() {
        for input in [
            &b"[{},{}]"[..],
            b"{\"pull_request\": [1, \"title\", \"body\"]}",
            b"{\"pull_request\": {\"user\": [\"login\", \"Bot\"]}}",
            b"{\"pull_request\": {\"labels\": [[\"no-why\"]]}}",
        ] {
            let error = parse_github_event(input, "event.json").expect_err("an array is no object");
            assert!(
                error.to_string().contains("expected a JSON object"),
                "{error}"
            );
        }
        let (request, repository) = parse_github_event(
            br#"{"pull_request": {"number": 7, "title": "t", "body": null, "labels": [{"name": "a"}], "user": {"login": "u", "type": "Bot"}, "head": null}, "repository": {"full_name": "o/r"}}"#,
            "event.json",
        )
        .expect("an event")
        .expect("a pull request");
        assert_eq!(
            (
                request.number,
                request.title.as_str(),
                request.body.as_str()
            ),
            (Some(7), "t", "")
        );
        assert_eq!(request.labels, ["a"]);
        assert!(request.author_is_bot);
        assert_eq!(request.head_ref, None);
        assert_eq!(repository.as_deref(), Some("o/r"));
        assert!(
            parse_github_event(b"{}", "event.json")
                .expect("an event")
                .is_none()
        );
    }
}
