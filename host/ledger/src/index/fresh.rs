//! Change detection for the persisted index: the stamps that prove a file
//! (or a kind folder's list of names) is the one the cache was built from.
//!
//! A file's [`Stamp`] is its size, inode number, mtime and ctime. Any write
//! to a file changes its mtime and ctime, whether in place (an editor, `>>`)
//! or by replacing it (an atomic rename, a git checkout, which writes new
//! files); the ctime cannot be set back by `touch -d` or by tools that
//! restore mtimes (`rsync -t`, `tar`). A folder's stamp changes whenever a
//! name is added, removed or renamed in it, but *not* when a file in it is
//! edited in place, which is why every file is still stat'ed on every read.
//!
//! Timestamps are coarse (a kernel tick, and some file systems keep whole
//! seconds), so a change right after a stat can leave the same stamp. A
//! stamp is therefore trusted only when its times are more than
//! [`RACY_SECS`] older than the moment the check that recorded it started
//! (a clock reading taken *before* any stat of that check); otherwise it is
//! "racy" and proves nothing: the file is re-read and its content hash
//! compared, the folder is listed again. This is git's racy-index rule.
//!
//! The stat is `fstatat` relative to an open folder (one path component to
//! resolve), following symlinks, through `rustix` (no `unsafe` here).

use std::io;
use std::path::Path;

/// How recent, in seconds before a check started, a change time must be for
/// the stamp to be racy.
pub(crate) const RACY_SECS: i64 = 2;

/// Bytes of an encoded [`Stamp`].
pub(crate) const STAMP_BYTES: usize = 40;

/// What identifies one version of a file (or folder) without reading it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub size: u64,
    pub ino: u64,
    pub mtime: i64,
    pub ctime: i64,
    pub mtime_ns: u32,
    pub ctime_ns: u32,
}

impl Stamp {
    /// Whether a change just after a check started at `checked_at` (Unix
    /// seconds) could have left this stamp as it is.
    pub fn racy(&self, checked_at: i64) -> bool {
        self.mtime.max(self.ctime) >= checked_at.saturating_sub(RACY_SECS)
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.size.to_le_bytes());
        out.extend_from_slice(&self.ino.to_le_bytes());
        out.extend_from_slice(&self.mtime.to_le_bytes());
        out.extend_from_slice(&self.ctime.to_le_bytes());
        out.extend_from_slice(&self.mtime_ns.to_le_bytes());
        out.extend_from_slice(&self.ctime_ns.to_le_bytes());
    }

    /// Decodes the first [`STAMP_BYTES`] of `b` (which must be that long).
    pub fn decode(b: &[u8]) -> Stamp {
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"));
        Stamp {
            size: u64_at(0),
            ino: u64_at(8),
            mtime: u64_at(16) as i64,
            ctime: u64_at(24) as i64,
            mtime_ns: u32_at(32),
            ctime_ns: u32_at(36),
        }
    }
}

/// A kind folder's stamp: its device and its own [`Stamp`]; `None` in a
/// `[Option<FolderStamp>; 5]` means the folder did not exist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FolderStamp {
    pub dev: u64,
    pub stamp: Stamp,
}

/// Whether `name` (a directory entry) can be an item file: `*.md`, not
/// hidden (a crashed atomic write leaves a hidden `.tmp*` file).
pub(crate) fn is_item_name(name: &str) -> bool {
    !name.starts_with('.') && name.ends_with(".md") && name.len() > 3
}

pub(crate) use sys::Folder;

#[cfg(unix)]
mod sys {
    use std::ffi::CStr;
    use std::os::fd::OwnedFd;

    use rustix::fs::{AtFlags, CWD, Dir, FileType, Mode, OFlags, Stat, fstat, openat, statat};
    use rustix::io::Errno;

    use super::{FolderStamp, Stamp, io, is_item_name};

    /// An open kind folder; files are stat'ed relative to it.
    #[derive(Debug)]
    pub(crate) struct Folder {
        fd: OwnedFd,
    }

    // `Stat`'s field types differ between targets; these are lossless on
    // every target the crate builds for.
    #[allow(clippy::unnecessary_cast)]
    fn stamp(st: &Stat) -> Stamp {
        Stamp {
            size: st.st_size as u64,
            ino: st.st_ino as u64,
            mtime: st.st_mtime as i64,
            ctime: st.st_ctime as i64,
            mtime_ns: st.st_mtime_nsec as u32,
            ctime_ns: st.st_ctime_nsec as u32,
        }
    }

