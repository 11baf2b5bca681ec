//! `whylint check`: the right thing for where it runs. Locally, the current branch against its
//! base (the check to run before opening a pull request), with `--pr-body` for a draft
//! description.

use super::branch;
use crate::Outcome;
use crate::cli::{BranchArgs, Global};
use crate::error::Result;

/// Runs `whylint check`.
pub fn run(global: &Global, args: &BranchArgs) -> Result<Outcome> {
    branch::check_branch(global, args, "check")
}
