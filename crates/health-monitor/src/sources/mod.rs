//! Pressure sources: where a reading of memory use comes from.
//!
//! Every source implements [`PressureSource`] and answers [`PressureSource::sample`] with a
//! [`Reading`]: bytes used of a total, a fraction, or *unavailable* with a reason. The
//! [`Supervisor`](crate::Supervisor) turns each reading into a level with the source's
//! thresholds and hysteresis, and takes the worst level over all sources.
//!
//! | Source | Reads | Resource | Reading |
//! |--------|-------|----------|---------|
//! | [`SimulatedSource`] | a value set or scripted from outside | any | any |
//! | [`RssSource`] | `/proc/self/status` `VmRSS` | RAM | RSS of a limit (default `MemTotal`) |
//! | [`MeminfoSource`] | `/proc/meminfo` | RAM | `MemTotal - MemAvailable` of `MemTotal` |
//! | [`CgroupSource`] | cgroup v2 `memory.current`/`memory.max`, v1 `memory.usage_in_bytes`/`memory.limit_in_bytes` | RAM | working set of the limit |
//! | [`PsiSource`] | `/proc/pressure/memory` | RAM | share of time stalled (`some avg10`) |
//! | [`NvmlSource`] | NVML, loaded at run time | GPU | `used` of `total` (v2 memory call) |
//! | [`GateSource`](crate::GateSource) | a [`ResourceGate`](crate::ResourceGate) | the gate's | bytes reserved of capacity |
//!
//! A source that cannot measure (no NVML library, no cgroup limit, a missing file) returns
//! [`Reading::Unavailable`] every time; it never panics and never fails the tick.

mod cgroup;
mod meminfo;
mod nvml;
mod psi;
mod rss;
mod simulated;

use managed_service::PressureThresholds;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use cgroup::{CgroupMemory, CgroupSource, CgroupVersion};
pub use meminfo::{Meminfo, MeminfoSource};
pub use nvml::NvmlSource;
pub use psi::{PsiAverages, PsiSnapshot, PsiSource};
pub use rss::{RssSource, parse_vm_rss, read_rss_bytes};
pub use simulated::{SimulatedHandle, SimulatedSource};

use crate::model::Resource;

/// One measurement from a [`PressureSource`].
///
/// The JSON form is tagged by `kind`: `{ "kind": "usage", "used": 6, "total": 8 }`,
/// `{ "kind": "fraction", "value": 0.12 }`, `{ "kind": "unavailable", "reason": "..." }`.
///
/// ```
/// use health_monitor::Reading;
///
/// assert_eq!(Reading::usage(3 << 30, 4 << 30).fraction(), Some(0.75));
/// assert_eq!(Reading::Fraction { value: 0.2 }.fraction(), Some(0.2));
/// assert_eq!(Reading::unavailable("no GPU").fraction(), None);
/// assert_eq!(Reading::usage(1, 0).fraction(), Some(f64::INFINITY)); // no capacity: worst
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Reading {
    /// `used` bytes of `total` bytes.
    Usage {
        /// Bytes in use.
        #[ts(type = "number")]
        used: u64,
        /// Bytes available in all (the limit or capacity).
        #[ts(type = "number")]
        total: u64,
    },
    /// A fraction in `[0, 1]` that is not a byte count (PSI's share of stalled time).
    Fraction {
        /// The fraction.
        value: f64,
    },
    /// The source cannot measure; it is left out of the combined level.
    Unavailable {
        /// Why, for operators ("NVML library not found: ...").
        reason: String,
    },
}

impl Reading {
    /// [`Reading::Usage`].
    #[must_use]
    pub const fn usage(used: u64, total: u64) -> Self {
        Self::Usage { used, total }
    }

    /// [`Reading::Unavailable`] with a reason.
    #[must_use]
    pub fn unavailable(reason: impl Into<String>) -> Self {
        Self::Unavailable {
            reason: reason.into(),
        }
    }

    /// The fraction this reading stands for, or `None` when unavailable.
    ///
    /// A usage with `total == 0` is infinite (a memory with no capacity is as full as it
    /// gets), which thresholds classify as Critical.
    #[must_use]
    pub fn fraction(&self) -> Option<f64> {
        match *self {
            Self::Usage { used, total } => Some(if total == 0 {
                f64::INFINITY
            } else {
                // Byte counts above 2^53 lose low bits; a fraction only needs a few digits.
                #[allow(clippy::cast_precision_loss)]
                let fraction = used as f64 / total as f64;
                fraction
            }),
            Self::Fraction { value } => Some(value),
            Self::Unavailable { .. } => None,
        }
    }

