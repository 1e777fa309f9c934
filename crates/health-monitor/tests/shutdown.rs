//! Ordered, idempotent, lifecycle-aware shutdown, and the background monitor's life.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Log, config, event_names, register, supervisor};
use health_monitor::{CallOutcome, Error, LifecycleHook, ServiceConfig};
use managed_service::Lifecycle;

#[test]
fn services_stop_in_reverse_registration_order_once() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    register(
        &supervisor,
        &log,
        &[("first", 9), ("second", 0), ("third", 5)],
    );
    supervisor.tick();
    let events = supervisor.subscribe();

    let report = supervisor.shutdown();
    assert_eq!(report.order(), ["third", "second", "first"]);
    assert!(
        report
            .services
            .iter()
            .all(|s| s.outcome == CallOutcome::Completed)
    );
    assert_eq!(
        log.of("shutdown"),
        ["third:shutdown()", "second:shutdown()", "first:shutdown()"]
    );
    assert_eq!(
        event_names(&events),
        [
            "system:service:stopped@third",
            "system:service:stopped@second",
            "system:service:stopped@first",
            "system:shutdown:complete"
        ]
    );

    // Idempotent: the same report, no second call, no event.
    assert_eq!(supervisor.shutdown(), report);
    assert_eq!(log.of("shutdown").len(), 3);
    assert!(events.drain().is_empty());

    assert!(supervisor.tick().skipped);
    assert!(matches!(
        supervisor.register(common::TestService::new("late", &log), ServiceConfig::new()),
        Err(Error::ShutDown)
    ));
    assert!(!supervisor.readiness().ok);
    assert!(!supervisor.liveness().ok);
    assert!(matches!(supervisor.start(), Err(Error::ShutDown)));
}

#[test]
fn a_panicking_shutdown_does_not_stop_the_others() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("a", 0), ("b", 0), ("c", 0)]);
    services[1].panic_in("shutdown");
    let report = supervisor.shutdown();
    assert_eq!(report.order(), ["c", "b", "a"]);
    assert!(matches!(
        report.services[1].outcome,
        CallOutcome::Panicked { .. }
    ));
    assert_eq!(log.of("shutdown").len(), 3);
}

#[test]
fn concurrent_shutdowns_run_once() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    register(&supervisor, &log, &[("a", 0), ("b", 0)]);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let supervisor = supervisor.clone();
            std::thread::spawn(move || supervisor.shutdown())
        })
        .collect();
    let reports: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(reports.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(log.of("shutdown").len(), 2);
}

/// A lifecycle that writes its steps into the shared log.
struct Pool {
    name: &'static str,
    log: Log,
    up: bool,
    fail: bool,
}

impl Lifecycle for Pool {
    async fn initialize(&mut self) -> Result<(), String> {
        self.log.push(format!("{}:initialize()", self.name));
        if self.fail {
            return Err("model file missing".to_owned());
        }
        self.up = true;
        Ok(())
    }

    async fn shutdown(&mut self) {
        self.log.push(format!("{}:lifecycle_shutdown()", self.name));
        self.up = false;
    }

    fn is_initialized(&self) -> bool {
        self.up
    }
}

fn pool(name: &'static str, log: &Log, fail: bool) -> Arc<dyn LifecycleHook> {
    Arc::new(Mutex::new(Pool {
        name,
        log: log.clone(),
        up: false,
        fail,
    }))
}

