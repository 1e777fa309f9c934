//! The event types `runtimes/typescript/src/health/` ships are what ts-rs writes for the
//! supervisor's `Event` today, and every event `type` in them can be subscribed to.
//!
//! Regenerate with `UPDATE_GOLDENS=1 cargo test -p service-host --test typescript_events`
//! and review the diff.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use health_monitor::Event;
use service_host::EVENT_TYPES;
use ts_rs::{Config, TS};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../runtimes/typescript/src/health")
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext == "ts"))
        .collect()
}

#[test]
fn the_shipped_event_types_are_a_fresh_export() {
    let fresh = std::env::temp_dir().join(format!("sh-ts-events-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    // NodeNext resolution wants the extension in relative imports.
    let config = Config::new()
        .with_out_dir(&fresh)
        .with_import_extension(Some("js"));
    Event::export_all(&config).unwrap();
    let shipped = shipped();
    if std::env::var_os("UPDATE_GOLDENS").is_some() {
        let _ = std::fs::remove_dir_all(&shipped);
        std::fs::create_dir_all(&shipped).unwrap();
        for name in files(&fresh) {
            std::fs::copy(fresh.join(&name), shipped.join(&name)).unwrap();
        }
    }
    assert_eq!(
        files(&shipped),
        files(&fresh),
        "files in {}",
        shipped.display()
    );
    for name in files(&fresh) {
        assert_eq!(
            std::fs::read_to_string(shipped.join(&name)).unwrap(),
            std::fs::read_to_string(fresh.join(&name)).unwrap(),
            "{name} differs from a fresh export; regenerate with UPDATE_GOLDENS=1"
        );
    }
    std::fs::remove_dir_all(&fresh).unwrap();
}

#[test]
fn every_event_type_can_be_subscribed_to() {
    let kinds = std::fs::read_to_string(shipped().join("Event.ts")).unwrap();
    let declared: BTreeSet<&str> = kinds
        .split("\"type\": \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let subscribable: BTreeSet<&str> = EVENT_TYPES.into_iter().collect();
    assert_eq!(declared, subscribable);
}
