//! [`export_typescript`]: the TypeScript declarations of every type that crosses to
//! TypeScript (events, reports, probes), written from the Rust definitions by ts-rs.

use std::path::Path;

use ts_rs::{Config, TS};

use crate::combine::PressureReport;
use crate::error::Error;
use crate::events::{Event, EventKind};
use crate::gate::SubsystemUsage;
use crate::registry::ServiceInfo;
use crate::shutdown::ShutdownReport;
use crate::supervisor::Probe;

/// Writes one `.ts` file per type into `dir` (created if missing): [`Event`], [`EventKind`]
/// (the union of payloads, for narrowing by `type`) and everything they refer to
/// (snapshots, health statuses, pressure levels, readings, denials, ...), and
/// [`PressureReport`], [`Probe`], [`ShutdownReport`], [`SubsystemUsage`] and
/// [`ServiceInfo`]. Files are rewritten on every call; each starts with ts-rs's do-not-edit
/// note.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("hm-ts-doc-{}", std::process::id()));
/// health_monitor::export_typescript(&dir)?;
/// let event = std::fs::read_to_string(dir.join("Event.ts"))?;
/// assert!(event.contains("export type Event = {"));
/// assert!(event.contains(r#""type": "system:health:snapshot""#));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::TypeScript`] if a file cannot be written.
pub fn export_typescript(dir: &Path) -> Result<(), Error> {
    let config = Config::new().with_out_dir(dir);
    let exported = [
        Event::export_all(&config),
        EventKind::export_all(&config),
        PressureReport::export_all(&config),
        Probe::export_all(&config),
        ShutdownReport::export_all(&config),
        SubsystemUsage::export_all(&config),
        ServiceInfo::export_all(&config),
    ];
    exported
        .into_iter()
        .collect::<Result<(), _>>()
        .map_err(|err| Error::TypeScript {
            dir: dir.to_owned(),
            message: err.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Reading;

    #[test]
    fn every_dependency_is_written() {
        let dir = std::env::temp_dir().join(format!("hm-ts-{}", std::process::id()));
        export_typescript(&dir).unwrap();
        for file in [
            "Event.ts",
            "EventKind.ts",
            "HealthSnapshot.ts",
            "HealthStatus.ts",
            "PressureLevel.ts",
            "Reading.ts",
            "Denial.ts",
            "CallOutcome.ts",
            "Probe.ts",
            "ShutdownReport.ts",
        ] {
            let text = std::fs::read_to_string(dir.join(file))
                .unwrap_or_else(|err| panic!("{file}: {err}"));
            assert!(text.contains("export type"), "{file}: {text}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reading_typescript_uses_numbers_for_bytes() {
        let decl = crate::events::tests::compact(&Reading::decl(&Config::new()));
        assert!(
            decl.contains("\"kind\": \"usage\", used: number, total: number"),
            "{decl}"
        );
    }

    #[test]
    fn an_unwritable_directory_is_an_error() {
        let err = export_typescript(Path::new("/proc/no/such/dir")).unwrap_err();
        assert!(matches!(err, Error::TypeScript { .. }), "{err}");
    }
}
