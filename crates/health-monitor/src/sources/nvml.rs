//! [`NvmlSource`]: GPU memory through NVML, loaded at run time.

use std::time::Duration;

use super::{PressureSource, Reading};
use crate::model::Resource;

/// GPU memory pressure of one device, through NVML (`libnvidia-ml.so.1`), loaded with
/// `dlopen` when the source is created.
///
/// Nothing links against NVML: on a machine without the NVIDIA driver the library is simply
/// not found, and the source is **unavailable** — every sample returns
/// [`Reading::Unavailable`] with the loader's message, and the supervisor carries on with
/// its other sources. The same happens when the crate is built without the `nvml` feature.
///
/// NVML is initialised once, in [`new`](Self::new) (it costs milliseconds); a sample is one
/// `nvmlDeviceGetMemoryInfo_v2` call (microseconds), whose `used` excludes the memory the
/// driver reserves for itself (the v1 call counts it as used, which overstates pressure by
/// several hundred MiB).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{NvmlSource, PressureSource};
///
/// let mut gpu = NvmlSource::new(0);
/// let reading = gpu.sample(Duration::ZERO);
/// if !gpu.is_available() {
///     // No driver here: unavailable, with the reason, and no panic.
///     assert!(!reading.is_available());
///     println!("{}", gpu.unavailable_reason().unwrap());
/// }
/// ```
pub struct NvmlSource {
    index: u32,
    name: String,
    state: State,
}

enum State {
    #[cfg(feature = "nvml")]
    // Boxed: the loaded library's symbol table is about 12 KB.
    Ready(Box<nvml_wrapper::Nvml>),
    Unavailable(String),
}

impl NvmlSource {
    /// The device at `index` (NVML order, which is PCI bus order), with the system's NVML.
    #[must_use]
    pub fn new(index: u32) -> Self {
        #[cfg(feature = "nvml")]
        let state = match nvml_wrapper::Nvml::init() {
            Ok(nvml) => State::Ready(Box::new(nvml)),
            Err(err) => State::Unavailable(format!("NVML unavailable: {err}")),
        };
        #[cfg(not(feature = "nvml"))]
        let state = State::Unavailable(
            "NVML unavailable: health-monitor was built without the `nvml` feature".to_owned(),
        );
        Self::with_state(index, state)
    }

    /// The device at `index`, with NVML loaded from `library` (a file name for the loader's
    /// search path, or a full path). A library that cannot be loaded makes the source
    /// unavailable, as in [`new`](Self::new).
    #[must_use]
    pub fn with_library(index: u32, library: &std::path::Path) -> Self {
        #[cfg(feature = "nvml")]
        let state = match nvml_wrapper::Nvml::builder()
            .lib_path(library.as_os_str())
            .init()
        {
            Ok(nvml) => State::Ready(Box::new(nvml)),
            Err(err) => State::Unavailable(format!(
                "NVML unavailable from {}: {err}",
                library.display()
            )),
        };
        #[cfg(not(feature = "nvml"))]
        let state = State::Unavailable(format!(
            "NVML unavailable from {}: health-monitor was built without the `nvml` feature",
            library.display()
        ));
        Self::with_state(index, state)
    }

    fn with_state(index: u32, state: State) -> Self {
        Self {
            index,
            name: format!("nvml:{index}"),
            state,
        }
    }

    /// Whether NVML was loaded and initialised. A loaded NVML can still fail a sample (a
    /// device index out of range, a GPU that fell off the bus); those samples are
    /// unavailable too.
    #[must_use]
    pub const fn is_available(&self) -> bool {
        !matches!(self.state, State::Unavailable(_))
    }

    /// Why NVML could not be loaded, or `None` if it was.
    #[must_use]
    pub fn unavailable_reason(&self) -> Option<&str> {
        match &self.state {
            State::Unavailable(reason) => Some(reason),
            #[cfg(feature = "nvml")]
            State::Ready(_) => None,
        }
    }
}

impl std::fmt::Debug for NvmlSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NvmlSource")
            .field("index", &self.index)
            .field("unavailable", &self.unavailable_reason())
            .finish_non_exhaustive()
    }
}

impl PressureSource for NvmlSource {
    fn name(&self) -> &str {
        &self.name
    }

    fn resource(&self) -> Resource {
        Resource::Gpu
    }

    fn sample(&mut self, _now: Duration) -> Reading {
        match &self.state {
            State::Unavailable(reason) => Reading::unavailable(reason.clone()),
            #[cfg(feature = "nvml")]
            State::Ready(nvml) => match nvml
                .device_by_index(self.index)
                .and_then(|device| device.memory_info())
            {
                Ok(info) => Reading::usage(info.used, info.total),
                Err(err) => Reading::unavailable(format!("NVML device {}: {err}", self.index)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_is_unavailable_not_a_panic() {
        let mut source =
            NvmlSource::with_library(0, std::path::Path::new("/nonexistent/libnvidia-ml.so.1"));
        assert!(!source.is_available());
        let reason = source.unavailable_reason().unwrap().to_owned();
        assert!(reason.starts_with("NVML unavailable"), "{reason}");
        assert_eq!(source.sample(Duration::ZERO), Reading::unavailable(reason));
        assert_eq!(source.name(), "nvml:0");
        assert_eq!(source.resource(), Resource::Gpu);
        assert!(format!("{source:?}").contains("unavailable"));
    }
}
