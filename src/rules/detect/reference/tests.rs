//! The specification of `find_references` and `branch_references`.

use super::*;

fn refs(text: &str) -> Vec<Reference> {
    find_references(text, &TrackerSettings::default())
}

/// (tracker, text, kind) of every reference, with the span checked against the text.
fn summary(text: &str, settings: &TrackerSettings) -> Vec<(Tracker, String, RefKind)> {
    find_references(text, settings)
        .into_iter()
        .map(|r| {
            assert_eq!(
                &text[r.span.clone()],
                r.text,
                "span must cover the written text"
            );
            (r.tracker, r.text, r.kind)
        })
        .collect()
}

fn texts(text: &str) -> Vec<String> {
    refs(text).into_iter().map(|r| r.text).collect()
}

use RefKind::{Closing, Mention};
use Tracker::*;

#[test]
fn tracker_names_round_trip() {
    for tracker in Tracker::ALL {
        assert_eq!(Tracker::from_name(tracker.name()), Some(tracker));
    }
    assert_eq!(Tracker::from_name("GitHub"), Some(Github));
    assert_eq!(Tracker::from_name("youtrack"), None);
    assert_eq!(Jira.name(), "jira");
}

#[test]
fn bare_hash_and_gh_keys_are_github() {
    let text = "Add CSV export\n\nRefs: #42, GH-7 and gh-104584";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Github, "#42".into(), Mention),
            (Github, "GH-7".into(), Mention),
            (Github, "gh-104584".into(), Mention),
        ]
    );
    let first = &refs(text)[0];
    assert_eq!(first.span, 22..25);
}

#[test]
fn closing_keywords_make_closing_references() {
    assert_eq!(
        summary("Fixes #1, #2 and #3", &TrackerSettings::default()),
        vec![
            (Github, "#1".into(), Closing),
            (Github, "#2".into(), Closing),
            (Github, "#3".into(), Closing),
        ]
    );
    for text in [
        "closes #9",
        "Resolved: #9",
        "fix the export crash #9",
        "Closes: PAY-9",
        "RESOLVES acme/app#9",
    ] {
        assert_eq!(refs(text)[0].kind, Closing, "{text}");
    }
    for text in [
        "Refs #9",
        "See #9",
        "Part of #9",
        "fix typo; see #9",
        "fix: export crash (#9)",
        "Fix crash introduced by #9",
        "This does not fix #9",
        "fix(parser): handle empty input in the CSV reader #9",
        "Fixed the crash. Related: #9",
    ] {
        assert_eq!(refs(text)[0].kind, Mention, "{text}");
    }
}

#[test]
fn owner_repo_and_gitlab_paths() {
    let text = "Fixes golang/go#61234\nSee gitlab-org/gitlab-runner!42 and group-x/sub/project#7";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Github, "golang/go#61234".into(), Closing),
            (Gitlab, "gitlab-org/gitlab-runner!42".into(), Mention),
            (Gitlab, "group-x/sub/project#7".into(), Mention),
        ]
    );
    // `!12` alone is not a merge request reference.
    assert!(refs("Great work !12").is_empty());
}

#[test]
fn forge_urls() {
    let text = "Closes https://github.com/acme/app/issues/12.\n\
                See https://github.com/acme/app/pull/13/files and https://github.com/acme/app/discussions/14#c1\n\
                https://gitlab.com/g/sub/p/-/issues/15 https://git.corp.io/a/b/-/merge_requests/16 \
                https://gitlab.com/g/p/-/work_items/17";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (
                Github,
                "https://github.com/acme/app/issues/12".into(),
                Closing
            ),
            (
                Github,
                "https://github.com/acme/app/pull/13/files".into(),
                Mention
            ),
            (
                Github,
                "https://github.com/acme/app/discussions/14#c1".into(),
                Mention
            ),
            (
                Gitlab,
                "https://gitlab.com/g/sub/p/-/issues/15".into(),
                Mention
            ),
            (
                Gitlab,
                "https://git.corp.io/a/b/-/merge_requests/16".into(),
                Mention
            ),
            (
                Gitlab,
                "https://gitlab.com/g/p/-/work_items/17".into(),
                Mention
            ),
        ]
    );
}

