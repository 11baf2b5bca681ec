//! Markdown → sections with visible text.
//!
//! This module owns the structural reading of a Markdown document (a pull or
//! merge request description, or a long commit body): it splits the document
//! into [`Section`]s by heading (ATX, setext and bold "pseudo-headings" such as
//! `**Problem**`) and renders each section's *visible* text, i.e. what a reader
//! sees on GitHub/GitLab. HTML comments (where PR templates keep their prompts)
//! and raw HTML tags are not visible text; whether a section contained a
//! comment is reported separately.
//!
//! It does not judge the text: deciding whether a section is a placeholder,
//! links a problem, or states a measurable success metric is the rules' job.
//!
//! Everything here is pure (no I/O), never panics, and runs in linear time
//! with bounded stack depth: parsing is delegated to `pulldown_cmark`, which
//! is iterative, and the event handling below keeps no recursion either.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// One section of a Markdown document: a heading and what follows it up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Heading text as plain text (markup removed, trimmed, trailing ':' removed). Empty for the preamble before the first heading.
    pub heading: String,
    /// 1..=6 for ATX/setext headings; 0 for the preamble ([`PREAMBLE_LEVEL`]); 7 for a "pseudo-heading" ([`PSEUDO_HEADING_LEVEL`]).
    pub level: u8,
    /// 1-based line number of the heading (of the first content line for the preamble; 1 if the document is empty).
    pub line: usize,
    /// Visible text of the section body: paragraphs and list items each on their own line ('\n'-separated), inline code kept WITH its backticks (e.g. "`p95 < 200ms`"), fenced/indented code block contents kept as their lines, link text kept and the link URL appended in parentheses when it differs from the text (e.g. `"the issue (https://github.com/o/r/issues/1)"`; autolinks/bare URLs appear once), task list items rendered as `"[ ] text"` / `"[x] text"`, HTML comments and raw HTML tags removed (text between tags kept), emphasis markers removed, trimmed. Subsections' text is NOT included (each heading starts a new Section in document order).
    pub text: String,
    /// Byte range of the whole section in the input (heading included).
    pub span: Range<usize>,
    /// True when the section contained at least one HTML comment (template prompts usually live there).
    pub has_comment: bool,
}

/// Level used for the preamble (text before the first heading).
pub const PREAMBLE_LEVEL: u8 = 0;

/// Level used for a pseudo-heading: a top-level paragraph whose first line is
/// only bold text, optionally followed by ':' (e.g. `**Problem**`).
pub const PSEUDO_HEADING_LEVEL: u8 = 7;

/// Splits `markdown` into sections, in document order. The preamble (text before the first heading) is returned as a Section with level 0 and an empty heading only if it has visible text or comments.
pub fn sections(markdown: &str) -> Vec<Section> {
    let mut builder = Builder::new(markdown);
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        builder.handle(event, range);
    }
    builder.finish()
}

/// Whether `markdown` can hold a heading that [`sections`] would find: a line starting (after
/// indentation) with `#`, `**` or `__` (a pseudo-heading), or a setext underline of `=` or `-`.
/// Cheap, and never `false` for text that has one, so callers can skip the full parse.
pub fn may_have_headings(markdown: &str) -> bool {
    markdown.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with('#')
            || line.starts_with("**")
            || line.starts_with("__")
            || (!line.is_empty() && line.trim_end().bytes().all(|b| b == b'=' || b == b'-'))
    })
}

/// The whole document's visible text (same rendering rules as `Section::text`, headings included as their own lines).
pub fn visible_text(markdown: &str) -> String {
    let mut out = String::new();
    for section in sections(markdown) {
        for part in [section.heading.as_str(), section.text.as_str()] {
            if part.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(part);
        }
    }
    out
}

/// Normalises a heading or label for comparison: lowercase, markup/punctuation (`?`, `:`, `*`, `_`, `#`, emoji and other symbols) removed, runs of whitespace/hyphens/underscores collapsed to a single space, trimmed. "## How will we know it worked?" -> "how will we know it worked"; "Success-Metric:" -> "success metric"; "📈 Success metrics" -> "success metrics".
///
/// A '/' or '\\' also separates words ("Motivation/Context" -> "motivation context").
pub fn normalize_heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut separated = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if separated && !out.is_empty() {
                out.push(' ');
            }
            separated = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || matches!(c, '-' | '_' | '/' | '\\') {
            separated = true;
        }
        // Any other punctuation, symbol, emoji or format character is dropped.
    }
    out
}

