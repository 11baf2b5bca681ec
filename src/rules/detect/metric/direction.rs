//! Directions and baselines: from/to, arrows, thresholds, comparatives, verbs of change and the
//! words that introduce a baseline.

use super::*;

// Constructs: what a direction or baseline is made of.

/// `from 40/week to under 5`, `from ~3 s → 1 s`: the whole, the first amount and the second.
pub(super) struct FromTo {
    pub(super) all: Range<usize>,
    pub(super) a: Range<usize>,
    pub(super) b: Range<usize>,
}

/// The next from/to at or after `from`: `from`, an optional approximation, an amount, then at most
/// three words before the connector and the second amount.
pub(super) fn next_from_to(w: &Lexicon, text: &str, from: usize) -> Option<FromTo> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) {
            return None;
        }
        let word = phrase_at(bytes, start, "from")?;
        let gap = spaces(bytes, word);
        if gap == 0 {
            return None;
        }
        let a = after_prefix(
            bytes,
            word + gap,
            ["about", "around", "approx.", "approx"].into_iter(),
        );
        quantity_readings(w, text, a)
            .all()
            .iter()
            .find_map(|&a_end| {
                let b = words_then_connector(w, text, a_end, 3)?;
                Some(FromTo {
                    all: start..b.end,
                    a: a..a_end,
                    b,
                })
            })
    })
}

/// Up to `words` more words (letters and `-`), fewest first, then a connector (`to`, `down to`,
/// `up to`, an arrow) and the second amount.
pub(super) fn words_then_connector(
    w: &Lexicon,
    text: &str,
    at: usize,
    words: usize,
) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if let Some(b) = connector_then_amount(w, text, at) {
        return Some(b);
    }
    let gap = spaces(bytes, at);
    if words == 0 || gap == 0 {
        return None;
    }
    let word = at + gap;
    let len = run(bytes, word, |b| b.is_ascii_alphabetic() || b == b'-');
    if len == 0 {
        return None;
    }
    let end = word + len;
    words_then_connector(w, text, end, words - 1).or_else(|| {
        // The word may give back a final `-` that starts an arrow: `bar->`.
        (len > 1 && bytes[end - 1] == b'-' && bytes.get(end) == Some(&b'>'))
            .then(|| words_then_connector(w, text, end - 1, words - 1))
            .flatten()
    })
}

/// A connector at `at` (after optional whitespace): an arrow, or whitespace, an optional
/// `down`/`up`, `to` and one whitespace; then the second amount.
pub(super) fn connector_then_amount(w: &Lexicon, text: &str, at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let after_space = at + spaces(bytes, at);
    if let Some(len) = arrow_len(text, after_space) {
        return qualified_quantity(w, text, after_space + len);
    }
    if after_space == at {
        return None;
    }
    let direction = ["down", "up"].iter().find_map(|word| {
        let end = phrase_at(bytes, after_space, word)?;
        let gap = spaces(bytes, end);
        (gap > 0).then_some(end + gap)
    });
    direction.into_iter().chain([after_space]).find_map(|to| {
        let end = phrase_at(bytes, to, "to")?;
        let spaced = bytes.get(end).is_some_and(|b| is_space(*b));
        spaced
            .then(|| qualified_quantity(w, text, end + 1))
            .flatten()
    })
}

/// `480ms → 210ms`, `9 min => 4 min`: the first amount, the arrow and the second amount.
pub(super) struct Arrow {
    pub(super) a: Range<usize>,
    pub(super) arrow: Range<usize>,
    pub(super) b: Range<usize>,
}

/// The next arrow between two amounts at or after `from`.
pub(super) fn next_arrow(w: &Lexicon, text: &str, from: usize) -> Option<Arrow> {
    let bytes = text.as_bytes();
    let (start, a_end, (arrow, b)) = find_after_quantity(w, text, from, |end| {
        let arrow = end + spaces(bytes, end);
        let len = arrow_len(text, arrow)?;
        Some((
            arrow..arrow + len,
            qualified_quantity(w, text, arrow + len)?,
        ))
    })?;
    Some(Arrow {
        a: start..a_end,
        arrow,
        b,
    })
}

/// `under 300 ms`, `at least three`, `< 0.1%`, `Target: 200ms`: the threshold and the amount.
pub(super) struct Threshold {
    pub(super) threshold: Range<usize>,
    pub(super) q: Range<usize>,
}

/// The next threshold word (a whole word from [`THRESHOLD_WORDS`]) or symbol with an amount after
/// it, at or after `from`.
pub(super) fn next_threshold(w: &Lexicon, text: &str, from: usize) -> Option<Threshold> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        let found = |end: usize| {
            let q = labelled_amount(
                w,
                text,
                end,
                &[":", "=", "is", "of"],
                words(&w.lists.approximately),
            )?;
            Some(Threshold {
                threshold: start..end,
                q,
            })
        };
        if word_start(bytes, start) {
            if !w.starts.threshold_words.admits(bytes, start) {
                return None;
            }
            words(&w.lists.threshold_words).find_map(|word| {
                phrase_at(bytes, start, word)
                    .filter(|end| boundary(bytes, *end))
                    .and_then(found)
            })
        } else {
            let rest = text.get(start..)?;
            words(&w.lists.threshold_symbols)
                .find(|symbol| rest.starts_with(symbol))
                .and_then(|symbol| found(start + symbol.len()))
        }
    })
}

