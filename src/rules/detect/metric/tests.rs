//! The specification of `assess` and its readers.

use super::*;

/// [`super::assess`] with the built-in words.
fn assess(text: &str) -> MetricAssessment {
    super::assess(text, Lexicon::builtin_ref())
}

fn q(text: &str) -> Option<String> {
    assess(text).quantity
}

fn d(text: &str) -> Option<String> {
    assess(text).direction
}

fn s(value: &str) -> Option<String> {
    Some(value.to_owned())
}

#[test]
fn default_pack_metric_is_fully_read() {
    let a = assess("export tickets drop from 40/week to under 5 within 30 days");
    assert_eq!(a.quantity, s("40/week"));
    assert_eq!(a.direction, s("from 40/week to under 5"));
    assert_eq!(a.baseline, s("from 40/week"));
    assert_eq!(
        a.timeframe,
        Some(("within 30 days".into(), Timeframe::After { days: 30 }))
    );
    assert!(a.is_measurable());
    assert!(a.missing().is_empty());
}

#[test]
fn performance_pr() {
    let a = assess("p95 latency drops from 480ms to 210ms");
    assert_eq!(a.quantity, s("480ms"));
    assert_eq!(a.direction, s("from 480ms to 210ms"));
    assert_eq!(a.baseline, s("from 480ms"));
    assert_eq!(a.timeframe, None);
    assert!(a.is_measurable());
}

#[test]
fn reduce_by_with_timeframe() {
    let a = assess("Reduce checkout errors by 30% within 2 weeks");
    assert_eq!(a.quantity, s("30%"));
    assert_eq!(a.direction, s("Reduce by"));
    assert_eq!(
        a.timeframe,
        Some(("within 2 weeks".into(), Timeframe::After { days: 14 }))
    );
    assert_eq!(a.baseline, None);
    assert!(a.is_measurable());
}

#[test]
fn threshold_with_baseline_in_parentheses() {
    let a = assess("p95 invoice page load under 300 ms (now 1.2 s)");
    assert_eq!(a.quantity, s("300 ms"));
    assert_eq!(a.direction, s("under"));
    assert_eq!(a.baseline, s("now 1.2 s"));
}

#[test]
fn from_to_with_a_rate_in_words() {
    let a = assess("Export tickets fall from 40 a week to under 5.");
    assert_eq!(a.quantity, s("40 a week"));
    assert_eq!(a.direction, s("from 40 a week to under 5"));
    assert!(a.is_measurable());
}

#[test]
fn vague_texts_are_not_measurable() {
    for text in [
        "Improve UX",
        "faster",
        "Faster exports.",
        "better performance",
        "users are happier",
        "TBD",
        "N/A",
        "It works",
        "tests pass",
        "CI green",
        "Improve the one screen everyone uses",
        "",
    ] {
        let a = assess(text);
        assert!(!a.is_measurable(), "{text}: {a:?}");
        assert_eq!(a.quantity, None, "{text}");
    }
    assert_eq!(
        assess("Improve UX").missing(),
        vec![MISSING_QUANTITY, MISSING_DIRECTION]
    );
    assert_eq!(
        assess("Improve UX").missing(),
        vec![
            "a number (count, %, duration, money)",
            "a direction or threshold (from/to, under, at least, reduce by)"
        ]
    );
}

#[test]
fn quantity_without_direction() {
    // A problem statement: quantities, no direction. Whether this text *is* a metric section
    // is the caller's decision.
    let a = assess("users hit 500 errors 3 times a day");
    assert_eq!(a.quantity, s("500 errors"));
    assert_eq!(a.direction, None);
    assert_eq!(a.missing(), vec![MISSING_DIRECTION]);
}

#[test]
fn units_money_and_magnitudes() {
    assert_eq!(q("costs $3k a month, target $1k"), s("$3k a month"));
    assert_eq!(q("saves €1,200"), s("€1,200"));
    assert_eq!(q("£5 million"), s("£5 million"));
    assert_eq!(q("serve 10k rps"), s("10k"));
    assert_eq!(q("throughput 500 req/s"), s("500 req/s"));
    assert_eq!(q("bundle is 2.5 MB"), s("2.5 MB"));
    assert_eq!(q("2x faster"), s("2x"));
    assert_eq!(q("answer 12 tickets"), s("12 tickets"));
    assert_eq!(q("cold start 3.1s"), s("3.1s"));
    assert_eq!(q("60 fps"), s("60 fps"));
    assert_eq!(q("wait 5 minutes"), s("5 minutes"));
    assert_eq!(q("25 percent"), s("25 percent"));
    assert_eq!(q("1000 signups"), s("1000 signups"));
}

