//! Cache files seen in place: the index base (`cache/index.bin`) and the
//! item vectors (`cache/vectors.bin`) are mapped read-only, not read, so a
//! large ledger's read neither copies tens of megabytes nor zeroes fresh
//! pages for them (at 100k items that was a third of a lookup's time).

use std::fs::File;
use std::ops::Deref;
use std::path::Path;

use memmap2::Mmap;

/// A cache file's bytes: mapped when read, owned when just written.
#[derive(Debug)]
pub(crate) enum FileBytes {
    Mapped(Mmap),
    Owned(Vec<u8>),
}

impl Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Owned(bytes) => bytes,
        }
    }
}

/// The bytes of the cache file at `path`: mapped on Unix; read elsewhere,
/// because Windows cannot rename over, or remove, a mapped file, which is
/// how the cache files are replaced.
pub(crate) fn map(path: &Path) -> std::io::Result<FileBytes> {
    if cfg!(not(unix)) {
        return std::fs::read(path).map(FileBytes::Owned);
    }
    let file = File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(FileBytes::Owned(Vec::new()));
    }
    map_file(&file).map(FileBytes::Mapped)
}

/// Maps the whole file, read-only.
#[allow(unsafe_code)]
fn map_file(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: memmap2 requires that the file not change while mapped: a
    // write through another handle would change the slices handed out, and a
    // truncation would make reading them fault (SIGBUS). Both cache files
    // are written only by this crate, whole, to a temporary file renamed
    // over the old one (`atomic::write_atomic`), so a mapped file is never
    // changed in place: a reader keeps the old file until it unmaps it.
    // Editing or truncating a cache file in place while a command runs, or
    // an I/O error of the disk under it (a network file system), would make
    // a read fault; the watcher refuses network file systems, and deleting
    // a cache file is always safe (it is rebuilt).
    unsafe { Mmap::map(file) }
}
