//! GitHub webhook payloads, as `whylint check` / `whylint pr --event` read `GITHUB_EVENT_PATH`:
//! JSON bytes → the pull request's number, title, body, labels, author and refs.
//!
//! Invariants: no panic; deterministic; what is read is exactly what the JSON says (checked
//! against `serde_json::Value`, with `null` and missing read as empty); the error names the
//! file; and the pull request written back as a minimal payload reads back the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use whylint::error::Error;
use whylint::source::ci::{PullRequest, parse_github_event};

const NAME: &str = "event.json";

fuzz_target!(|data: &[u8]| {
    let read = parse_github_event(data, NAME);
    let again = parse_github_event(data, NAME);
    match (&read, &again) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "not deterministic"),
        (Err(Error::Usage(a)), Err(Error::Usage(b))) => {
            assert_eq!(a, b, "errors differ");
            assert!(a.contains(NAME), "the error does not name the file: {a}");
            return;
        }
        _ => panic!("not deterministic, or an unexpected error: {read:?} / {again:?}"),
    }
    let Ok(read) = read else { return };

    let Some((request, repository)) = read else {
        if let Ok(value) = serde_json::from_slice::<Value>(data) {
            let pr_value = value.get("pull_request").filter(|v| !v.is_null());
            assert!(pr_value.is_none(), "a pull request was dropped");
        }
        return;
    };
    round_trip(&request, &repository);
    // serde_json skips the fields whylint ignores without validating them (invalid UTF-8 or
    // escapes in a key it does not read), so the payload need not read as a `Value`.
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let pr_value = value
        .get("pull_request")
        .filter(|v| !v.is_null())
        .expect("a pull request out of nothing");

    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let at = |path: &[&str]| {
        path.iter()
            .try_fold(pr_value, |v, key| v.get(key).filter(|v| !v.is_null()))
    };
    assert_eq!(request.number, at(&["number"]).and_then(Value::as_u64));
    assert_eq!(request.title, text(at(&["title"])).unwrap_or_default());
    assert_eq!(request.body, text(at(&["body"])).unwrap_or_default());
    let labels: Vec<String> = at(&["labels"])
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(|l| text(l.get("name"))).collect())
        .unwrap_or_default();
    assert_eq!(request.labels, labels);
    assert_eq!(request.author, text(at(&["user", "login"])));
    assert_eq!(
        request.author_is_bot,
        text(at(&["user", "type"])).as_deref() == Some("Bot")
    );
    assert_eq!(request.head_ref, text(at(&["head", "ref"])));
    assert_eq!(request.head_sha, text(at(&["head", "sha"])));
    assert_eq!(request.base_ref, text(at(&["base", "ref"])));
    assert_eq!(request.base_sha, text(at(&["base", "sha"])));
    assert!(
        request.notes.is_empty(),
        "notes from a payload: {:?}",
        request.notes
    );
    let full_name = value
        .get("repository")
        .and_then(|r| r.get("full_name"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    assert_eq!(repository, full_name);
});

/// Written back as the smallest payload that says the same, it reads back the same.
fn round_trip(request: &PullRequest, repository: &Option<String>) {
    let written = json!({
        "pull_request": {
            "number": request.number,
            "title": request.title,
            "body": request.body,
            "labels": request.labels.iter().map(|name| json!({ "name": name })).collect::<Vec<_>>(),
            "user": { "login": request.author, "type": request.author_is_bot.then_some("Bot") },
            "head": { "ref": request.head_ref, "sha": request.head_sha },
            "base": { "ref": request.base_ref, "sha": request.base_sha },
        },
        "repository": { "full_name": repository },
    });
    let bytes = serde_json::to_vec(&written).expect("a JSON value serialises");
    let reread: Option<(PullRequest, Option<String>)> =
        parse_github_event(&bytes, NAME).expect("our own payload reads");
    assert_eq!(
        reread,
        Some((request.clone(), repository.clone())),
        "does not round-trip"
    );
}
