//! Facts read from the git repository: where it is, the current branch, the comment character.
//!
//! Everything here is read-only and local; whylint never touches the network.

use crate::parse::message::CommentStyle;
use std::path::PathBuf;

impl From<git2::Repository> for Repo {
    fn from(repo: git2::Repository) -> Repo {
        // Like git, read objects without re-hashing each one (libgit2's default does): a read
        // only linter gains nothing from it, and `HEAD~N` or a long range paid ~10% for it.
        git2::opts::strict_hash_verification(false);
        // Nor keep what it reads: libgit2's object cache (up to 256 MiB) grew with the range,
        // and whylint reads each commit once or twice, far apart on a long range.
        git2::opts::enable_caching(false);
        Repo {
            repo,
            config: std::cell::OnceCell::new(),
        }
    }
}

/// An open repository.
pub struct Repo {
    repo: git2::Repository,
    /// The repository's configuration, read once: a live `git2::Config` checks every config
    /// file on disk again for each value read.
    config: std::cell::OnceCell<Option<git2::Config>>,
}

impl Repo {
    /// Opens the repository around the working directory, honouring `GIT_DIR` and
    /// `GIT_WORK_TREE` (git sets them when it runs hooks). `None` outside a repository.
    pub fn open_from_env() -> Option<Repo> {
        let repo = git2::Repository::open_from_env().ok()?;
        // libgit2 resolves a relative `GIT_WORK_TREE` against the git directory, git against
        // the working directory, and git itself exports `GIT_WORK_TREE=.` to hooks when the
        // user gave `--work-tree` or `GIT_WORK_TREE`. Read it as git does, or the working tree
        // (and the `.whylint.yml` in it) would be looked for inside `.git`.
        if let Some(tree) = relative_work_tree()
            && let Ok(cwd) = std::env::current_dir()
        {
            // Best effort: if libgit2 refuses, its own reading stands.
            let _ = repo.set_workdir(&cwd.join(tree), false);
        }
        Some(Repo::from(repo))
    }

    /// `git ARGS` run on this repository to the end, under the time limit for local look-ups;
    /// `action` says what it is for, in the error when git cannot be run at all.
    pub(crate) fn git_output(
        &self,
        args: &[&str],
        action: &str,
    ) -> crate::error::Result<std::process::Output> {
        let mut command = self.git_command();
        command.args(args);
        super::process::output(&mut command, super::process::QUICK)?
            .map_err(|error| no_git(action, &error))
    }

    /// `git`, pointed at this repository. Objects come from wherever git finds them: a
    /// pre-receive quarantine's `GIT_OBJECT_DIRECTORY` is passed on as it is.
    pub(crate) fn git_command(&self) -> std::process::Command {
        let mut command = std::process::Command::new("git");
        command.env("GIT_DIR", self.repo.path());
        command
    }

    /// A snapshot of the configuration (system, global, repository), taken on first use.
    fn config(&self) -> Option<&git2::Config> {
        self.config
            .get_or_init(|| self.repo.config().and_then(|mut c| c.snapshot()).ok())
            .as_ref()
    }