#[test]
fn jira_keys_and_urls() {
    let text = "PAY-812: add CSV export\n\nSee https://acme.atlassian.net/browse/WEB-3 and \
                https://jira.corp.example/jira/browse/OPS_2-9?focused=1";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Jira, "PAY-812".into(), Mention),
            (
                Jira,
                "https://acme.atlassian.net/browse/WEB-3".into(),
                Mention
            ),
            (
                Jira,
                "https://jira.corp.example/jira/browse/OPS_2-9?focused=1".into(),
                Mention
            ),
        ]
    );
}

#[test]
fn linear_urls_and_bare_linear_keys() {
    let text = "Refs https://linear.app/acme/issue/ENG-123/export-fails and ENG-124";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (
                Linear,
                "https://linear.app/acme/issue/ENG-123/export-fails".into(),
                Mention
            ),
            // Same syntax as Jira; only the URL says Linear.
            (Jira, "ENG-124".into(), Mention),
        ]
    );
}

#[test]
fn azure_boards() {
    let text = "Fixes AB#123\nhttps://dev.azure.com/org1/Proj/_workitems/edit/456/ \
                https://contoso.visualstudio.com/Proj/_workitems/edit/789";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Azure, "AB#123".into(), Closing),
            (
                Azure,
                "https://dev.azure.com/org1/Proj/_workitems/edit/456/".into(),
                Mention
            ),
            (
                Azure,
                "https://contoso.visualstudio.com/Proj/_workitems/edit/789".into(),
                Mention
            ),
        ]
    );
}

#[test]
fn bug_trailers_and_bug_urls() {
    let text = "Bug: 123456\nBug: chromium:1456789, v8:42, b/987654\nBUG=321\nIssue: 55\nBug: none\n\
                https://bugzilla.kernel.org/show_bug.cgi?id=218000 \
                https://bugs.launchpad.net/ubuntu/+source/linux/+bug/2051234";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Bug, "123456".into(), Mention),
            (Bug, "chromium:1456789".into(), Mention),
            (Bug, "v8:42".into(), Mention),
            (Bug, "b/987654".into(), Mention),
            (Bug, "321".into(), Mention),
            (Bug, "55".into(), Mention),
            (
                Bug,
                "https://bugzilla.kernel.org/show_bug.cgi?id=218000".into(),
                Mention
            ),
            (
                Bug,
                "https://bugs.launchpad.net/ubuntu/+source/linux/+bug/2051234".into(),
                Mention
            ),
        ]
    );
    // A number outside a Bug trailer is not a bug id.
    assert!(refs("Retry 123456 times").is_empty());
}

#[test]
fn linux_kernel_commit() {
    let text = "mm: fix use-after-free in foo_bar()\n\n\
                The SHA-256 helper freed the page twice (see UTF-8 handling).\n\n\
                Fixes: 1234abcdef12 (\"mm: fix foo for #12 and PAY-3\")\n\
                Reported-by: Ada Lovelace <ada@example.org>\n\
                Closes: https://lore.kernel.org/all/20240101120000.GA1234@x/\n\
                Link: https://lore.kernel.org/r/20240102-foo-v2-1-abcdef@kernel.org\n\
                Link: https://patch.msgid.link/20240102-foo-v2-1-abcdef@kernel.org\n\
                Link: https://bugzilla.kernel.org/show_bug.cgi?id=218001\n\
                Cc: stable@vger.kernel.org # 6.1+\n\
                Signed-off-by: Ada Lovelace <ada@example.org>\n";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (
                Url,
                "https://lore.kernel.org/all/20240101120000.GA1234@x/".into(),
                Closing
            ),
            (
                Bug,
                "https://bugzilla.kernel.org/show_bug.cgi?id=218001".into(),
                Mention
            ),
        ]
    );
}

