//! Where SARIF and GitLab Code Quality results point in the repository (`finding::Anchor`).
//!
//! whylint's findings are about commit messages and pull request descriptions, which are not
//! files, yet code scanning and the merge request widget show a result only at a file that
//! exists in the analysed commit, named relative to the repository root. Every result of a run
//! points at the same file, chosen in this order:
//!
//! 1. the configuration file that set the rules, when it is tracked at `HEAD` (the place where
//!    the rule would be changed or switched off);
//! 2. the README at the repository root (`README`, `README.md`, …: the first in git's order);
//! 3. the first file tracked at `HEAD`, in git's tree order.
//!
//! Never an absolute path, a `rev:path` (`--config-from`) or a file that does not exist; from
//! any working directory the path is relative to the root. Outside a repository, or before its
//! first commit, there is no such file. A file the commit touched was the alternative: it may be
//! gone by the time the results are uploaded, and costs a diff per commit on long histories.
//!
//! The reports say which commit or pull request a result is about themselves; this module only
//! finds the file, and the rule's help address (`WHYLINT_HELP_URI`, or on GitHub Actions the
//! configuration file on the repository's web page).

use super::ci::{self, Platform};
use super::git::Repo;
use crate::finding::Anchor;
use std::path::{Component, Path};

/// Finds the anchor for a run whose rules came from `project_file` (as `RuleSet::project_file`
/// names it: a path, or `rev:path` with `--config-from`).
pub fn locate(project_file: Option<&str>) -> Anchor {
    let repo = Repo::open_from_env();
    let config = repo
        .as_ref()
        .zip(project_file)
        .and_then(|(repo, name)| config_in_repo(repo, name));
    let path = config
        .clone()
        .or_else(|| repo.as_ref().and_then(readme))
        .or_else(|| repo.as_ref().and_then(first_file));
    Anchor {
        path,
        help_uri: help_uri(config.as_deref()),
    }
}

/// The configuration file relative to the repository root, when it lies inside it and is
/// tracked at `HEAD`.
fn config_in_repo(repo: &Repo, name: &str) -> Option<String> {
    let on_disk = Path::new(name);
    if on_disk.is_file() {
        let file = on_disk.canonicalize().ok()?;
        let root = repo.raw().workdir()?.canonicalize().ok()?;
        return relative(file.strip_prefix(root).ok()?).filter(|path| tracked(repo, path));
    }
    // `--config-from REV` names the file `REV:PATH`, PATH relative to the root: one of the names
    // searched for, or the file `WHYLINT_CONFIG` names. A revision seldom holds a `:` and a path
    // may, so the path is the longest tail after a `:` that is a file tracked at `HEAD`.
    name.match_indices(':')
        .filter_map(|(at, _)| name.get(at + 1..))
        .find(|path| tracked(repo, path))
        .map(str::to_owned)
}

/// `a/b/c` from a relative path, or `None` if it climbs out or is not UTF-8.
fn relative(path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path
        .components()
        .map(|component| match component {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    parts.filter(|parts| !parts.is_empty()).map(|p| p.join("/"))
}

/// Whether `path` is a file in `HEAD`'s tree.
fn tracked(repo: &Repo, path: &str) -> bool {
    head_tree(repo)
        .and_then(|tree| tree.get_path(Path::new(path)).ok())
        .is_some_and(|entry| is_file(&entry))
}

fn head_tree(repo: &Repo) -> Option<git2::Tree<'_>> {
    repo.raw().head().ok()?.peel_to_tree().ok()
}

/// A regular or executable file (not a link, a directory or a submodule).
fn is_file(entry: &git2::TreeEntry<'_>) -> bool {
    matches!(entry.filemode(), 0o100644 | 0o100755)
}

/// The README at the root of `HEAD`.
fn readme(repo: &Repo) -> Option<String> {
    let tree = head_tree(repo)?;
    tree.iter()
        .filter(is_file)
        .filter_map(|entry| entry.name().ok().map(str::to_owned))
        .find(|name| {
            let lower = name.to_ascii_lowercase();
            lower == "readme" || lower.starts_with("readme.")
        })
}

/// The first file of `HEAD`'s tree, depth first in git's order.
fn first_file(repo: &Repo) -> Option<String> {
    let tree = head_tree(repo)?;
    let mut found = None;
    let walked = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        match entry.name() {
            Ok(name) if is_file(entry) => {
                found = Some(format!("{dir}{name}"));
                git2::TreeWalkResult::Abort
            }
            _ => git2::TreeWalkResult::Ok,
        }
    });
    // Aborting the walk is reported as an error by libgit2; `found` says whether it succeeded.
    let _ = walked;
    found
}

/// `WHYLINT_HELP_URI`, or on GitHub Actions the configuration file on the repository's page.
fn help_uri(config: Option<&str>) -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    if let Some(template) = var("WHYLINT_HELP_URI") {
        if is_web_address(&template.replace("{rule}", "rule")) {
            return Some(template);
        }
        // The value itself is not repeated: it is the environment's, and stderr may be a CI log.
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "note: WHYLINT_HELP_URI is not an absolute http:// or https:// address, so results carry no `helpUri`; set it to one such as `https://example.com/rules/{{rule}}` (`{{rule}}` stands for the rule id)"
            );
        }
        return None;
    }
    if ci::platform() != Platform::GitHub {
        return None;
    }
    let config = config?;
    let server = var("GITHUB_SERVER_URL")?;
    let repository = var("GITHUB_REPOSITORY")?;
    let revision = var("GITHUB_SHA").unwrap_or_else(|| "HEAD".to_owned());
    Some(format!(
        "{}/{repository}/blob/{revision}/{config}",
        server.trim_end_matches('/')
    ))
}

/// An absolute `http:` or `https:` URI with a host, of characters a URI may hold (RFC 3986:
/// unreserved, reserved and `%`).
fn is_web_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with(':')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c))
}

#[cfg(test)]
mod tests {
    use super::{is_web_address, relative};
    use std::path::Path;

    #[test]
    fn relative_paths_use_slashes_and_never_climb() {
        assert_eq!(
            relative(Path::new("a/b/c.yml")).as_deref(),
            Some("a/b/c.yml")
        );
        assert_eq!(relative(Path::new("../c.yml")), None);
        assert_eq!(relative(Path::new("")), None);
    }

    #[test]
    fn only_absolute_web_addresses_are_help_uris() {
        for good in [
            "https://example.com/rules/rule",
            "http://example.com",
            "HTTPS://docs.example.com:8443/r?id=rule#x",
        ] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "not a uri",
            "example.com/rules",
            "/rules/rule",
            "https://",
            "https:///rules",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://example.com/a b",
            "https://example.com/\u{1b}]52",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }
}
