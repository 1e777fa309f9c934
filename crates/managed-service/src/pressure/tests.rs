//! Tests of pressure levels and thresholds: order, parsing, classification, serde.

use super::*;
use PressureLevel::{Critical, High, Normal, Warning};

/// The largest f64 below `x` — the last value that must still be the level underneath.
fn just_below(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

#[test]
fn levels_are_ordered_by_severity() {
    assert!(Normal < Warning && Warning < High && High < Critical);
    let mut shuffled = [High, Normal, Critical, Warning];
    shuffled.sort();
    assert_eq!(shuffled, PressureLevel::ALL);
    assert_eq!(PressureLevel::default(), Normal);
}

#[test]
fn iteration_covers_every_level_in_order() {
    let levels: Vec<_> = PressureLevel::iter().collect();
    assert_eq!(levels, [Normal, Warning, High, Critical]);
    assert_eq!(PressureLevel::iter().len(), 4);
    assert_eq!(PressureLevel::iter().next_back(), Some(Critical));
}

#[test]
fn names_round_trip_through_from_str() {
    for level in PressureLevel::iter() {
        assert_eq!(level.as_str().parse::<PressureLevel>(), Ok(level));
        assert_eq!(level.to_string(), level.as_str());
    }
    let err = "High".parse::<PressureLevel>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown pressure level \"High\" (expected one of: normal, warning, high, critical)"
    );
}

#[test]
fn ram_boundaries_belong_to_the_higher_level() {
    let ram = PressureThresholds::RAM;
    let cases = [
        (0.0, Normal),
        (just_below(0.80), Normal),
        (0.80, Warning),
        (just_below(0.90), Warning),
        (0.90, High),
        (just_below(0.95), High),
        (0.95, Critical),
        (1.0, Critical),
    ];
    for (fraction, expected) in cases {
        assert_eq!(ram.classify(fraction), expected, "RAM at {fraction}");
    }
}

#[test]
fn gpu_boundaries_belong_to_the_higher_level() {
    let gpu = PressureThresholds::GPU;
    let cases = [
        (0.0, Normal),
        (just_below(0.60), Normal),
        (0.60, Warning),
        (just_below(0.80), Warning),
        (0.80, High),
        (just_below(0.95), High),
        (0.95, Critical),
    ];
    for (fraction, expected) in cases {
        assert_eq!(gpu.classify(fraction), expected, "GPU at {fraction}");
    }
}

#[test]
fn out_of_range_and_broken_fractions() {
    let ram = PressureThresholds::RAM;
    assert_eq!(ram.classify(f64::NAN), Critical);
    assert_eq!(ram.classify(-f64::NAN), Critical);
    assert_eq!(ram.classify(1.0001), Critical);
    assert_eq!(ram.classify(f64::INFINITY), Critical);
    assert_eq!(ram.classify(-0.5), Normal);
    assert_eq!(ram.classify(f64::NEG_INFINITY), Normal);
}

#[test]
fn usage_is_classified_as_a_fraction() {
    let ram = PressureThresholds::RAM;
    assert_eq!(ram.classify_usage(0, 100), Normal);
    assert_eq!(ram.classify_usage(79, 100), Normal);
    assert_eq!(ram.classify_usage(80, 100), Warning);
    assert_eq!(ram.classify_usage(95, 100), Critical);
    assert_eq!(ram.classify_usage(200, 100), Critical);
    assert_eq!(ram.classify_usage(u64::MAX, u64::MAX), Critical);
    let gpu = PressureThresholds::GPU;
    // 12 GiB of a 24 GiB card is 50 %; 16 GiB is 66 %.
    assert_eq!(gpu.classify_usage(12 << 30, 24 << 30), Normal);
    assert_eq!(gpu.classify_usage(16 << 30, 24 << 30), Warning);
}

#[test]
fn zero_total_is_critical() {
    assert_eq!(PressureThresholds::RAM.classify_usage(0, 0), Critical);
    assert_eq!(PressureThresholds::GPU.classify_usage(5, 0), Critical);
}

#[test]
fn defaults_pass_their_own_validation() {
    for t in [PressureThresholds::RAM, PressureThresholds::GPU] {
        assert_eq!(
            PressureThresholds::new(t.warning(), t.high(), t.critical()),
            Ok(t)
        );
    }
    assert_eq!(PressureThresholds::default(), PressureThresholds::RAM);
}