#[test]
fn go_commit() {
    let text = "net/http: reject invalid header values\n\n\
                Fixes golang/go#61234\n\n\
                Change-Id: I0123456789abcdef0123456789abcdef01234567\n\
                Reviewed-on: https://go-review.googlesource.com/c/go/+/512345\n";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![(Github, "golang/go#61234".into(), Closing)]
    );
}

#[test]
fn chromium_commit() {
    let text = "[omnibox] Fix crash on empty suggestion\n\n\
                Bug: 1456789\n\
                Change-Id: Iabcdef0123456789abcdef0123456789abcdef01\n\
                Reviewed-on: https://chromium-review.googlesource.com/c/chromium/src/+/4567890\n\
                Commit-Queue: Ada <ada@chromium.org>\n\
                Cr-Commit-Position: refs/heads/main@{#1234567}\n";
    let found = refs(text);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].tracker, found[0].text.as_str()), (Bug, "1456789"));
    assert_eq!(&text[found[0].span.clone()], "1456789");
}

#[test]
fn dependabot_message_has_no_reference() {
    let text = "Bump lodash from 4.17.20 to 4.17.21\n\n\
                Bumps [lodash](https://github.com/lodash/lodash) from 4.17.20 to 4.17.21.\n\
                - [Release notes](https://github.com/lodash/lodash/releases)\n\
                - [Commits](https://github.com/lodash/lodash/compare/4.17.20...4.17.21)\n\n\
                ---\nupdated-dependencies:\n- dependency-name: lodash\n\n\
                Signed-off-by: dependabot[bot] <support@github.com>\n";
    assert!(refs(text).is_empty(), "{:?}", refs(text));
}

#[test]
fn url_trailers_count_unknown_urls() {
    let text = "Refs: https://support.acme.io/tickets/991\n\
                See: https://docs.acme.io/runbook\n\
                Link: https://github.com/acme/app/blob/main/README.md\n\
                Refs: https://example.com/issue/1\n\
                Later we read https://blog.acme.io/post";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Url, "https://support.acme.io/tickets/991".into(), Mention),
            (Url, "https://docs.acme.io/runbook".into(), Mention),
        ]
    );
    // Generic `/issues/N` URLs anywhere (Gitea, Codeberg, GitHub Enterprise).
    assert_eq!(
        summary(
            "see https://codeberg.org/forgejo/forgejo/issues/77",
            &TrackerSettings::default()
        ),
        vec![(
            Url,
            "https://codeberg.org/forgejo/forgejo/issues/77".into(),
            Mention
        )]
    );
}

#[test]
fn configured_url_patterns() {
    let settings = TrackerSettings {
        url_patterns: vec![
            Regex::new(r"https://tracker\.corp/t/\d+").expect("test regex"),
            Regex::new(r"\bSNOW\d{7}\b").expect("test regex"),
        ],
        ..TrackerSettings::default()
    };
    let text = "Fixes https://tracker.corp/t/42 and SNOW1234567; https://other.corp/t/1";
    assert_eq!(
        summary(text, &settings),
        vec![
            (Url, "https://tracker.corp/t/42".into(), Closing),
            (Url, "SNOW1234567".into(), Closing),
        ]
    );
}

#[test]
fn decoy_keys_are_never_references() {
    let text = "Upgrade to UTF-8 and SHA-256, ISO-8601 dates, RFC-1234, CVE-2024, \
                GHSA-abcd, CWE-79, AES-256, RSA-2048, HTTP-2, TLS-1.3, TLS-1, MD-5, X-1, \
                COVID-19, ES-2015, ECMA-262, IEEE-754, PEP-8, ARM-64, WIN-32, ISO-9001, X86-64";
    assert!(refs(text).is_empty(), "{:?}", texts(text));
    for prefix in ["UTF", "SHA", "CVE", "GHSA", "CWE", "PEP", "WIN", "ARM"] {
        assert!(words(&Lexicon::builtin_ref().lists.decoy_prefixes).any(|d| d == prefix));
    }
    let settings = TrackerSettings {
        deny_prefixes: vec!["lts".into()],
        ..TrackerSettings::default()
    };
    assert!(find_references("Move to LTS-22", &settings).is_empty());
    assert_eq!(texts("Move to LTS-22"), vec!["LTS-22"]);
}

