//! [`RssSource`]: this process's resident set size.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::meminfo::{Meminfo, kib_field};
use super::{PressureSource, ProcFile, Reading, read_text};
use crate::error::Error;
use crate::model::Resource;

const STATUS: &str = "/proc/self/status";

/// The resident set size of this process, from `/proc/self/status`, in bytes.
///
/// ```
/// # if std::path::Path::new("/proc/self/status").exists() {
/// let rss = health_monitor::read_rss_bytes()?;
/// assert!(rss > 0);
/// # }
/// # Ok::<(), health_monitor::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be read, [`Error::Parse`] if it has no `VmRSS` line.
pub fn read_rss_bytes() -> Result<u64, Error> {
    let path = Path::new(STATUS);
    parse_vm_rss(&read_text(path)?).ok_or_else(|| Error::parse(path, "no VmRSS line"))
}

/// The `VmRSS` of a `/proc/<pid>/status` text, in bytes.
///
/// ```
/// assert_eq!(health_monitor::parse_vm_rss("Name:\tx\nVmRSS:\t  2132 kB\n"), Some(2132 * 1024));
/// assert_eq!(health_monitor::parse_vm_rss("Name:\tkthreadd\n"), None);
/// ```
#[must_use]
pub fn parse_vm_rss(status: &str) -> Option<u64> {
    kib_field(status, "VmRSS")
}

/// This process's RSS as a fraction of a limit: the incident's own signal (fourteen 2 GB
/// adapters are 28 GB of RSS in one process).
///
/// The limit is given ([`with_limit`](Self::with_limit)) or, by default, `MemTotal` — read
/// once, when the source is created.
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{PressureSource, Reading, RssSource};
///
/// let mut source = RssSource::with_limit(1 << 40);
/// # if std::path::Path::new("/proc/self/status").exists() {
/// let Reading::Usage { used, total } = source.sample(Duration::ZERO) else { panic!() };
/// assert!(used > 0 && total == 1 << 40);
/// # }
/// ```
#[derive(Debug)]
pub struct RssSource {
    status: ProcFile,
    limit: Result<u64, String>,
}

impl RssSource {
    /// RSS of `MemTotal`. If `/proc/meminfo` cannot be read, the source is unavailable.
    #[must_use]
    pub fn new() -> Self {
        Self {
            status: ProcFile::new(STATUS),
            limit: Meminfo::read()
                .map(|info| info.total)
                .map_err(|err| err.to_string()),
        }
    }

    /// RSS of `limit` bytes (a budget for the whole process).
    #[must_use]
    pub fn with_limit(limit: u64) -> Self {
        Self {
            status: ProcFile::new(STATUS),
            limit: Ok(limit),
        }
    }

    /// Reads a status-format file at `path` instead of `/proc/self/status` (for fixtures).
    #[must_use]
    pub fn status_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.status = ProcFile::new(path);
        self
    }
}

impl Default for RssSource {
    fn default() -> Self {
        Self::new()
    }
}

impl PressureSource for RssSource {
    fn name(&self) -> &'static str {
        "rss"
    }

    fn resource(&self) -> Resource {
        Resource::Ram
    }

    fn sample(&mut self, _now: Duration) -> Reading {
        let limit = match &self.limit {
            Ok(limit) => *limit,
            Err(reason) => return Reading::unavailable(reason.clone()),
        };
        let used = self
            .status
            .parse(|text| parse_vm_rss(text).ok_or_else(|| "no VmRSS line".to_owned()));
        match used {
            Ok(used) => Reading::usage(used, limit),
            Err(err) => Reading::unavailable(err.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_without_rss_is_unavailable() {
        let dir = std::env::temp_dir().join(format!("hm-rss-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("status");
        std::fs::write(&path, "Name:\tkthreadd\n").unwrap();
        let mut source = RssSource::with_limit(100).status_path(&path);
        let reading = source.sample(Duration::ZERO);
        assert!(
            matches!(&reading, Reading::Unavailable { reason } if reason.contains("no VmRSS")),
            "{reading:?}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
