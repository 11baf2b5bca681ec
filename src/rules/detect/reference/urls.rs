//! URL classifiers. Each reads one whole URL the way an anchored regex would: an optional
//! `http(s)://`, then a host and path shape, then digits ending the URL or followed by `/`, `?`
//! or `#` (so `/issues/12abc` is not issue 12). Where the shape allows several readings, the one
//! a backtracking regex prefers is taken (and a URL that fails with its scheme read as such is
//! read again with the scheme as part of the host, as the regex would).

use super::*;

/// Where the part after an optional scheme may start: after `http(s)://` first, then at 0.
pub(super) fn after_scheme(url: &str) -> impl Iterator<Item = usize> {
    let scheme =
        fold_at(url.as_bytes(), 0, "https://").or_else(|| fold_at(url.as_bytes(), 0, "http://"));
    scheme.into_iter().chain(std::iter::once(0))
}

/// The digits at `at` when they end the URL or are followed by one of `tail`.
pub(super) fn number_at<'u>(url: &'u str, at: usize, tail: &[u8]) -> Option<&'u str> {
    let bytes = url.as_bytes();
    let len = run(bytes, at, |b| b.is_ascii_digit());
    let ends = bytes.get(at + len).is_none_or(|b| tail.contains(b));
    (len > 0 && ends).then(|| &url[at..at + len])
}

/// Where the path starts after a non-empty host (`[^/?#]+/`) at `start`, and where the part of
/// it without `?` or `#` ends.
pub(super) fn host_path(url: &str, start: usize) -> Option<(usize, usize)> {
    let rest = url.get(start..)?;
    let host = rest.find(['/', '?', '#'])?;
    if host == 0 || rest.as_bytes()[host] != b'/' {
        return None;
    }
    let path = start + host + 1;
    let plain = url[path..].find(['?', '#']).map_or(url.len(), |i| path + i);
    Some((path, plain))
}

/// Starts of `word` in `url[path..plain]` that follow a `/` or are at `path` (`(?:[^?#]*/)?word`),
/// latest first, as a greedy regex tries them. The word itself may run past `plain`
/// (`show_bug.cgi?`).
pub(super) fn after_directories<'u>(
    url: &'u str,
    path: usize,
    plain: usize,
    word: &'u str,
) -> impl Iterator<Item = usize> + 'u {
    let bytes = url.as_bytes();
    (path..plain).rev().filter(move |at| {
        (*at == path || bytes[at - 1] == b'/') && bytes[*at..].starts_with(word.as_bytes())
    })
}

/// The number after `id=` in a query starting at `query` (`(?:[^#]*&)?id=N`): after the latest
/// `&id=` before any `#` that has one, else right at the start.
pub(super) fn query_id(url: &str, query: usize) -> Option<&str> {
    let bytes = url.as_bytes();
    let plain = url[query..].find('#').map_or(url.len(), |i| query + i);
    (query..plain)
        .rev()
        .filter(|at| bytes[*at..].starts_with(b"&id="))
        .find_map(|at| number_at(url, at + "&id=".len(), b"/?#&"))
        .or_else(|| {
            bytes[query..]
                .starts_with(b"id=")
                .then(|| number_at(url, query + "id=".len(), b"/?#&"))
                .flatten()
        })
}

/// `github.com/OWNER/REPO/(issues|pull|discussions)/N`: owner, repository and number.
pub(super) fn github_url(url: &str) -> Option<(&str, &str, &str)> {
    let bytes = url.as_bytes();
    after_scheme(url).find_map(|start| {
        let start = fold_at(url.as_bytes(), start, "www.").unwrap_or(start);
        let owner_start = fold_at(url.as_bytes(), start, "github.com/")?;
        if !bytes.get(owner_start)?.is_ascii_alphanumeric() {
            return None;
        }
        let owner_end = owner_start
            + run(bytes, owner_start, |b| {
                b.is_ascii_alphanumeric() || b == b'-'
            });
        if bytes.get(owner_end) != Some(&b'/') {
            return None;
        }
        let repo_start = owner_end + 1;
        let repo_end = repo_start
            + run(bytes, repo_start, |b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
            });
        if repo_end == repo_start || bytes.get(repo_end) != Some(&b'/') {
            return None;
        }
        let kind = &url[repo_end + 1..];
        let number = ["issues/", "pull/", "discussions/"]
            .iter()
            .find(|k| kind.starts_with(**k))
            .and_then(|k| number_at(url, repo_end + 1 + k.len(), b"/?#"))?;
        Some((
            &url[owner_start..owner_end],
            &url[repo_start..repo_end],
            number,
        ))
    })
}