    /// A string from the repository's git configuration (all levels), when set.
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.config()?.get_string(key).ok()
    }

    /// The libgit2 handle, for the other source modules.
    pub(crate) fn raw(&self) -> &git2::Repository {
        &self.repo
    }

    /// The `.git` directory (or the repository itself when bare).
    pub fn git_dir(&self) -> &std::path::Path {
        self.repo.path()
    }

    /// Opens the same repository again (after `git fetch` changed it behind libgit2's back).
    pub fn reopen(&self) -> crate::error::Result<Repo> {
        git2::Repository::open(self.repo.path())
            .map(Repo::from)
            .map_err(|e| crate::error::Error::git("cannot reopen the repository after fetching", e))
    }

    /// The remote to fetch from: `origin` if it exists, else the only remote.
    pub fn default_remote(&self) -> Option<String> {
        let remotes = self.repo.remotes().ok()?;
        let names: Vec<&str> = remotes.iter().flatten().flatten().collect();
        if names.contains(&"origin") {
            return Some("origin".to_owned());
        }
        match names.as_slice() {
            [only] => Some((*only).to_owned()),
            _ => None,
        }
    }

    /// The branch to compare against when none is given: `origin/HEAD`, then `main`, `master`,
    /// `trunk` locally, then on the default remote.
    pub fn detect_base(&self) -> Option<String> {
        let remote = self.default_remote();
        if let Some(remote) = &remote
            && let Ok(reference) = self
                .repo
                .find_reference(&format!("refs/remotes/{remote}/HEAD"))
            && let Ok(Some(target)) = reference.symbolic_target()
            && let Some(name) = target.strip_prefix("refs/remotes/")
        {
            return Some(name.to_owned());
        }
        let current = self.current_branch();
        for name in ["main", "master", "trunk"] {
            if current.as_deref() != Some(name)
                && self
                    .repo
                    .find_reference(&format!("refs/heads/{name}"))
                    .is_ok()
            {
                return Some(name.to_owned());
            }
        }
        let remote = remote?;
        ["main", "master", "trunk"]
            .iter()
            .map(|name| format!("{remote}/{name}"))
            .find(|name| {
                self.repo
                    .find_reference(&format!("refs/remotes/{name}"))
                    .is_ok()
            })
    }

    /// The contents of `path` at revision `rev`; `Ok(None)` when the file is not there. For the
    /// config (`--config-from`): a symbolic link or a file over `limit` bytes is an error.
    pub fn file_at(
        &self,
        rev: &str,
        path: &str,
        limit: usize,
    ) -> crate::error::Result<Option<Vec<u8>>> {
        let commit = self
            .repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .map_err(|e| crate::error::Error::git(format!("`--config-from {rev}`: not a commit here; fetch it or name another revision"), e))?;
        let tree = commit
            .tree()
            .map_err(|e| crate::error::Error::git(format!("cannot read the tree of `{rev}`"), e))?;
        let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
            return Ok(None);
        };
        if entry.filemode() == i32::from(git2::FileMode::Link) {
            return Err(crate::error::Error::Usage(format!(
                "`{rev}:{path}` is a symbolic link; `--config-from` reads the config only from a regular file in git: commit the file itself there, or name the file it links to with `WHYLINT_CONFIG`"
            )));
        }
        // The size first, from the object's header: a huge blob is refused before it is read.
        let too_large = self
            .repo
            .odb()
            .and_then(|odb| odb.read_header(entry.id()))
            .is_ok_and(|(size, _)| size > limit);
        if too_large {
            return Err(super::config::too_large(&format!("{rev}:{path}")));
        }
        let blob = entry
            .to_object(&self.repo)
            .and_then(|object| object.peel_to_blob())
            .map_err(|e| crate::error::Error::git(format!("cannot read `{path}` at `{rev}`"), e))?;
        Ok(Some(blob.content().to_vec()))
    }

    /// The web address of a commit, when `origin` is on GitHub or GitLab.
    pub fn commit_url(&self, id: &str) -> Option<String> {
        let remote = self.repo.find_remote("origin").ok()?;
        let url = remote.url().ok()?;
        let base = web_base(url)?;
        Some(if base.contains("gitlab") {
            format!("{base}/-/commit/{id}")
        } else {
            format!("{base}/commit/{id}")
        })
    }

    /// The working tree root, or the git directory for a bare repository.
    pub fn root(&self) -> PathBuf {
        self.repo
            .workdir()
            .unwrap_or_else(|| self.repo.path())
            .to_path_buf()
    }

    /// The branch HEAD points at, even before its first commit; `None` when HEAD is detached.
    pub fn current_branch(&self) -> Option<String> {
        let head = self.repo.find_reference("HEAD").ok()?;
        let target = head.symbolic_target().ok()??;
        target.strip_prefix("refs/heads/").map(str::to_owned)
    }

    /// `i18n.commitEncoding`, when it names something other than UTF-8: the encoding git
    /// expects commit messages (and so `COMMIT_EDITMSG`) to be written in.
    pub fn commit_encoding(&self) -> Option<String> {
        let value = self.config()?.get_string("i18n.commitEncoding").ok()?;
        let value = value.trim();
        let utf8 = value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8");
        (!value.is_empty() && !utf8).then(|| value.to_owned())
    }

    /// How this repository marks comment lines in commit messages
    /// (`core.commentString`, then `core.commentChar`; default `#`).
    pub fn comment_style(&self) -> CommentStyle {
        let Some(config) = self.config() else {
            return CommentStyle::Prefix("#".into());
        };
        let value = config
            .get_string("core.commentString")
            .or_else(|_| config.get_string("core.commentChar"))
            .ok();
        comment_style_from(value.as_deref())
    }
}

/// The error for a `git` that cannot be started to do `action`.
pub(crate) fn no_git(action: &str, error: &std::io::Error) -> crate::error::Error {
    crate::error::Error::Usage(format!(
        "cannot run `git` to {action} ({error}): whylint reads history through git; install git, or put it on PATH"
    ))
}

/// `GIT_WORK_TREE`, when it is set to a relative path.
fn relative_work_tree() -> Option<PathBuf> {
    std::env::var_os("GIT_WORK_TREE")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .filter(|path| path.is_relative())
}

/// `https://host/owner/repo` from an https or ssh remote URL on GitHub or GitLab.
fn web_base(url: &str) -> Option<String> {
    let trimmed = url.trim_end_matches('/').trim_end_matches(".git");
    let (host, path) = if let Some(rest) = trimmed.strip_prefix("git@") {
        rest.split_once(':')?
    } else {
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("ssh://git@"))?;
        rest.split_once('/')?
    };
    let host = host.rsplit('@').next()?;
    let known = host == "github.com" || host.contains("gitlab");
    let safe = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    (known && safe && !path.is_empty()).then(|| format!("https://{host}/{path}"))
}

/// Interprets a `core.commentChar` / `core.commentString` value.
pub fn comment_style_from(value: Option<&str>) -> CommentStyle {
    match value {
        Some("auto") => CommentStyle::Auto,
        Some(value) if !value.is_empty() && !value.contains(['\n', '\r']) => {
            CommentStyle::Prefix(value.to_owned())
        }
        _ => CommentStyle::Prefix("#".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::web_base;

    #[test]
    fn web_addresses_from_remote_urls() {
        assert_eq!(
            web_base("git@github.com:acme/shop.git").as_deref(),
            Some("https://github.com/acme/shop")
        );
        assert_eq!(
            web_base("https://gitlab.com/g/sub/p.git").as_deref(),
            Some("https://gitlab.com/g/sub/p")
        );
        assert_eq!(web_base("https://example.com/a/b"), None);
        assert_eq!(web_base("https://github.com/a/b\"<x>"), None);
    }
}
