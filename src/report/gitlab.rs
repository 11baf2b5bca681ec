//! `--format gitlab`: GitLab Code Quality JSON (an array of issues), for the merge request
//! widget. Like SARIF, each issue is anchored at the rule file (see `sarif`), and its
//! description names the commit, branch or merge request it is about.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Level, Summary, Target};
use serde_json::json;
use std::io::{self, Write};

/// The Code Quality reporter; writes the array at `finish`.
pub struct Gitlab<'a> {
    out: Box<dyn Write + 'a>,
    anchor: String,
    issues: Vec<serde_json::Value>,
}

impl<'a> Gitlab<'a> {
    /// Writes to `out`; issues point at `anchor`.
    pub fn new(out: Box<dyn Write + 'a>, anchor: &str) -> Self {
        Gitlab {
            out,
            anchor: anchor.to_owned(),
            issues: Vec::new(),
        }
    }
}

/// FNV-1a, 64 bits: a fingerprint that is stable across runs and Rust versions (GitLab uses it
/// to tell new issues from old ones).
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

impl Reporter for Gitlab<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        for finding in &checked.findings {
            let severity = match finding.level {
                Level::Error => "major",
                Level::Warning => "minor",
                Level::Info | Level::Off => "info",
            };
            self.issues.push(json!({
                "type": "issue",
                "check_name": finding.rule,
                "description": format!("{}: {}", super::github::target_name(target), finding.message),
                "content": { "body": finding.help },
                "categories": ["Style"],
                "severity": severity,
                "fingerprint": fingerprint(&[&finding.rule, &target.id, &finding.message]),
                "location": { "path": self.anchor, "lines": { "begin": 1 } },
            }));
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _epilogue: &Epilogue) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, &self.issues)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprint_is_stable_and_separates_parts() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&[]).len(), 16);
    }
}
