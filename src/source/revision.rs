//! A revision that is not in the repository: the error for it, with the names that are close.
//!
//! In a full clone a name that does not resolve is a typo or a branch never fetched, not missing
//! history: the error says "no such revision" and offers the branch and tag names that are
//! close, never shallow-clone advice or a fetch. Shallow clones are `shallow`'s business.

use super::git::Repo;
use crate::error::Error;

/// At most this many close names are offered.
const OFFERED: usize = 3;

/// The error for `rev`, which does not resolve in `repo` (not shallow, or already fetched for).
/// `role` names what it is to the run ("the base"), when known.
pub fn unknown(repo: &Repo, rev: &str, role: Option<&str>) -> Error {
    let named = match role {
        Some(role) => format!("{role} `{rev}`"),
        None => format!("`{rev}`"),
    };
    let hint = match close_names(repo, rev).as_slice() {
        [] => "check the name (`git branch -a` lists the branches here)".to_owned(),
        [one] => format!("did you mean `{one}`?"),
        many => format!(
            "did you mean {}?",
            many.iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    Error::Usage(format!(
        "{named} is not in this repository: no branch, tag or commit has that name (no such revision); {hint}"
    ))
}

/// The branch, remote-tracking branch and tag names closest to `rev`, closest first.
pub fn close_names(repo: &Repo, rev: &str) -> Vec<String> {
    let Ok(references) = repo.raw().references() else {
        return Vec::new();
    };
    let wanted = rev.to_lowercase();
    // A name a third different, or two edits for short names, is close enough to be a typo.
    let limit = (wanted.chars().count() / 3).max(2);
    let mut close: Vec<(usize, String)> = references
        .flatten()
        .filter_map(|reference| {
            let full = reference.name().ok()?.to_owned();
            let (name, remote) = if let Some(name) = full.strip_prefix("refs/remotes/") {
                (name, true)
            } else {
                (
                    full.strip_prefix("refs/heads/")
                        .or_else(|| full.strip_prefix("refs/tags/"))?,
                    false,
                )
            };
            if name.ends_with("/HEAD") {
                return None;
            }
            let lower = name.to_lowercase();
            let mut distance = strsim::damerau_levenshtein(&wanted, &lower);
            // `origin/main` is offered for `mian` too: `main` alone would not resolve.
            if remote && let Some((_, branch)) = lower.split_once('/') {
                distance = distance.min(strsim::damerau_levenshtein(&wanted, branch));
            }
            (distance <= limit).then(|| (distance, name.to_owned()))
        })
        .collect();
    close.sort();
    close.dedup_by(|a, b| a.1 == b.1);
    close
        .into_iter()
        .take(OFFERED)
        .map(|(_, name)| name)
        .collect()
}
