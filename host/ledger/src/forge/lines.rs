//! Transcript lines, streamed: one `read_until(b'\n')` at a time, each line
//! numbered and located by byte offset, so a transcript of any size is read
//! with one line in memory and a later run can resume at the same byte.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::error::FileError;

/// One line of a transcript.
#[derive(Debug)]
pub(crate) struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// The line without its line ending.
    pub text: &'a str,
    /// The byte offset just past the line (and its newline, when it has one).
    pub end: u64,
    /// Whether the line ends with a newline; the last line of a transcript
    /// that is still being written may not.
    pub terminated: bool,
}

/// Reads located lines from `reader`.
#[derive(Debug)]
pub(crate) struct Lines<R> {
    reader: R,
    path: PathBuf,
    buf: Vec<u8>,
    number: usize,
    offset: u64,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, whose next byte is at `offset` and whose next line
    /// is number `after + 1` of the file at `path`.
    pub fn new(path: &Path, reader: R, after: usize, offset: u64) -> Self {
        Lines { reader, path: path.to_path_buf(), buf: Vec::new(), number: after, offset }
    }

    /// The next line, `None` at the end; a read error or a line that is not
    /// UTF-8 is an error naming the file and line.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>, FileError> {
        self.buf.clear();
        let read = self.reader.read_until(b'\n', &mut self.buf).map_err(|e| {
            FileError::new(&self.path, Some(self.number + 1), format!("cannot read: {e}"), "check the file")
        })?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        self.offset += read as u64;
        let terminated = self.buf.last() == Some(&b'\n');
        let mut bytes = &self.buf[..];
        if terminated {
            bytes = &bytes[..bytes.len() - 1];
        }
        if bytes.last() == Some(&b'\r') {
            bytes = &bytes[..bytes.len() - 1];
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            FileError::new(
                &self.path,
                Some(self.number),
                format!("not UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
                "transcripts are UTF-8 JSON lines; is this the transcript file?",
            )
        })?;
        Ok(Some(Line { number: self.number, text, end: self.offset, terminated }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Vec<(usize, String, u64, bool)> {
        let mut lines = Lines::new(Path::new("t.jsonl"), bytes, 0, 0);
        let mut out = Vec::new();
        while let Some(l) = lines.next_line().unwrap() {
            out.push((l.number, l.text.to_string(), l.end, l.terminated));
        }
        out
    }

    #[test]
    fn numbers_lines_and_tracks_offsets() {
        let lines = all(b"a\r\n\nbc");
        assert_eq!(lines, [(1, "a".into(), 3, true), (2, String::new(), 4, true), (3, "bc".into(), 6, false)]);
    }

    #[test]
    fn resumes_numbering_and_names_bad_bytes() {
        let mut lines = Lines::new(Path::new("t.jsonl"), &b"ok\n\xff\n"[..], 10, 100);
        let first = lines.next_line().unwrap().unwrap();
        assert_eq!((first.number, first.end), (11, 103));
        let err = lines.next_line().unwrap_err();
        assert_eq!(err.line, Some(12));
        assert!(err.to_string().starts_with("t.jsonl:12: not UTF-8"), "{err}");
    }
}