/// `HOST/PATH/-/(issues|merge_requests|work_items)/N` (any host), or `gitlab.com/PATH/(issues|
/// merge_requests)/N`: the project path and the number. The path is the shortest that fits.
pub(super) fn gitlab_url(url: &str) -> Option<(&str, &str)> {
    let modern = after_scheme(url).find_map(|start| {
        let (path, plain) = host_path(url, start)?;
        gitlab_path(
            url,
            path,
            plain,
            "/-/",
            &["issues/", "merge_requests/", "work_items/"],
        )
    });
    modern.or_else(|| {
        after_scheme(url).find_map(|start| {
            let path = fold_at(url.as_bytes(), start, "gitlab.com/")?;
            let plain = url[path..].find(['?', '#']).map_or(url.len(), |i| path + i);
            gitlab_path(url, path, plain, "/", &["issues/", "merge_requests/"])
        })
    })
}

/// The first `separator` + one of `kinds` + number after a non-empty path starting at `path`
/// (with no `?` or `#` before `plain`): the path and the number.
pub(super) fn gitlab_path<'u>(
    url: &'u str,
    path: usize,
    plain: usize,
    separator: &str,
    kinds: &[&str],
) -> Option<(&'u str, &'u str)> {
    let bytes = url.as_bytes();
    // The path is at least one character, so the separator starts after its first byte.
    (path + 1..plain).find_map(|at| {
        let after = at + separator.len();
        if !bytes[at..].starts_with(separator.as_bytes()) {
            return None;
        }
        let number = kinds
            .iter()
            .find(|kind| bytes[after..].starts_with(kind.as_bytes()))
            .and_then(|kind| number_at(url, after + kind.len(), b"/?#"))?;
        Some((&url[path..at], number))
    })
}

/// `HOST/…/browse/KEY-N`: the key's prefix and number.
pub(super) fn jira_url(url: &str) -> Option<(&str, &str)> {
    after_scheme(url).find_map(|start| {
        let (path, plain) = host_path(url, start)?;
        after_directories(url, path, plain, "browse/")
            .find_map(|at| key_at(url, at + "browse/".len(), 2))
    })
}

/// `linear.app/TEAM/issue/KEY-N`: the key's prefix and number.
pub(super) fn linear_url(url: &str) -> Option<(&str, &str)> {
    after_scheme(url).find_map(|start| {
        let team = fold_at(url.as_bytes(), start, "linear.app/")?;
        let team_end = url[team..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| team + i);
        if team_end == team {
            return None;
        }
        let key = url[team_end..].strip_prefix("/issue/")?;
        key_at(url, url.len() - key.len(), 1)
    })
}

/// `KEY-N` at `at` ending the URL or followed by `/`, `?`, `#`: an upper-case letter and at least
/// `min_len - 1` more upper-case letters, digits or `_`, then `-` and the number.
pub(super) fn key_at(url: &str, at: usize, min_len: usize) -> Option<(&str, &str)> {
    let bytes = url.as_bytes();
    if !bytes.get(at)?.is_ascii_uppercase() {
        return None;
    }
    let len = 1 + run(bytes, at + 1, |b| {
        b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'
    });
    if len < min_len || bytes.get(at + len) != Some(&b'-') {
        return None;
    }
    let number = number_at(url, at + len + 1, b"/?#")?;
    Some((&url[at..at + len], number))
}

