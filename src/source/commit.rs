//! A commit's header (parents, committer time) read straight from the object database.
//!
//! Stepping `HEAD~99999` needs only each commit's first parent, and walking a range without a
//! commit-graph only parents and dates (`order`); libgit2's commit lookup would also parse both
//! signatures and copy the message. This reads the raw object and the header lines it needs.

use git2::{ObjectType, Odb, Oid};

/// What a walk needs from a commit's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The first `parent` line, if any.
    pub first_parent: Option<Oid>,
    /// How many `parent` lines there are (2+ for a merge).
    pub parents: usize,
    /// Committer time, seconds since the epoch (0 when the line is missing or malformed, as
    /// git reads it).
    pub time: i64,
}

/// The header of commit `id`; `None` when it cannot be read or is not a commit.
pub fn header(odb: &Odb<'_>, id: Oid) -> Option<Header> {
    parse(read(odb, id)?.data())
}

/// Hands every parent of commit `id` to `on_parent`, in order, and returns its committer time
/// (as in `Header`).
pub fn parents_and_time(odb: &Odb<'_>, id: Oid, on_parent: impl FnMut(Oid)) -> Option<i64> {
    scan(read(odb, id)?.data(), on_parent)
}

fn read<'o>(odb: &'o Odb<'_>, id: Oid) -> Option<git2::OdbObject<'o>> {
    let object = odb.read(id).ok()?;
    (object.kind() == ObjectType::Commit).then_some(object)
}

/// Reads the header lines of a raw commit object. `None` when a `parent` line holds no object
/// id.
pub fn parse(data: &[u8]) -> Option<Header> {
    let mut first_parent = None;
    let mut parents = 0;
    let time = scan(data, |parent| {
        parents += 1;
        first_parent.get_or_insert(parent);
    })?;
    Some(Header {
        first_parent,
        parents,
        time,
    })
}

/// Hands each `parent` line's id to `on_parent` and returns the committer time, reading up to
/// the first blank line. Continuation lines of multi-line headers (`gpgsig`, `mergetag`) start
/// with a space, so they never look like `parent` or `committer` lines.
fn scan(data: &[u8], mut on_parent: impl FnMut(Oid)) -> Option<i64> {
    let mut time = 0;
    for line in data.split(|&b| b == b'\n') {
        if line.is_empty() {
            break;
        }
        if let Some(hex) = line.strip_prefix(b"parent ") {
            on_parent(Oid::from_str(std::str::from_utf8(hex).ok()?).ok()?);
        } else if let Some(person) = line.strip_prefix(b"committer ") {
            time = committer_time(person).unwrap_or(0);
        }
    }
    Some(time)
}

/// `Name <email> 1700000000 +0000` → 1700000000.
fn committer_time(person: &[u8]) -> Option<i64> {
    let after_email = &person[person.iter().rposition(|&b| b == b'>')? + 1..];
    let mut fields = after_email
        .split(|&b| b == b' ')
        .filter(|field| !field.is_empty());
    std::str::from_utf8(fields.next()?).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn reads_parents_and_committer_time() {
        let merge = format!(
            "{TREE}\nparent {A}\nparent {B}\nauthor Ada <ada@example.com> 1 +0000\ncommitter Bo <bo@example.com> 1700000000 +0100\n\nMerge\n\nparent {B}\n"
        );
        let header = parse(merge.as_bytes()).expect("parses");
        assert_eq!(header.parents, 2);
        assert_eq!(header.first_parent, Oid::from_str(A).ok());
        assert_eq!(header.time, 1_700_000_000);
    }

    #[test]
    fn root_commits_signed_commits_and_odd_people() {
        let root = format!("{TREE}\ncommitter <> 5 +0000\n\nFirst\n");
        let header = parse(root.as_bytes()).expect("parses");
        assert_eq!(
            (header.parents, header.first_parent, header.time),
            (0, None, 5)
        );
        // A signature's continuation lines start with a space: never a parent.
        let signed = format!(
            "{TREE}\nparent {A}\ncommitter A <a> 7 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n parent {B}\n -----END PGP SIGNATURE-----\n\nSigned\n"
        );
        let header = parse(signed.as_bytes()).expect("parses");
        assert_eq!((header.parents, header.time), (1, 7));
        // A name with `>` in it: the time follows the last one.
        let odd = format!("{TREE}\ncommitter A > B <a@b> 9 +0000\n\nx\n");
        assert_eq!(parse(odd.as_bytes()).map(|h| h.time), Some(9));
        let broken = format!("{TREE}\ncommitter no email here\n\nx\n");
        assert_eq!(parse(broken.as_bytes()).map(|h| h.time), Some(0));
        assert!(parse(format!("{TREE}\nparent nothex\n\n").as_bytes()).is_none());
    }
}