/// After a threshold or baseline word ending at `at`: an optional separator (one of `separators`,
/// after optional whitespace, then one whitespace or the end), whitespace, an optional
/// approximation (`~`, one of `approx`) and the amount.
pub(super) fn labelled_amount<'a>(
    w: &Lexicon,
    text: &str,
    at: usize,
    separators: &[&str],
    approx: impl Iterator<Item = &'a str>,
) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut start = at;
    let separator = at + spaces(bytes, at);
    if let Some(end) = separators
        .iter()
        .find_map(|word| phrase_at(bytes, separator, word))
    {
        if end == bytes.len() {
            start = end;
        } else if is_space(bytes[end]) {
            start = end + 1;
        }
    }
    let start = after_prefix(bytes, start + spaces(bytes, start), approx);
    let end = quantity_readings(w, text, start).first()?;
    Some(start..end)
}

/// `30% fewer`, `2x faster`: the amount and the comparative.
pub(super) struct Comparative {
    pub(super) q: Range<usize>,
    pub(super) comparative: Range<usize>,
}

/// The next amount followed by a comparative at or after `from`.
pub(super) fn next_comparative(w: &Lexicon, text: &str, from: usize) -> Option<Comparative> {
    let bytes = text.as_bytes();
    let (start, end, comparative) = find_after_quantity(w, text, from, |end| {
        let gap = spaces(bytes, end);
        let word = end + gap;
        let word_end =
            first_whole(bytes, word, words(&w.lists.comparatives)).filter(|_| gap > 0)?;
        Some(word..word_end)
    })?;
    Some(Comparative {
        q: start..end,
        comparative,
    })
}

/// `currently 12%`, `baseline 3.1s`, `today: 800ms`: the whole and the amount.
pub(super) struct Baseline {
    pub(super) all: Range<usize>,
    pub(super) q: Range<usize>,
}

/// The next baseline word with an amount after it at or after `from`.
pub(super) fn next_baseline(w: &Lexicon, text: &str, from: usize) -> Option<Baseline> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) || !w.starts.baseline_words.admits(bytes, start) {
            return None;
        }
        words(&w.lists.baseline_words).find_map(|word| {
            let end = phrase_at(bytes, start, word).filter(|end| boundary(bytes, *end))?;
            let q = labelled_amount(
                w,
                text,
                end,
                &[":", "=", "is", "of", "at"],
                ["about", "around", "roughly"].into_iter(),
            )?;
            Some(Baseline {
                all: start..q.end,
                q,
            })
        })
    })
}

/// `zero`, `halve(s/d)`, `double(s/d)`, `triple(s/d)`, `quadruple(s/d)`, or `100% of` / `100 % of`.
pub(super) fn next_word_threshold(w: &Lexicon, bytes: &[u8], from: usize) -> Option<Range<usize>> {
    let hundred = |at: usize| bytes.get(at..at + 3) == Some(b"100") && !is_digit_at(bytes, at + 3);
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start)
            || !(w.starts.word_thresholds.admits(bytes, start) || hundred(start))
        {
            return None;
        }
        let word = word_at(bytes, start);
        if is_one_of(word, words(&w.lists.word_thresholds)) {
            return Some(start..start + word.len());
        }
        let number = phrase_at(bytes, start, "100")?;
        let percent = number + usize::from(bytes.get(number).is_some_and(|b| is_space(*b)));
        let percent = [percent, number]
            .into_iter()
            .find(|at| bytes.get(*at) == Some(&b'%'))?;
        let gap = spaces(bytes, percent + 1);
        let end = first_whole(bytes, percent + 1 + gap, ["of"]).filter(|_| gap > 0)?;
        Some(start..end)
    })
}

/// A verb of change ("reduce", "drops", "speed up", "goes down").
pub(super) fn next_verb(w: &Lexicon, bytes: &[u8], from: usize) -> Option<Range<usize>> {
    (from..bytes.len()).find_map(|start| {
        if !word_start(bytes, start) || !w.starts.verbs.admits(bytes, start) {
            return None;
        }
        let word = word_at(bytes, start);
        if is_one_of(word, words(&w.lists.verbs)) {
            return Some(start..start + word.len());
        }
        let end = first_whole(bytes, start, words(&w.lists.phrasal_verbs))?;
        Some(start..end)
    })
}

