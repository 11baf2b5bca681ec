//! A simulated GitHub Actions pull request run: a real webhook payload edited for the test,
//! and `whylint` run with the variables the runner sets.

use super::Repo;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// main, and `feature` with two commits that link #1 (and give no metric); the base and
/// head ids.
pub fn pr_repo() -> (Repo, String, String) {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit("b.txt", "Add export\n\nRefs: #1");
    let head = repo.commit("c.txt", "Name export files by period\n\nRefs: #1");
    (repo, base, head)
}

/// The `pull_request.opened` fixture for PR #7 from `feature` (`head`) into `main` (`base`),
/// written to the test's HOME after `edit`.
pub fn pr_event(repo: &Repo, base: &str, head: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let text = include_str!("../fixtures/github/pull_request.opened.json");
    let mut payload: Value = serde_json::from_str(text).expect("fixture");
    let pr = &mut payload["pull_request"];
    pr["number"] = 7.into();
    pr["labels"] = serde_json::json!([]);
    pr["base"]["sha"] = base.into();
    pr["base"]["ref"] = "main".into();
    pr["head"]["sha"] = head.into();
    pr["head"]["ref"] = "feature".into();
    edit(&mut payload);
    let path = repo.home().join("event.json");
    std::fs::write(&path, serde_json::to_vec(&payload).expect("json")).expect("write event");
    path
}

/// `whylint ARGS` as a step of a `pull_request` job with `event` as its payload.
pub fn run(repo: &Repo, event: &std::path::Path, args: &[&str]) -> Output {
    repo.whylint_command(args)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event)
        .env("GITHUB_REPOSITORY", "Codertocat/Hello-World")
        .output()
        .expect("run whylint")
}

/// A `push` payload: `branch` of `Codertocat/Hello-World` (default branch `main`) moved from
/// `before` to `after`, written to the test's HOME.
pub fn push_event(repo: &Repo, branch: &str, before: &str, after: &str) -> PathBuf {
    let payload = serde_json::json!({
        "ref": format!("refs/heads/{branch}"),
        "before": before,
        "after": after,
        "created": before.bytes().all(|b| b == b'0'),
        "forced": false,
        "repository": {
            "full_name": "Codertocat/Hello-World",
            "default_branch": "main",
        },
        "pusher": {"name": "Codertocat"},
    });
    let path = repo.home().join("push.json");
    std::fs::write(&path, serde_json::to_vec(&payload).expect("json")).expect("write event");
    path
}
