//! The inotify watches of one ledger: `.agents/` itself (for kind folders
//! created, removed or renamed) and each kind folder (for every write,
//! attribute change, creation, removal and rename of a file in it).
//!
//! Reads (open, access, close without writing) raise no event we ask for, so
//! the ledger's own reads never count as changes. Every event on a kind
//! folder counts, so does every event on `.agents/` that names one; a lost
//! event queue (`IN_Q_OVERFLOW`) counts too. A kind folder that appears is
//! watched before the change is counted, so the full read that the count
//! triggers sees any file written into it before the watch was added.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rustix::fs::inotify::{self, CreateFlags, ReadFlags, WatchFlags};
use rustix::io::Errno;

use crate::index::is_item_name;
use crate::item::Kind;

/// What a drain found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Drained {
    /// This many changes (possibly none).
    Changes(u64),
    /// `.agents/` itself was removed or moved away.
    LedgerGone,
}

/// The watches of one ledger.
pub(super) struct Folders {
    fd: OwnedFd,
    dir: PathBuf,
    root: i32,
    /// The device and inode of `.agents/` when the watch began.
    identity: (u64, u64),
    /// The watch of each kind folder that exists, by [`Kind::ALL`] position.
    kinds: [Option<i32>; Kind::ALL.len()],
    /// False once an item file was seen that could change without an event
    /// in our folders: a symlink, or a file with other hard links.
    pub safe: bool,
}

/// `.agents/`'s: names created, removed or renamed in it, and its own end.
const ROOT_EVENTS: WatchFlags = WatchFlags::CREATE
    .union(WatchFlags::DELETE)
    .union(WatchFlags::MOVED_FROM)
    .union(WatchFlags::MOVED_TO)
    .union(WatchFlags::DELETE_SELF)
    .union(WatchFlags::MOVE_SELF)
    .union(WatchFlags::ONLYDIR);

/// A kind folder's: its names changing as for the root, and its files
/// written or changed in any way.
const KIND_EVENTS: WatchFlags =
    ROOT_EVENTS.union(WatchFlags::MODIFY).union(WatchFlags::ATTRIB).union(WatchFlags::CLOSE_WRITE);

impl Folders {
    /// Watches `dir` (`.agents/`, canonical) and its kind folders, and looks
    /// at every item file once for links.
    pub fn new(dir: &Path) -> io::Result<Folders> {
        let fd = inotify::init(CreateFlags::CLOEXEC | CreateFlags::NONBLOCK)?;
        let root = inotify::add_watch(&fd, dir, ROOT_EVENTS)?;
        let meta = std::fs::metadata(dir)?;
        let identity = (meta.dev(), meta.ino());
        let kinds = [None; Kind::ALL.len()];
        let mut folders = Folders { fd, dir: dir.to_path_buf(), root, identity, kinds, safe: true };
        for k in 0..Kind::ALL.len() {
            folders.watch_kind(k)?;
        }
        Ok(folders)
    }

    /// The descriptor to poll.
    pub fn fd(&self) -> impl AsFd + '_ {
        &self.fd
    }

    /// Reads every queued event, without blocking.
    pub fn drain(&mut self) -> io::Result<Drained> {
        let mut buf = [MaybeUninit::<u8>::uninit(); 8192];
        let mut changes = 0u64;
        // Events are copied out of the reader's buffer before acting on
        // them, since acting needs `self` again.
        let mut events: Vec<(i32, ReadFlags, Option<Vec<u8>>)> = Vec::new();
        {
            let mut reader = inotify::Reader::new(&self.fd, &mut buf);
            loop {
                match reader.next() {
                    Ok(event) => {
                        let name = event.file_name().map(|n| n.to_bytes().to_vec());
                        events.push((event.wd(), event.events(), name));
                    }
                    Err(Errno::AGAIN) => break,
                    Err(Errno::INTR) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
        }
        for (wd, flags, name) in events {
            if flags.contains(ReadFlags::QUEUE_OVERFLOW) {
                changes += 1;
            } else if wd == self.root {
                // An open file inside (anyone's) delays `DELETE_SELF` until it
                // is closed, so the folder is also looked for by its path.
                let here = std::fs::metadata(&self.dir).is_ok_and(|m| (m.dev(), m.ino()) == self.identity);
                if !here || flags.intersects(ReadFlags::DELETE_SELF | ReadFlags::MOVE_SELF | ReadFlags::IGNORED) {
                    return Ok(Drained::LedgerGone);
                }
                let kind = name.and_then(|n| Kind::ALL.iter().position(|k| k.folder().as_bytes() == n));
                if let Some(k) = kind {
                    self.watch_kind(k)?;
                    changes += 1;
                }
            } else if let Some(k) = self.kinds.iter().position(|w| *w == Some(wd)) {
                changes += 1;
                if flags.contains(ReadFlags::IGNORED) {
                    // The folder went away; its return is an event on the root.
                    self.kinds[k] = None;
                } else if let Some(name) = name {
                    self.check(k, &name);
                }
            }
        }
        Ok(Drained::Changes(changes))
    }

    /// (Re)watches kind folder `k` if it exists, and checks its files.
    fn watch_kind(&mut self, k: usize) -> io::Result<()> {
        let path = self.dir.join(Kind::ALL[k].folder());
        if let Some(old) = self.kinds[k].take() {
            let _ = inotify::remove_watch(&self.fd, old);
        }
        match inotify::add_watch(&self.fd, &path, KIND_EVENTS) {
            Ok(wd) => self.kinds[k] = Some(wd),
            Err(Errno::NOENT | Errno::NOTDIR) => return Ok(()),
            Err(e) => return Err(e.into()),
        }
        for entry in std::fs::read_dir(&path)? {
            let name = entry?.file_name();
            self.check(k, name.as_encoded_bytes());
        }
        Ok(())
    }

    /// Marks the watch unsafe if item file `name` of kind folder `k` is a
    /// symlink or has other hard links.
    fn check(&mut self, k: usize, name: &[u8]) {
        let Some(name) = std::str::from_utf8(name).ok().filter(|n| is_item_name(n)) else { return };
        let path = self.dir.join(Kind::ALL[k].folder()).join(name);
        if let Ok(meta) = std::fs::symlink_metadata(&path)
            && (meta.file_type().is_symlink() || (meta.is_file() && meta.nlink() > 1))
        {
            self.safe = false;
        }
    }
}

/// Local file systems, whose changes all go through this kernel: the only
/// ones watched (a network or FUSE file system can change under us).
const LOCAL: [u64; 7] = [
    0xEF53,      // ext2, ext3, ext4
    0x5846_5342, // xfs
    0x9123_683E, // btrfs
    0x0102_1994, // tmpfs
    0x794C_7630, // overlayfs
    0xF2F5_2010, // f2fs
    0x2FC1_2FC1, // zfs
];

/// An error unless `dir` is on a local file system.
pub(super) fn check_local(dir: &Path) -> io::Result<()> {
    let file = std::fs::File::open(dir)?;
    #[allow(clippy::unnecessary_cast)] // the field's type differs between targets
    let kind = rustix::fs::fstatfs(&file)?.f_type as u64;
    if LOCAL.contains(&kind) {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("{} is on a file system ({kind:#x}) whose changes may not all be seen here", dir.display()),
        ))
    }
}