/// The pulldown-cmark extensions this module relies on.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Accumulates rendered text line by line; blank lines are dropped.
#[derive(Debug, Default)]
struct LineBuf {
    /// Completed, trimmed, non-empty lines joined by '\n'.
    out: String,
    /// The line being built.
    cur: String,
    /// Number of line breaks taken so far (identifies `cur`).
    breaks: usize,
}

impl LineBuf {
    /// Appends `s`; any '\r' or '\n' in it ends the current line.
    fn push(&mut self, s: &str, verbatim: bool) {
        let mut pieces = s.split(['\n', '\r']);
        if let Some(first) = pieces.next() {
            self.cur.push_str(first);
        }
        for piece in pieces {
            self.newline(verbatim);
            self.cur.push_str(piece);
        }
    }

    /// Ends the current line. `verbatim` lines (code) keep their inner and
    /// leading whitespace; other lines are trimmed and whitespace-collapsed.
    fn newline(&mut self, verbatim: bool) {
        if verbatim {
            let line = self.cur.trim_end();
            if !line.is_empty() {
                if !self.out.is_empty() {
                    self.out.push('\n');
                }
                self.out.push_str(line);
            }
        } else {
            // Prose: runs of whitespace (left by removed markup) become one space.
            let mut words = self.cur.split_whitespace();
            if let Some(first) = words.next() {
                if !self.out.is_empty() {
                    self.out.push('\n');
                }
                self.out.push_str(first);
                for word in words {
                    self.out.push(' ');
                    self.out.push_str(word);
                }
            }
        }
        self.cur.clear();
        self.breaks += 1;
    }

    /// The rendered text, trimmed.
    fn finish(mut self) -> String {
        self.newline(false);
        let trimmed = self.out.trim();
        if trimmed.len() == self.out.len() {
            self.out
        } else {
            trimmed.to_owned()
        }
    }
}

/// Where the raw-HTML scanner is, across the events of one HTML block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlState {
    /// Outside any markup: characters are visible text.
    Text,
    /// Inside a tag (`<...>`), collecting its name.
    Tag,
    /// Inside a comment, CDATA section, processing instruction or declaration,
    /// waiting for the given terminator.
    Until(&'static str),
}

/// An open link whose URL may be appended when it ends.
#[derive(Debug)]
struct OpenLink {
    /// `LineBuf::breaks` when the link started.
    breaks: usize,
    /// Byte offset in `LineBuf::cur` where the link text starts.
    at: usize,
    /// Destination to show, or `None` when it must not be shown.
    dest: Option<String>,
}

/// Incremental recogniser for a pseudo-heading's first line.
#[derive(Debug, Clone, Copy)]
enum Pseudo {
    /// Before the bold text; `wrapped` when inside a leading `*...*`.
    Before { wrapped: bool },
    /// Inside the bold text.
    InStrong {
        nest: usize,
        wrapped: bool,
        has_text: bool,
    },
    /// After the bold text: only ':' / whitespace / comments may follow.
    After { wrapped: bool, has_text: bool },
}

/// What the recogniser concluded after one more event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Continue,
    NotHeading,
    Heading,
}

