//! whylint's walks against `git rev-list`, over generated histories: merges (octopus too),
//! several roots, equal and skewed commit dates, replace refs, grafts and shallow boundaries,
//! for many ranges of each, with `--first-parent`, `--topo-order` and `--since` (committer
//! time, a cut-off); and the grouping of a walk by change (`report`'s) against what git reaches
//! from each first-parent commit and not from its first parent.
//!
//! The histories come from a fixed set of seeds, so a failure names the seed and range that
//! reproduce it. A walk must give git's commits, in git's order, each with the parents git
//! sees; in a shallow history it must stop with an error exactly where git's listing reaches a
//! commit whose parents were not fetched, and give git's commits before it.

mod common;

use common::{Repo, code, json, stderr};
use whylint::source::changes::Changes;
use whylint::source::git::Repo as Repository;
use whylint::source::history::WalkLimits;

/// splitmix64: a small, fixed generator (no dependency, the same numbers everywhere).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// What is done to a generated history before it is walked.
#[derive(Debug, Clone, Copy)]
enum Twist {
    Plain,
    ReplaceRefs,
    Grafts,
    Shallow,
    All,
}

const START: i64 = 1_767_225_600;

/// Histories generated (each seed gives one; the seed picks its twist)...
const SEEDS: u64 = 10;

/// ...and ranges walked in each: 200 comparisons in a few seconds.
const RANGES: usize = 20;

/// A generated history: the commits in the order they were made (parents always earlier),
/// with their committer times.
struct History {
    ids: Vec<String>,
    times: Vec<i64>,
}

/// `count` commits through `git fast-import`: each continues a random earlier commit, or
/// merges two or three, or (rarely) starts a new root. Committer times mostly move on a
/// minute, often stay in the same second, sometimes jump back a day (a skewed clock); author
/// times are unrelated, so a walk that read them for `--since` would go wrong.
fn generate(repo: &Repo, random: &mut Random, count: usize) -> History {
    let mut stream = String::new();
    let mut times = Vec::with_capacity(count);
    let mut time = START;
    for at in 0..count {
        time = match random.below(10) {
            0..=2 => time,
            3 => time - 86_400 + random.below(3_600) as i64,
            _ => time + 60,
        };
        times.push(time);
        let author = START + random.below(100_000) as i64;
        let message = format!("Change {at}\n\nBody of change {at}.\n");
        stream.push_str(&format!(
            "commit refs/heads/c{at}\nmark :{}\nauthor Ada <ada@example.com> {author} +0000\ncommitter Bo <bo@example.com> {time} +0000\ndata {}\n{message}",
            at + 1,
            message.len()
        ));
        if at > 0 && !random.chance(4) {
            let parents = match random.below(10) {
                0..=1 => 2,
                2 if at > 3 => 3,
                _ => 1,
            };
            let mut chosen: Vec<usize> = Vec::new();
            for _ in 0..parents {
                // Mostly one of the last few commits, so the history has long lines.
                let parent = if random.chance(70) {
                    at - 1 - random.below(at.min(4))
                } else {
                    random.below(at)
                };
                if !chosen.contains(&parent) {
                    chosen.push(parent);
                }
            }
            for (index, parent) in chosen.iter().enumerate() {
                let verb = if index == 0 { "from" } else { "merge" };
                stream.push_str(&format!("{verb} :{}\n", parent + 1));
            }
        }
        stream.push('\n');
    }
    let mut import = repo.git_command(&["fast-import", "--quiet"]);
    import.stdin(std::process::Stdio::piped());
    let mut child = import.spawn().expect("run git fast-import");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), stream.as_bytes())
        .expect("feed fast-import");
    assert!(child.wait().expect("fast-import ends").success());
    let last = format!("c{}", count - 1);
    repo.git(&["symbolic-ref", "HEAD", &format!("refs/heads/{last}")]);
    let ids = (0..count)
        .map(|at| {
            repo.git(&["rev-parse", &format!("c{at}")])
                .trim()
                .to_owned()
        })
        .collect();
    History { ids, times }
}