    /// Whether the source could measure.
    #[must_use]
    pub const fn is_available(&self) -> bool {
        !matches!(self, Self::Unavailable { .. })
    }
}

/// Something that measures memory pressure.
///
/// The supervisor calls [`sample`](Self::sample) once per tick, on its own thread, with the
/// clock's current time (scripted sources use it; real ones ignore it). A sample should be
/// cheap — a file read or a library call — and must not block for long, since the tick waits
/// for it.
///
/// # Implementing
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{PressureSource, Reading, Resource};
///
/// /// Reports a fixed fraction of a fixed budget.
/// struct Constant(u64, u64);
///
/// impl PressureSource for Constant {
///     fn name(&self) -> &str { "constant" }
///     fn resource(&self) -> Resource { Resource::Ram }
///     fn sample(&mut self, _now: Duration) -> Reading { Reading::usage(self.0, self.1) }
/// }
///
/// let mut source = Constant(9, 10);
/// let level = source
///     .default_thresholds()
///     .classify(source.sample(Duration::ZERO).fraction().unwrap());
/// assert_eq!(level, managed_service::PressureLevel::High);
/// ```
pub trait PressureSource: Send {
    /// A short, stable name, unique among a supervisor's sources (`"meminfo"`, `"nvml:0"`);
    /// used in events and as a metrics label.
    fn name(&self) -> &str;

    /// Which memory this source measures.
    fn resource(&self) -> Resource;

    /// The thresholds used when none are given at registration; by default those of the
    /// [`resource`](Self::resource).
    fn default_thresholds(&self) -> PressureThresholds {
        self.resource().default_thresholds()
    }

    /// Measures now. Must not panic; a failure to measure is [`Reading::Unavailable`].
    fn sample(&mut self, now: std::time::Duration) -> Reading;
}

impl<S: PressureSource + ?Sized> PressureSource for Box<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn resource(&self) -> Resource {
        (**self).resource()
    }
    fn default_thresholds(&self) -> PressureThresholds {
        (**self).default_thresholds()
    }
    fn sample(&mut self, now: std::time::Duration) -> Reading {
        (**self).sample(now)
    }
}

/// Reads a whole file to a string, mapping the error to [`Error::Io`](crate::Error::Io).
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, crate::error::Error> {
    std::fs::read_to_string(path).map_err(|source| crate::error::Error::io(path, source))
}

/// A `/proc` or `/sys` file kept open and read again from offset 0 on each sample.
///
/// These files are generated on every read, so re-reading an open file gives fresh values;
/// it saves the open, `statx` and close that otherwise cost more than the read itself. On an
/// error the file is closed, and opened again on the next read.
#[derive(Debug)]
pub(crate) struct ProcFile {
    path: std::path::PathBuf,
    file: Option<std::fs::File>,
    buf: Vec<u8>,
}

impl ProcFile {
    pub(crate) fn new(path: impl Into<std::path::PathBuf>) -> Self {
        Self {
            path: path.into(),
            file: None,
            buf: Vec::new(),
        }
    }

    /// The file's current content.
    pub(crate) fn read(&mut self) -> Result<&str, crate::error::Error> {
        match self.read_inner() {
            Ok(()) => std::str::from_utf8(&self.buf)
                .map_err(|_| crate::error::Error::parse(&self.path, "not UTF-8")),
            Err(source) => {
                self.file = None;
                Err(crate::error::Error::io(&self.path, source))
            }
        }
    }

    /// The file's current content, parsed by `parse`; a parse failure becomes
    /// [`Error::Parse`](crate::Error::Parse) naming the file.
    pub(crate) fn parse<T>(
        &mut self,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, crate::error::Error> {
        let text = self.read()?;
        parse(text).map_err(|message| crate::error::Error::parse(&self.path, message))
    }

    fn read_inner(&mut self) -> std::io::Result<()> {
        use std::io::{Read, Seek};

        let file = match &mut self.file {
            Some(file) => file,
            empty => empty.insert(std::fs::File::open(&self.path)?),
        };
        self.buf.clear();
        file.rewind()?;
        file.read_to_end(&mut self.buf)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_json_is_tagged_by_kind() {
        let json = serde_json::to_value(Reading::usage(6, 8)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "kind": "usage", "used": 6, "total": 8 })
        );
        let json = serde_json::to_value(Reading::unavailable("gone")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "kind": "unavailable", "reason": "gone" })
        );
    }
}