#[test]
fn number_words() {
    assert_eq!(assess("zero errors").quantity, s("zero"));
    assert_eq!(assess("zero errors").direction, s("zero"));
    assert!(assess("Zero failed payments after rollout").is_measurable());
    let a = assess("Halve build time");
    assert_eq!((a.quantity, a.direction), (s("Halve"), s("Halve")));
    assert!(assess("double weekly signups").is_measurable());
    assert_eq!(q("cut support load in half"), s("half"));
    assert_eq!(d("cut support load in half"), s("cut"));
    assert_eq!(q("two retries at most"), s("two"));
    assert_eq!(q("at least three customers"), s("three"));
    assert_eq!(d("at least three customers"), s("at least"));
    assert_eq!(q("the one page"), None);
    assert_eq!(q("no one complains"), None);
    assert_eq!(q("one of the pages"), None);
    assert_eq!(q("a hundred customers"), s("a hundred"));
    assert_eq!(q("twice as fast"), s("twice"));
    assert_eq!(d("twice as fast"), s("as fast"));
}

#[test]
fn thresholds_and_symbols() {
    let cases = [
        ("error rate < 0.1%", "<", "0.1%"),
        ("p99 <= 200ms", "<=", "200ms"),
        ("uptime ≥ 99.9%", "≥", "99.9%"),
        ("checkout ≤ 2 s", "≤", "2 s"),
        ("queue depth > 1000", ">", "1000"),
        ("below 5 errors a day", "below", "5 errors a day"),
        ("at most 3 alerts per week", "at most", "3 alerts per week"),
        ("no more than 2 pages", "no more than", "2 pages"),
        ("more than 50 users", "more than", "50 users"),
        ("fewer than 10 escalations", "fewer than", "10 escalations"),
        ("up to 40 rps", "up to", "40 rps"),
        ("responds within 200ms", "within", "200ms"),
        ("Target: 200ms", "Target", "200ms"),
        ("goal 5 signups", "goal", "5 signups"),
        ("error budget stays at 0.5%", "stays at", "0.5%"),
        ("100% of exports succeed", "100% of", "100%"),
        ("latency 480ms → 210ms", "→", "480ms"),
        ("latency 480ms -> 210ms", "->", "480ms"),
        ("build 9 min => 4 min", "=>", "9 min"),
        ("30% fewer tickets", "fewer", "30%"),
        ("down to 5", "down to", "5"),
    ];
    for (text, direction, quantity) in cases {
        let a = assess(text);
        assert_eq!(a.direction.as_deref(), Some(direction), "{text}: {a:?}");
        assert_eq!(a.quantity.as_deref(), Some(quantity), "{text}: {a:?}");
        assert!(a.is_measurable(), "{text}");
    }
}

#[test]
fn verbs_of_change() {
    assert_eq!(d("Increase weekly signups to 1,000"), s("Increase to"));
    assert_eq!(q("Increase weekly signups to 1,000"), s("1,000"));
    assert_eq!(d("grow paid seats by 15%"), s("grow by"));
    assert_eq!(d("Signups increase 20% after launch"), s("increase"));
    // A verb alone, with no number in its sentence, is no direction.
    assert_eq!(d("Improve UX. We have 3 screens."), None);
    assert_eq!(d("drop"), None);
}

#[test]
fn baselines() {
    assert_eq!(
        assess("currently 12%, target under 5%").baseline,
        s("currently 12%")
    );
    assert_eq!(
        assess("baseline 3.1s; goal 2s").baseline,
        s("baseline 3.1s")
    );
    assert_eq!(
        assess("today: 800ms, want < 300ms").baseline,
        s("today: 800ms")
    );
    assert_eq!(
        assess("was 480ms, now under 200ms").baseline,
        s("was 480ms")
    );
    assert_eq!(assess("under 200ms").baseline, None);
}

