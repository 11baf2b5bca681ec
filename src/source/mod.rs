//! Where input comes from: files, stdin, the git repository, the environment.
//!
//! This is the only layer that does input I/O or reads environment variables. It hands text and
//! facts to the pipeline; it does not parse messages or evaluate rules.

pub mod anchor;
pub mod changes;
pub mod ci;
pub mod cleanup;
pub mod config;
pub mod env;
pub mod file;
pub mod git;
pub mod history;
pub mod hooks;
pub mod process;
pub mod revision;
pub mod shallow;
pub mod walk;
