//! [`CgroupSource`]: the memory limit of this process's cgroup, v2 or v1.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{PressureSource, ProcFile, Reading, read_text};
use crate::error::Error;
use crate::model::Resource;

/// Which cgroup hierarchy holds the memory controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CgroupVersion {
    /// The legacy hierarchy: `memory.usage_in_bytes`, `memory.limit_in_bytes`.
    V1,
    /// The unified hierarchy: `memory.current`, `memory.max`.
    V2,
}

impl CgroupVersion {
    const fn usage_file(self) -> &'static str {
        match self {
            Self::V1 => "memory.usage_in_bytes",
            Self::V2 => "memory.current",
        }
    }

    const fn limit_file(self) -> &'static str {
        match self {
            Self::V1 => "memory.limit_in_bytes",
            Self::V2 => "memory.max",
        }
    }

    const fn inactive_file_key(self) -> &'static str {
        match self {
            // The hierarchical total; `inactive_file` alone counts only this group.
            Self::V1 => "total_inactive_file",
            Self::V2 => "inactive_file",
        }
    }
}

/// One reading of a cgroup's memory files, in bytes.
///
/// ```
/// use health_monitor::CgroupMemory;
///
/// let memory = CgroupMemory { usage: 900, limit: Some(1000), inactive_file: 300 };
/// assert_eq!(memory.working_set(), 600);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CgroupMemory {
    /// `memory.current` (v2) or `memory.usage_in_bytes` (v1): everything charged to the
    /// group, page cache included.
    pub usage: u64,
    /// The tightest limit on the group or any ancestor below the mount point; `None` when
    /// no limit is set (`max` in v2, a value near `i64::MAX` in v1).
    pub limit: Option<u64>,
    /// Inactive file cache from `memory.stat`, which the kernel reclaims before it hits the
    /// limit; 0 if `memory.stat` is missing.
    pub inactive_file: u64,
}

impl CgroupMemory {
    /// `usage - inactive_file`: the working set, which is what the kubelet compares with the
    /// limit when it decides to evict. Counting reclaimable cache would report pressure on
    /// any machine that has read a large file.
    #[must_use]
    pub const fn working_set(&self) -> u64 {
        self.usage.saturating_sub(self.inactive_file)
    }
}

/// Memory pressure of the cgroup this process runs in: working set of the limit.
///
/// [`detect`](Self::detect) finds the group from `/proc/self/cgroup` and
/// `/proc/self/mountinfo`, preferring v2 and falling back to v1 (hybrid hosts mount both and
/// put the memory controller in either). The path inside the mount is resolved against the
/// mount's root, so it also works in containers whose cgroup namespace shows `/`.
///
/// A group without a limit reads as [`Reading::Unavailable`]: the machine's own memory is
/// then the bound, which [`MeminfoSource`](crate::MeminfoSource) reports.
///
/// # Examples
///
/// A v2 group from parsed text (the fixture tests read whole directory trees the same way):
///
/// ```
/// use health_monitor::CgroupSource;
///
/// assert_eq!(CgroupSource::parse_limit("max\n"), Ok(None));
/// assert_eq!(CgroupSource::parse_limit("1073741824\n"), Ok(Some(1 << 30)));
/// assert_eq!(CgroupSource::parse_limit("9223372036854771712\n"), Ok(None)); // v1 "unlimited"
/// ```
#[derive(Debug)]
pub struct CgroupSource {
    version: CgroupVersion,
    dir: PathBuf,
    /// The mount point: limits are looked up from `dir` up to here.
    top: PathBuf,
    usage_file: ProcFile,
    stat_file: ProcFile,
    /// The limit as last read, and the clock time it was read at.
    limit: Option<(Duration, Option<u64>)>,
}

/// How often a sample reads the limit again (clock time): limits change rarely, and reading
/// them means a file per ancestor group.
const LIMIT_REFRESH: Duration = Duration::from_secs(10);

