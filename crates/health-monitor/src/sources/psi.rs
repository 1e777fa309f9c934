//! [`PsiSource`]: pressure stall information, `/proc/pressure/memory`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use managed_service::PressureThresholds;

use super::{PressureSource, ProcFile, Reading, read_text};
use crate::error::Error;
use crate::model::Resource;

/// One line of a PSI file: the share of time (in percent) that tasks were stalled on
/// memory, averaged over 10, 60 and 300 seconds, and the total stall time in microseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PsiAverages {
    /// Percent over the last 10 s.
    pub avg10: f64,
    /// Percent over the last 60 s.
    pub avg60: f64,
    /// Percent over the last 300 s.
    pub avg300: f64,
    /// Total stall time, in microseconds.
    pub total_us: u64,
}

/// A parsed PSI file: the `some` line (at least one task stalled) and, when present, the
/// `full` line (all non-idle tasks stalled at once).
///
/// ```
/// use health_monitor::PsiSnapshot;
///
/// let text = "some avg10=1.50 avg60=0.20 avg300=0.00 total=12345\n\
///             full avg10=0.50 avg60=0.10 avg300=0.00 total=6789\n";
/// let psi = PsiSnapshot::parse(text)?;
/// assert_eq!(psi.some.avg10, 1.5);
/// assert_eq!(psi.full.map(|f| f.total_us), Some(6789));
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PsiSnapshot {
    /// The `some` line.
    pub some: PsiAverages,
    /// The `full` line; absent in the system-wide CPU file of older kernels.
    pub full: Option<PsiAverages>,
}

impl PsiSnapshot {
    /// Parses the text of a PSI file.
    ///
    /// # Errors
    ///
    /// A message when there is no `some` line or a field is missing or not a number.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut some = None;
        let mut full = None;
        for line in text.lines() {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("some") => some = Some(parse_averages(words)?),
                Some("full") => full = Some(parse_averages(words)?),
                _ => {}
            }
        }
        Ok(Self {
            some: some.ok_or("no `some` line")?,
            full,
        })
    }

    /// Reads and parses a PSI file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if it cannot be read (kernels before 4.20, or PSI disabled with
    /// `psi=0`), [`Error::Parse`] if its format is unexpected.
    pub fn read_from(path: &Path) -> Result<Self, Error> {
        Self::parse(&read_text(path)?).map_err(|message| Error::parse(path, message))
    }
}

fn parse_averages<'a>(words: impl Iterator<Item = &'a str>) -> Result<PsiAverages, String> {
    let (mut avg10, mut avg60, mut avg300, mut total_us) = (None, None, None, None);
    for word in words {
        let (key, value) = word
            .split_once('=')
            .ok_or_else(|| format!("expected key=value, got {word:?}"))?;
        let bad = || format!("bad value for {key}: {value:?}");
        match key {
            "avg10" => avg10 = Some(value.parse::<f64>().map_err(|_| bad())?),
            "avg60" => avg60 = Some(value.parse::<f64>().map_err(|_| bad())?),
            "avg300" => avg300 = Some(value.parse::<f64>().map_err(|_| bad())?),
            "total" => total_us = Some(value.parse::<u64>().map_err(|_| bad())?),
            _ => {}
        }
    }
    let missing = |name: &str| format!("missing {name}");
    Ok(PsiAverages {
        avg10: avg10.ok_or_else(|| missing("avg10"))?,
        avg60: avg60.ok_or_else(|| missing("avg60"))?,
        avg300: avg300.ok_or_else(|| missing("avg300"))?,
        total_us: total_us.ok_or_else(|| missing("total"))?,
    })
}

const PSI_MEMORY: &str = "/proc/pressure/memory";

/// Memory stall time as an extra pressure signal: `some avg10 / 100`.
///
/// Bytes used say how full memory is; PSI says how much that is *hurting* — the share of
/// the last ten seconds in which some task waited on reclaim or swap-in. A machine can be
/// 95 % full and fine (cache), or 80 % full and thrashing; the worst-of combination lets
/// either signal raise the level.
///
/// Its thresholds are its own ([`PsiSource::thresholds`]: 10 %, 25 %, 50 % of time
/// stalled), since stall shares are not fill fractions.
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{PressureSource, PsiSource};
///
/// let mut source = PsiSource::new();
/// // On kernels without PSI the reading is unavailable, never an error.
/// let reading = source.sample(Duration::ZERO);
/// assert!(reading.fraction().is_none_or(|f| (0.0..=1.0).contains(&f)));
/// ```
#[derive(Debug)]
pub struct PsiSource {
    file: ProcFile,
}

impl PsiSource {
    /// Default thresholds on the stalled share: Warning at 10 %, High at 25 %, Critical at
    /// 50 % of the last ten seconds.
    #[must_use]
    pub fn thresholds() -> PressureThresholds {
        // The literals satisfy the invariant; the fallback is never taken.
        PressureThresholds::new(0.10, 0.25, 0.50).unwrap_or(PressureThresholds::RAM)
    }

    /// Reads `/proc/pressure/memory`.
    #[must_use]
    pub fn new() -> Self {
        Self::from_path(PSI_MEMORY)
    }

    /// Reads a PSI file at `path`: a cgroup v2 group's `memory.pressure`, or a fixture.
    #[must_use]
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Self {
            file: ProcFile::new(path),
        }
    }
}

impl Default for PsiSource {
    fn default() -> Self {
        Self::new()
    }
}

impl PressureSource for PsiSource {
    fn name(&self) -> &'static str {
        "psi"
    }

    fn resource(&self) -> Resource {
        Resource::Ram
    }

    fn default_thresholds(&self) -> PressureThresholds {
        Self::thresholds()
    }

    fn sample(&mut self, _now: Duration) -> Reading {
        match self.file.parse(PsiSnapshot::parse) {
            Ok(psi) => Reading::Fraction {
                value: (psi.some.avg10 / 100.0).clamp(0.0, 1.0),
            },
            Err(err) => Reading::unavailable(err.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_are_named() {
        let err = PsiSnapshot::parse("some avg10=1 avg60=2 total=3\n").unwrap_err();
        assert_eq!(err, "missing avg300");
        let err = PsiSnapshot::parse("full avg10=1 avg60=2 avg300=0 total=3\n").unwrap_err();
        assert_eq!(err, "no `some` line");
        let err = PsiSnapshot::parse("some avg10=x avg60=2 avg300=0 total=3\n").unwrap_err();
        assert_eq!(err, "bad value for avg10: \"x\"");
    }

    #[test]
    fn thresholds_are_psi_specific() {
        assert!((PsiSource::new().default_thresholds().warning() - 0.10).abs() < 1e-12);
    }
}