#[test]
fn timeframes() {
    let cases: [(&str, &str, Timeframe); 10] = [
        (
            "review on 2027-01-15",
            "on 2027-01-15",
            Timeframe::On {
                year: 2027,
                month: 1,
                day: 15,
            },
        ),
        (
            "2028-02-29",
            "2028-02-29",
            Timeframe::On {
                year: 2028,
                month: 2,
                day: 29,
            },
        ),
        (
            "look again after 2 weeks",
            "after 2 weeks",
            Timeframe::After { days: 14 },
        ),
        ("in 1 month", "in 1 month", Timeframe::After { days: 30 }),
        (
            "over the next 14 days",
            "over the next 14 days",
            Timeframe::After { days: 14 },
        ),
        ("for 7 days", "for 7 days", Timeframe::After { days: 7 }),
        (
            "measure next week",
            "next week",
            Timeframe::After { days: 7 },
        ),
        (
            "next quarter",
            "next quarter",
            Timeframe::After { days: 90 },
        ),
        (
            "check a month after release",
            "a month after release",
            Timeframe::After { days: 30 },
        ),
        (
            "within a year",
            "within a year",
            Timeframe::After { days: 365 },
        ),
    ];
    for (text, written, value) in cases {
        assert_eq!(
            assess(text).timeframe,
            Some((written.to_owned(), value)),
            "{text}"
        );
    }
    for text in [
        "on Monday",
        "by Friday",
        "2027-02-30",
        "2027-13-01",
        "at 10:30",
        "in Q1",
    ] {
        assert_eq!(assess(text).timeframe, None, "{text}");
    }
    // A timeframe is not a quantity: "within 30 days" alone is not measurable.
    let a = assess("Ship within 30 days");
    assert_eq!((a.quantity, a.direction), (None, None));
    assert_eq!(
        assess("within 99999999999 years").timeframe.map(|t| t.1),
        Some(Timeframe::After { days: u32::MAX })
    );
}

#[test]
fn review_by_trailer_value() {
    assert_eq!(
        assess("2027-01-15").timeframe,
        Some((
            "2027-01-15".into(),
            Timeframe::On {
                year: 2027,
                month: 1,
                day: 15
            }
        ))
    );
}

#[test]
fn look_alike_numbers_are_not_quantities() {
    for text in [
        "Fixes #12 and PAY-12",
        "upgrade to v1.2 then 1.2.3",
        "on 2027-01-15",
        "commit 1234abcd",
        "p95 p99 P0 h2 x86_64 utf-8 HTTP/2 ipv4",
        "1. First item\n2. Second item",
        "since 2024",
        "meeting at 10:30",
        "see https://example.com/a/40/b/5",
        "mail ops42@example.com",
    ] {
        assert_eq!(q(text), None, "{text}: {:?}", assess(text));
    }
}

#[test]
fn dependabot_versions_are_not_a_metric() {
    let a = assess("Bumps [lodash](https://github.com/lodash/lodash) from 4.17.20 to 4.17.21.");
    assert_eq!(a, MetricAssessment::default());
    assert!(!assess("Upgrade from 3.11 to 3.12").is_measurable());
    assert!(!assess("from 2019 to 2024").is_measurable());
}

#[test]
fn wrapped_lines_and_bullets() {
    let a = assess(
        "- Success: support tickets about export\n  drop from 40/week\n  to under 5\n- Review: 2027-03-01",
    );
    assert_eq!(a.direction, s("from 40/week to under 5"));
    assert_eq!(
        a.timeframe,
        Some((
            "2027-03-01".into(),
            Timeframe::On {
                year: 2027,
                month: 3,
                day: 1
            }
        ))
    );
}

#[test]
fn multibyte_text() {
    let a = assess("Время ответа — с 480 мс… reduce latency to 200ms «быстро» 😀 within 3 weeks");
    assert_eq!(a.quantity, s("200ms"));
    assert_eq!(a.direction, s("reduce to"));
    assert_eq!(
        a.timeframe.map(|t| t.1),
        Some(Timeframe::After { days: 21 })
    );
    let text = "é5%→😀 ≤ 3 ms — 2027-01-15 ✓ ½";
    for (i, _) in text.char_indices() {
        let _ = assess(&text[i..]);
    }
}

#[test]
fn ten_mib_of_hash_one_finishes() {
    assert_eq!(
        assess(&"#1 ".repeat(10 * 1024 * 1024 / 3)),
        MetricAssessment::default()
    );
}