/// v1 reports "no limit" as `PAGE_COUNTER_MAX` pages, which is just under `i64::MAX`
/// rounded to the page size; anything this large is no limit.
const V1_UNLIMITED: u64 = 1 << 62;

impl CgroupSource {
    /// A v2 group whose files are in `dir` (only `dir` is searched for a limit).
    #[must_use]
    pub fn v2(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Self::at(CgroupVersion::V2, dir.clone(), dir)
    }

    /// A v1 memory group whose files are in `dir` (only `dir` is searched for a limit).
    #[must_use]
    pub fn v1(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Self::at(CgroupVersion::V1, dir.clone(), dir)
    }

    fn at(version: CgroupVersion, dir: PathBuf, top: PathBuf) -> Self {
        Self {
            usage_file: ProcFile::new(dir.join(version.usage_file())),
            stat_file: ProcFile::new(dir.join("memory.stat")),
            limit: None,
            version,
            dir,
            top,
        }
    }

    /// Finds this process's memory cgroup.
    ///
    /// # Errors
    ///
    /// [`Error::NoCgroup`] when neither a v2 group with `memory.current` nor a v1 memory
    /// group applies (not Linux, or no memory controller); [`Error::Io`] when the `/proc`
    /// files cannot be read.
    pub fn detect() -> Result<Self, Error> {
        Self::detect_in(Path::new("/"))
    }

    /// [`detect`](Self::detect) against a root other than `/`: reads
    /// `<root>/proc/self/cgroup` and `<root>/proc/self/mountinfo`, and resolves the mount
    /// points under `root`. This is how the fixture trees are tested.
    ///
    /// # Errors
    ///
    /// As [`detect`](Self::detect).
    pub fn detect_in(root: &Path) -> Result<Self, Error> {
        let cgroups = read_text(&root.join("proc/self/cgroup"))?;
        let mountinfo = read_text(&root.join("proc/self/mountinfo"))?;
        let mounts = parse_mountinfo(&mountinfo);

        let mut tried = Vec::new();
        for version in [CgroupVersion::V2, CgroupVersion::V1] {
            let Some(path) = cgroup_path(&cgroups, version) else {
                continue;
            };
            for mount in mounts.iter().filter(|m| m.serves(version)) {
                let Some(relative) = mount.relative(path) else {
                    continue;
                };
                let top = under_root(root, &mount.point);
                let dir = top.join(relative);
                if dir.join(version.usage_file()).is_file() {
                    return Ok(Self::at(version, dir, top));
                }
                tried.push(dir.display().to_string());
            }
        }
        Err(Error::NoCgroup {
            reason: if tried.is_empty() {
                "no cgroup2 mount or v1 memory mount matches /proc/self/cgroup".to_owned()
            } else {
                format!("no memory usage file in {}", tried.join(", "))
            },
        })
    }

    /// The hierarchy in use.
    #[must_use]
    pub const fn version(&self) -> CgroupVersion {
        self.version
    }

    /// The group's directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Parses a limit file (`memory.max` or `memory.limit_in_bytes`): `None` for no limit.
    ///
    /// # Errors
    ///
    /// A message when the text is neither `max` nor a number.
    pub fn parse_limit(text: &str) -> Result<Option<u64>, String> {
        let text = text.trim();
        if text == "max" {
            return Ok(None);
        }
        let value = parse_bytes(text)?;
        Ok((value < V1_UNLIMITED).then_some(value))
    }

    /// Reads the group's usage, limit and inactive file cache.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] or [`Error::Parse`] for the usage file; a missing or unreadable
    /// `memory.stat` counts as no reclaimable cache, and unreadable limit files of ancestors
    /// are skipped.
    pub fn read(&self) -> Result<CgroupMemory, Error> {
        let usage_path = self.dir.join(self.version.usage_file());
        let usage = parse_bytes(read_text(&usage_path)?.trim())
            .map_err(|message| Error::parse(&usage_path, message))?;
        let inactive_file = std::fs::read_to_string(self.dir.join("memory.stat"))
            .ok()
            .and_then(|stat| stat_field(&stat, self.version.inactive_file_key()))
            .unwrap_or(0);
        Ok(CgroupMemory {
            usage,
            limit: self.read_limit()?,
            inactive_file,
        })
    }