#[test]
fn threshold_per_level() {
    let gpu = PressureThresholds::GPU;
    let starts: Vec<f64> = PressureLevel::iter().map(|l| gpu.threshold(l)).collect();
    assert_eq!(starts, [0.0, 0.60, 0.80, 0.95]);
    for level in PressureLevel::iter() {
        assert_eq!(gpu.classify(gpu.threshold(level)), level);
    }
}

#[test]
fn validation_rejects_non_finite_values_first() {
    assert!(matches!(
        PressureThresholds::new(f64::NAN, 0.9, 0.95),
        Err(ThresholdError::NotFinite {
            name: "warning",
            ..
        })
    ));
    assert!(matches!(
        PressureThresholds::new(0.8, 0.9, f64::INFINITY),
        Err(ThresholdError::NotFinite {
            name: "critical",
            ..
        })
    ));
    // Non-finite wins over a range error elsewhere.
    assert!(matches!(
        PressureThresholds::new(-1.0, f64::NAN, 0.95),
        Err(ThresholdError::NotFinite { name: "high", .. })
    ));
}

#[test]
fn validation_rejects_values_outside_zero_to_one() {
    let cases = [
        ((0.0, 0.9, 0.95), "warning", 0.0),
        ((-0.1, 0.9, 0.95), "warning", -0.1),
        ((0.8, 0.9, 1.01), "critical", 1.01),
        ((0.8, 1.5, 0.95), "high", 1.5),
    ];
    for ((w, h, c), name, value) in cases {
        assert_eq!(
            PressureThresholds::new(w, h, c),
            Err(ThresholdError::OutOfRange { name, value })
        );
    }
    assert!(PressureThresholds::new(f64::MIN_POSITIVE, 0.5, 1.0).is_ok());
}

#[test]
fn validation_requires_strictly_rising_values() {
    for (w, h, c) in [
        (0.9, 0.8, 0.95),
        (0.8, 0.8, 0.95),
        (0.8, 0.95, 0.95),
        (0.8, 0.99, 0.95),
    ] {
        assert_eq!(
            PressureThresholds::new(w, h, c),
            Err(ThresholdError::NotAscending {
                warning: w,
                high: h,
                critical: c
            })
        );
    }
}

#[cfg(feature = "serde")]
mod serde_form {
    use serde_json::json;

    use super::*;

    #[test]
    fn levels_are_lowercase_strings() {
        for level in PressureLevel::iter() {
            let value = serde_json::to_value(level).unwrap();
            assert_eq!(value, json!(level.as_str()));
            assert_eq!(
                serde_json::from_value::<PressureLevel>(value).unwrap(),
                level
            );
        }
    }

    #[test]
    fn thresholds_round_trip() {
        let value = serde_json::to_value(PressureThresholds::GPU).unwrap();
        assert_eq!(
            value,
            json!({ "warning": 0.6, "high": 0.8, "critical": 0.95 })
        );
        let back: PressureThresholds = serde_json::from_value(value).unwrap();
        assert_eq!(back, PressureThresholds::GPU);
    }

    #[test]
    fn invalid_thresholds_fail_to_deserialise() {
        let err = serde_json::from_value::<PressureThresholds>(
            json!({ "warning": 0.9, "high": 0.8, "critical": 0.95 }),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            ThresholdError::NotAscending {
                warning: 0.9,
                high: 0.8,
                critical: 0.95
            }
            .to_string()
        );
    }

    #[test]
    fn unknown_threshold_fields_are_rejected() {
        let err = serde_json::from_value::<PressureThresholds>(
            json!({ "warning": 0.5, "high": 0.8, "critical": 0.95, "extreme": 0.99 }),
        )
        .unwrap_err();
        assert!(err.to_string().contains("extreme"), "{err}");
    }
}

#[cfg(feature = "ts")]
mod typescript {
    use ts_rs::{Config, TS};

    use super::*;

    #[test]
    fn level_is_a_union_of_lowercase_literals() {
        assert_eq!(
            PressureLevel::decl(&Config::new()),
            "type PressureLevel = \"normal\" | \"warning\" | \"high\" | \"critical\";"
        );
    }

    #[test]
    fn thresholds_are_three_numbers() {
        assert_eq!(
            PressureThresholds::decl(&Config::new()),
            "type PressureThresholds = { warning: number, high: number, critical: number, };"
        );
    }
}
