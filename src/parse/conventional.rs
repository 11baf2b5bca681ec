//! Conventional-commit subjects: `type(scope)!: description`.
//!
//! Only the shape is parsed here; which types need a metric is the rules' decision.

/// The parts of a conventional-commit subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conventional<'a> {
    /// The type, lowercased by the caller if needed (`feat`, `fix`, …) — as written here.
    pub kind: &'a str,
    /// The scope inside parentheses, when present.
    pub scope: Option<&'a str>,
    /// `!` before the colon marks a breaking change.
    pub breaking: bool,
    /// The text after `: `.
    pub description: &'a str,
}

/// Parses `type(scope)!: description`; `None` when the subject is not conventional.
pub fn parse(subject: &str) -> Option<Conventional<'_>> {
    let (head, description) = subject.split_once(':')?;
    let description = description.strip_prefix(' ')?;
    let (head, breaking) = match head.strip_suffix('!') {
        Some(rest) => (rest, true),
        None => (head, false),
    };
    let (kind, scope) = match head.split_once('(') {
        Some((kind, rest)) => (kind, Some(rest.strip_suffix(')')?)),
        None => (head, None),
    };
    let valid_kind = !kind.is_empty()
        && kind.len() <= 20
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && kind.starts_with(|c: char| c.is_ascii_alphabetic());
    let valid_scope = scope.is_none_or(|s| !s.is_empty() && !s.contains(['(', ')']));
    (valid_kind && valid_scope && !description.trim().is_empty()).then_some(Conventional {
        kind,
        scope,
        breaking,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_type_scope_and_breaking_mark() {
        let parsed = parse("feat(export)!: add CSV export").expect("conventional");
        assert_eq!(parsed.kind, "feat");
        assert_eq!(parsed.scope, Some("export"));
        assert!(parsed.breaking);
        assert_eq!(parsed.description, "add CSV export");
    }

    #[test]
    fn plain_type() {
        let parsed = parse("docs: fix typo").expect("conventional");
        assert_eq!(
            (parsed.kind, parsed.scope, parsed.breaking),
            ("docs", None, false)
        );
    }

    #[test]
    fn rejects_prose_and_urls() {
        assert_eq!(parse("Add export"), None);
        assert_eq!(parse("Fix: "), None);
        assert_eq!(parse("https://example.com"), None);
        assert_eq!(parse("Merge branch 'main': things"), None);
        assert_eq!(parse("feat(): empty scope"), None);
        assert_eq!(parse("feat:no space"), None);
    }
}
