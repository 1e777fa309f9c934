//! `/metrics` is valid Prometheus text format (0.0.4), checked by a strict parser.

mod common;

use std::collections::{HashMap, HashSet};

use common::{Log, config, register, supervisor};
use health_monitor::{Resource, ResourceGate, SimulatedSource};
use managed_service::HealthStatus;

/// One sample line.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: Vec<(String, String)>,
    value: f64,
}

/// Parses the Prometheus text exposition format 0.0.4, strictly: HELP and TYPE lines,
/// samples with escaped label values and Go-style floats, each family's lines together,
/// one TYPE per family before its samples, no duplicate series.
fn parse(text: &str) -> Result<(HashMap<String, String>, Vec<Sample>), String> {
    let mut types: HashMap<String, String> = HashMap::new();
    let mut samples = Vec::new();
    let mut seen_series = HashSet::new();
    let mut finished_families: HashSet<String> = HashSet::new();
    let mut current: Option<String> = None;
    if !text.ends_with('\n') {
        return Err("the exposition must end with a newline".into());
    }
    for (number, line) in text.lines().enumerate() {
        let at = |message: String| format!("line {}: {message}: {line:?}", number + 1);
        if line.is_empty() {
            continue;
        }
        let family = if let Some(rest) = line.strip_prefix("# ") {
            let mut words = rest.splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("HELP"), Some(name), _) => {
                    check_name(name).map_err(at)?;
                    name.to_owned()
                }
                (Some("TYPE"), Some(name), Some(kind)) => {
                    check_name(name).map_err(at)?;
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind) {
                        return Err(at(format!("unknown type {kind}")));
                    }
                    if types.insert(name.to_owned(), kind.to_owned()).is_some() {
                        return Err(at("second TYPE line".into()));
                    }
                    if samples.iter().any(|s: &Sample| s.name == name) {
                        return Err(at("TYPE after samples".into()));
                    }
                    name.to_owned()
                }
                _ => continue, // a plain comment
            }
        } else {
            let sample = parse_sample(line).map_err(at)?;
            let series = format!("{}{:?}", sample.name, sample.labels);
            if !seen_series.insert(series) {
                return Err(at("duplicate series".into()));
            }
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|suffix| {
                    let base = sample.name.strip_suffix(suffix)?;
                    matches!(
                        types.get(base).map(String::as_str),
                        Some("histogram" | "summary")
                    )
                    .then(|| base.to_owned())
                })
                .unwrap_or_else(|| sample.name.clone());
            samples.push(sample);
            family
        };
        if current.as_ref() != Some(&family) {
            if finished_families.contains(&family) {
                return Err(at(format!("family {family} is split")));
            }
            if let Some(done) = current.replace(family) {
                finished_families.insert(done);
            }
        }
    }
    Ok((types, samples))
}

fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
        Ok(())
    } else {
        Err(format!("bad metric name {name:?}"))
    }
}

fn parse_sample(line: &str) -> Result<Sample, String> {
    let name_end = line.find(['{', ' ']).ok_or("no value")?;
    let name = &line[..name_end];
    check_name(name)?;
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(inner) = rest.strip_prefix('{') {
        let mut chars = inner.char_indices().peekable();
        loop {
            let Some(&(start, c)) = chars.peek() else {
                return Err("unterminated labels".into());
            };
            if c == '}' {
                rest = &inner[start + 1..];
                break;
            }
            let eq = inner[start..].find('=').ok_or("label without =")? + start;
            let label = &inner[start..eq];
            if label.is_empty()
                || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || label.starts_with(|c: char| c.is_ascii_digit())
            {
                return Err(format!("bad label name {label:?}"));
            }
            if !inner[eq + 1..].starts_with('"') {
                return Err("label value must be quoted".into());
            }
            while chars.peek().is_some_and(|&(i, _)| i <= eq + 1) {
                chars.next();
            }
            let mut value = String::new();
            loop {
                match chars.next() {
                    Some((_, '\\')) => match chars.next() {
                        Some((_, '\\')) => value.push('\\'),
                        Some((_, '"')) => value.push('"'),
                        Some((_, 'n')) => value.push('\n'),
                        other => return Err(format!("bad escape {other:?}")),
                    },
                    Some((_, '"')) => break,
                    Some((_, '\n')) | None => return Err("unterminated label value".into()),
                    Some((_, c)) => value.push(c),
                }
            }
            labels.push((label.to_owned(), value));
            if chars.peek().is_some_and(|&(_, c)| c == ',') {
                chars.next();
            }
        }
    }
    let mut words = rest
        .strip_prefix(' ')
        .ok_or("missing space before the value")?
        .split(' ');
    let value = words.next().ok_or("no value")?;
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        "NaN" => f64::NAN,
        other => other.parse().map_err(|_| format!("bad value {other:?}"))?,
    };
    if let Some(timestamp) = words.next() {
        timestamp.parse::<i64>().map_err(|_| "bad timestamp")?;
    }
    if words.next().is_some() {
        return Err("trailing text".into());
    }
    Ok(Sample {
        name: name.to_owned(),
        labels,
        value,
    })
}

fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| {
            s.name == name
                && s.labels.len() == labels.len()
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.iter().any(|(lk, lv)| lk == k && lv == v))
        })
        .map(|s| s.value)
}

#[test]
fn the_parser_rejects_what_prometheus_would() {
    for bad in [
        "x 1",                                   // no final newline
        "1x 1\n",                                // bad name
        "x{a=\"1} 1\n",                          // unterminated
        "x{a=1} 1\n",                            // unquoted
        "x one\n",                               // not a number
        "# TYPE x gauge\nx 1\n# TYPE x gauge\n", // two TYPE lines
        "x 1\ny 1\nx{a=\"b\"} 2\n",              // split family
        "x 1\nx 2\n",                            // duplicate series
        "x{a=\"\\q\"} 1\n",                      // bad escape
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
    let (_, samples) =
        parse("# HELP x a \\\\ b\n# TYPE x gauge\nx{a=\"q\\\"\\n\",b=\"\"} -Inf 12\n").unwrap();
    assert_eq!(samples[0].labels[0].1, "q\"\n");
}

#[test]
fn metrics_parse_as_prometheus_text_and_carry_the_state() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("tts \"v2\"", 0), ("db", 1)]);
    services[1].set_status(HealthStatus::degraded("replica down"));
    let ram = SimulatedSource::new("ram", Resource::Ram);
    ram.handle().set_usage(91, 100);
    let gpu = SimulatedSource::new("gpu", Resource::Gpu);
    gpu.handle().set_unavailable("no device");
    supervisor.add_source(Box::new(ram)).unwrap();
    supervisor.add_source(Box::new(gpu)).unwrap();
    let gate = ResourceGate::gpu(1000);
    supervisor.add_gate(&gate).unwrap();
    let _permit = gate.reserve(300, "inference").unwrap();
    let _ = gate.reserve(60, "reserve");
    let slow = supervisor.events().subscribe_with_capacity(1);
    supervisor.tick();
    supervisor.tick();

    let text = supervisor.metrics_text();
    let (types, samples) = parse(&text).unwrap_or_else(|err| panic!("{err}\n{text}"));
    let prefix = |name: &str| format!("health_monitor_{name}");
    assert_eq!(types[&prefix("ticks_total")], "counter");
    assert_eq!(types[&prefix("pressure_level")], "gauge");
    assert_eq!(value(&samples, &prefix("ticks_total"), &[]), Some(2.0));
    assert_eq!(
        value(&samples, &prefix("health_checks_total"), &[]),
        Some(4.0)
    );
    assert_eq!(value(&samples, &prefix("pressure_level"), &[]), Some(2.0));
    assert_eq!(
        value(
            &samples,
            &prefix("service_health"),
            &[("service", "tts \"v2\""), ("status", "healthy")]
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            &samples,
            &prefix("service_health"),
            &[("service", "db"), ("status", "degraded")]
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            &samples,
            &prefix("service_health"),
            &[("service", "db"), ("status", "healthy")]
        ),
        Some(0.0)
    );
    assert_eq!(
        value(&samples, &prefix("source_level"), &[("source", "gpu")]),
        Some(-1.0)
    );
    assert!(
        value(&samples, &prefix("source_fraction"), &[("source", "gpu")])
            .unwrap()
            .is_nan()
    );
    assert_eq!(
        value(
            &samples,
            &prefix("source_fraction"),
            &[("source", "gate:gpu")]
        ),
        Some(0.3)
    );
    assert_eq!(
        value(
            &samples,
            &prefix("gate_reserved_bytes"),
            &[("resource", "gpu"), ("subsystem", "inference")]
        ),
        Some(300.0)
    );
    assert_eq!(
        value(
            &samples,
            &prefix("gate_denials_total"),
            &[("resource", "gpu"), ("subsystem", "reserve")]
        ),
        Some(1.0)
    );
    assert!(value(&samples, &prefix("events_dropped_total"), &[]).unwrap() >= 1.0);
    assert!(value(&samples, &prefix("tick_duration_seconds"), &[]).unwrap() > 0.0);
    drop(slow);

    // Unregistered services leave the exposition.
    supervisor.unregister("db").unwrap();
    let (_, samples) = parse(&supervisor.metrics_text()).unwrap();
    assert!(
        !samples
            .iter()
            .any(|s| s.labels.iter().any(|(_, v)| v == "db"))
    );
}
