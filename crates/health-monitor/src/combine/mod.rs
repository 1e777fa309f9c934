//! Combining sources into one level: each source through its own [`Hysteresis`], then the
//! worst over the available ones.

mod combiner;
mod hysteresis;
mod pressure_report;
mod source_report;

pub(crate) use combiner::Combiner;
pub use hysteresis::Hysteresis;
pub use pressure_report::PressureReport;
pub use source_report::SourceReport;
