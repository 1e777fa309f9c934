//! The errors a build can end with, written to be read in a failed `cargo build`.

use std::fmt;
use std::io;

/// Why generation did not produce code.
///
/// `Debug` prints the same text as `Display`, so that a build script written as
/// `fn main() -> Result<(), specgen_build::Error>` fails with a readable message.
#[non_exhaustive]
pub enum Error {
    /// No generator could be started; `tried` lists what was tried, in order.
    GeneratorNotFound {
        /// The commands tried, as shown to the user.
        tried: Vec<String>,
    },
    /// The generator could not be run, or its output folder could not be prepared.
    Io {
        /// What was being done.
        action: String,
        /// The underlying error.
        source: io::Error,
    },
    /// The generator refused the request or answered something that is not a response.
    Protocol {
        /// What went wrong, with the generator's own message when it gave one.
        message: String,
    },
    /// The specs have errors; each was printed as a `cargo::error` line with its location.
    Diagnostics {
        /// How many errors.
        errors: usize,
        /// The errors, one per line, as `file:line:col: error[CODE] message; hint: ...`.
        text: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::GeneratorNotFound { tried } => write!(
                f,
                "the specgen generator was not found (tried: {}); install it with \
                 `pip install specgen` (it provides the `specgen` command), or set \
                 SPECGEN to the command that runs it, e.g. SPECGEN=\"python3 -m specgen\"",
                tried.join(", ")
            ),
            Self::Io { action, source } => write!(f, "{action}: {source}"),
            Self::Protocol { message } => write!(f, "specgen build-request failed: {message}"),
            Self::Diagnostics { errors, text } => {
                write!(f, "specgen found {errors} error(s) in the specs:\n{text}")
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