/// Gives a few commits other parents (always earlier commits: no cycles), by replace refs or
/// by `info/grafts`; or cuts the history at a few commits, as a shallow clone is.
fn twist(repo: &Repo, random: &mut Random, history: &History, twist: Twist) {
    let count = history.ids.len();
    let new_parents = |random: &mut Random, at: usize| -> Vec<String> {
        let wanted = random.below(3).min(at);
        let mut parents: Vec<String> = Vec::new();
        for _ in 0..wanted {
            let parent = history.ids[random.below(at)].clone();
            if !parents.contains(&parent) {
                parents.push(parent);
            }
        }
        parents
    };
    if matches!(twist, Twist::ReplaceRefs | Twist::All) {
        for _ in 0..3 {
            let at = 1 + random.below(count - 1);
            let mut args = vec![
                "replace".to_owned(),
                "--graft".into(),
                history.ids[at].clone(),
            ];
            args.extend(new_parents(random, at));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            // A commit already replaced is left as it is.
            let _ = repo.git_output(&args);
        }
    }
    if matches!(twist, Twist::Grafts | Twist::All) {
        let mut grafts = String::new();
        for _ in 0..3 {
            let at = 1 + random.below(count - 1);
            grafts.push_str(&history.ids[at]);
            for parent in new_parents(random, at) {
                grafts.push(' ');
                grafts.push_str(&parent);
            }
            grafts.push('\n');
        }
        repo.write(".git/info/grafts", grafts);
    }
    if matches!(twist, Twist::Shallow | Twist::All) {
        let cut: Vec<&str> = (0..2)
            .map(|_| history.ids[count / 2 + random.below(count / 2)].as_str())
            .collect();
        repo.write(".git/shallow", format!("{}\n", cut.join("\n")));
    }
}

/// `git rev-list ARGS --parents`: each listed commit with its parents; `None` when git refuses
/// the range.
fn rev_list(repo: &Repo, args: &[&str]) -> Option<Vec<(String, Vec<String>)>> {
    let mut all = vec!["rev-list", "--parents"];
    all.extend_from_slice(args);
    let output = repo.git_output(&all);
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| {
                let mut ids = line.split(' ');
                let id = ids.next().unwrap_or_default().to_owned();
                (id, ids.map(str::to_owned).collect())
            })
            .collect()
    })
}

/// A random range over `history`, in one of the forms users write, with git's own arguments
/// for it and whylint's limits.
fn random_range(random: &mut Random, history: &History) -> (String, Vec<String>, WalkLimits) {
    let count = history.ids.len();
    let pick = |random: &mut Random| history.ids[random.below(count)].clone();
    let text = match random.below(7) {
        0 | 1 => format!("{}..{}", pick(random), pick(random)),
        2 => format!("{}...{}", pick(random), pick(random)),
        3 => {
            let tip = pick(random);
            format!("{tip}~{}..{tip}", 1 + random.below(6))
        }
        4 => format!("{0}^2~{1}..{0}", pick(random), random.below(3)),
        5 => format!("HEAD~{}..HEAD", random.below(8)),
        _ => pick(random),
    };
    let mut limits = WalkLimits::default();
    let mut args = Vec::new();
    if random.chance(25) {
        limits.first_parent = true;
        args.push("--first-parent".to_owned());
    }
    if random.chance(25) {
        limits.children_first = true;
        args.push("--topo-order".to_owned());
    }
    if random.chance(30) {
        let since = history.times[random.below(count)];
        limits.since = Some(since);
        args.push(format!("--since=@{since}"));
    }
    args.push(text.clone());
    (text, args, limits)
}

/// whylint's walk of `text`: each commit with its parents, and the error that ended the walk,
/// if one did. `Err` when the range does not resolve.
type Walked = (Vec<(String, Vec<String>)>, Option<String>);

fn walk(repo: &Repository, text: &str, limits: WalkLimits) -> Result<Walked, String> {
    let range = repo
        .resolve_history(text)
        .map_err(|error| error.to_string())?;
    let mut listed = Vec::new();
    for record in repo.walk(&range, limits).map_err(|e| e.to_string())? {
        match record {
            Ok(record) => listed.push((
                record.id.to_string(),
                record.parents.iter().map(ToString::to_string).collect(),
            )),
            Err(error) => return Ok((listed, Some(error.to_string()))),
        }
    }
    Ok((listed, None))
}

/// The history of `seed`, twisted as the seed says, with whylint's view of the repository.
fn seeded(seed: u64, random: &mut Random) -> (Repo, History, Twist, Repository) {
    let repo = Repo::new();
    let count = 30 + random.below(20);
    let history = generate(&repo, random, count);
    let kind = [
        Twist::Plain,
        Twist::ReplaceRefs,
        Twist::Grafts,
        Twist::Shallow,
        Twist::All,
    ][seed as usize % 5];
    twist(&repo, random, &history, kind);
    let opened = git2::Repository::open(repo.path()).expect("open the repository");
    let whylint = Repository::from(opened);
    (repo, history, kind, whylint)
}

