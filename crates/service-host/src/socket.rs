//! Binding the Unix socket: a stale socket file (left by a host that crashed) is replaced,
//! a live one is refused, and on shutdown the file is removed only if it is still ours.

use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A bound socket and the identity of its file.
#[derive(Debug)]
pub(crate) struct BoundSocket {
    /// Taken by the accept thread, which closes it when it stops.
    pub(crate) listener: Option<UnixListener>,
    pub(crate) path: PathBuf,
    /// `(device, inode)` of the socket file as bound.
    identity: Option<(u64, u64)>,
}

impl BoundSocket {
    /// Binds `path`, replacing a socket file nobody listens on.
    pub(crate) fn bind(path: &Path) -> Result<Self, Error> {
        let listener = match UnixListener::bind(path) {
            Ok(listener) => listener,
            Err(error) if error.kind() == io::ErrorKind::AddrInUse => {
                replace_stale(path, error)?;
                UnixListener::bind(path).map_err(|source| bind_error(path, source))?
            }
            Err(source) => return Err(bind_error(path, source)),
        };
        let identity = fs::symlink_metadata(path)
            .ok()
            .map(|meta| (meta.dev(), meta.ino()));
        Ok(Self {
            listener: Some(listener),
            path: path.to_owned(),
            identity,
        })
    }

    /// Removes the socket file if it is still the one this host bound (another host may
    /// have replaced it since). Returns whether it was removed.
    pub(crate) fn remove_file(&self) -> bool {
        let ours = fs::symlink_metadata(&self.path)
            .is_ok_and(|meta| Some((meta.dev(), meta.ino())) == self.identity);
        ours && fs::remove_file(&self.path).is_ok()
    }
}

/// Removes the file at `path` if it is a socket nobody listens on.
fn replace_stale(path: &Path, in_use: io::Error) -> Result<(), Error> {
    let meta = fs::symlink_metadata(path).map_err(|source| bind_error(path, source))?;
    if !meta.file_type().is_socket() {
        return Err(Error::NotASocket {
            path: path.to_owned(),
        });
    }
    match UnixStream::connect(path) {
        Ok(_) => Err(Error::AlreadyServing {
            path: path.to_owned(),
        }),
        Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
            fs::remove_file(path).map_err(|source| bind_error(path, source))?;
            eprintln!(
                "service-host: removed the stale socket file {}",
                path.display()
            );
            Ok(())
        }
        Err(_) => Err(bind_error(path, in_use)),
    }
}

fn bind_error(path: &Path, source: io::Error) -> Error {
    Error::Bind {
        path: path.to_owned(),
        source,
    }
}