/// `HOST/…/_workitems/edit/N`.
pub(super) fn is_azure_url(url: &str) -> bool {
    after_scheme(url).any(|start| {
        host_path(url, start).is_some_and(|(path, plain)| {
            after_directories(url, path, plain, "_workitems/edit/")
                .any(|at| number_at(url, at + "_workitems/edit/".len(), b"/?#").is_some())
        })
    })
}

/// Bugzilla (`…/show_bug.cgi?id=N`), Launchpad (`…/+bug/N`), Chromium and Google issue trackers,
/// Debian: the bug number.
pub(super) fn bug_url(url: &str) -> Option<&str> {
    const TAIL: &[u8] = b"/?#&";
    after_scheme(url).find_map(|start| {
        let host_path = host_path(url, start);
        let bugzilla = || {
            let (path, plain) = host_path?;
            after_directories(url, path, plain, "show_bug.cgi?")
                .find_map(|at| query_id(url, at + "show_bug.cgi?".len()))
        };
        let launchpad = || {
            let (path, plain) = host_path?;
            after_directories(url, path, plain, "+bug/")
                .find_map(|at| number_at(url, at + "+bug/".len(), TAIL))
        };
        let crbug = || {
            let at = fold_at(url.as_bytes(), start, "crbug.com/")?;
            let bytes = url.as_bytes();
            let project = run(bytes, at, |b| b.is_ascii_alphanumeric() || b == b'-');
            let in_project = (project > 0 && bytes.get(at + project) == Some(&b'/'))
                .then(|| number_at(url, at + project + 1, TAIL))
                .flatten();
            in_project.or_else(|| number_at(url, at, TAIL))
        };
        let google = || {
            let host = fold_at(url.as_bytes(), start, "issues.chromium.org")
                .or_else(|| fold_at(url.as_bytes(), start, "issuetracker.google.com"))?;
            url[host..]
                .starts_with("/issues/")
                .then(|| number_at(url, host + "/issues/".len(), TAIL))
                .flatten()
        };
        let monorail = || {
            let host = fold_at(url.as_bytes(), start, "bugs.chromium.org")?;
            let project = host + "/p/".len();
            if !url[host..].starts_with("/p/") {
                return None;
            }
            let end = url[project..]
                .find(['/', '?', '#'])
                .map_or(url.len(), |i| project + i);
            if end == project {
                return None;
            }
            url[end..]
                .starts_with("/issues/detail?")
                .then(|| query_id(url, end + "/issues/detail?".len()))
                .flatten()
        };
        let debian = || {
            let at = fold_at(url.as_bytes(), start, "bugs.debian.org/")?;
            let cgi = "cgi-bin/bugreport.cgi?bug=";
            url[at..]
                .starts_with(cgi)
                .then(|| number_at(url, at + cgi.len(), TAIL))
                .flatten()
                .or_else(|| number_at(url, at, TAIL))
        };
        bugzilla()
            .or_else(launchpad)
            .or_else(crbug)
            .or_else(google)
            .or_else(monorail)
            .or_else(debian)
    })
}

/// `HOST/…/issues/N` (Gitea, Forgejo, Codeberg, GitHub Enterprise …): the number.
pub(super) fn generic_issue_url(url: &str) -> Option<&str> {
    after_scheme(url).find_map(|start| {
        let (path, plain) = host_path(url, start)?;
        // `/issues/N` (Gitea, Forgejo, …) and Trac's `/ticket/N`.
        ["issues/", "ticket/"].iter().find_map(|directory| {
            after_directories(url, path, plain, directory)
                .find_map(|at| number_at(url, at + directory.len(), b"/?#"))
        })
    })
}

/// Whether `url` is a security advisory page: `…/advisories/` then an id with a prefix of
/// `advisory-prefixes` (`…/security/advisories/GHSA-…` on any GitHub repository,
/// `github.com/advisories/GHSA-…`, `rustsec.org/advisories/RUSTSEC-….html`).
pub(super) fn is_advisory_url(w: &Lexicon, url: &str) -> bool {
    after_scheme(url).any(|start| {
        host_path(url, start).is_some_and(|(path, plain)| {
            after_directories(url, path, plain, "advisories/").any(|at| {
                let id = &url[at + "advisories/".len()..];
                words(&w.lists.advisory_prefixes).any(|prefix| {
                    id.strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('-'))
                })
            })
        })
    })
}