#[test]
fn security_advisories_are_where_a_vulnerability_is_tracked() {
    let settings = TrackerSettings::default();
    let text = "Fixes CVE-2024-3094 and GHSA-r5v6-8x3q-9qhx.\n\
                See RUSTSEC-2020-0159, https://github.com/vim/vim/security/advisories/GHSA-2w8m-443v-cgvw\n\
                and https://core.trac.wordpress.org/ticket/57030#ticket";
    assert_eq!(
        summary(text, &settings),
        vec![
            (Advisory, "CVE-2024-3094".into(), Closing),
            (Advisory, "GHSA-r5v6-8x3q-9qhx".into(), Closing),
            (Advisory, "RUSTSEC-2020-0159".into(), Mention),
            (
                Advisory,
                "https://github.com/vim/vim/security/advisories/GHSA-2w8m-443v-cgvw".into(),
                Mention
            ),
            (
                Url,
                "https://core.trac.wordpress.org/ticket/57030#ticket".into(),
                Mention
            ),
        ]
    );
    // Look-alikes: no number after the year, a glued prefix, a group too short.
    for text in [
        "CVE-2024",
        "XCVE-2024-1",
        "CVE-2024-12ab",
        "GHSA-abc-defg-hijk",
        "cve-2024-1",
    ] {
        assert!(refs(text).is_empty(), "{text}: {:?}", texts(text));
    }
}

#[test]
fn tracked_discussions_link_the_problem_but_a_patch_thread_under_link_does_not() {
    let text = "Problem signaled here: http://www.canonware.com/pipermail/jemalloc-discuss/2015-May/001.html\n\
                Official discussion thread: https://discuss.python.org/t/pep-763/12345\n\
                See https://lists.apache.org/thread/vh1twzdbvm4f\n\n\
                Link: https://lore.kernel.org/all/20211008063704.GA5370@kili/\n";
    let found = texts(text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|url| !url.contains("lore.kernel.org")),
        "{found:?}"
    );
    assert_eq!(
        texts("Reported in https://lore.kernel.org/all/20211008063704.GA5370@kili/ first."),
        vec!["https://lore.kernel.org/all/20211008063704.GA5370@kili/"]
    );
}

#[test]
fn placeholder_references_are_ignored() {
    let text = "Fixes #\nFixes #XXX\nCloses #xxxx #0 #000 #<issue> #N\n\
                Refs: ABC-123, XXX-123, XX-9, KEY-123, PROJ-123, PROJECT-123, JIRA-123, \
                TICKET-123, ISSUE-123, FOO-1, BAR-2, TEAM-3, EXAMPLE-4, PAY-000\n\
                Fixes org/repo#12, owner/repo#3, user/repo#4, <org>/<repo>#5, foo/bar#6\n\
                Closes https://github.com/org/repo/issues/123 \
                https://github.com/owner/project/pull/9 https://gitlab.com/group/project/-/issues/1\n\
                Refs: https://github.com/<org>/<repo>/issues/123\n\
                Refs: https://github.com/acme/app/issues/XXX";
    assert!(refs(text).is_empty(), "{:?}", texts(text));
    // A real number is accepted, even the ubiquitous `#123`.
    assert_eq!(texts("Refs #123"), vec!["#123"]);
}

#[test]
fn look_alikes_in_words_entities_urls_and_colours() {
    let text = "C#12 and F#1 are languages; issue#4; &#123; is an entity; \
                https://x.com/page#12 is a fragment; colour #fff and #12ab; \
                id #12345678 is too long; `PAY-12` is quoted; a/#5";
    assert!(refs(text).is_empty(), "{:?}", texts(text));
    // Seven digits are still an issue number (accepting `#123456` over CSS colours).
    assert_eq!(texts("see #123456."), vec!["#123456"]);
}

