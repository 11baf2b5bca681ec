//! Pure text → structure: commit messages, Markdown sections, conventional subjects, input bytes.
//!
//! Nothing here does I/O or knows about rules; every function takes text and returns data.

pub mod conventional;
pub mod decode;
pub mod markdown;
pub mod message;