/// Which tracker a URL links to, if it links a problem at all.
pub(super) fn classify_url(
    w: &Lexicon,
    url: &str,
    role: LineRole,
    template: bool,
    settings: &TrackerSettings,
) -> Option<Tracker> {
    if is_advisory_url(w, url) {
        return Some(Tracker::Advisory);
    }
    if let Some((owner, repo, number)) = github_url(url) {
        return (!is_placeholder_forge(w, owner, repo) && issue_number_ok(number))
            .then_some(Tracker::Github);
    }
    if let Some((path, number)) = gitlab_url(url) {
        let owner = path.split('/').next().unwrap_or("");
        let repo = path.rsplit('/').next().unwrap_or("");
        return (!is_placeholder_forge(w, owner, repo) && issue_number_ok(number))
            .then_some(Tracker::Gitlab);
    }
    // Key URLs name their tracker explicitly, so `key_projects` (which exists to tell bare keys
    // from look-alikes) does not apply; decoys and placeholders still do.
    for (read, tracker) in [
        (jira_url as fn(&str) -> Option<(&str, &str)>, Tracker::Jira),
        (linear_url, Tracker::Linear),
    ] {
        if let Some((prefix, number)) = read(url) {
            return (!number.starts_with('0') && !is_decoy_or_placeholder(w, prefix, settings))
                .then_some(tracker);
        }
    }
    if is_azure_url(url) {
        return Some(Tracker::Azure);
    }
    if let Some(number) = bug_url(url) {
        return (!number.starts_with('0')).then_some(Tracker::Bug);
    }
    if let Some(number) = generic_issue_url(url) {
        // Gitea, Forgejo, Codeberg, GitHub Enterprise …: an issue, but on which tracker is unknown.
        if !number.starts_with('0') && !template {
            return Some(Tracker::Url);
        }
    }
    if settings
        .url_patterns
        .iter()
        .any(|pattern| pattern.is_match(url))
    {
        return Some(Tracker::Url);
    }
    // A patch-archive thread under `Link:` is the patch itself, never a problem.
    let host = url_host(url);
    let patch_thread = matches!(role, LineRole::Trailer { link: true })
        && (words(&w.lists.patch_archive_hosts).any(|known| known == host)
            || host.starts_with("patchwork."));
    // Any other tracked discussion (a mailing-list thread, a forum topic) anywhere in the text.
    if !template && !patch_thread && is_discussion_url(w, url) {
        return Some(Tracker::Url);
    }
    if matches!(role, LineRole::Plain | LineRole::KernelFixes) {
        return None;
    }
    let lower_url = url.to_ascii_lowercase();
    let placeholder = template
        || lower_url.contains("xxx")
        || host.ends_with("example.com")
        || host.ends_with("example.org")
        || host.ends_with("example.net")
        || host == "localhost";
    let known_tracker = words(&w.lists.tracker_hosts).any(|known| known == host)
        || host.ends_with(".atlassian.net")
        || host.ends_with(".visualstudio.com");
    (!placeholder && !known_tracker && !patch_thread && host.contains('.')).then_some(Tracker::Url)
}

/// Whether `url` (after its scheme) starts with or holds a `discussion-urls` entry: a thread or
/// topic where a problem was discussed (`lists.apache.org/thread/`, `/pipermail/`).
fn is_discussion_url(w: &Lexicon, url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let rest = rest.to_ascii_lowercase();
    words(&w.lists.discussion_urls).any(|entry| rest.contains(entry))
}

/// The lower-cased host of an `http(s)://` URL.
pub(super) fn url_host(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let host = &after_scheme[..end];
    // Drop `user@` and `:port`.
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split_once(':').map_or(host, |(h, _)| h);
    host.to_ascii_lowercase()
}
