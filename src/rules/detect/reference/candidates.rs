//! Candidates: every written form found in a text, checked against its neighbours and the
//! settings, then given its kind (closing or mention).

use super::*;

/// An issue number as written after `#`: 1–7 digits, no leading zero (`#0`, `#000` are
/// placeholders).
pub(super) fn issue_number_ok(digits: &str) -> bool {
    !digits.is_empty()
        && digits.len() <= MAX_ISSUE_DIGITS
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `#12` everywhere. Scanned by hand rather than by regex: a text of nothing but `#1 #1 …` has
/// millions of them, and `str::find` on one byte is the cheapest way to walk there.
pub(super) fn hash_candidates(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('#')) {
        let start = from + found;
        let digits = bytes[start + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let span = start..start + 1 + digits;
        from = span.end;
        if !issue_number_ok(&text[span.start + 1..span.end])
            || next_char(text, span.end).is_some_and(is_word)
        {
            continue;
        }
        let ok = match prev_char(text, span.start) {
            None => true,
            // `C#12`, `&#123;`, `##12`, `a/#12`, `@{#1234567}` (Chromium's commit position).
            Some(c) if is_word(c) || matches!(c, '&' | '#' | '/' | '{' | '\\') => false,
            // `<org>/<repo>#12` is a template; `> #12` quotes are fine.
            Some('>') => !prev_char(text, span.start - 1).is_some_and(is_word),
            Some(_) => true,
        };
        if ok {
            out.push(Candidate {
                span,
                tracker: Tracker::Github,
            });
        }
    }
}

pub(super) fn path_candidates(w: &Lexicon, text: &str, out: &mut Vec<Candidate>) {
    for span in scan(text, next_path) {
        let written = &text[span.clone()];
        let Some(mark) = written.rfind(['#', '!']) else {
            continue;
        };
        if !issue_number_ok(&written[mark + 1..])
            || next_char(text, span.end).is_some_and(is_word)
            || prev_char(text, span.start)
                .is_some_and(|c| is_word(c) || matches!(c, '/' | '.' | '-' | '@' | ':' | '#'))
        {
            continue;
        }
        let mut path = &written[..mark];
        // `github.com/acme/app#3`: a host in front names the forge; without one, two segments
        // are GitHub's `owner/repo` and more are a GitLab group path.
        let mut host = None;
        if let Some((first, rest)) = path.split_once('/')
            && first.contains('.')
        {
            host = Some(first.to_ascii_lowercase());
            path = rest;
        }
        let segments = path.split('/').count();
        let owner = path.split('/').next().unwrap_or("");
        let repo = path.rsplit('/').next().unwrap_or("");
        if segments < 2 || is_placeholder_forge(w, owner, repo) {
            continue;
        }
        let merge_request = written.as_bytes()[mark] == b'!';
        let tracker = match host.as_deref() {
            Some("github.com" | "www.github.com") if !merge_request && segments == 2 => {
                Tracker::Github
            }
            Some(_) => Tracker::Gitlab,
            None if merge_request || segments >= 3 => Tracker::Gitlab,
            None => Tracker::Github,
        };
        out.push(Candidate { span, tracker });
    }
}

pub(super) fn is_placeholder_forge(w: &Lexicon, owner: &str, repo: &str) -> bool {
    is_one_of(owner.as_bytes(), words(&w.lists.placeholder_owners))
        || is_one_of(repo.as_bytes(), words(&w.lists.placeholder_repos))
}

/// After a key's number: `CVE-2024-1234`, `TLS-1.3`, `ISO-8601-1` continue with `-digit` or
/// `.digit`, which makes them ids or versions rather than tickets.
pub(super) fn key_tail_ok(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    !(matches!(bytes.get(end), Some(b'-' | b'.'))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
}

pub(super) fn key_candidates(
    w: &Lexicon,
    text: &str,
    settings: &TrackerSettings,
    out: &mut Vec<Candidate>,
) {
    for span in scan(text, next_key) {
        if next_char(text, span.end).is_some_and(is_word)
            || !key_tail_ok(text, span.end)
            || prev_char(text, span.start)
                .is_some_and(|c| is_word(c) || matches!(c, '-' | '.' | '$' | '@' | '#'))
        {
            continue;
        }
        if let Some((tracker, _)) = key_reference(w, &text[span.clone()], settings) {
            out.push(Candidate { span, tracker });
        }
    }
    // CPython and others write `gh-104584` in lower case.
    for span in scan(text, |text, from| next_prefixed_number(text, from, "gh-")) {
        if next_char(text, span.end).is_some_and(is_word)
            || prev_char(text, span.start).is_some_and(|c| is_word(c) || matches!(c, '-' | '.'))
            || !issue_number_ok(&text[span.start + 3..span.end])
        {
            continue;
        }
        out.push(Candidate {
            span,
            tracker: Tracker::Github,
        });
    }
}

/// Judges an upper-case `PREFIX-N`: `GH-12` is GitHub; anything else is a Jira-style key when its
/// number has no leading zero and its prefix passes [`key_prefix_ok`]. Returns the tracker and
/// the canonical text.
pub(super) fn key_reference(
    w: &Lexicon,
    key: &str,
    settings: &TrackerSettings,
) -> Option<(Tracker, String)> {
    let (prefix, number) = key.rsplit_once('-')?;
    if number.is_empty() || number.starts_with('0') {
        return None;
    }
    if prefix == "GH" {
        return issue_number_ok(number).then(|| (Tracker::Github, format!("#{number}")));
    }
    key_prefix_ok(w, prefix, settings).then(|| (Tracker::Jira, key.to_owned()))
}

/// A key prefix that can be a ticket project: not a decoy, not a template stand-in, and one of
/// `key_projects` when that list is set.
pub(super) fn key_prefix_ok(w: &Lexicon, prefix: &str, settings: &TrackerSettings) -> bool {
    // The project's own keys win over the decoy and stand-in lists: a team called `TEAM` or a
    // project `ADR` says so in `trackers: {jira: {projects: […]}}`.
    if settings.key_projects.iter().any(|p| p == prefix) {
        return true;
    }
    if is_decoy_or_placeholder(w, prefix, settings) {
        return false;
    }
    settings.key_projects.is_empty() || settings.key_projects.iter().any(|p| p == prefix)
}

pub(super) fn is_decoy_or_placeholder(
    w: &Lexicon,
    prefix: &str,
    settings: &TrackerSettings,
) -> bool {
    words(&w.lists.decoy_prefixes).any(|decoy| decoy == prefix)
        || settings
            .deny_prefixes
            .iter()
            .any(|p| p.trim().eq_ignore_ascii_case(prefix))
        || words(&w.lists.placeholder_prefixes).any(|stand_in| stand_in == prefix)
        // `XX-1`, `XXX-123`, `XXXX-42`.
        || prefix.bytes().all(|b| b == b'X')
}

pub(super) fn azure_candidates(text: &str, out: &mut Vec<Candidate>) {
    for span in scan(text, |text, from| next_prefixed_number(text, from, "AB#")) {
        if issue_number_ok(&text[span.start + 3..span.end])
            && !next_char(text, span.end).is_some_and(is_word)
            && !prev_char(text, span.start).is_some_and(is_word)
        {
            out.push(Candidate {
                span,
                tracker: Tracker::Azure,
            });
        }
    }
}

/// Security advisory ids: a prefix of `advisory-prefixes` (`CVE`, `RUSTSEC`, …, as written,
/// upper case), `-`, then either a year and a number (`CVE-2024-3094`, `RUSTSEC-2020-0159`) or
/// three groups of four letters and digits (`GHSA-r5v6-8x3q-9qhx`). Whole words only.
pub(super) fn advisory_candidates(w: &Lexicon, text: &str, out: &mut Vec<Candidate>) {
    if !text.contains('-') {
        return;
    }
    for prefix in words(&w.lists.advisory_prefixes) {
        for (at, _) in text.match_indices(prefix) {
            if prev_char(text, at).is_some_and(is_word) {
                continue;
            }
            let rest = &text[at + prefix.len()..];
            let Some(id) = rest.strip_prefix('-') else {
                continue;
            };
            let Some(len) = year_and_number(id).or_else(|| four_by_three(id)) else {
                continue;
            };
            let end = at + prefix.len() + 1 + len;
            if !next_char(text, end).is_some_and(is_word) {
                out.push(Candidate {
                    span: at..end,
                    tracker: Tracker::Advisory,
                });
            }
        }
    }
}

/// The length of `YYYY-N…` (a four-digit year, then one digit or more) at the start of `id`.
fn year_and_number(id: &str) -> Option<usize> {
    let bytes = id.as_bytes();
    let year = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if year != 4 || bytes.get(4) != Some(&b'-') {
        return None;
    }
    let number = bytes[5..].iter().take_while(|b| b.is_ascii_digit()).count();
    (number > 0).then_some(5 + number)
}

/// The length of `xxxx-xxxx-xxxx` (letters and digits) at the start of `id`.
fn four_by_three(id: &str) -> Option<usize> {
    let bytes = id.as_bytes();
    let group = |at: usize| {
        bytes
            .get(at..at + 4)
            .is_some_and(|g| g.iter().all(u8::is_ascii_alphanumeric))
    };
    (group(0)
        && bytes.get(4) == Some(&b'-')
        && group(5)
        && bytes.get(9) == Some(&b'-')
        && group(10))
    .then_some(14)
}

/// `Bug: 123456`, `Bug: chromium:123456, v8:42`, `Bug: b/123456`, `BUG=123`, `Issue: 123`.
pub(super) fn bug_trailer_candidates(
    text: &str,
    special: &[SpecialLine],
    out: &mut Vec<Candidate>,
) {
    for line in special {
        let LineRole::Bug { value } = line.role else {
            continue;
        };
        let Some(values) = text.get(value..line.span.end) else {
            continue;
        };
        for m in scan(values, next_bug_item) {
            let before = prev_char(values, m.start);
            let after = next_char(values, m.end);
            let digits = values[m.clone()].rsplit([':', '/']).next().unwrap_or("");
            if matches!(before, None | Some(' ' | '\t' | ',' | ';'))
                && matches!(after, None | Some(' ' | '\t' | ',' | ';' | '.'))
                && !digits.is_empty()
                && !digits.starts_with('0')
            {
                out.push(Candidate {
                    span: value + m.start..value + m.end,
                    tracker: Tracker::Bug,
                });
            }
        }
    }
}

/// Turns the kept candidates (sorted, disjoint) into references with their kinds.
///
/// A reference is closing when a closing keyword precedes it on its line with at most a few
/// words between, or when it follows a closing reference with only separators between
/// (`Closes #1, #2 and #3`). Only the text since the previous reference on the line is searched,
/// so the whole pass stays linear.
pub(super) fn assign_kinds(w: &Lexicon, text: &str, candidates: Vec<Candidate>) -> Vec<Reference> {
    let mut out = Vec::with_capacity(candidates.len());
    // End of the previous reference and whether it was closing.
    let mut previous: Option<(usize, bool)> = None;
    for candidate in candidates {
        let from = previous.map_or(0, |(end, _)| end).min(candidate.span.start);
        let between = text.get(from..candidate.span.start).unwrap_or("");
        // Only this line counts: cut at the last newline (searched backwards, so each stretch of
        // text is read once).
        let (gap, same_line) = match between.rfind('\n') {
            Some(newline) => (&between[newline + 1..], false),
            None => (between, previous.is_some()),
        };
        let previous_closing = same_line && previous.is_some_and(|(_, closing)| closing);
        let closing = (previous_closing && only_separators(gap)) || closing_keyword_before(w, gap);
        previous = Some((candidate.span.end, closing));
        out.push(Reference {
            tracker: candidate.tracker,
            text: text[candidate.span.clone()].to_owned(),
            kind: if closing {
                RefKind::Closing
            } else {
                RefKind::Mention
            },
            span: candidate.span,
        });
    }
    out
}

pub(super) fn only_separators(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .all(|piece| matches!(piece, "" | "&" | "+" | "/" | "and" | "or" | "&&"))
}

/// Whether `gap` (the text before a reference on its line) ends with a closing keyword and at
/// most [`MAX_CLOSING_GAP_WORDS`] ordinary words, within one clause.
pub(super) fn closing_keyword_before(w: &Lexicon, gap: &str) -> bool {
    if !gap.bytes().any(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let Some(keyword) = scan(gap, |text, from| next_closing_keyword(w, text, from)).last() else {
        return false;
    };
    // `fix-up`, `fixes_` are other words.
    if matches!(gap.as_bytes().get(keyword.end), Some(b'-' | b'_')) {
        return false;
    }
    let negated = gap[..keyword.start]
        .split_whitespace()
        .next_back()
        .is_some_and(|word| {
            let word = word.to_lowercase().replace('’', "'");
            matches!(
                word.as_str(),
                "not" | "doesn't" | "don't" | "didn't" | "won't" | "never" | "cannot" | "can't"
            )
        });
    if negated {
        return false;
    }
    let after = gap[keyword.end..]
        .strip_prefix(':')
        .unwrap_or(&gap[keyword.end..]);
    // A new clause or a parenthesis (`fix: crash (#123)` names the PR itself) ends the keyword's
    // reach.
    let breaks_clause = after.contains([';', '!', '?', '(', ')'])
        || after
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b'.' && pair[1].is_ascii_whitespace())
        || after.ends_with('.');
    if breaks_clause {
        return false;
    }
    let mut count = 0;
    for word in after.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if bare.is_empty() {
            continue;
        }
        if is_one_of(bare.as_bytes(), words(&w.lists.mention_words)) {
            return false;
        }
        count += 1;
        if count > MAX_CLOSING_GAP_WORDS {
            return false;
        }
    }
    true
}