#[test]
fn hostile_inputs_finish() {
    // Shapes that would go quadratic with a careless scan (sizes kept modest for debug
    // builds; the release-mode cost of each is linear).
    for text in [
        "from 1 ".repeat(1 << 12),
        "reduce ".repeat(1 << 12) + "by 5%",
        "1".repeat(1 << 16),
        "one ".repeat(1 << 12),
        " ".repeat(1 << 16) + "one",
        "1.".repeat(1 << 15),
        "\n".repeat(1 << 16),
        "p95,".repeat(1 << 12),
        "1 -> 2 ".repeat(1 << 12),
        "> 5\n".repeat(1 << 12),
        ">".repeat(1 << 16) + " 5",
        "from 1.2 to 1.3 to 5 ".repeat(1 << 12),
        "to 5 ".to_owned() + &"a".repeat(1 << 16),
    ] {
        let _ = assess(&text);
    }
    let many: String = (0..10_000)
        .map(|n| format!("cut errors from {n}% to 1% "))
        .collect();
    assert!(assess(&many).is_measurable());
}

#[test]
fn save_up_and_down_are_directions() {
    let a = assess("Customers save 2 hours per week");
    assert_eq!(
        (a.quantity, a.direction),
        (s("2 hours per week"), s("save"))
    );
    assert_eq!(d("Conversions up 5 pp"), s("up"));
    assert_eq!(d("Churn down 2%"), s("down"));
    assert_eq!(q("Churn down 2%"), s("2%"));
}

#[test]
fn arrows_with_units_and_money() {
    let a = assess("Page weight 1.2MB -> 800KB");
    assert_eq!(
        (a.quantity, a.direction, a.baseline),
        (s("1.2MB"), s("->"), s("1.2MB"))
    );
    let a = assess("Hosting $3k a month → $1k a month");
    assert_eq!((a.quantity, a.direction), (s("$3k a month"), s("→")));
    let a = assess("p50 from 1,200 ms to 950 ms");
    assert_eq!(
        (a.quantity, a.direction),
        (s("1,200 ms"), s("from 1,200 ms to 950 ms"))
    );
}

#[test]
fn goals_and_zero() {
    let a = assess("Goal: zero data-loss incidents");
    assert_eq!(
        (a.quantity.clone(), a.direction.clone()),
        (s("zero"), s("Goal"))
    );
    assert!(a.is_measurable());
}

#[test]
fn a_quantity_alone_is_not_measurable() {
    let a = assess("99.9% uptime");
    assert_eq!(
        (a.quantity.clone(), a.direction.clone()),
        (s("99.9%"), None)
    );
    assert_eq!(a.missing(), vec![MISSING_DIRECTION]);
    let a = assess("Users are happier with a faster page");
    assert_eq!(a.missing(), vec![MISSING_QUANTITY, MISSING_DIRECTION]);
}

#[test]
fn markdown_quote_is_not_greater_than() {
    let a = assess("> 5 users asked for this");
    assert_eq!((a.quantity, a.direction), (s("5 users"), None));
    assert_eq!(d("queue depth >5 items"), s(">"));
    assert_eq!(d("> target: 5 users"), s("target"));
}

#[test]
fn over_is_a_timeframe_or_a_threshold() {
    let a = assess("over 5 days");
    assert_eq!((a.quantity, a.direction), (None, None));
    assert_eq!(a.timeframe.map(|t| t.1), Some(Timeframe::After { days: 5 }));
    let a = assess("over 5 errors");
    assert_eq!(
        (a.quantity, a.direction, a.timeframe),
        (s("5 errors"), s("over"), None)
    );
}

#[test]
fn timeframes_after_an_event() {
    let cases = [
        ("two weeks after launch", 14),
        ("3 months later", 90),
        ("within 30d", 30),
        ("in 1.5 months", 45),
        ("a couple of weeks after release", 14),
    ];
    for (text, days) in cases {
        assert_eq!(
            assess(text).timeframe.map(|t| t.1),
            Some(Timeframe::After { days }),
            "{text}"
        );
    }
}

#[test]
fn number_words_inside_compounds() {
    assert_eq!(
        assess("double-check the export"),
        MetricAssessment::default()
    );
    assert_eq!(q("a half-baked fix"), None);
    assert_eq!(q("one-off script"), None);
    assert!(assess("zero-downtime deploys").is_measurable());
}