impl Pseudo {
    fn feed(&mut self, event: &Event<'_>) -> Verdict {
        let terminal = matches!(
            event,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
        );
        match *self {
            Pseudo::Before { wrapped } => match event {
                Event::Text(t) if t.trim().is_empty() => Verdict::Continue,
                Event::InlineHtml(h) if is_comment(h) => Verdict::Continue,
                Event::Start(Tag::Emphasis) if !wrapped => {
                    *self = Pseudo::Before { wrapped: true };
                    Verdict::Continue
                }
                Event::Start(Tag::Strong) => {
                    *self = Pseudo::InStrong {
                        nest: 0,
                        wrapped,
                        has_text: false,
                    };
                    Verdict::Continue
                }
                _ => Verdict::NotHeading,
            },
            Pseudo::InStrong {
                nest,
                wrapped,
                has_text,
            } => {
                if terminal {
                    return Verdict::NotHeading;
                }
                let (nest, has_text) = match event {
                    Event::End(TagEnd::Strong) if nest == 0 => {
                        *self = Pseudo::After { wrapped, has_text };
                        return Verdict::Continue;
                    }
                    Event::Start(_) => (nest.saturating_add(1), has_text),
                    Event::End(_) => (nest.saturating_sub(1), has_text),
                    Event::Text(t) | Event::Code(t) => (nest, has_text || !t.trim().is_empty()),
                    _ => (nest, has_text),
                };
                *self = Pseudo::InStrong {
                    nest,
                    wrapped,
                    has_text,
                };
                Verdict::Continue
            }
            Pseudo::After { wrapped, has_text } => match event {
                Event::End(TagEnd::Emphasis) if wrapped => {
                    *self = Pseudo::After {
                        wrapped: false,
                        has_text,
                    };
                    Verdict::Continue
                }
                Event::Text(t) if t.chars().all(|c| c == ':' || c.is_whitespace()) => {
                    Verdict::Continue
                }
                Event::InlineHtml(h) if is_comment(h) => Verdict::Continue,
                _ if terminal && has_text && !wrapped => Verdict::Heading,
                _ => Verdict::NotHeading,
            },
        }
    }
}

/// A top-level paragraph held back until we know whether it is a pseudo-heading.
#[derive(Debug)]
struct Pending<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    state: Pseudo,
}

/// The section being filled.
#[derive(Debug, Default)]
struct Current {
    heading: String,
    level: u8,
    line: usize,
    start: usize,
    body: LineBuf,
    has_comment: bool,
    /// Whether `line` has been set (only matters for the preamble).
    located: bool,
}

/// Maps byte offsets to 1-based line numbers; offsets must be non-decreasing.
#[derive(Debug)]
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, offset: usize) -> usize {
        let end = offset.min(self.bytes.len());
        if let Some(chunk) = self.bytes.get(self.pos..end) {
            for (i, &b) in chunk.iter().enumerate() {
                let is_break = match b {
                    b'\n' => true,
                    b'\r' => self.bytes.get(self.pos + i + 1) != Some(&b'\n'),
                    _ => false,
                };
                if is_break {
                    self.line += 1;
                }
            }
            self.pos = end;
        }
        self.line
    }
}

