//! Writing to standard output when its reader may have gone
//! (`agentops compile | head -1`). Rust ignores SIGPIPE, so the write fails
//! with a broken pipe, on which `print!` panics. The reader has all it asked
//! for: the rest is dropped, and the command ends as it would have (its exit
//! code and what it says on stderr unchanged).

use std::io::{ErrorKind, Write};

use crate::error::{CliError, Result};

/// Writes `text` to standard output.
pub fn print(text: &str) -> Result<()> {
    write(&mut std::io::stdout().lock(), text)
}

fn write(out: &mut impl Write, text: &str) -> Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(CliError::usage(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose every write fails with `kind`.
    struct Failing(ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(self.0.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_reader_ends_printing_quietly_and_other_failures_are_errors() {
        assert!(write(&mut Failing(ErrorKind::BrokenPipe), "wrote 3\n").is_ok());
        let err = write(&mut Failing(ErrorKind::StorageFull), "wrote 3\n").unwrap_err();
        assert!(err.message.starts_with("cannot write to standard output"), "{}", err.message);
        let mut buffer = Vec::new();
        write(&mut buffer, "wrote 3\n").unwrap();
        assert_eq!(buffer, b"wrote 3\n");
    }
}
