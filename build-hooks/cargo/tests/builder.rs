//! The Builder against a stand-in generator (a shell script): the request it sends, the
//! cargo lines it prints, and how it fails.

use std::fs;
use std::path::{Path, PathBuf};

use specgen_build::{Builder, Error, Generator};

/// A scratch folder per test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("specgen-build-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch folder");
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A generator that saves its stdin to `request.json` and answers `response`.
fn stand_in(dir: &Path, response: &str) -> Generator {
    let answer = dir.join("response.json");
    fs::write(&answer, response).expect("response file");
    let script = format!(
        "cat > '{}'; cat '{}'",
        dir.join("request.json").display(),
        answer.display()
    );
    Generator::new("sh", ["-c", script.as_str(), "stand-in"])
}

fn builder(dir: &Path, response: &str) -> Builder {
    Builder::new()
        .manifest_dir(dir)
        .out_dir(dir.join("out"))
        .spec("specs/gpu-stats.json")
        .generator(stand_in(dir, response))
}

const OK: &str = r#"{
  "version": 1, "ok": true, "include": "/out/specgen.rs", "files": ["rust/gpu_stats/wire.rs"],
  "inputs": ["/p/specs/gpu-stats.json", "/p/specgen.toml"],
  "diagnostics": [{"severity": "warning", "code": "SG602", "message": "m", "hint": "", "file": "f",
                   "line": 1, "column": 1, "text": "f:1:1: warning[SG602] m"}],
  "notes": []
}"#;

#[test]
fn sends_a_version_1_request_with_absolute_folders() {
    let scratch = Scratch::new("request");
    builder(&scratch.0, OK)
        .adapter("rust-ipc")
        .compile_to(&mut Vec::new())
        .expect("generated");
    let request: serde_json::Value =
        serde_json::from_slice(&fs::read(scratch.0.join("request.json")).expect("request saved"))
            .expect("JSON request");
    assert_eq!(request["version"], 1);
    assert_eq!(
        request["manifest_dir"],
        scratch.0.to_str().expect("utf-8 path")
    );
    assert_eq!(
        request["out_dir"],
        scratch.0.join("out").to_str().expect("utf-8 path")
    );
    assert_eq!(
        request["specs"],
        serde_json::json!(["specs/gpu-stats.json"])
    );
    assert_eq!(request["adapter"], "rust-ipc");
    assert!(request.get("scaffold_dir").is_none());
}

#[test]
fn watches_every_input_and_reports_warnings() {
    let scratch = Scratch::new("watch");
    let mut cargo = Vec::new();
    let generated = builder(&scratch.0, OK)
        .compile_to(&mut cargo)
        .expect("generated");
    assert_eq!(generated.include, PathBuf::from("/out/specgen.rs"));
    assert_eq!(generated.files, ["rust/gpu_stats/wire.rs"]);
    assert_eq!(
        String::from_utf8(cargo).expect("utf-8"),
        "cargo::rerun-if-changed=/p/specs/gpu-stats.json\n\
         cargo::rerun-if-changed=/p/specgen.toml\n\
         cargo::rerun-if-env-changed=SPECGEN\n\
         cargo::warning=f:1:1: warning[SG602] m\n"
    );
}

#[test]
fn spec_errors_fail_with_their_locations() {
    let scratch = Scratch::new("errors");
    let response = r#"{"version": 1, "ok": false, "include": null, "inputs": ["/p/specs/x.json"],
      "diagnostics": [{"severity": "error", "code": "SG203", "message": "unknown type 'Strng'",
        "hint": "", "file": "specs/x.json", "line": 12, "column": 20,
        "text": "specs/x.json:12:20: error[SG203] unknown type 'Strng'"}]}"#;
    let mut cargo = Vec::new();
    let error = builder(&scratch.0, response)
        .compile_to(&mut cargo)
        .expect_err("errors fail the build");
    assert!(
        matches!(error, Error::Diagnostics { errors: 1, .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("specs/x.json:12:20: error[SG203]")
    );
    let cargo = String::from_utf8(cargo).expect("utf-8");
    assert!(cargo.contains("cargo::error=specs/x.json:12:20: error[SG203] unknown type 'Strng'\n"));
    assert!(
        cargo.contains("cargo::rerun-if-changed=/p/specs/x.json\n"),
        "still watched: {cargo}"
    );
}

#[test]
fn an_answer_that_is_not_a_response_is_a_protocol_error() {
    let scratch = Scratch::new("garbage");
    let error = builder(&scratch.0, "Usage: something else")
        .compile_to(&mut Vec::new())
        .expect_err("not JSON");
    assert!(matches!(error, Error::Protocol { .. }));
    assert!(error.to_string().contains("is it specgen?"), "{error}");
}

#[test]
fn another_protocol_version_is_refused() {
    let scratch = Scratch::new("version");
    let error = builder(&scratch.0, r#"{"version": 2, "ok": true, "include": "/x"}"#)
        .compile_to(&mut Vec::new())
        .expect_err("version 2");
    assert!(
        error.to_string().contains("response version 2 is not 1"),
        "{error}"
    );
}