    /// The tightest limit from the group up to the mount point.
    fn read_limit(&self) -> Result<Option<u64>, Error> {
        let limit_file = self.version.limit_file();
        let mut limit: Option<u64> = None;
        for dir in self.dir.ancestors() {
            if let Ok(text) = std::fs::read_to_string(dir.join(limit_file)) {
                let here = Self::parse_limit(&text)
                    .map_err(|message| Error::parse(dir.join(limit_file), message))?;
                limit = match (limit, here) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            if dir == self.top {
                break;
            }
        }
        Ok(limit)
    }

    /// The limit, read again when [`LIMIT_REFRESH`] has passed since the last read.
    fn cached_limit(&mut self, now: Duration) -> Result<Option<u64>, Error> {
        match self.limit {
            Some((read_at, limit)) if now.saturating_sub(read_at) < LIMIT_REFRESH => Ok(limit),
            _ => {
                let limit = self.read_limit()?;
                self.limit = Some((now, limit));
                Ok(limit)
            }
        }
    }
}

impl PressureSource for CgroupSource {
    fn name(&self) -> &'static str {
        match self.version {
            CgroupVersion::V1 => "cgroup-v1",
            CgroupVersion::V2 => "cgroup-v2",
        }
    }

    fn resource(&self) -> Resource {
        Resource::Ram
    }

    /// Reads the usage and `memory.stat` through files kept open; the limit is read again
    /// every 10 s of clock time. Without a limit nothing else is read.
    fn sample(&mut self, now: Duration) -> Reading {
        let limit = match self.cached_limit(now) {
            Ok(Some(limit)) => limit,
            Ok(None) => {
                return Reading::unavailable(format!(
                    "cgroup {} has no memory limit",
                    self.dir.display()
                ));
            }
            Err(err) => return Reading::unavailable(err.to_string()),
        };
        let usage = match self.usage_file.parse(|text| parse_bytes(text.trim())) {
            Ok(usage) => usage,
            Err(err) => return Reading::unavailable(err.to_string()),
        };
        let key = self.version.inactive_file_key();
        let inactive_file = self
            .stat_file
            .read()
            .ok()
            .and_then(|stat| stat_field(stat, key))
            .unwrap_or(0);
        let memory = CgroupMemory {
            usage,
            limit: Some(limit),
            inactive_file,
        };
        Reading::usage(memory.working_set(), limit)
    }
}

fn parse_bytes(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("expected a byte count, got {text:?}"))
}

/// The value of `key` in a `memory.stat` text (`key value` lines).
fn stat_field(stat: &str, key: &str) -> Option<u64> {
    stat.lines().find_map(|line| {
        let (name, value) = line.split_once(' ')?;
        (name == key).then(|| value.trim().parse().ok()).flatten()
    })
}

/// The cgroup path of this process in the hierarchy of `version`, from
/// `/proc/self/cgroup` (`id:controllers:path` lines).
fn cgroup_path(cgroups: &str, version: CgroupVersion) -> Option<&str> {
    cgroups.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let id = parts.next()?;
        let controllers = parts.next()?;
        let path = parts.next()?;
        let matches = match version {
            CgroupVersion::V2 => id == "0" && controllers.is_empty(),
            CgroupVersion::V1 => controllers.split(',').any(|c| c == "memory"),
        };
        matches.then_some(path)
    })
}

/// One cgroup mount from `/proc/self/mountinfo`.
#[derive(Debug)]
struct Mount {
    /// The path inside the hierarchy that is mounted (field 4).
    root: String,
    /// Where it is mounted (field 5).
    point: String,
    fstype: String,
    super_options: String,
}

