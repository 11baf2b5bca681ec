//! What the rules look at: one commit, branch or pull request, already parsed.
//!
//! A `Subject` gathers the pieces every rule kind needs (title, visible text, trailers, sections,
//! conventional type, the branch and labels around it) so that rules never parse text
//! themselves. Sources build subjects; `rules` evaluates them.

use crate::parse::conventional;
use crate::parse::markdown;
use crate::parse::message::{self, CommentStyle, Line};

/// The kinds of thing a rule can apply to (`on:` in YAML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    /// A commit or a commit message.
    Commit,
    /// A branch as a whole.
    Branch,
    /// A pull or merge request.
    Pr,
}

impl SubjectKind {
    /// Every kind, in YAML order.
    pub const ALL: [SubjectKind; 3] = [SubjectKind::Commit, SubjectKind::Branch, SubjectKind::Pr];

    /// The YAML spelling.
    pub fn name(self) -> &'static str {
        match self {
            SubjectKind::Commit => "commit",
            SubjectKind::Branch => "branch",
            SubjectKind::Pr => "pr",
        }
    }

    /// Parses the YAML spelling.
    pub fn from_name(name: &str) -> Option<SubjectKind> {
        SubjectKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }
}

/// Where a section's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionOrigin {
    /// A Markdown heading (`## Problem`) or bold pseudo-heading.
    Heading,
    /// A trailer in the last paragraph (`Problem: …`).
    Trailer,
    /// A labelled paragraph in the body (`Why: …`).
    Label,
}

/// A named part of the text: a Markdown section, a trailer or a labelled paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionView {
    /// The heading/label/key normalised for lookup (`success metric`).
    pub key: String,
    /// As written.
    pub heading: String,
    /// Visible content (HTML comments removed).
    pub text: String,
    /// 1-based line of the heading in the original text.
    pub line: usize,
    /// What kind of section it is.
    pub origin: SectionOrigin,
    /// The section held an HTML comment (a template prompt, usually).
    pub has_comment: bool,
}

impl SectionView {
    /// A section named `heading`, with its lookup key computed.
    pub fn new(
        heading: String,
        text: String,
        line: usize,
        origin: SectionOrigin,
        has_comment: bool,
    ) -> Self {
        SectionView {
            key: markdown::normalize_heading(&heading),
            heading,
            text,
            line,
            origin,
            has_comment,
        }
    }
}

/// A trailer (`Key: value`) of a commit message or description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailerView {
    /// The key as written.
    pub key: String,
    /// The value, continuation lines joined.
    pub value: String,
    /// 1-based line of the key.
    pub line: usize,
}

/// Another part of the same change that may satisfy a rule (cross-artifact satisfaction): the
/// pull request description for its commits, say, or the commits for their branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// How to name it in a message: "the pull request description", "commit 1a2b3c4".
    pub label: String,
    /// The related part, parsed.
    pub subject: Subject,
}

/// One thing to check, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// What it is.
    pub kind: SubjectKind,
    /// Commit subject, PR title, or branch name.
    pub title: String,
    /// 1-based line of the title in the original text (0 when none).
    pub title_line: usize,
    /// All visible text: title, body and trailers.
    pub text: String,
    /// The body without title and trailers.
    pub body: String,
    /// Trailers of the last paragraph.
    pub trailers: Vec<TrailerView>,
    /// Headings, trailers and labelled paragraphs, in text order.
    pub sections: Vec<SectionView>,
    /// Conventional-commit type of the title (lowercase), when it has one.
    pub conventional_type: Option<String>,
    /// Its scope (lowercase), when it has one: `deps` in `chore(deps): …`.
    pub conventional_scope: Option<String>,
    /// For a branch: the conventional type and scope of each commit that has one, so the
    /// branch's kind can come from what its commits agree on.
    pub commit_types: Vec<(String, Option<String>)>,
    /// The branch the change is on, when known.
    pub branch: Option<String>,
    /// PR/MR labels.
    pub labels: Vec<String>,
    /// `Name <email>` of the author, when known (a login for a pull request).
    pub author: Option<String>,
    /// The platform says the author is a bot (GitHub's `user.type: Bot`).
    pub author_is_bot: bool,
    /// `Name <email>` of the committer, when known.
    pub committer: Option<String>,
    /// Number of parents, when this is a commit in a repository.
    pub parents: Option<usize>,
    /// Paths the change touches, when known (for path exemptions).
    pub changed_paths: Option<Vec<String>>,
    /// Other parts of the change that may satisfy a rule.
    pub related: Vec<Related>,
    /// Where the lines of `text` are in the original input, so evidence can name its line.
    pub lines: LineMap,
}

