//! The built-in packs, parsed when whylint is built rather than each time it runs.
//!
//! Parsing the default pack's YAML took 45% of a commit-msg hook's instructions. `build.rs`
//! parses every `rules/*.yml` with the same loader options as a project file, writes each
//! tree in the small binary form below, and the binary embeds it: reading it back builds
//! the same `Node`s, spans included, at a fraction of the cost. The format lives in this one
//! file, which `build.rs` includes too, so writer and reader cannot drift apart.
//!
//! Form, depth first: a tag byte (scalar, mapping, sequence), the span (a presence byte and
//! `character line column` varints for start and end), then a scalar's coercion flag and
//! UTF-8 text, a mapping's length and key/value pairs, or a sequence's length and items.

use marked_yaml::loader::{LoadError, LoaderOptions};
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{Marker, Node, Span};

/// Parses a rule file (a pack or a project's) the one way whylint reads them all: duplicate
/// keys are errors, no value changes type behind the author's back, and the top level is a
/// mapping.
pub fn parse(text: &str) -> Result<Node, LoadError> {
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true)
        .toplevel_mapping();
    marked_yaml::parse_yaml_with_options(0, text, options)
}

const SCALAR: u8 = 0;
const MAPPING: u8 = 1;
const SEQUENCE: u8 = 2;

/// Deeper than any pack nests; a bound so that damaged bytes cannot recurse without end.
const MAX_DEPTH: usize = 64;

/// `root` without its rules' `examples:`, which only `whylint rules` reads: the lean tree every
/// other command reads back is a third smaller (a commit-msg hook read ~200,000 instructions'
/// worth of examples it never ran).
#[cfg_attr(not(test), allow(dead_code))]
pub fn without_examples(root: &mut Node) {
    let Some(rules) = root
        .as_mapping_mut()
        .and_then(|top| top.get_mut("rules"))
        .and_then(Node::as_sequence_mut)
    else {
        return;
    };
    for rule in rules.iter_mut().filter_map(Node::as_mapping_mut) {
        rule.remove("examples");
    }
}

/// `node` in the packed form.
#[cfg_attr(not(test), allow(dead_code))]
pub fn encode(node: &Node) -> Vec<u8> {
    let mut out = Vec::new();
    write_node(node, &mut out);
    out
}

fn write_node(node: &Node, out: &mut Vec<u8>) {
    match node {
        Node::Scalar(scalar) => {
            out.push(SCALAR);
            write_scalar(scalar, out);
        }
        Node::Mapping(mapping) => {
            out.push(MAPPING);
            write_span(mapping.span(), out);
            write_number(mapping.len(), out);
            for (key, value) in mapping.iter() {
                write_scalar(key, out);
                write_node(value, out);
            }
        }
        Node::Sequence(sequence) => {
            out.push(SEQUENCE);
            write_span(sequence.span(), out);
            write_number(sequence.len(), out);
            for item in sequence.iter() {
                write_node(item, out);
            }
        }
    }
}

fn write_scalar(scalar: &MarkedScalarNode, out: &mut Vec<u8>) {
    write_span(scalar.span(), out);
    out.push(u8::from(scalar.may_coerce()));
    write_number(scalar.as_str().len(), out);
    out.extend_from_slice(scalar.as_str().as_bytes());
}

fn write_span(span: &Span, out: &mut Vec<u8>) {
    let (start, end) = (span.start(), span.end());
    out.push(u8::from(start.is_some()) | (u8::from(end.is_some()) << 1));
    for marker in [start, end].into_iter().flatten() {
        for number in [marker.character(), marker.line(), marker.column()] {
            write_number(number, out);
        }
    }
}

fn write_number(mut number: usize, out: &mut Vec<u8>) {
    while number >= 0x80 {
        out.push((number as u8) | 0x80);
        number >>= 7;
    }
    out.push(number as u8);
}

