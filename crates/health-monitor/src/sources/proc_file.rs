//! [`ProcFile`] and [`read_text`]: reading `/proc` and `/sys` files for the sources.

use std::fs::{self, File};
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Reads a whole file to a string, mapping the error to [`Error::Io`](crate::Error::Io).
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|source| Error::io(path, source))
}

/// A `/proc` or `/sys` file kept open and read again from offset 0 on each sample.
///
/// These files are generated on every read, so re-reading an open file gives fresh values;
/// it saves the open, `statx` and close that otherwise cost more than the read itself. On an
/// error the file is closed, and opened again on the next read.
#[derive(Debug)]
pub(crate) struct ProcFile {
    path: PathBuf,
    file: Option<File>,
    buf: Vec<u8>,
}

impl ProcFile {
    pub(crate) fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            file: None,
            buf: Vec::new(),
        }
    }

    /// The file's current content.
    pub(crate) fn read(&mut self) -> Result<&str, Error> {
        match self.read_inner() {
            Ok(()) => {
                std::str::from_utf8(&self.buf).map_err(|_| Error::parse(&self.path, "not UTF-8"))
            }
            Err(source) => {
                self.file = None;
                Err(Error::io(&self.path, source))
            }
        }
    }

    /// The file's current content, parsed by `parse`; a parse failure becomes
    /// [`Error::Parse`](crate::Error::Parse) naming the file.
    pub(crate) fn parse<T>(
        &mut self,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, Error> {
        let text = self.read()?;
        parse(text).map_err(|message| Error::parse(&self.path, message))
    }

    fn read_inner(&mut self) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            empty => empty.insert(File::open(&self.path)?),
        };
        self.buf.clear();
        file.rewind()?;
        file.read_to_end(&mut self.buf)?;
        Ok(())
    }
}