/// How an offset in [`Subject::text`] becomes a 1-based line of the text as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LineMap {
    /// The text's own lines are the input's lines: entry `i` is the input line of text line
    /// `i` (cleaning drops comment lines and repeated blanks, so they differ).
    Lines(Vec<usize>),
    /// The text was rendered from Markdown (a description): a fact is found on the first
    /// `input` line that holds it as written. The first `after` bytes of the text (a title)
    /// are on no line of the input.
    Search {
        /// The description as written (shared: a description is cloned into every commit of
        /// its pull request as a related part).
        input: std::sync::Arc<str>,
        /// Bytes of the text before the description's part.
        after: usize,
    },
    /// No line means anything (a branch summed up from its commits).
    #[default]
    None,
}

impl Subject {
    /// An empty subject of `kind`; fill in what the source knows.
    pub fn new(kind: SubjectKind) -> Subject {
        Subject {
            kind,
            title: String::new(),
            title_line: 0,
            text: String::new(),
            body: String::new(),
            trailers: Vec::new(),
            sections: Vec::new(),
            conventional_type: None,
            conventional_scope: None,
            commit_types: Vec::new(),
            branch: None,
            labels: Vec::new(),
            author: None,
            author_is_bot: false,
            committer: None,
            parents: None,
            changed_paths: None,
            related: Vec::new(),
            lines: LineMap::None,
        }
    }

    /// The 1-based input line of the text `written` found at byte `offset` of [`Subject::text`],
    /// when there is one.
    pub fn line_of(&self, offset: usize, written: &str) -> Option<usize> {
        match &self.lines {
            LineMap::Lines(numbers) => {
                let index = self
                    .text
                    .get(..offset)?
                    .bytes()
                    .filter(|&b| b == b'\n')
                    .count();
                numbers.get(index).copied().filter(|&line| line > 0)
            }
            LineMap::Search { input, after } if offset >= *after => input
                .lines()
                .position(|line| line.contains(written))
                .map(|index| index + 1),
            LineMap::Search { .. } | LineMap::None => None,
        }
    }

    /// The text as its author wrote it, for the readers of prose: a description's Markdown as
    /// written (comments, code fences and tables included), else the visible text.
    pub fn written(&self) -> &str {
        match &self.lines {
            LineMap::Search { input, .. } => input,
            LineMap::Lines(_) | LineMap::None => &self.text,
        }
    }

    /// The body of [`Subject::written`], below its first line for a commit (a subject line
    /// names the change, not who hit what), with the number of lines left out above it.
    pub fn written_body(&self) -> (&str, usize) {
        match &self.lines {
            LineMap::Lines(_) => self
                .text
                .split_once('\n')
                .map_or(("", 1), |(_, rest)| (rest, 1)),
            LineMap::Search { input, .. } => (input, 0),
            LineMap::None => (&self.text, 0),
        }
    }

    /// The input line that line `line` (1-based) of [`Subject::written`] is on.
    pub fn written_line(&self, line: usize) -> Option<usize> {
        match &self.lines {
            LineMap::Search { .. } => Some(line).filter(|&line| line > 0),
            LineMap::Lines(numbers) => numbers
                .get(line.checked_sub(1)?)
                .copied()
                .filter(|&line| line > 0),
            LineMap::None => None,
        }
    }

    /// A commit message, cleaned the way git does with `comment` (use `Verbatim` for messages
    /// read from commit objects).
    pub fn from_message(raw: &str, comment: &CommentStyle) -> Subject {
        let lines = message::clean(raw, comment);
        let parsed = message::parse(&lines);
        let mut subject = Subject::new(SubjectKind::Commit);
        subject.text = join_lines(&lines);
        subject.lines = LineMap::Lines(lines.iter().map(|line| line.number).collect());
        subject.body = parsed.body_text();
        subject.title = parsed.subject.clone();
        subject.title_line = parsed.subject_line;
        (subject.conventional_type, subject.conventional_scope) = conventional_type(&subject.title);
        let headings = if markdown::may_have_headings(&subject.body) {
            markdown::sections(&subject.body)
        } else {
            Vec::new()
        };
        for section in headings {
            if section.level == 0 {
                continue;
            }
            let line = body_line_number(&parsed.body, section.line);
            subject.sections.push(SectionView::new(
                section.heading,
                section.text,
                line,
                SectionOrigin::Heading,
                section.has_comment,
            ));
        }
        for labelled in &parsed.labelled {
            subject.sections.push(SectionView::new(
                labelled.label.clone(),
                labelled.text.clone(),
                labelled.line,
                SectionOrigin::Label,
                false,
            ));
        }
        for trailer in &parsed.trailers {
            subject.sections.push(SectionView::new(
                trailer.key.clone(),
                trailer.value.clone(),
                trailer.line,
                SectionOrigin::Trailer,
                false,
            ));
            subject.trailers.push(TrailerView {
                key: trailer.key.clone(),
                value: trailer.value.clone(),
                line: trailer.line,
            });
        }
        subject.sections.sort_by_key(|section| section.line);
        subject
    }