fn check_seed(seed: u64) {
    let mut random = Random(seed);
    let (repo, history, kind, whylint) = seeded(seed, &mut random);
    let shallow: Vec<String> = std::fs::read_to_string(repo.path().join(".git/shallow"))
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    for _ in 0..RANGES {
        let (text, args, limits) = random_range(&mut random, &history);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let at = format!("seed {seed} ({kind:?}), `git rev-list {}`", args.join(" "));
        let mut expected = rev_list(&repo, &args);
        // `A...B` of unrelated histories is refused, where git lists both whole histories.
        if let Some((a, b)) = text.split_once("...")
            && !repo.git_output(&["merge-base", a, b]).status.success()
        {
            expected = None;
        }
        let walked = walk(&whylint, &text, limits);
        let (Some(expected), Ok((listed, error))) = (&expected, &walked) else {
            // A range git refuses (`X~6` past a root, no merge base) is refused here too.
            assert!(
                expected.is_none() && walked.is_err(),
                "{at}: git gave {expected:?}, whylint {walked:?}"
            );
            continue;
        };
        // Past a shallow boundary the walk stops with an error where git's listing reaches it.
        let cut = expected.iter().position(|(id, _)| shallow.contains(id));
        match cut {
            Some(cut) => {
                assert_eq!(listed[..], expected[..cut], "{at}: before the boundary");
                let error = error.as_deref().unwrap_or_default();
                assert!(error.contains("history is incomplete"), "{at}: {error}");
            }
            None => {
                assert_eq!(error, &None, "{at}");
                assert_eq!(listed, expected, "{at}");
            }
        }
    }
}

#[test]
fn walks_list_what_git_rev_list_lists() {
    for seed in 0..SEEDS {
        check_seed(seed);
    }
}

/// A range summed up by change (as `report` does) gives git's first-parent line (cut where
/// `--since` cuts it), each commit with exactly the commits of the range that git reaches from
/// it and not from its first parent, however old.
#[test]
fn changes_hold_what_each_merge_brought_in() {
    for seed in 0..SEEDS {
        let mut random = Random(seed);
        let (repo, history, kind, whylint) = seeded(seed, &mut random);
        for _ in 0..RANGES {
            let (text, _, picked) = random_range(&mut random, &history);
            let Ok(range) = whylint.resolve_history(&text) else {
                continue;
            };
            // `--since` ends each line where git's first-parent walk ends it; one line here.
            let since = picked.since.filter(|_| range.include.len() == 1);
            let at = format!("seed {seed} ({kind:?}), `{text}`, since {since:?}");
            let limits = WalkLimits {
                children_first: true,
                ..WalkLimits::default()
            };
            let walk = whylint.walk(&range, limits).expect("walk");
            let Ok(changes) = Changes::new(walk, &range.include, usize::MAX, since)
                .collect::<Result<Vec<_>, _>>()
            else {
                // A shallow boundary in the range: the walk's own test covers where it stops.
                continue;
            };
            let excluded: Vec<String> = range.exclude.iter().map(|id| format!("^{id}")).collect();
            let mut line_args = vec!["--first-parent".to_owned()];
            line_args.extend(since.map(|since| format!("--since=@{since}")));
            line_args.extend(range.include.iter().map(ToString::to_string));
            line_args.extend(excluded.iter().cloned());
            let line_args: Vec<&str> = line_args.iter().map(String::as_str).collect();
            let line: Vec<String> = rev_list(&repo, &line_args)
                .expect("git lists the line")
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let heads: Vec<String> = changes.iter().map(|c| c.head.id.to_string()).collect();
            let mut sorted_line = line.clone();
            sorted_line.sort();
            let mut sorted_heads = heads.clone();
            sorted_heads.sort();
            assert_eq!(sorted_heads, sorted_line, "{at}: the line");
            // A change holds what the range lists.
            let mut all_args: Vec<String> = range.include.iter().map(ToString::to_string).collect();
            all_args.extend(excluded.iter().cloned());
            let all_args: Vec<&str> = all_args.iter().map(String::as_str).collect();
            let listed: std::collections::HashSet<String> = rev_list(&repo, &all_args)
                .expect("git lists the range")
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            if range.include.len() > 1 {
                // Two lines (`A...B`): each line commit is a change of its own.
                continue;
            }
            assert_eq!(heads, line, "{at}: the line's order");
            for change in &changes {
                let head = change.head.id.to_string();
                // Reachable from the change and not from its first parent, each asked
                // without `^` (git's cut-offs are heuristic when dates are skewed).
                let behind = |id: &str| -> std::collections::HashSet<String> {
                    rev_list(&repo, &[id])
                        .expect("git lists a history")
                        .into_iter()
                        .map(|(id, _)| id)
                        .collect()
                };
                let first = change
                    .head
                    .parents
                    .first()
                    .map(|id| behind(&id.to_string()));
                let mut expected: Vec<String> = behind(&head)
                    .into_iter()
                    .filter(|id| {
                        *id != head
                            && listed.contains(id)
                            && !first.as_ref().is_some_and(|first| first.contains(id))
                    })
                    .collect();
                expected.sort();
                let mut merged: Vec<String> =
                    change.merged.iter().map(|c| c.id.to_string()).collect();
                merged.sort();
                assert_eq!(merged, expected, "{at}: brought in by {head}");
            }
        }
    }
}