#[test]
fn generated_inputs_never_panic() {
    // Small deterministic fuzz: fragments chosen to collide at char and token boundaries.
    const FRAGMENTS: &[&str] = &[
        "1",
        "40",
        ".",
        ",",
        "5",
        "%",
        "ms",
        " ",
        "\n",
        "from",
        "to",
        "by",
        "under",
        "→",
        "->",
        "≤",
        ">",
        "$",
        "€",
        "£",
        "k",
        "/week",
        " a ",
        "week",
        "within",
        "days",
        "2027-01-15",
        "é",
        "😀",
        "µs",
        "×",
        "half",
        "one",
        "zero",
        "reduce",
        "#",
        "p95",
        "v1.2",
        "-",
        "~",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..12 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(FRAGMENTS[(seed % FRAGMENTS.len() as u64) as usize]);
        }
        let a = assess(&text);
        for part in [&a.quantity, &a.direction, &a.baseline] {
            assert!(
                part.as_ref().is_none_or(|p| !p.is_empty()),
                "{text:?}: {a:?}"
            );
        }
    }
}

#[test]
fn case_and_whitespace() {
    // Keywords ignore case, any ASCII whitespace separates words (a vertical tab too), and a
    // URL is a URL whatever the case of its scheme.
    assert_eq!(d("p99 LESS THAN 200ms"), s("LESS THAN"));
    assert_eq!(d("REDUCE errors BY 30%"), s("REDUCE by"));
    assert_eq!(d("Target:\t200ms"), s("Target"));
    assert_eq!(d("from\u{b}40\u{b}to\u{b}5"), s("from 40 to 5"));
    assert_eq!(q("see HTTPS://EXAMPLE.COM/a/40/b/5"), None);
}

#[test]
fn long_numbers_and_repeated_phrases_finish() {
    // Shapes that make a hand-written reader rescan what it has read (every group of a long
    // `1,000,000,…` starts a number that ends in the same place); sizes kept modest for debug
    // builds.
    for text in [
        "1".to_owned() + &",000".repeat(1 << 13),
        "1".to_owned() + &",000".repeat(1 << 13) + "." + &"5".repeat(1 << 13),
        "1".to_owned() + &",000".repeat(1 << 13) + " " + &"-".repeat(1 << 13),
        "$1 ".repeat(1 << 12),
        "in the ".repeat(1 << 12),
        "a couple of ".repeat(1 << 12),
        "from 5 foo bar ".repeat(1 << 12),
        "under ".repeat(1 << 12) + "5",
        "2027-01-15 ".repeat(1 << 12),
    ] {
        let _ = assess(&text);
    }
    let a = assess(&("cut errors from 1".to_owned() + &",000".repeat(1 << 12) + " to 5"));
    assert_eq!(a.direction.map(|d| d.ends_with("to 5")), Some(true));
}

/// The verb reader (a pre-filter, then the lists of the lexicon) finds exactly what the regex
/// built from the same lists finds, on texts made of verbs, near misses and separators.
#[test]
fn verb_reader_matches_the_regex_of_its_lists() {
    let w = Lexicon::builtin_ref();
    let alternation: Vec<String> = words(&w.lists.verbs)
        .chain(words(&w.lists.phrasal_verbs))
        .map(|verb| regex::escape(verb).replace(' ', r"\s+"))
        .collect();
    let pattern = format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alternation.join("|"));
    let regex = regex::Regex::new(&pattern).expect("the verb lists make a regex");
    let mut pieces: Vec<String> = words(&w.lists.verbs)
        .chain(words(&w.lists.phrasal_verbs))
        .map(str::to_owned)
        .collect();
    pieces.extend(
        [
            "up", "down", "speed", "goes", "x", "_", "-", "3", ".", ", ", " ", "  ", "\t", "\n",
        ]
        .map(str::to_owned),
    );
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..12 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let piece = &pieces[(seed % pieces.len() as u64) as usize];
            if seed & 0x100 != 0 {
                text.push_str(&piece.to_ascii_uppercase());
            } else {
                text.push_str(piece);
            }
            if seed & 0x200 != 0 {
                text.push(' ');
            }
        }
        let bytes = text.as_bytes();
        let read: Vec<Range<usize>> =
            each(bytes, |b, from| next_verb(w, b, from), Range::clone).collect();
        let expected: Vec<Range<usize>> = regex.find_iter(&text).map(|m| m.range()).collect();
        assert_eq!(read, expected, "{text:?}");
    }
}