#[test]
fn code_spans_and_fenced_blocks_are_skipped() {
    let text = "Use ``PAY-1 `#2` `` here, not #3.\n```\nFixes #4\n```\n~~~~\nPAY-5\n~~~~\nFixes #6";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Github, "#3".into(), Mention),
            (Github, "#6".into(), Closing)
        ]
    );
    // An unmatched backtick does not hide the rest of the line.
    assert_eq!(texts("it's a ` stray tick #7"), vec!["#7"]);
}

#[test]
fn key_projects_restrict_bare_keys() {
    let settings = TrackerSettings {
        key_projects: vec!["PAY".into(), "WEB".into()],
        ..TrackerSettings::default()
    };
    let text = "PAY-1 OPS-2 WEB-3 pay-4 UTF-8 https://acme.atlassian.net/browse/OPS-5";
    assert_eq!(
        summary(text, &settings),
        vec![
            (Jira, "PAY-1".into(), Mention),
            (Jira, "WEB-3".into(), Mention),
            // URLs name their tracker, so the project list does not filter them.
            (
                Jira,
                "https://acme.atlassian.net/browse/OPS-5".into(),
                Mention
            ),
        ]
    );
}

#[test]
fn key_boundaries() {
    assert!(texts("X-PAY-12 aPAY-12 PAY-12x PAY-12.5 PAY-12-3 $PAY-1 PAY-012").is_empty());
    assert_eq!(
        texts("(PAY-12), [WEB-3]: feat/OPS-4"),
        vec!["PAY-12", "WEB-3", "OPS-4"]
    );
}

#[test]
fn multibyte_text_around_references() {
    let text =
        "Ошибка экспорта — «PAY-12»… 修复 #7。Fixes: ＃8 héllo#9 😀#10 https://例え.jp/issues/5";
    let found = refs(text);
    let got: Vec<&str> = found.iter().map(|r| &text[r.span.clone()]).collect();
    assert_eq!(got, vec!["PAY-12", "#7", "#10", "https://例え.jp/issues/5"]);
    // Every slice point lands on a char boundary, whatever the neighbours.
    for (i, _) in text.char_indices() {
        let _ = refs(&text[i..]);
        let _ = branch_references(&text[i..], &TrackerSettings::default());
    }
}

#[test]
fn spans_are_unique_and_in_order() {
    let text = "[#12](https://github.com/acme/app/issues/12) #12 acme/app#12";
    let found = refs(text);
    assert_eq!(found.len(), 4);
    assert!(found.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    assert_eq!(found[1].tracker, Github);
    assert_eq!(found[1].text, "https://github.com/acme/app/issues/12");
}

#[test]
fn branch_names() {
    let s = TrackerSettings::default();
    let got = |branch: &str| -> Vec<(Tracker, String, String)> {
        branch_references(branch, &s)
            .into_iter()
            .map(|r| {
                assert_eq!(r.kind, Mention);
                (r.tracker, r.text, branch[r.span].to_owned())
            })
            .collect()
    };
    assert_eq!(
        got("feat/PAY-12-export"),
        vec![(Jira, "PAY-12".into(), "PAY-12".into())]
    );
    assert_eq!(
        got("12-fix-login"),
        vec![(Github, "#12".into(), "12".into())]
    );
    assert_eq!(
        got("fix/12-login"),
        vec![(Github, "#12".into(), "12".into())]
    );
    assert_eq!(
        got("issue-12"),
        vec![(Github, "#12".into(), "issue-12".into())]
    );
    assert_eq!(got("gh-12-x"), vec![(Github, "#12".into(), "gh-12".into())]);
    assert_eq!(
        got("feature/#34-x"),
        vec![(Github, "#34".into(), "#34".into())]
    );
    assert_eq!(
        got("feature/AB#12"),
        vec![(Azure, "AB#12".into(), "AB#12".into())]
    );
    assert_eq!(
        got("ada/eng-123-title"),
        vec![(Jira, "ENG-123".into(), "eng-123".into())]
    );
    assert_eq!(got("GH-5"), vec![(Github, "#5".into(), "GH-5".into())]);
    for branch in [
        "main",
        "feat/utf-8-support",
        "fix/node-18-compat",
        "release/1.2.3",
        "2024-01-15-cleanup",
        "feat/abc-123-x",
        "dependabot/npm_and_yarn/lodash-4.17.21",
        "feat/sha-256",
        "feat/2fa",
        "feature/UTF-8",
    ] {
        assert!(got(branch).is_empty(), "{branch}: {:?}", got(branch));
    }
}

#[test]
fn branch_names_with_key_projects() {
    let settings = TrackerSettings {
        key_projects: vec!["PAY".into(), "FIX".into()],
        ..TrackerSettings::default()
    };
    let texts: Vec<String> = branch_references("fix-3/pay-4-x/OPS-5/eng-6", &settings)
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(texts, vec!["FIX-3", "PAY-4"]);
}

#[test]
fn crlf_and_trailing_punctuation() {
    let text = "Refs: https://support.acme.io/t/1).\r\nCloses: #5\r\n";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Url, "https://support.acme.io/t/1".into(), Mention),
            (Github, "#5".into(), Closing),
        ]
    );
}