/// The case that went wrong: with `git replace --graft`, git lists `HEAD~2..HEAD` along the
/// new parents, and so must `whylint commits`.
#[test]
fn replace_refs_change_the_range_as_git_has_it() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    let c1 = repo.commit("a", "Change one");
    let c2 = repo.commit("b", "Change two");
    let _c3 = repo.commit("c", "Change three");
    let c4 = repo.commit("d", "Change four");
    let _ = c1;
    // c4's parent becomes c2: c3 is out of HEAD's history.
    repo.git(&["replace", "--graft", &c4, &c2]);
    let output = repo.whylint(&[
        "--config",
        "../walk.yml",
        "commits",
        "HEAD~2..HEAD",
        "--format",
        "json",
    ]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let ids = same_as_git(&repo, &output, &["rev-list", "HEAD~2..HEAD"]);
    assert_eq!(ids, [c4, c2]);
}

/// `--since` is committer time, as in git: a commit authored long ago and committed (rebased,
/// cherry-picked) today is in; one authored today on a machine whose commit clock is behind is
/// not.
#[test]
fn since_reads_committer_time_as_git_does() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    let commit = |repo: &mut Repo, author: &str, committer: &str, file: &str| {
        repo.write(file, file);
        repo.git(&["add", file]);
        let output = repo
            .git_command(&["commit", "-q", "-m", &format!("Change {file}")])
            .env("GIT_AUTHOR_DATE", author)
            .env("GIT_COMMITTER_DATE", committer)
            .output()
            .expect("git commit");
        assert!(output.status.success());
        repo.git(&["rev-parse", "HEAD"]).trim().to_owned()
    };
    let root = commit(
        &mut repo,
        "2025-06-01T00:00:00Z",
        "2025-06-01T00:00:00Z",
        "a",
    );
    let picked = commit(
        &mut repo,
        "2025-06-02T00:00:00Z",
        "2026-03-02T00:00:00Z",
        "b",
    );
    let fresh = commit(
        &mut repo,
        "2026-03-03T00:00:00Z",
        "2026-03-03T00:00:00Z",
        "c",
    );
    let range = format!("{root}..HEAD");
    let output = repo.whylint(&[
        "--config",
        "../walk.yml",
        "commits",
        &range,
        "--since",
        "2026-03-01",
        "--format",
        "json",
    ]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let ids = same_as_git(
        &repo,
        &output,
        &["rev-list", "--since=2026-03-01T00:00:00Z", &range],
    );
    assert_eq!(ids, [fresh, picked]);
}

/// In a full clone git resolves a `NAME~N` base as it lists the range; a base it refuses is
/// still explained as whylint explains any revision, before anything is written.
#[test]
fn a_base_left_to_git_is_explained_when_it_names_nothing() {
    let mut repo = Repo::new();
    repo.commit("a", "Change one");
    repo.commit("b", "Change two");
    let output = repo.whylint(&["commits", "mian~1..HEAD", "--format", "json"]);
    assert_eq!(code(&output), 2);
    let error = stderr(&output);
    assert!(
        error.contains("`mian~1` is not in this repository"),
        "{error}"
    );
    assert!(output.stdout.is_empty(), "{error}");
    let output = repo.whylint(&["commits", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(
        json(&output)["summary"]["checked"],
        1,
        "{}",
        stderr(&output)
    );
}

/// The commits whose `problem-link` failed in `output` (JSON), checked to be the ones `git
/// args` lists, in its order.
fn same_as_git(repo: &Repo, output: &std::process::Output, args: &[&str]) -> Vec<String> {
    let ids: Vec<String> = common::findings(&json(output))
        .into_iter()
        .filter(|(_, rule)| rule == "problem-link")
        .map(|(id, _)| id)
        .collect();
    let git: Vec<String> = repo.git(args).lines().map(str::to_owned).collect();
    assert_eq!(ids, git);
    ids
}
