//! The cache of precompiled components.
//!
//! Compiling a component takes tens to hundreds of milliseconds; loading a
//! precompiled one takes well under one. Precompiled artifacts are native code,
//! and deserializing one is `unsafe`: a tampered artifact could do anything. So
//! the cache only ever loads files it wrote itself, which it proves with a
//! keyed BLAKE3 MAC over each artifact; the key lives in the cache directory
//! (mode 0600) and never leaves the machine. A file without a valid MAC — torn,
//! corrupt, copied from elsewhere — is discarded and rebuilt, never trusted.
//!
//! Entries are keyed by the component's BLAKE3 hash and the engine's
//! compatibility hash, so a new wasmtime or a changed engine configuration
//! never sees an old entry.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

const MAC_LEN: usize = blake3::OUT_LEN;
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
    /// else compiled and stored.
    pub fn load(&self, engine: &Engine, bytes: &[u8]) -> wasmtime::Result<(Component, CacheOutcome)> {
        let key = self.key()?;
        let path = self.entry_path(engine, bytes);
        if let Some(component) = self.read_entry(engine, &key, &path) {
            return Ok((component, CacheOutcome::Hit));
        }
        let component = Component::new(engine, bytes)?;
        // A cache that cannot be written only costs speed; the run goes on.
        let _ = self.write_entry(&key, &path, &component.serialize()?);
        Ok((component, CacheOutcome::Compiled))
    }

    fn entry_path(&self, engine: &Engine, bytes: &[u8]) -> PathBuf {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let name = format!("{}-{:016x}.cwasm", blake3::hash(bytes).to_hex(), hasher.finish());
        self.dir.join(name)
    }

    /// A verified entry, or `None` (after removing it) when it is missing,
    /// unverifiable or rejected by wasmtime.
    fn read_entry(&self, engine: &Engine, key: &[u8; 32], path: &Path) -> Option<Component> {
        let data = fs::read(path).ok()?;
        let verified = data.len() > MAC_LEN && {
            let (body, mac) = data.split_at(data.len() - MAC_LEN);
            // blake3::Hash compares in constant time.
            blake3::keyed_hash(key, body) == blake3::Hash::from_slice(mac).ok()?
        };
        let component = verified
            .then(|| {
                let body = &data[..data.len() - MAC_LEN];
                // SAFETY: `body` carries a MAC made with this cache's private key,
                // so this process (or an earlier one of this user) wrote it with
                // `Component::serialize` for an engine with the same compatibility
                // hash; wasmtime re-checks that header before mapping the code.
                #[allow(unsafe_code)]
                unsafe { Component::deserialize(engine, body) }.ok()
            })
            .flatten();
        if component.is_none() {
            let _ = fs::remove_file(path);
        }
        component
    }

    fn write_entry(&self, key: &[u8; 32], path: &Path, body: &[u8]) -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        tmp.write_all(body)?;
        tmp.write_all(blake3::keyed_hash(key, body).as_bytes())?;
        tmp.as_file().sync_all()?;
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

fn read_key(path: &Path) -> std::io::Result<[u8; 32]> {
    let bytes = fs::read(path)?;
    bytes.try_into().map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "the key is not 32 bytes"))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}