#[test]
fn ten_mib_of_hash_one_finishes() {
    let big = "#1 ".repeat(10 * 1024 * 1024 / 3);
    let found = refs(&big);
    assert_eq!(found.len(), big.len() / 3);
    assert_eq!(found[1].span, 3..5);
    assert!(branch_references(&big, &TrackerSettings::default()).is_empty());
}

#[test]
fn hostile_inputs_finish() {
    // Shapes that would go quadratic with a careless scan (sizes kept modest for debug
    // builds; the release-mode cost of each is linear).
    for text in [
        "a/".repeat(1 << 17),
        "A".repeat(1 << 18) + "-",
        "https://x/".repeat(1 << 15),
        "`".repeat(1 << 15) + &"` ".repeat(1 << 15),
        "Fixes ".repeat(1 << 15) + "#1",
        "Bug: ".to_owned() + &"1,".repeat(1 << 15),
        "\n".repeat(1 << 18),
        "https://github.com/a/b/issues/".repeat(1 << 12),
        "a".repeat(1 << 18) + "#1",
    ] {
        let _ = refs(&text);
        let _ = branch_references(&text, &TrackerSettings::default());
    }
    let many: String = (1..=10_000)
        .map(|n| format!("Fixes #{n}, PAY-{n}\n"))
        .collect();
    let found = refs(&many);
    assert_eq!(found.len(), 20_000);
    assert!(found.iter().all(|r| r.kind == Closing));
}

#[test]
fn schemeless_and_host_prefixed_references() {
    assert_eq!(
        summary(
            "Fixes github.com/acme/app#3, see www.github.com/acme/app/issues/4",
            &TrackerSettings::default()
        ),
        vec![
            (Github, "github.com/acme/app#3".into(), Closing),
            (Github, "www.github.com/acme/app/issues/4".into(), Mention),
        ]
    );
    assert_eq!(
        summary("gitlab.example.io/team/app#5", &TrackerSettings::default()),
        vec![(Gitlab, "gitlab.example.io/team/app#5".into(), Mention)]
    );
}

#[test]
fn closing_reaches_only_its_own_line() {
    assert_eq!(
        summary("Closes #1\nand #2", &TrackerSettings::default()),
        vec![
            (Github, "#1".into(), Closing),
            (Github, "#2".into(), Mention)
        ]
    );
}

#[test]
fn unknown_urls_on_issue_and_bug_lines() {
    let text = "Issue: https://app.asana.com/0/123/456\nBug: https://crbug.com/40123456";
    assert_eq!(
        summary(text, &TrackerSettings::default()),
        vec![
            (Url, "https://app.asana.com/0/123/456".into(), Mention),
            (Bug, "https://crbug.com/40123456".into(), Mention),
        ]
    );
}

