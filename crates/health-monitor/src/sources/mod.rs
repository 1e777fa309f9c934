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
mod pressure_source;
mod proc_file;
mod psi;
mod reading;
mod rss;
mod simulated;

pub use cgroup::{CgroupMemory, CgroupSource, CgroupVersion};
pub use meminfo::{Meminfo, MeminfoSource};
pub use nvml::NvmlSource;
pub use pressure_source::PressureSource;
pub(crate) use proc_file::{ProcFile, read_text};
pub use psi::{PsiAverages, PsiSnapshot, PsiSource};
pub use reading::Reading;
pub use rss::{RssSource, parse_vm_rss, read_rss_bytes};
pub use simulated::{SimulatedHandle, SimulatedSource};