/// The tree `encode` wrote, or `None` if `bytes` are not such a tree.
pub fn decode(bytes: &[u8]) -> Option<Node> {
    let mut reader = Reader { bytes, at: 0 };
    let node = reader.node(0)?;
    (reader.at == bytes.len()).then_some(node)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.byte()? {
            SCALAR => self.scalar().map(Node::Scalar),
            MAPPING => {
                let span = self.span()?;
                let len = self.number()?;
                let mut pairs = Vec::with_capacity(len.min(1024));
                for _ in 0..len {
                    let key = self.scalar()?;
                    pairs.push((key, self.node(depth + 1)?));
                }
                let mut mapping: MarkedMappingNode = pairs.into_iter().collect();
                *mapping.span_mut() = span;
                Some(Node::Mapping(mapping))
            }
            SEQUENCE => {
                let span = self.span()?;
                let len = self.number()?;
                let mut items = Vec::with_capacity(len.min(1024));
                for _ in 0..len {
                    items.push(self.node(depth + 1)?);
                }
                Some(Node::Sequence(MarkedSequenceNode::new(span, items)))
            }
            _ => None,
        }
    }

    fn scalar(&mut self) -> Option<MarkedScalarNode> {
        let span = self.span()?;
        let may_coerce = self.byte()? != 0;
        let len = self.number()?;
        let text = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        let mut scalar = MarkedScalarNode::new(span, std::str::from_utf8(text).ok()?);
        scalar.set_coerce(may_coerce);
        Some(scalar)
    }

    fn span(&mut self) -> Option<Span> {
        let present = self.byte()?;
        let mut marker = |wanted: bool| -> Option<Option<Marker>> {
            if !wanted {
                return Some(None);
            }
            let (character, line, column) = (self.number()?, self.number()?, self.number()?);
            Some(Some(Marker::new(0, character, line, column)))
        };
        let start = marker(present & 1 != 0)?;
        let end = marker(present & 2 != 0)?;
        let mut span = Span::new_blank();
        span.set_start(start);
        span.set_end(end);
        Some(span)
    }

    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn number(&mut self) -> Option<usize> {
        let mut number = 0usize;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            number |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(number);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::packs;

    #[test]
    fn every_pack_reads_back_as_parsed_with_spans() {
        for (name, text) in packs::PACKS {
            let parsed = parse(text).expect("pack parses");
            let packed = encode(&parsed);
            let read = decode(&packed).expect("packed form reads back");
            // `Node`'s equality ignores spans; its Debug form shows them.
            assert_eq!(format!("{read:?}"), format!("{parsed:?}"), "pack {name}");
        }
    }

    #[test]
    fn the_embedded_form_is_what_the_packs_say_now() {
        for (name, text) in packs::PACKS {
            let embedded = packs::parsed(name, packs::Detail::Full).expect("embedded form");
            let parsed = parse(text).expect("pack parses");
            assert_eq!(
                format!("{embedded:?}"),
                format!("{parsed:?}"),
                "pack {name}"
            );
            let again = packs::parsed(name, packs::Detail::Full).expect("kept");
            assert!(
                std::ptr::eq(embedded, again),
                "pack {name} is read back once"
            );
        }
    }

    #[test]
    fn the_lean_form_lacks_only_the_examples() {
        for (name, text) in packs::PACKS {
            let mut expected = parse(text).expect("pack parses");
            without_examples(&mut expected);
            let lean = packs::parsed(name, packs::Detail::Lean).expect("lean form reads back");
            assert_eq!(format!("{lean:?}"), format!("{expected:?}"), "pack {name}");
            assert!(!format!("{lean:?}").contains("\"examples\""), "pack {name}");
        }
        let full = packs::parsed("default", packs::Detail::Full).expect("full form");
        assert!(format!("{full:?}").contains("\"examples\""));
    }

    #[test]
    fn damaged_bytes_are_refused_not_trusted() {
        let text = packs::PACKS[0].1;
        let packed = encode(&parse(text).expect("parses"));
        assert!(decode(&[]).is_none());
        assert!(decode(&packed[..packed.len() - 1]).is_none());
        let mut longer = packed.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        assert!(decode(&[MAPPING, 0, 0xff, 0xff, 0xff]).is_none());
        let deep: Vec<u8> = std::iter::repeat_n([SEQUENCE, 0, 1], 100)
            .flatten()
            .collect();
        assert!(decode(&deep).is_none());
    }
}
