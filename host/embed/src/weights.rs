//! model.safetensors, mapped into memory and read in place.
//!
//! The format: an 8-byte little-endian header length `n`, `n` bytes of JSON
//! that map each tensor's name to its `dtype`, `shape` and `data_offsets`
//! (begin and end, in bytes, relative to the end of the header), an optional
//! `__metadata__` entry, then the tensors' bytes. Every tensor this crate
//! uses is checked once, when the file is opened: dtype F32, the expected
//! shape, in bounds, aligned for `f32`; after that a tensor is a slice of the
//! mapping, never a copy.

use std::collections::HashMap;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use serde::Deserialize;

use crate::EmbedError;

/// Headers are about 11 KB for this model; a larger one is not a model file.
const MAX_HEADER: usize = 100 << 20;

/// The mapped file and where its tensors are.
#[derive(Debug)]
pub(crate) struct Weights {
    path: PathBuf,
    map: Mmap,
    /// The JSON header, in bytes of the file.
    header: Range<usize>,
    tensors: HashMap<String, Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// A checked tensor: a range of `f32`s in the mapping.
#[derive(Debug, Clone)]
pub(crate) struct Tensor(Range<usize>);

impl Weights {
    /// Maps `path` and reads its header.
    pub fn open(path: &Path) -> Result<Weights, EmbedError> {
        if cfg!(target_endian = "big") {
            return Err(EmbedError::unsupported(path, "safetensors data is little-endian; this machine is big-endian"));
        }
        let file = File::open(path).map_err(|e| EmbedError::io(path, e))?;
        let map = map_file(&file).map_err(|e| EmbedError::io(path, e))?;
        let bytes: &[u8] = &map;
        let Some((len, rest)) = bytes.split_first_chunk::<8>() else {
            return Err(EmbedError::malformed(
                path,
                format!("{} bytes, too short for a safetensors file", bytes.len()),
            ));
        };
        let len = usize::try_from(u64::from_le_bytes(*len)).unwrap_or(usize::MAX);
        if len > MAX_HEADER || len > rest.len() {
            return Err(EmbedError::malformed(
                path,
                format!("the header claims {len} bytes but the file has {} after its length", rest.len()),
            ));
        }
        let mut tensors: HashMap<String, serde_json::Value> = serde_json::from_slice(&rest[..len])
            .map_err(|e| EmbedError::malformed(path, format!("the header is not a JSON object of tensors: {e}")))?;
        tensors.remove("__metadata__");
        let tensors = tensors
            .into_iter()
            .map(|(name, value)| match Entry::deserialize(value) {
                Ok(entry) => Ok((name, entry)),
                Err(e) => Err(EmbedError::malformed(path, format!("tensor `{name}` in the header: {e}"))),
            })
            .collect::<Result<_, _>>()?;
        Ok(Weights { path: path.to_path_buf(), map, header: 8..8 + len, tensors })
    }

    /// The header's JSON text, as in the file.
    pub fn header(&self) -> &[u8] {
        &self.map[self.header.clone()]
    }

    /// The whole file.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Checks that tensor `name` is there, is F32 of `shape`, lies inside the
    /// file and is aligned, and returns where it is.
    pub fn tensor(&self, name: &str, shape: &[usize]) -> Result<Tensor, EmbedError> {
        let path = &self.path;
        let entry =
            self.tensors.get(name).ok_or_else(|| EmbedError::unsupported(path, format!("no tensor `{name}`")))?;
        if entry.dtype != "F32" {
            return Err(EmbedError::unsupported(path, format!("tensor `{name}` is {}, not F32", entry.dtype)));
        }
        if entry.shape != shape {
            return Err(EmbedError::unsupported(
                path,
                format!("tensor `{name}` has shape {:?}, expected {shape:?}", entry.shape),
            ));
        }
        let [begin, end] = entry.data_offsets;
        let data = self.header.end;
        let bytes = shape.iter().product::<usize>() * size_of::<f32>();
        let range = data.checked_add(begin).zip(data.checked_add(end)).filter(|(b, e)| b <= e && *e <= self.map.len());
        let Some((begin, end)) = range.filter(|(b, e)| e - b == bytes) else {
            return Err(EmbedError::malformed(
                path,
                format!(
                    "tensor `{name}` needs {bytes} bytes at offsets {begin}..{end} of the data, which the file \
                     ({} bytes) does not have",
                    self.map.len()
                ),
            ));
        };
        if bytemuck::try_cast_slice::<u8, f32>(&self.map[begin..end]).is_err() {
            return Err(EmbedError::malformed(path, format!("tensor `{name}` is not aligned for f32")));
        }
        let start = begin / size_of::<f32>();
        Ok(Tensor(start..start + bytes / size_of::<f32>()))
    }

    /// The values of a tensor that [`Weights::tensor`] checked.
    pub fn get(&self, tensor: &Tensor) -> &[f32] {
        let Tensor(range) = tensor;
        let bytes = &self.map[range.start * size_of::<f32>()..range.end * size_of::<f32>()];
        bytemuck::cast_slice(bytes)
    }
}

/// Maps the whole file, read-only.
#[allow(unsafe_code)]
fn map_file(file: &File) -> std::io::Result<Mmap> {
    // SAFETY: memmap2 requires that the file not change while mapped: a
    // write through another handle would change the slices handed out, and a
    // truncation would make reading them fault (SIGBUS). The file is opened
    // read-only and this crate never writes it; model files are written
    // once, by scripts/fetch-model.sh, which puts a finished folder in place
    // with a rename, so a file is never changed in place. Replacing a model
    // while a process has it open, other than by such a rename, is not
    // supported.
    unsafe { Mmap::map(file) }
}