/// Consumes pulldown-cmark events and produces sections.
struct Builder<'a> {
    len: usize,
    lines: LineCounter<'a>,
    done: Vec<Section>,
    cur: Current,
    /// Set while rendering a top-level heading (or pseudo-heading) line.
    head: Option<LineBuf>,
    /// Number of currently open tags.
    depth: usize,
    pending: Option<Pending<'a>>,
    html: HtmlState,
    tag_name: String,
    links: Vec<OpenLink>,
    in_code: bool,
    cell: usize,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        Builder {
            len: src.len(),
            lines: LineCounter {
                bytes: src.as_bytes(),
                pos: 0,
                line: 1,
            },
            done: Vec::new(),
            cur: Current {
                line: 1,
                ..Current::default()
            },
            head: None,
            depth: 0,
            pending: None,
            html: HtmlState::Text,
            tag_name: String::new(),
            links: Vec::new(),
            in_code: false,
            cell: 0,
        }
    }

    /// Entry point for every event: holds back top-level paragraphs until
    /// their first line tells whether they are pseudo-headings.
    fn handle(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some(pending) = self.pending.as_mut() {
            let verdict = pending.state.feed(&event);
            pending.events.push((event, range));
            match verdict {
                Verdict::Continue => {}
                Verdict::NotHeading => {
                    if let Some(pending) = self.pending.take() {
                        for (event, range) in pending.events {
                            self.process(event, range);
                        }
                    }
                }
                Verdict::Heading => {
                    if let Some(pending) = self.pending.take() {
                        self.pseudo_heading(pending.events);
                    }
                }
            }
            return;
        }
        if self.depth == 0 && self.head.is_none() && matches!(event, Event::Start(Tag::Paragraph)) {
            self.pending = Some(Pending {
                events: vec![(event, range)],
                state: Pseudo::Before { wrapped: false },
            });
            return;
        }
        self.process(event, range);
    }

    /// Starts a level-7 section from a paragraph whose first line was bold.
    fn pseudo_heading(&mut self, mut events: Vec<(Event<'a>, Range<usize>)>) {
        let Some(start) = events.first().map(|(_, r)| r.start) else {
            return;
        };
        let last = events.pop();
        self.begin_section(PSEUDO_HEADING_LEVEL, start);
        self.head = Some(LineBuf::default());
        for (event, range) in events {
            self.process(event, range);
        }
        self.end_heading();
        // A line break after the heading is consumed; the paragraph's end is not.
        if let Some((event @ Event::End(_), range)) = last {
            self.process(event, range);
        }
    }

    fn target(&mut self) -> &mut LineBuf {
        match self.head.as_mut() {
            Some(head) => head,
            None => &mut self.cur.body,
        }
    }

    fn push(&mut self, s: &str) {
        let verbatim = self.in_code;
        self.target().push(s, verbatim);
    }

    fn newline(&mut self) {
        let verbatim = self.in_code;
        self.target().newline(verbatim);
    }

    /// Closes the current section and opens a new one at byte `start`.
    fn begin_section(&mut self, level: u8, start: usize) {
        self.close_current();
        self.cur = Current {
            level,
            line: self.lines.line_at(start),
            start,
            located: true,
            ..Current::default()
        };
        self.links.clear();
        self.in_code = false;
        self.cell = 0;
        self.html = HtmlState::Text;
    }

    fn close_current(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        self.done.push(Section {
            heading: cur.heading,
            level: cur.level,
            line: cur.line,
            text: cur.body.finish(),
            span: cur.start..cur.start,
            has_comment: cur.has_comment,
        });
    }

    fn end_heading(&mut self) {
        if let Some(head) = self.head.take() {
            self.cur.heading = clean_heading(&head.finish());
        }
    }

    fn block_boundary(&mut self) {
        self.html = HtmlState::Text;
        self.newline();
    }

    fn process(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push(&t),
            Event::Code(code) => {
                if self.head.is_some() {
                    self.push(&code);
                } else {
                    self.push(&backticked(&code));
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push(&t),
            Event::Html(html) => self.html(&html),
            Event::InlineHtml(html) => {
                self.html(&html);
                // Inline HTML events are complete constructs.
                self.html = HtmlState::Text;
            }
            Event::FootnoteReference(label) => {
                self.push("[^");
                self.push(&label);
                self.push("]");
            }
            Event::SoftBreak => self.push(" "),
            Event::HardBreak | Event::Rule => self.newline(),
            Event::TaskListMarker(checked) => {
                if self.head.is_none() {
                    self.push(if checked { "[x] " } else { "[ ] " });
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let top = self.depth == 0;
        self.depth = self.depth.saturating_add(1);
        if top && !self.cur.located {
            self.cur.line = self.lines.line_at(range.start);
            self.cur.located = true;
        }
        match tag {
            Tag::Heading { level, .. } if top => {
                self.begin_section(level as u8, range.start);
                self.head = Some(LineBuf::default());
            }
            Tag::CodeBlock(_) => {
                self.block_boundary();
                self.in_code = true;
            }
            Tag::FootnoteDefinition(label) => {
                self.block_boundary();
                self.push("[^");
                self.push(&label);
                self.push("]: ");
            }
            Tag::TableHead | Tag::TableRow => {
                self.block_boundary();
                self.cell = 0;
            }
            Tag::TableCell => {
                if self.cell > 0 {
                    self.push(" | ");
                }
                self.cell = self.cell.saturating_add(1);
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let show = self.head.is_none()
                    && !dest_url.is_empty()
                    && !matches!(
                        link_type,
                        LinkType::Autolink | LinkType::Email | LinkType::WikiLink { .. }
                    );
                let dest = show.then(|| dest_url.to_string());
                let buf = self.target();
                let link = OpenLink {
                    breaks: buf.breaks,
                    at: buf.cur.len(),
                    dest,
                };
                self.links.push(link);
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Image { .. } => {}
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.block_boundary(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        match tag {
            TagEnd::Heading(_) if self.depth == 0 && self.head.is_some() => self.end_heading(),
            TagEnd::CodeBlock => {
                self.block_boundary();
                self.in_code = false;
            }
            TagEnd::Link => self.end_link(),
            TagEnd::TableCell
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Image => {}
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::MetadataBlock(_) => self.block_boundary(),
        }
    }

    fn end_link(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        let Some(dest) = link.dest else {
            return;
        };
        let buf = self.target();
        let same_line = buf.breaks == link.breaks;
        let text = if same_line {
            buf.cur.get(link.at..).map(str::trim)
        } else {
            None
        };
        let differs = match text {
            Some(text) => text != dest && dest.strip_prefix("mailto:") != Some(text),
            None => true,
        };
        if differs {
            self.push(" (");
            self.push(&dest);
            self.push(")");
        }
    }

    /// Renders raw HTML: comments (and other non-element markup) are hidden,
    /// tags removed, text between tags kept. State carries across the events
    /// of one HTML block, so a comment may span lines.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            match self.html {
                HtmlState::Until(end) => match rest.find(end) {
                    Some(i) => {
                        rest = rest.get(i + end.len()..).unwrap_or("");
                        self.html = HtmlState::Text;
                    }
                    None => rest = "",
                },
                HtmlState::Tag => match rest.find('>') {
                    Some(i) => {
                        self.collect_tag_name(rest.get(..i).unwrap_or(""));
                        rest = rest.get(i + 1..).unwrap_or("");
                        self.html = HtmlState::Text;
                        self.tag_closed();
                    }
                    None => {
                        self.collect_tag_name(rest);
                        rest = "";
                    }
                },
                HtmlState::Text => {
                    let Some(i) = rest.find('<') else {
                        self.push(rest);
                        break;
                    };
                    let (before, markup) = rest.split_at(i);
                    self.push(before);
                    if let Some(after) = markup.strip_prefix("<!--") {
                        self.cur.has_comment = true;
                        // `<!-->` and `<!--->` are (empty) comments too.
                        if let Some(after) = after.strip_prefix('>') {
                            rest = after;
                        } else if let Some(after) = after.strip_prefix("->") {
                            rest = after;
                        } else {
                            self.html = HtmlState::Until("-->");
                            rest = after;
                        }
                    } else if let Some(after) = markup.strip_prefix("<![CDATA[") {
                        self.html = HtmlState::Until("]]>");
                        rest = after;
                    } else if let Some(after) = markup.strip_prefix("<?") {
                        self.html = HtmlState::Until("?>");
                        rest = after;
                    } else if let Some(after) = markup.strip_prefix("<!") {
                        self.html = HtmlState::Until(">");
                        rest = after;
                    } else if markup
                        .as_bytes()
                        .get(1)
                        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/')
                    {
                        self.html = HtmlState::Tag;
                        self.tag_name.clear();
                        rest = markup.get(1..).unwrap_or("");
                    } else {
                        self.push("<");
                        rest = markup.get(1..).unwrap_or("");
                    }
                }
            }
        }
    }

    /// Keeps the first few bytes of a tag (enough for its name).
    fn collect_tag_name(&mut self, s: &str) {
        const MAX: usize = 16;
        for c in s.chars() {
            if self.tag_name.len() >= MAX {
                break;
            }
            self.tag_name.push(c);
        }
    }

    /// Block-level HTML elements break lines; table cells separate words.
    fn tag_closed(&mut self) {
        let name: String = self
            .tag_name
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        self.tag_name.clear();
        match name.as_str() {
            "br" | "p" | "div" | "li" | "ul" | "ol" | "tr" | "table" | "thead" | "tbody"
            | "summary" | "details" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre"
            | "blockquote" | "hr" | "dl" | "dt" | "dd" | "section" | "article" | "header"
            | "footer" | "figure" | "figcaption" => self.newline(),
            "td" | "th" => self.push(" "),
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Section> {
        if let Some(pending) = self.pending.take() {
            // Unreachable with balanced events; render whatever was held back.
            for (event, range) in pending.events {
                self.process(event, range);
            }
        }
        self.end_heading();
        self.close_current();
        let mut done = self.done;
        compute_span_ends(&mut done, self.len);
        done.into_iter()
            .enumerate()
            .filter(|(i, s)| *i != 0 || !s.text.is_empty() || s.has_comment)
            .map(|(_, s)| s)
            .collect()
    }
}

/// Sets each span's end to the start of the next section of the same or a
/// higher level (any heading ends the preamble and a pseudo-heading section).
fn compute_span_ends(sections: &mut [Section], len: usize) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let (level, start) = match sections.get(i) {
            Some(s) => (s.level, s.span.start),
            None => continue,
        };
        while let Some(&j) = open.last() {
            match sections.get_mut(j) {
                Some(prev) if prev.level == PREAMBLE_LEVEL || prev.level >= level => {
                    prev.span.end = start.max(prev.span.start);
                    open.pop();
                }
                _ => break,
            }
        }
        open.push(i);
    }
    for j in open {
        if let Some(s) = sections.get_mut(j) {
            s.span.end = len.max(s.span.start);
        }
    }
}

/// Plain heading text: whitespace collapsed, trimmed, trailing ':' removed.
fn clean_heading(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches(':').trim_end().to_owned()
}

/// Whether an inline HTML event is a comment.
fn is_comment(html: &str) -> bool {
    html.trim_start().starts_with("<!--")
}

/// Re-wraps inline code in backticks, using a fence longer than any run inside.
fn backticked(code: &str) -> String {
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in code.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'s>(sections: &'s [Section], heading: &str) -> &'s Section {
        sections
            .iter()
            .find(|s| s.heading == heading)
            .unwrap_or_else(|| panic!("no section {heading:?} in {sections:#?}"))
    }

    fn headings(sections: &[Section]) -> Vec<(&str, u8, usize)> {
        sections
            .iter()
            .map(|s| (s.heading.as_str(), s.level, s.line))
            .collect()
    }

    #[test]
    fn the_heading_precheck_never_misses_a_heading() {
        let documents = [
            "## Problem\nSlow.",
            "   # Problem",
            "Problem\n=======\nSlow.",
            "Problem\n---\nSlow.",
            "**Problem**\nSlow.",
            "__Problem:__\nSlow.",
            "  **Metric**\nfewer tickets",
            "> # quoted\n",
            "- item\n- item\n\n# After",
            "Plain text\nwith #12 and a - dash",
            "Fix *emphasis* and `code`",
            "",
        ];
        for text in documents {
            let found = sections(text).iter().any(|s| s.level != PREAMBLE_LEVEL);
            assert!(
                !found || may_have_headings(text),
                "precheck missed a heading in {text:?}"
            );
        }
        assert!(!may_have_headings("Plain text\nwith #12 and a - dash"));
        assert!(!may_have_headings(
            "Fix *emphasis* and `code`\n- a list item"
        ));
    }

    const FILLED: &str = "\
## Problem

Checkout latency spiked after the cache migration; see [the issue](https://github.com/acme/shop/issues/42).
Fixes #42

## Solution

- Re-enable the **read-through** cache for `GET /cart`
- Add a *circuit breaker* around the pricing client
  - with a 50ms timeout

## Success metric

Checkout p95 latency drops back to `p95 < 200ms` on the dashboard at <https://grafana.acme.dev/d/checkout>.

## Checklist

- [x] Tests
- [ ] Docs
";

    #[test]
    fn filled_template() {
        let s = sections(FILLED);
        assert_eq!(
            headings(&s),
            vec![
                ("Problem", 2, 1),
                ("Solution", 2, 6),
                ("Success metric", 2, 12),
                ("Checklist", 2, 16)
            ]
        );
        assert_eq!(
            s[0].text,
            "Checkout latency spiked after the cache migration; see the issue \
             (https://github.com/acme/shop/issues/42). Fixes #42"
        );
        assert_eq!(
            s[1].text,
            "Re-enable the read-through cache for `GET /cart`\n\
             Add a circuit breaker around the pricing client\n\
             with a 50ms timeout"
        );
        assert_eq!(
            s[2].text,
            "Checkout p95 latency drops back to `p95 < 200ms` on the dashboard at \
             https://grafana.acme.dev/d/checkout."
        );
        assert_eq!(find(&s, "Checklist").text, "[x] Tests\n[ ] Docs");
        assert!(s.iter().all(|x| !x.has_comment));
        // Spans tile the document.
        assert_eq!(s[0].span.start, 0);
        assert_eq!(s[0].span.end, s[1].span.start);
        assert_eq!(s[3].span.end, FILLED.len());
        assert!(FILLED[s[2].span.clone()].starts_with("## Success metric\n"));
    }

    const UNFILLED: &str = "\
<!-- Thanks for contributing! Please fill in every section. -->

## Problem
<!-- Describe the problem this PR solves. Link the issue. -->

## Solution
<!--
  Describe your change.
  What alternatives did you consider?
-->

## Success metric
<!-- How will we know it worked? e.g. error rate < 0.1% --> <!-- second prompt -->
";

    #[test]
    fn unfilled_template() {
        let s = sections(UNFILLED);
        assert_eq!(
            headings(&s),
            vec![
                ("", 0, 1),
                ("Problem", 2, 3),
                ("Solution", 2, 6),
                ("Success metric", 2, 12)
            ]
        );
        for section in &s {
            assert_eq!(section.text, "", "{section:?}");
            assert!(section.has_comment, "{section:?}");
        }
        assert_eq!(visible_text(UNFILLED), "Problem\nSolution\nSuccess metric");
    }

    #[test]
    fn pseudo_headings() {
        let md = "\
Small fix for the importer.

**Why?**
Imports of files over 2 GB fail with `EOVERFLOW`.

**How will we know it worked?**:

- The nightly 5 GB import job succeeds
- Zero `EOVERFLOW` errors in Sentry for 7 days

This **bold** word is not a heading.

**Note:** this line is not a heading either.
";
        let s = sections(md);
        assert_eq!(
            headings(&s),
            vec![
                ("", 0, 1),
                ("Why?", 7, 3),
                ("How will we know it worked?", 7, 6)
            ]
        );
        assert_eq!(s[0].text, "Small fix for the importer.");
        assert_eq!(
            s[1].text,
            "Imports of files over 2 GB fail with `EOVERFLOW`."
        );
        assert_eq!(
            s[2].text,
            "The nightly 5 GB import job succeeds\n\
             Zero `EOVERFLOW` errors in Sentry for 7 days\n\
             This bold word is not a heading.\n\
             Note: this line is not a heading either."
        );
        assert_eq!(s[1].span.end, s[2].span.start);
        assert_eq!(s[2].span.end, md.len());
    }

    #[test]
    fn pseudo_heading_variants() {
        let md = "**Problem:**\n\n***Success metric***\nerror rate < 0.1%\n\n__Context__ <!-- optional -->\n";
        let s = sections(md);
        assert_eq!(
            headings(&s),
            vec![
                ("Problem", 7, 1),
                ("Success metric", 7, 3),
                ("Context", 7, 6)
            ]
        );
        assert_eq!(s[0].text, "");
        assert_eq!(s[1].text, "error rate < 0.1%");
        assert!(s[2].has_comment);
        assert!(!s[1].has_comment);
    }

    #[test]
    fn heading_kinds_and_nesting() {
        let md = "\
Problem
=======

Users cannot reset passwords.

## 📈 Success metrics

Reset success rate above 99%.

### Why:

Support tickets.

#### Details `code` and [link](https://x.example)

Sub-detail.

Solution
--------

Fix the token TTL.
";
        let s = sections(md);
        assert_eq!(
            headings(&s),
            vec![
                ("Problem", 1, 1),
                ("📈 Success metrics", 2, 6),
                ("Why", 3, 10),
                ("Details code and link", 4, 14),
                ("Solution", 2, 18)
            ]
        );
        assert_eq!(s[0].text, "Users cannot reset passwords.");
        assert_eq!(s[1].text, "Reset success rate above 99%.");
        assert_eq!(s[2].text, "Support tickets.");
        assert_eq!(s[3].text, "Sub-detail.");
        assert_eq!(s[4].text, "Fix the token TTL.");
        assert_eq!(normalize_heading(&s[1].heading), "success metrics");
        // `##` spans its `###`/`####` subsections; `###` ends at the next `##`.
        assert_eq!(s[1].span.end, s[4].span.start);
        assert_eq!(s[2].span.end, s[4].span.start);
        assert_eq!(s[3].span.end, s[4].span.start);
        // `#` spans the whole document.
        assert_eq!(s[0].span, 0..md.len());
    }

    #[test]
    fn details_table_and_code() {
        let md = "\
## Evidence

<details>
<summary>Logs</summary>

```text
## not a heading
ERROR pool exhausted
```

</details>

| Metric | Before | After |
|--------|--------|-------|
| p95    | 850ms  | 180ms |

    indented code line

<p align=\"center\">Centered <b>note</b></p>
";
        let s = sections(md);
        assert_eq!(headings(&s), vec![("Evidence", 2, 1)]);
        assert_eq!(
            s[0].text,
            "Logs\n## not a heading\nERROR pool exhausted\n\
             Metric | Before | After\np95 | 850ms | 180ms\n\
             indented code line\nCentered note"
        );
        assert!(!s[0].has_comment);
    }

    #[test]
    fn crlf_matches_lf() {
        let lf = format!("{FILLED}\n{UNFILLED}\n**Why?**\nBecause.\n");
        let crlf = lf.replace('\n', "\r\n");
        let a = sections(&lf);
        let b = sections(&crlf);
        assert_eq!(a.len(), b.len());
        assert_eq!(a.len(), 8);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (&x.heading, x.level, x.line, &x.text, x.has_comment),
                (&y.heading, y.level, y.line, &y.text, y.has_comment)
            );
        }
        assert_eq!(b.last().map(|s| s.text.as_str()), Some("Because."));
        assert_eq!(b.last().map(|s| s.span.end), Some(crlf.len()));
    }

    #[test]
    fn normalize_heading_cases() {
        assert_eq!(
            normalize_heading("## How will we know it worked?"),
            "how will we know it worked"
        );
        assert_eq!(normalize_heading("Success-Metric:"), "success metric");
        assert_eq!(normalize_heading("📈 Success metrics"), "success metrics");
        assert_eq!(normalize_heading("WHY"), "why");
        assert_eq!(
            normalize_heading("  Motivation / Context  "),
            "motivation context"
        );
        assert_eq!(normalize_heading("**Success_metric**"), "success metric");
        assert_eq!(normalize_heading("✅ 🧪"), "");
    }

    #[test]
    fn visible_text_includes_headings() {
        let md = "Intro <!-- hi --> text.\n\n# Title\n\nBody with [docs](https://d.example) and [https://x.example](https://x.example).\n";
        assert_eq!(
            visible_text(md),
            "Intro text.\nTitle\nBody with docs (https://d.example) and https://x.example."
        );
        let s = sections(md);
        assert!(s[0].has_comment);
        assert_eq!(s[0].line, 1);
    }

    #[test]
    fn preamble_line_is_first_content_line() {
        let s = sections("\n\n\nHello\n\n## A\n");
        assert_eq!(headings(&s), vec![("", 0, 4), ("A", 2, 6)]);
        assert_eq!(s[0].span, 0..10);
        assert_eq!(s[1].text, "");
    }

    #[test]
    fn hostile_small_inputs() {
        assert_eq!(sections(""), vec![]);
        assert_eq!(visible_text(""), "");
        assert_eq!(sections(" \n\t\n   \r\n"), vec![]);

        let only_comment = sections("<!-- just a prompt -->");
        assert_eq!(only_comment.len(), 1);
        assert_eq!(only_comment[0].level, 0);
        assert_eq!(only_comment[0].text, "");
        assert!(only_comment[0].has_comment);

        let unterminated = sections("## Problem\n\n<!-- describe it\n\nstill hidden\n\n## Next\n");
        assert_eq!(headings(&unterminated), vec![("Problem", 2, 1)]);
        assert_eq!(unterminated[0].text, "");
        assert!(unterminated[0].has_comment);

        let inline = sections("## A\nvisible <!-- hidden\nacross lines --> after\n");
        assert_eq!(inline[0].text, "visible after");
        assert!(inline[0].has_comment);
    }

    #[test]
    fn hostile_deep_nesting() {
        let quote = format!("{}x", "> ".repeat(10_000));
        let s = sections(&quote);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "x");

        let list = format!("## Deep\n{}x\n", "- ".repeat(10_000));
        let s = sections(&list);
        assert_eq!(headings(&s), vec![("Deep", 2, 1)]);
        assert_eq!(s[0].text, "x");

        let mixed = format!("{}**y**", "> - ".repeat(5_000));
        assert_eq!(visible_text(&mixed), "y");
    }

    #[test]
    fn hostile_huge_line() {
        let big = "a".repeat(10 * 1024 * 1024);
        let md = format!("## Big\n{big}\n");
        let s = sections(&md);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text.len(), big.len());

        let bold = format!("**{}b**", "b ".repeat(1024 * 1024));
        let s = sections(&bold);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].level, 7);
        assert_eq!(s[0].heading.len(), 2 * 1024 * 1024 + 1);
    }

    #[test]
    fn odd_html_and_code_spans() {
        let md = "## A\n\n<div>\n<!-- a --> kept <!----> also <!-- b\n</div>\n\nUse ``a ` b`` and <br> a < b.\n";
        let s = sections(md);
        assert_eq!(s[0].text, "kept also\nUse ``a ` b`` and\na < b.");
        assert!(s[0].has_comment);
    }
}