#[test]
fn merge_and_squash_subjects() {
    assert_eq!(
        summary(
            "Merge pull request #456 from acme/feature-x",
            &TrackerSettings::default()
        ),
        vec![(Github, "#456".into(), Mention)]
    );
    assert_eq!(
        summary(
            "feat(export): add CSV export (#457)",
            &TrackerSettings::default()
        ),
        vec![(Github, "#457".into(), Mention)]
    );
}

#[test]
fn generated_inputs_keep_span_invariants() {
    // Small deterministic fuzz: fragments chosen to collide at char and token boundaries.
    const FRAGMENTS: &[&str] = &[
        "#",
        "1",
        "12",
        "0",
        "PAY",
        "-",
        "/",
        "a",
        "é",
        "😀",
        " ",
        "\n",
        "\r\n",
        "`",
        "```",
        "Fixes",
        "Refs:",
        "Link:",
        "Bug:",
        "BUG=",
        "https://",
        "www.",
        "github.com/",
        "issues/",
        "/-/",
        "browse/",
        "AB#",
        "gh-",
        "GH-",
        ":",
        ",",
        "(",
        ")",
        "<",
        ">",
        "!",
        "b/",
        "_workitems/edit/",
        "show_bug.cgi?id=",
        "ENG-",
        "&",
        "{",
        "\u{a0}",
    ];
    let settings = TrackerSettings {
        url_patterns: vec![Regex::new(r"SNOW\d+").expect("test regex")],
        ..TrackerSettings::default()
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..14 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(FRAGMENTS[(seed % FRAGMENTS.len() as u64) as usize]);
        }
        let found = find_references(&text, &settings);
        for r in &found {
            assert_eq!(text.get(r.span.clone()), Some(r.text.as_str()), "{text:?}");
        }
        assert!(
            found.windows(2).all(|w| w[0].span.end <= w[1].span.start),
            "{text:?}"
        );
        let branch = branch_references(&text, &settings);
        assert!(
            branch.iter().all(|r| text.get(r.span.clone()).is_some()),
            "{text:?}"
        );
        assert!(
            branch.windows(2).all(|w| w[0].span.end <= w[1].span.start),
            "{text:?}"
        );
    }
}

#[test]
fn schemes_and_hosts_ignore_case_paths_do_not() {
    assert_eq!(
        summary(
            "HTTPS://GitHub.com/acme/app/issues/12",
            &TrackerSettings::default()
        ),
        vec![(
            Github,
            "HTTPS://GitHub.com/acme/app/issues/12".into(),
            Mention
        )]
    );
    assert!(refs("https://github.com/acme/app/ISSUES/12").is_empty());
    assert_eq!(refs("FIXES #1")[0].kind, Closing);
    assert_eq!(
        texts("https://bugs.launchpad.net/x/+bug/7?x=1&y"),
        vec!["https://bugs.launchpad.net/x/+bug/7?x=1&y"]
    );
}

#[test]
fn hostile_url_shapes_finish() {
    // One long URL that many readings could start in (sizes kept modest for debug builds).
    for text in [
        "https://x/".to_owned() + &"show_bug.cgi?".repeat(1 << 12),
        "https://x/show_bug.cgi?".to_owned() + &"&id=".repeat(1 << 12),
        "https://x/".to_owned() + &"browse/A".repeat(1 << 12),
        "https://x/".to_owned() + &"/-/".repeat(1 << 12),
        "https://x/".to_owned() + &"+bug/".repeat(1 << 12),
        "https://x/".to_owned() + &"_workitems/edit/".repeat(1 << 12),
        "Bug: ".to_owned() + &"a".repeat(1 << 14) + ":1",
        "gh-".repeat(1 << 14),
        "AB#".repeat(1 << 14),
    ] {
        let _ = refs(&text);
        let _ = branch_references(&text, &TrackerSettings::default());
    }
}