#[test]
fn lifecycles_start_in_order_gate_readiness_and_stop_in_reverse() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    for name in ["model", "adapter"] {
        let service = common::TestService::new(name, &log);
        let config = ServiceConfig::new().lifecycle(pool(name, &log, false));
        supervisor.register(service, config).unwrap();
    }
    let plain = common::TestService::new("plain", &log);
    supervisor
        .register(plain.clone(), ServiceConfig::new())
        .unwrap();

    // Not initialised: not checked, and not ready.
    let report = supervisor.tick();
    assert_eq!(report.checked, 1);
    let readiness = supervisor.readiness();
    assert!(!readiness.ok);
    assert!(
        readiness.reasons[0].contains("not initialised"),
        "{readiness:?}"
    );
    assert!(
        supervisor
            .snapshot()
            .unwrap()
            .get("model")
            .unwrap()
            .status
            .is_none()
    );

    supervisor.initialize_services().unwrap();
    assert_eq!(
        log.of("initialize"),
        ["model:initialize()", "adapter:initialize()"]
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(supervisor.tick().checked, 3);
    assert!(supervisor.readiness().ok);

    supervisor.shutdown();
    assert_eq!(
        log.of("shutdown")
            .into_iter()
            .chain(log.of("lifecycle_shutdown"))
            .collect::<Vec<_>>()
            .len(),
        5
    );
    let order: Vec<String> = {
        let all = log.of("");
        all.into_iter().filter(|e| e.contains("shutdown")).collect()
    };
    assert_eq!(
        order,
        [
            "plain:shutdown()",
            "adapter:shutdown()",
            "adapter:lifecycle_shutdown()",
            "model:shutdown()",
            "model:lifecycle_shutdown()"
        ]
    );
}

#[test]
fn a_failed_initialisation_names_the_service() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    for (name, fail) in [("ok", false), ("broken", true), ("never", false)] {
        let config = ServiceConfig::new().lifecycle(pool(name, &log, fail));
        supervisor
            .register(common::TestService::new(name, &log), config)
            .unwrap();
    }
    let err = supervisor.initialize_services().unwrap_err();
    assert_eq!(
        err.to_string(),
        "service \"broken\" failed to initialise: model file missing"
    );
    assert_eq!(log.of("initialize").len(), 2, "stops at the first failure");
    // Shutdown brings down only what came up.
    supervisor.shutdown();
    assert_eq!(log.of("lifecycle_shutdown"), ["ok:lifecycle_shutdown()"]);
}

#[test]
fn the_background_monitor_ticks_and_stops() {
    let mut config = config();
    config.interval = Duration::from_millis(10);
    let (supervisor, _clock) = supervisor(config);
    let log = Log::default();
    let services = register(&supervisor, &log, &[("svc", 0)]);
    supervisor.start().unwrap();
    assert!(matches!(supervisor.start(), Err(Error::AlreadyRunning)));
    assert!(supervisor.is_running());
    let deadline = Instant::now() + Duration::from_secs(5);
    while services[0]
        .health_calls
        .load(std::sync::atomic::Ordering::SeqCst)
        < 3
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(supervisor.liveness().ok);
    assert!(supervisor.readiness().ok);
    let report = supervisor.shutdown();
    assert!(!supervisor.is_running());
    assert_eq!(report.order(), ["svc"]);
    let calls = services[0]
        .health_calls
        .load(std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(
        services[0]
            .health_calls
            .load(std::sync::atomic::Ordering::SeqCst),
        calls
    );
}

#[test]
fn dropping_every_handle_ends_the_background_thread() {
    let mut config = config();
    config.interval = Duration::from_millis(5);
    let (supervisor, _clock) = supervisor(config);
    let log = Log::default();
    let services = register(&supervisor, &log, &[("svc", 0)]);
    supervisor.start().unwrap();
    drop(supervisor);
    // The thread holds the supervisor weakly: once it notices, polling stops.
    std::thread::sleep(Duration::from_millis(100));
    let calls = services[0]
        .health_calls
        .load(std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(
        services[0]
            .health_calls
            .load(std::sync::atomic::Ordering::SeqCst),
        calls
    );
}

#[test]
fn a_stalled_monitor_fails_liveness() {
    let mut config = config();
    config.interval = Duration::from_millis(10);
    config.stall_after = Duration::from_millis(150);
    config.health_timeout = Duration::from_secs(1);
    let (supervisor, _clock) = supervisor(config);
    let log = Log::default();
    let services = register(&supervisor, &log, &[("slow", 0)]);
    supervisor.start().unwrap();
    assert!(supervisor.liveness().ok, "a fresh start counts as a tick");
    // The next health() blocks for the whole timeout (1 s), longer than stall_after.
    services[0]
        .block_health
        .store(true, std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(400));
    let liveness = supervisor.liveness();
    assert!(!liveness.ok, "{liveness:?}");
    assert!(liveness.reasons[0].contains("has not finished a tick"));
    services[0]
        .block_health
        .store(false, std::sync::atomic::Ordering::SeqCst);
    services[0].latch.open();
    supervisor.shutdown();
}