/// Verbs of change ("reduce", "drops", "increase"). With `by`/`to` and an amount close behind
/// they are the strongest kind of direction after from/to; alone they count only when their
/// sentence holds a quantity, so "Improve UX" stays unmeasurable.
pub(super) fn verb_directions(
    w: &Lexicon,
    work: &str,
    sentences: &[usize],
    quantities: &mut Vec<Range<usize>>,
    directions: &mut Vec<Direction>,
) {
    let mut added: Vec<Range<usize>> = Vec::new();
    for verb in each(work.as_bytes(), |b, f| next_verb(w, b, f), Range::clone) {
        let (sentence_start, sentence_end) = sentence_of(sentences, work.len(), verb.start);
        let tail = work.get(verb.end..sentence_end.max(verb.end)).unwrap_or("");
        if let Some((preposition, amount)) = amount_after_verb(w, work, tail, verb.end) {
            added.push(amount);
            directions.push(Direction {
                preposition: Some(preposition),
                ..Direction::new(Strength::VerbWithAmount, verb)
            });
            continue;
        }
        // Any quantity in the same sentence?
        let first = quantities.partition_point(|r| r.start < sentence_start);
        if quantities
            .get(first)
            .is_some_and(|r| r.start < sentence_end)
        {
            directions.push(Direction::new(Strength::Verb, verb));
        }
    }
    quantities.extend(added);
}

/// `by 30%` / `to under 5` within a few words after a verb (`tail` starts at `offset` in `work`):
/// the preposition and the amount's span.
pub(super) fn amount_after_verb(
    w: &Lexicon,
    work: &str,
    tail: &str,
    offset: usize,
) -> Option<(&'static str, Range<usize>)> {
    let (preposition, amount) = by_or_to_amount(w, tail)?;
    let parsed = parse_quantity(w, work, offset + amount).filter(|p| p.usable())?;
    let preposition = if tail[preposition].eq_ignore_ascii_case("by") {
        "by"
    } else {
        "to"
    };
    Some((preposition, offset + amount..parsed.end))
}

/// At the start of `tail`: at most six words (fewest first; a word is anything but whitespace
/// and `.;!?`), then `by` or `to`, an optional qualifier and a quantity. Returns where `by`/`to`
/// is and where the quantity starts.
pub(super) fn by_or_to_amount(w: &Lexicon, tail: &str) -> Option<(Range<usize>, usize)> {
    let bytes = tail.as_bytes();
    let mut at = 0;
    for words in 0..=6 {
        let gap = spaces(bytes, at);
        if gap == 0 {
            return None;
        }
        let word = at + gap;
        let preposition = ["by", "to"]
            .iter()
            .find_map(|p| phrase_at(bytes, word, p))
            .filter(|end| spaces(bytes, *end) > 0);
        if let Some(end) = preposition {
            let amount = after_qualifier(w, bytes, end + spaces(bytes, end));
            if quantity_readings(w, tail, amount).first().is_some() {
                return Some((word..end, amount));
            }
        }
        if words == 6 {
            break;
        }
        let len = tail[word..]
            .find(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | '!' | '?'))
            .unwrap_or(tail.len() - word);
        if len == 0 {
            return None;
        }
        at = word + len;
    }
    None
}

/// Start offsets of sentences: after `.`/`!`/`?`/`;` followed by whitespace, and after blank
/// lines. A decimal point (`3.1s`) is not followed by whitespace, so it does not split.
pub(super) fn sentence_starts(work: &str) -> Vec<usize> {
    let bytes = work.as_bytes();
    let mut starts = vec![0];
    let mut previous_newline: Option<usize> = None;
    for (i, b) in bytes.iter().enumerate() {
        let next_is_space = bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace);
        if matches!(b, b'.' | b'!' | b'?' | b';') && next_is_space {
            starts.push(i + 1);
        }
        if *b == b'\n' {
            // Only blanks since the previous newline: a blank line ends the paragraph.
            let blank_line = previous_newline.is_some_and(|p| {
                bytes[p + 1..i]
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
            });
            if blank_line {
                starts.push(i);
            }
            previous_newline = Some(i);
        }
    }
    starts
}

/// (start, end) of the sentence holding `pos`.
pub(super) fn sentence_of(starts: &[usize], len: usize, pos: usize) -> (usize, usize) {
    let index = starts.partition_point(|s| *s <= pos).saturating_sub(1);
    let start = starts.get(index).copied().unwrap_or(0);
    let end = starts.get(index + 1).copied().unwrap_or(len);
    (start, end)
}

/// A `>` that starts a line is a Markdown quote, and one after `-`/`=` is an arrow, not
/// "greater than". Only the run of spaces and `>` before it is looked at, so this stays cheap.
pub(super) fn threshold_ok(work: &str, d: Range<usize>) -> bool {
    if work.get(d.clone()) != Some(">") {
        return true;
    }
    let bytes = work.as_bytes();
    let mut i = d.start;
    if i > 0 && matches!(bytes[i - 1], b'-' | b'=') {
        return false;
    }
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'>') {
        i -= 1;
    }
    !(i == 0 || bytes[i - 1] == b'\n')
}