impl Mount {
    fn serves(&self, version: CgroupVersion) -> bool {
        match version {
            CgroupVersion::V2 => self.fstype == "cgroup2",
            CgroupVersion::V1 => {
                self.fstype == "cgroup" && self.super_options.split(',').any(|o| o == "memory")
            }
        }
    }

    /// `path` relative to this mount, when the mount shows it.
    fn relative<'p>(&self, path: &'p str) -> Option<&'p str> {
        if self.root == "/" {
            return Some(path.trim_start_matches('/'));
        }
        match path.strip_prefix(self.root.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                Some(rest.trim_start_matches('/'))
            }
            // A cgroup namespace shows the process at `/` while the mount root is the
            // host path of the group: the mount point itself is the group.
            _ if path == "/" => Some(""),
            _ => None,
        }
    }
}

fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let (before, after) = line.split_once(" - ")?;
            let fields: Vec<&str> = before.split(' ').collect();
            let mut after = after.split(' ');
            let fstype = after.next()?;
            if !fstype.starts_with("cgroup") {
                return None;
            }
            let _source = after.next()?;
            Some(Mount {
                root: unescape(fields.get(3)?),
                point: unescape(fields.get(4)?),
                fstype: fstype.to_owned(),
                super_options: after.next().unwrap_or("").to_owned(),
            })
        })
        .collect()
}

/// Undoes mountinfo's octal escapes (`\040` is a space).
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes.get(i + 1..i + 4).and_then(|digits| {
            let text = std::str::from_utf8(digits).ok()?;
            u8::from_str_radix(text, 8).ok()
        });
        match (bytes[i], escaped) {
            (b'\\', Some(byte)) => {
                out.push(byte);
                i += 4;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` (absolute) placed under `root`.
fn under_root(root: &Path, path: &str) -> PathBuf {
    root.join(path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_paths_per_version() {
        let text = "12:memory:/docker/abc\n0::/system.slice/x.service\n";
        assert_eq!(
            cgroup_path(text, CgroupVersion::V2),
            Some("/system.slice/x.service")
        );
        assert_eq!(cgroup_path(text, CgroupVersion::V1), Some("/docker/abc"));
        assert_eq!(cgroup_path("4:cpu,cpuacct:/\n", CgroupVersion::V1), None);
    }

    #[test]
    fn parses_mountinfo_lines_with_optional_fields() {
        let text = "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n\
                    35 31 0:32 /docker/a /sys/fs/cgroup/mem\\040ory rw - cgroup cgroup rw,memory\n\
                    22 1 8:1 / / rw - ext4 /dev/sda1 rw\n";
        let mounts = parse_mountinfo(text);
        assert_eq!(mounts.len(), 2);
        assert!(mounts[0].serves(CgroupVersion::V2));
        assert_eq!(mounts[1].point, "/sys/fs/cgroup/mem ory");
        assert!(mounts[1].serves(CgroupVersion::V1));
        assert_eq!(mounts[1].relative("/docker/a/b"), Some("b"));
        assert_eq!(mounts[1].relative("/docker/ab"), None);
        assert_eq!(mounts[1].relative("/"), Some(""));
    }

    #[test]
    fn limits_and_stats() {
        assert_eq!(CgroupSource::parse_limit("max"), Ok(None));
        assert_eq!(CgroupSource::parse_limit(" 42\n"), Ok(Some(42)));
        assert!(CgroupSource::parse_limit("lots").is_err());
        let stat = "cache 10\ninactive_file 7\ntotal_inactive_file 9\n";
        assert_eq!(stat_field(stat, "inactive_file"), Some(7));
        assert_eq!(stat_field(stat, "total_inactive_file"), Some(9));
        assert_eq!(stat_field(stat, "active_file"), None);
    }

    #[test]
    fn unescapes_only_valid_octal() {
        assert_eq!(unescape(r"a\040b"), "a b");
        assert_eq!(unescape(r"a\0"), r"a\0");
        assert_eq!(unescape(r"a\999"), r"a\999");
    }
}
