//! The errors a build can end with, written to be read in a failed `cargo build`.

use std::fmt;
use std::io;

/// Why generation did not produce code; the one error type of this crate.
///
/// `Debug` prints the same text as `Display`, so that a build script written as
/// `fn main() -> Result<(), specgen_build::Error>` fails with a readable message.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No generator could be started; `tried` lists what was tried, in order.
    #[error(
        "the specgen generator was not found (tried: {list}); install it with \
         `pip install specgen` (it provides the `specgen` command), or set \
         SPECGEN to the command that runs it, e.g. SPECGEN=\"python3 -m specgen\"",
        list = .tried.join(", ")
    )]
    GeneratorNotFound {
        /// The commands tried, as shown to the user.
        tried: Vec<String>,
    },
    /// The generator could not be run, or its output folder could not be prepared.
    #[error("{action}: {source}")]
    Io {
        /// What was being done.
        action: String,
        /// The underlying error.
        source: io::Error,
    },
    /// The generator refused the request or answered something that is not a response.
    #[error("specgen build-request failed: {message}")]
    Protocol {
        /// What went wrong, with the generator's own message when it gave one.
        message: String,
    },
    /// The specs have errors; each was printed as a `cargo::error` line with its location.
    #[error("specgen found {errors} error(s) in the specs:\n{text}")]
    Diagnostics {
        /// How many errors.
        errors: usize,
        /// The errors, one per line, as `file:line:col: error[CODE] message; hint: ...`.
        text: String,
    },
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn each_error_reads_as_one_message() {
        let not_found = Error::GeneratorNotFound {
            tried: vec!["$SPECGEN".to_owned(), "specgen".to_owned()],
        };
        assert_eq!(
            not_found.to_string(),
            "the specgen generator was not found (tried: $SPECGEN, specgen); install it with \
             `pip install specgen` (it provides the `specgen` command), or set SPECGEN to the \
             command that runs it, e.g. SPECGEN=\"python3 -m specgen\""
        );
        let protocol = Error::Protocol {
            message: "bad".to_owned(),
        };
        assert_eq!(protocol.to_string(), "specgen build-request failed: bad");
        let diagnostics = Error::Diagnostics {
            errors: 2,
            text: "a\nb".to_owned(),
        };
        assert_eq!(
            format!("{diagnostics:?}"),
            "specgen found 2 error(s) in the specs:\na\nb"
        );
        assert!(protocol.source().is_none());
    }

    #[test]
    fn io_errors_keep_their_source() {
        let io = Error::Io {
            action: "cannot create OUT_DIR/specgen".to_owned(),
            source: io::Error::new(io::ErrorKind::PermissionDenied, "denied"),
        };
        assert_eq!(io.to_string(), "cannot create OUT_DIR/specgen: denied");
        assert_eq!(
            io.source().map(ToString::to_string),
            Some("denied".to_owned())
        );
    }
}
