//! Tests of the registry: names, ids, orders and the entries a tick reads.

use specgen_test_support::Idle;

use super::*;

#[test]
fn ids_are_never_reused() {
    let registry = Registry::new();
    let a = registry
        .register(Arc::new(Idle::new("a")), ServiceConfig::new())
        .unwrap();
    registry.unregister("a").unwrap();
    let b = registry
        .register(Arc::new(Idle::new("a")), ServiceConfig::new())
        .unwrap();
    assert_ne!(a, b);
    assert_eq!(b.get(), 1);
    assert_eq!(b.to_string(), "#1");
}

#[test]
fn priority_order_is_stable() {
    let registry = Registry::new();
    for (name, priority) in [("a", 2), ("b", 1), ("c", 2), ("d", -1)] {
        registry
            .register(
                Arc::new(Idle::new(name)),
                ServiceConfig::new().priority(priority),
            )
            .unwrap();
    }
    assert_eq!(registry.names_by_priority(), ["d", "b", "a", "c"]);
    registry.unregister("b").unwrap();
    assert_eq!(registry.names_by_priority(), ["d", "a", "c"]);
    assert_eq!(registry.len(), 3);
    assert!(registry.get("a").is_some());
    assert!(registry.get("b").is_none());
    assert!(matches!(
        registry.unregister("b"),
        Err(Error::UnknownService { .. })
    ));
}

#[test]
fn a_name_that_names_nothing_is_refused() {
    let registry = Registry::new();
    for name in ["", "   ", "\t", "db\nlive", "nul\0"] {
        let err = registry
            .register(Arc::new(Idle::new(name)), ServiceConfig::new())
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidServiceName { name: given, .. } if given == name),
            "{name:?}: {err}"
        );
    }
    assert!(registry.is_empty());
    assert_eq!(
        registry
            .register(Arc::new(Idle::new("")), ServiceConfig::new())
            .unwrap_err()
            .to_string(),
        "invalid service name \"\": a service needs a name that is not empty or only whitespace"
    );
    // Inner spaces and any script are fine.
    for name in ["tts worker", "модель", "gpu-0"] {
        registry
            .register(Arc::new(Idle::new(name)), ServiceConfig::new())
            .unwrap();
    }
}

#[test]
fn info_lists_the_registration() {
    let registry = Registry::new();
    assert!(registry.is_empty());
    registry
        .register(
            Arc::new(Idle::new("gpu")),
            ServiceConfig::new()
                .priority(3)
                .budget(ResourceBudget::gpu(10)),
        )
        .unwrap();
    let info = &registry.services()[0];
    assert_eq!(info.budget, Some(ResourceBudget::gpu(10)));
    assert!(!info.has_lifecycle);
    assert!(format!("{registry:?}").contains("gpu"));
    assert!(format!("{:?}", ServiceConfig::new()).contains("priority: 0"));
}
