//! [`MeminfoSource`]: system memory from `/proc/meminfo`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{PressureSource, ProcFile, Reading, read_text};
use crate::error::Error;
use crate::model::Resource;

/// The two numbers of `/proc/meminfo` that pressure needs, in bytes.
///
/// `available` is `MemAvailable` — the kernel's estimate of what can be allocated without
/// swapping, which counts reclaimable cache as available. On kernels older than 3.14, which
/// lack it, it is estimated as `MemFree + Buffers + Cached`.
///
/// ```
/// use health_monitor::Meminfo;
///
/// let text = "MemTotal: 16000 kB\nMemFree: 1000 kB\nMemAvailable: 4000 kB\n";
/// let info = Meminfo::parse(text)?;
/// assert_eq!(info.total, 16000 * 1024);
/// assert_eq!(info.used(), 12000 * 1024);
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meminfo {
    /// `MemTotal`, in bytes.
    pub total: u64,
    /// `MemAvailable` (or its estimate), in bytes.
    pub available: u64,
}

impl Meminfo {
    /// Parses the text of `/proc/meminfo`.
    ///
    /// # Errors
    ///
    /// Returns a message naming the missing field when `MemTotal` is absent, or when neither
    /// `MemAvailable` nor `MemFree` is present.
    pub fn parse(text: &str) -> Result<Self, String> {
        let field = |name: &str| kib_field(text, name);
        let total = field("MemTotal").ok_or("no MemTotal line")?;
        let available = if let Some(available) = field("MemAvailable") {
            available
        } else {
            let free = field("MemFree").ok_or("neither MemAvailable nor MemFree")?;
            free + field("Buffers").unwrap_or(0) + field("Cached").unwrap_or(0)
        };
        Ok(Self {
            total,
            available: available.min(total),
        })
    }

    /// Reads and parses `/proc/meminfo`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be read, [`Error::Parse`] if it lacks the fields.
    pub fn read() -> Result<Self, Error> {
        Self::read_from(Path::new(MEMINFO))
    }

    /// Reads and parses a meminfo file at `path`.
    ///
    /// # Errors
    ///
    /// As [`Meminfo::read`].
    pub fn read_from(path: &Path) -> Result<Self, Error> {
        Self::parse(&read_text(path)?).map_err(|message| Error::parse(path, message))
    }

    /// `total - available`.
    #[must_use]
    pub const fn used(&self) -> u64 {
        self.total.saturating_sub(self.available)
    }
}

/// The value of a `Name:   1234 kB` line, in bytes.
pub(crate) fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.strip_prefix(':')?;
        let mut words = rest.split_whitespace();
        let value: u64 = words.next()?.parse().ok()?;
        let scale = match words.next() {
            Some("kB") => 1024,
            None => 1,
            Some(_) => return None,
        };
        value.checked_mul(scale)
    })
}

const MEMINFO: &str = "/proc/meminfo";

/// System memory pressure: `MemTotal - MemAvailable` of `MemTotal`.
///
/// This is what the machine as a whole has left, page cache counted as reclaimable. Inside a
/// container with a memory limit, the cgroup is usually the tighter bound; register a
/// [`CgroupSource`](crate::CgroupSource) as well and the worst of the two wins.
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{MeminfoSource, PressureSource};
///
/// let mut source = MeminfoSource::new();
/// # if std::path::Path::new("/proc/meminfo").exists() {
/// let fraction = source.sample(Duration::ZERO).fraction().expect("Linux has /proc/meminfo");
/// assert!((0.0..=1.0).contains(&fraction));
/// # }
/// ```
#[derive(Debug)]
pub struct MeminfoSource {
    file: ProcFile,
}

impl MeminfoSource {
    /// Reads `/proc/meminfo`.
    #[must_use]
    pub fn new() -> Self {
        Self::from_path(MEMINFO)
    }

    /// Reads a meminfo-format file at `path` (for fixtures).
    #[must_use]
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Self {
            file: ProcFile::new(path),
        }
    }
}

impl Default for MeminfoSource {
    fn default() -> Self {
        Self::new()
    }
}

impl PressureSource for MeminfoSource {
    fn name(&self) -> &'static str {
        "meminfo"
    }

    fn resource(&self) -> Resource {
        Resource::Ram
    }

    fn sample(&mut self, _now: Duration) -> Reading {
        match self.file.parse(Meminfo::parse) {
            Ok(info) => Reading::usage(info.used(), info.total),
            Err(err) => Reading::unavailable(err.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_free_buffers_cached() {
        let text = "MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 5 kB\nCached: 20 kB\n";
        let info = Meminfo::parse(text).unwrap();
        assert_eq!(info.available, 35 * 1024);
    }

    #[test]
    fn rejects_text_without_total() {
        assert_eq!(
            Meminfo::parse("MemFree: 1 kB\n"),
            Err("no MemTotal line".into())
        );
        assert!(Meminfo::parse("MemTotal: 1 kB\n").is_err());
    }

    #[test]
    fn field_names_must_match_exactly() {
        let text = "MemTotalX: 5 kB\nMemTotal: 7 kB\nHugePages_Total: 3\n";
        assert_eq!(kib_field(text, "MemTotal"), Some(7 * 1024));
        assert_eq!(kib_field(text, "HugePages_Total"), Some(3));
        assert_eq!(kib_field("X: 1 MB\n", "X"), None);
    }

    #[test]
    fn missing_file_is_unavailable() {
        let mut source = MeminfoSource::from_path("/nonexistent/meminfo");
        let reading = source.sample(Duration::ZERO);
        assert!(!reading.is_available(), "{reading:?}");
    }
}