    /// A pull/merge request: its title and Markdown description.
    pub fn from_description(title: &str, description: &str) -> Subject {
        let mut subject = Subject::new(SubjectKind::Pr);
        subject.title = title.trim().to_owned();
        subject.title_line = 0;
        (subject.conventional_type, subject.conventional_scope) = conventional_type(&subject.title);
        let visible = markdown::visible_text(description);
        subject.text = if subject.title.is_empty() {
            visible.clone()
        } else {
            format!("{}\n\n{visible}", subject.title)
        };
        subject.body = visible;
        subject.lines = LineMap::Search {
            input: description.into(),
            after: subject.text.len() - subject.body.len(),
        };
        for section in markdown::sections(description) {
            if section.level == 0 {
                continue;
            }
            subject.sections.push(SectionView::new(
                section.heading,
                section.text,
                section.line,
                SectionOrigin::Heading,
                section.has_comment,
            ));
        }
        // Descriptions often end with trailer-like lines too (`Refs: PAY-1`, `Metric: …`).
        let lines = message::clean(description, &CommentStyle::Verbatim);
        subject.trailers = key_lines(&lines);
        for labelled in message::parse(&lines).labelled {
            subject.sections.push(SectionView::new(
                labelled.label,
                labelled.text,
                labelled.line,
                SectionOrigin::Label,
                false,
            ));
        }
        subject.sections.sort_by_key(|section| section.line);
        subject
    }

    /// Values of every trailer named `key` (ASCII case-insensitive).
    pub fn trailer_values<'a>(
        &'a self,
        key: &'a str,
    ) -> impl Iterator<Item = &'a TrailerView> + 'a {
        self.trailers
            .iter()
            .filter(move |trailer| trailer.key.eq_ignore_ascii_case(key))
    }
}

/// The conventional type and scope of `title`, lowercase.
fn conventional_type(title: &str) -> (Option<String>, Option<String>) {
    match conventional::parse(title) {
        Some(parsed) => (
            Some(parsed.kind.to_ascii_lowercase()),
            parsed.scope.map(str::to_ascii_lowercase),
        ),
        None => (None, None),
    }
}

/// A description has no trailer block: every `Key: value` line counts as a trailer (a
/// `Why-Skip:` or `Metric:` line may sit anywhere in a pull request), except inside an HTML
/// comment (a template's `<!-- Why-Skip: … -->` prompt is not one) or a fenced code block.
/// Raw lines, not the rendered text: Markdown would join a line to the next one.
fn key_lines(raw: &[Line<'_>]) -> Vec<TrailerView> {
    let mut in_comment = false;
    let mut in_fence = false;
    let mut found = Vec::new();
    for line in raw {
        let visible = outside_comments(line.text, &mut in_comment);
        let text = visible.trim();
        if text.starts_with("```") || text.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let view = Line {
            number: line.number,
            text,
            span: 0..text.len(),
        };
        for trailer in message::trailer_block(std::slice::from_ref(&view)).unwrap_or_default() {
            found.push(TrailerView {
                key: trailer.key,
                value: trailer.value,
                line: trailer.line,
            });
        }
    }
    found
}

/// The parts of `text` outside HTML comments; `in_comment` carries a comment over lines.
fn outside_comments(text: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let (marker, keep) = if *in_comment {
            ("-->", false)
        } else {
            ("<!--", true)
        };
        let Some(at) = rest.find(marker) else {
            if keep {
                out.push_str(rest);
            }
            return out;
        };
        if keep {
            out.push_str(rest.get(..at).unwrap_or_default());
        }
        rest = rest.get(at + marker.len()..).unwrap_or_default();
        *in_comment = !*in_comment;
    }
}

fn join_lines(lines: &[Line<'_>]) -> String {
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        text.push_str(line.text);
    }
    text
}

/// Maps a 1-based line of the body text back to the original message's line number.
fn body_line_number(body: &[Line<'_>], body_line: usize) -> usize {
    body.get(body_line.saturating_sub(1))
        .map(|line| line.number)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_key_lines_are_trailers_wherever_they_are() {
        let pr = Subject::from_description(
            "Tidy CI",
            "<!-- Why-Skip: <reason> -->\nSmall clean-up.\n\nWhy-Skip: typo fix in CI config\nRefs: #1\n\n<!--\nMetric: TBD\n-->\n```\nFixes: #2\n```\nMore prose.\n",
        );
        let found: Vec<(&str, &str, usize)> = pr
            .trailers
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str(), t.line))
            .collect();
        assert_eq!(
            found,
            [("Why-Skip", "typo fix in CI config", 4), ("Refs", "#1", 5)]
        );
    }
}