    impl Folder {
        /// Opens the folder at `path`; `None` when it does not exist.
        pub fn open(path: &std::path::Path) -> io::Result<Option<Folder>> {
            match openat(CWD, path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty()) {
                Ok(fd) => Ok(Some(Folder { fd })),
                Err(Errno::NOENT) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }

        /// The folder's own stamp.
        #[allow(clippy::unnecessary_cast)]
        pub fn stamp(&self) -> io::Result<FolderStamp> {
            let st = fstat(&self.fd)?;
            Ok(FolderStamp { dev: st.st_dev as u64, stamp: stamp(&st) })
        }

        /// The stamp of the regular file `name` (NUL-terminated) in this
        /// folder, following symlinks; `None` when there is no such file.
        pub fn stat(&self, name: &[u8]) -> io::Result<Option<Stamp>> {
            let name = CStr::from_bytes_with_nul(name).map_err(|_| io::ErrorKind::InvalidInput)?;
            match statat(&self.fd, name, AtFlags::empty()) {
                Ok(st) if FileType::from_raw_mode(st.st_mode).is_file() => Ok(Some(stamp(&st))),
                Ok(_) | Err(Errno::NOENT | Errno::NOTDIR | Errno::LOOP) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }

        /// The names in the folder that can be item files (see
        /// [`is_item_name`]), unsorted; entries that are not files are
        /// weeded out later by [`stat`](Self::stat).
        pub fn list(&self) -> io::Result<Vec<String>> {
            let mut dir = Dir::read_from(&self.fd)?;
            let mut names = Vec::new();
            while let Some(entry) = dir.read() {
                let entry = entry?;
                let Ok(name) = entry.file_name().to_str() else { continue };
                if is_item_name(name) && !entry.file_type().is_dir() {
                    names.push(name.to_string());
                }
            }
            Ok(names)
        }
    }
}

#[cfg(not(unix))]
mod sys {
    use std::path::PathBuf;
    use std::time::UNIX_EPOCH;

    use super::{FolderStamp, Stamp, io, is_item_name};

    /// A kind folder; without `fstatat`, files are stat'ed by full path.
    #[derive(Debug)]
    pub(crate) struct Folder {
        path: PathBuf,
    }

    fn stamp(meta: &std::fs::Metadata) -> Stamp {
        let (mtime, mtime_ns) = match meta.modified().map(|t| t.duration_since(UNIX_EPOCH)) {
            Ok(Ok(d)) => (i64::try_from(d.as_secs()).unwrap_or(i64::MAX), d.subsec_nanos()),
            _ => (i64::MAX, 0), // no usable mtime: always racy, so always re-read
        };
        Stamp { size: meta.len(), ino: 0, mtime, ctime: mtime, mtime_ns, ctime_ns: mtime_ns }
    }

    impl Folder {
        pub fn open(path: &std::path::Path) -> io::Result<Option<Folder>> {
            match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => Ok(Some(Folder { path: path.to_path_buf() })),
                Ok(_) => Ok(None),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        }

        pub fn stamp(&self) -> io::Result<FolderStamp> {
            Ok(FolderStamp { dev: 0, stamp: stamp(&std::fs::metadata(&self.path)?) })
        }

        pub fn stat(&self, name: &[u8]) -> io::Result<Option<Stamp>> {
            let name = name.strip_suffix(&[0]).and_then(|n| std::str::from_utf8(n).ok());
            let name = name.ok_or(io::ErrorKind::InvalidInput)?;
            match std::fs::metadata(self.path.join(name)) {
                Ok(m) if m.is_file() => Ok(Some(stamp(&m))),
                Ok(_) => Ok(None),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        }

        pub fn list(&self) -> io::Result<Vec<String>> {
            let mut names = Vec::new();
            for entry in std::fs::read_dir(&self.path)? {
                let Ok(name) = entry?.file_name().into_string() else { continue };
                if is_item_name(&name) {
                    names.push(name);
                }
            }
            Ok(names)
        }
    }
}

/// Opens the kind folder `name` under `dir`.
pub(crate) fn open_folder(dir: &Path, name: &str) -> io::Result<Option<Folder>> {
    Folder::open(&dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_and_racy_is_relative_to_the_check() {
        let s = Stamp { size: 7, ino: 9, mtime: 100, ctime: 101, mtime_ns: 5, ctime_ns: 6 };
        let mut b = Vec::new();
        s.encode(&mut b);
        assert_eq!(b.len(), STAMP_BYTES);
        assert_eq!(Stamp::decode(&b), s);
        assert!(s.racy(103), "changed 2 s before the check");
        assert!(!s.racy(104));
    }

    #[test]
    fn a_folder_sees_files_and_in_place_edits() {
        let dir = tempfile::tempdir().unwrap();
        let folder = open_folder(dir.path(), "x").unwrap();
        assert!(folder.is_none());
        std::fs::create_dir(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("x/a.md"), "one").unwrap();
        std::fs::write(dir.path().join("x/.tmp1"), "").unwrap();
        std::fs::create_dir(dir.path().join("x/d.md")).unwrap();
        let folder = open_folder(dir.path(), "x").unwrap().unwrap();
        let mut names = folder.list().unwrap();
        names.sort();
        assert_eq!(names, ["a.md"]);
        let before = folder.stat(b"a.md\0").unwrap().unwrap();
        assert_eq!(before.size, 3);
        assert_eq!(folder.stat(b"d.md\0").unwrap(), None, "a folder is not an item");
        assert_eq!(folder.stat(b"gone.md\0").unwrap(), None);
        std::fs::write(dir.path().join("x/a.md"), "two!").unwrap();
        assert_ne!(folder.stat(b"a.md\0").unwrap().unwrap(), before);
    }
}
