//! The cache of precompiled components.
//!
//! Compiling a component takes tens to hundreds of milliseconds; loading a
//! precompiled one takes well under one. Precompiled artifacts are native code,
//! and deserializing one is `unsafe`: a tampered artifact could do anything. So
//! the cache only ever loads files it wrote itself, which it proves with a
//! keyed BLAKE3 MAC over each artifact, kept beside it in `<entry>.mac`; the key
//! lives in the cache directory (mode 0600) and never leaves the machine. A file
//! without a valid MAC — torn, corrupt, copied from elsewhere, written by anyone
//! else — is discarded and rebuilt, never trusted.
//!
//! Entries are keyed by the component's BLAKE3 hash and the engine's
//! compatibility hash, so a new wasmtime or a changed engine configuration
//! never sees an old entry. A verified entry is mapped from its file rather
//! than copied, so only the code a call touches is paged in.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

const KEY_FILE: &str = "cache.key";

/// A directory of precompiled components owned by the current user.
#[derive(Debug, Clone)]
pub struct ComponentCache {
    dir: PathBuf,
}

/// Whether a load compiled the component or found it cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    Hit,
    Compiled,
}

impl ComponentCache {
    /// The cache in `dir`, created (mode 0700) when missing.
    pub fn at(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        create_private_dir(&dir)?;
        Ok(ComponentCache { dir })
    }

    /// The default location: `$AGENTOPS_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/agentops/components`, else `~/.cache/agentops/components`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("AGENTOPS_CACHE_DIR").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(base.join("agentops").join("components"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The component for `bytes`: from the cache when a valid entry exists,
    /// else compiled and stored. `digest` is the BLAKE3 hash of `bytes` when the
    /// caller already knows it (built-in skills hash theirs at build time).
    pub fn load(
        &self,
        engine: &Engine,
        bytes: &[u8],
        digest: Option<[u8; 32]>,
    ) -> wasmtime::Result<(Component, CacheOutcome)> {
        let key = self.key()?;
        let digest = digest.map_or_else(|| blake3::hash(bytes), blake3::Hash::from_bytes);
        let path = self.entry_path(engine, &digest);
        if let Some(component) = self.read_entry(engine, &key, &path) {
            return Ok((component, CacheOutcome::Hit));
        }
        let component = Component::new(engine, bytes)?;
        // A cache that cannot be written only costs speed; the run goes on.
        let _ = self.write_entry(&key, &path, &component.serialize()?);
        Ok((component, CacheOutcome::Compiled))
    }

    fn entry_path(&self, engine: &Engine, digest: &blake3::Hash) -> PathBuf {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        self.dir.join(format!("{}-{:016x}.cwasm", digest.to_hex(), hasher.finish()))
    }

    /// A verified entry, or `None` (after removing it) when it is missing,
    /// unverifiable or rejected by wasmtime.
    fn read_entry(&self, engine: &Engine, key: &[u8; 32], path: &Path) -> Option<Component> {
        let mac_path = mac_path(path);
        let verified = match (fs::read(path), fs::read(&mac_path)) {
            // blake3::Hash compares in constant time.
            (Ok(body), Ok(mac)) => {
                blake3::Hash::from_slice(&mac).is_ok_and(|mac| blake3::keyed_hash(key, &body) == mac)
            }
            (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => return None,
            _ => false,
        };
        // SAFETY: the file carries a MAC made with this cache's private key, so
        // this user's agentops wrote it with `Component::serialize` for an engine
        // with the same compatibility hash, and wasmtime re-checks that header
        // before mapping the code. Between the check and the mapping only this
        // user can replace the file (the folder is 0700), and such a user can
        // already run any code as themselves: the MAC guards against corrupt,
        // torn and foreign files, not against the owner.
        #[allow(unsafe_code)]
        // Mapping the file (rather than deserializing the bytes read above) pages
        // in only the code a call touches: about 0.3 ms less per hook process.
        let component = verified.then(|| unsafe { Component::deserialize_file(engine, path) }.ok()).flatten();
        if component.is_none() {
            let _ = fs::remove_file(path);
            let _ = fs::remove_file(&mac_path);
        }
        component
    }

    /// Writes the MAC first and the entry last, each atomically: a reader that
    /// races the writer sees no entry, or one whose MAC fails and is rebuilt.
    fn write_entry(&self, key: &[u8; 32], path: &Path, body: &[u8]) -> std::io::Result<()> {
        self.write_atomically(&mac_path(path), blake3::keyed_hash(key, body).as_bytes())?;
        self.write_atomically(path, body)
    }

    /// No fsync: after a crash a half-written entry fails its MAC and is
    /// rebuilt, so durability would only slow every first run down.
    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        tmp.write_all(bytes)?;
        tmp.persist(path)?;
        Ok(())
    }

    /// The cache's MAC key, created on first use (mode 0600). Publishing it
    /// without clobbering never replaces a key another process created first.
    fn key(&self) -> wasmtime::Result<[u8; 32]> {
        let path = self.dir.join(KEY_FILE);
        if let Ok(key) = read_key(&path) {
            return Ok(key);
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| wasmtime::format_err!("no randomness for the cache key: {e}"))?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        tmp.write_all(&key)?;
        tmp.as_file().sync_all()?;
        match tmp.persist_noclobber(&path) {
            Ok(_) => Ok(key),
            Err(_) => {
                read_key(&path).map_err(|e| wasmtime::format_err!("cannot read the cache key {}: {e}", path.display()))
            }
        }
    }
}

fn mac_path(entry: &Path) -> PathBuf {
    entry.with_extension("cwasm.mac")
}

fn read_key(path: &Path) -> std::io::Result<[u8; 32]> {
    let bytes = fs::read(path)?;
    bytes.try_into().map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "the key is not 32 bytes"))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}
