//! A one-line count on stderr while a long walk runs (`whylint report`), erased when it ends.
//!
//! Written here rather than taken from indicatif (used until #9's hook work): its rate estimator
//! calls `pow`, and that one call made every whylint process, the commit-msg hook included, load
//! libm at start-up: about 5% of a hook run, measured in #9's note. A spinner and a count need
//! no estimator.

use std::io::Write;
use std::time::{Duration, Instant};

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// Redrawn at most this often; nothing at all for a walk that ends sooner.
const EVERY: Duration = Duration::from_millis(100);

/// `⠙ counting changes: 12345 commits`, redrawn in place.
pub struct Progress<W: Write = std::io::Stderr> {
    /// `None` when hidden (standard error is not a terminal).
    to: Option<W>,
    what: &'static str,
    count: u64,
    drawn_at: Instant,
    every: Duration,
    frame: usize,
    shown: bool,
}

impl Progress {
    /// On standard error when it is a terminal; hidden otherwise.
    pub fn on_stderr(what: &'static str, is_terminal: bool) -> Self {
        Progress::to(is_terminal.then(std::io::stderr), what, EVERY)
    }
}

impl<W: Write> Progress<W> {
    fn to(to: Option<W>, what: &'static str, every: Duration) -> Self {
        Progress {
            to,
            what,
            count: 0,
            drawn_at: Instant::now(),
            every,
            frame: 0,
            shown: false,
        }
    }

    /// Counts one more commit; redraws when the last drawing is old enough.
    pub fn inc(&mut self) {
        self.count += 1;
        if self.to.is_none() || self.drawn_at.elapsed() < self.every {
            return;
        }
        let frame = FRAMES[self.frame % FRAMES.len()];
        self.frame += 1;
        self.drawn_at = Instant::now();
        if let Some(to) = &mut self.to {
            // Progress is a courtesy: a terminal that refuses it loses nothing else.
            let noun = if self.count == 1 { "commit" } else { "commits" };
            let _ = write!(to, "\r\x1b[2K{frame} {}: {} {noun}", self.what, self.count);
            let _ = to.flush();
            self.shown = true;
        }
    }

    /// Erases the line, if anything was drawn, so the report starts on a clean one.
    pub fn finish(&mut self) {
        if let Some(to) = &mut self.to
            && self.shown
        {
            let _ = write!(to, "\r\x1b[2K");
            let _ = to.flush();
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_place_and_leaves_a_clean_line() {
        let mut progress = Progress::to(Some(Vec::new()), "counting changes", Duration::ZERO);
        progress.inc();
        progress.inc();
        progress.finish();
        let written = String::from_utf8(progress.to.take().expect("shown")).expect("utf-8");
        assert_eq!(
            written,
            "\r\x1b[2K⠋ counting changes: 1 commit\r\x1b[2K⠙ counting changes: 2 commits\r\x1b[2K"
        );
    }

    #[test]
    fn a_short_walk_or_a_pipe_shows_nothing() {
        let mut quick = Progress::to(Some(Vec::new()), "counting", Duration::from_secs(60));
        quick.inc();
        quick.finish();
        assert_eq!(quick.to.take().expect("kept"), b"");
        let mut hidden = Progress::<Vec<u8>>::to(None, "counting", Duration::ZERO);
        hidden.inc();
        hidden.finish();
        assert_eq!(hidden.count, 1);
    }
}
