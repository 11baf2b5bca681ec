//! Rule files, as `whylint` loads `.whylint.yml`: bytes → lossy UTF-8 → YAML with positions →
//! the rule set, compiled together with the built-in packs it extends → the rules run on a
//! fixed message and on the file's own examples.
//!
//! Deterministic by construction: the entry point takes the file's text, and `extends` resolves
//! only built-in packs embedded in the binary (an unknown name is a problem, never a path to
//! read), so nothing here touches the disk or the environment.
//!
//! Invariants: no panic; reading is deterministic; every problem is located in
//! this file, at a line:column inside its text (or 0 for the file as a whole); a problem found
//! while reading is also reported by the full build, which then fails; compiled rules evaluate
//! the same way twice.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whylint::error::{ConfigProblem, Error};
use whylint::parse::decode::utf8_lossy;
use whylint::parse::message::CommentStyle;
use whylint::rules::compile::{self, ProjectFile};
use whylint::rules::yaml;
use whylint::subject::Subject;
use whylint_fuzz::{check_subject, line_text};

const FILE: &str = ".whylint.yml";

/// Examples are run with the rules, up to this many per input (they are fuzz input too, and
/// each one parses a message and runs every rule).
const MAX_EXAMPLES: usize = 8;

const MESSAGE: &str = "feat(export): add CSV export\n\nProblem: finance re-types invoices by hand every month.\n\nMetric: export tickets drop from 40/week to under 5 within 30 days.\nRefs: PAY-812\n";

fuzz_target!(|data: &[u8]| {
    let decoded = utf8_lossy(data);
    let text: &str = &decoded.text;

    let (spec, read_problems) = yaml::read_file(FILE, text);
    let (spec_again, again) = yaml::read_file(FILE, text);
    assert_eq!(read_problems, again, "reading is not deterministic");
    assert_eq!(
        format!("{spec:?}"),
        format!("{spec_again:?}"),
        "spec differs"
    );
    for problem in &read_problems {
        check_problem(text, problem);
    }

    // Built once: building parses and compiles the packs it extends too, which costs far more
    // than this file does, so compiling twice would halve the executions for little.
    match compile::build(Some(ProjectFile { name: FILE, text })) {
        Ok(rules) => {
            assert!(read_problems.is_empty(), "built despite {read_problems:?}");
            let message = Subject::from_message(MESSAGE, &CommentStyle::Verbatim);
            check_subject(&rules, &message, MESSAGE);
            let examples = rules
                .rules
                .iter()
                .flat_map(|rule| rule.examples.pass.iter().chain(&rule.examples.fail))
                .take(MAX_EXAMPLES);
            for example in examples {
                let subject = example.subject();
                assert_eq!(subject, example.subject(), "example subject differs");
                let target = whylint::finding::Target {
                    kind: whylint::finding::TargetKind::Message,
                    id: "example".to_owned(),
                    title: None,
                };
                let first = rules.check(&subject, &target, None);
                let second = rules.check(&subject, &target, None);
                assert_eq!(first.findings, second.findings, "example verdicts differ");
            }
        }
        Err(Error::Config(problems)) => {
            assert!(!problems.is_empty(), "failed without a problem");
            for problem in &problems {
                check_problem(text, problem);
            }
            for problem in &read_problems {
                assert!(problems.contains(problem), "build dropped {problem:?}");
            }
        }
        Err(other) => panic!("a rule file failed with a non-configuration error: {other}"),
    }
});

/// A problem names this file and, when it has a position, one inside the text.
fn check_problem(text: &str, problem: &ConfigProblem) {
    assert_eq!(problem.file, FILE, "problem in another file: {problem}");
    assert!(
        !problem.message.is_empty(),
        "problem without a message at {problem}"
    );
    if problem.line == 0 {
        return;
    }
    let Some(line) = line_text(text, problem.line) else {
        panic!(
            "{problem}: line {} is past the end of the file",
            problem.line
        );
    };
    let width = line.chars().count() + 1;
    assert!(
        problem.column <= width,
        "{problem}: column {} is past the end of line {:?}",
        problem.column,
        line
    );
}
