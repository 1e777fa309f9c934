//! The `cargo::` lines a build script prints: what to watch, warnings and errors.

use std::io::{self, Write};
use std::path::Path;

use crate::generator::SPECGEN_ENV;
use crate::protocol::{Diagnostic, Severity};

/// One line of cargo output per item; `text` never spans lines (cargo reads line by line).
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// Prints `cargo::rerun-if-changed` for every input and `rerun-if-env-changed` for SPECGEN.
pub(crate) fn watch(out: &mut dyn Write, inputs: &[impl AsRef<Path>]) -> io::Result<()> {
    for input in inputs {
        writeln!(
            out,
            "cargo::rerun-if-changed={}",
            one_line(&input.as_ref().to_string_lossy())
        )?;
    }
    writeln!(out, "cargo::rerun-if-env-changed={SPECGEN_ENV}")
}

/// Prints each diagnostic: errors as `cargo::error`, the rest as `cargo::warning`.
pub(crate) fn report(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for diagnostic in diagnostics {
        let kind = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Note => "warning",
        };
        writeln!(out, "cargo::{kind}={}", one_line(&diagnostic.text))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(severity: Severity, text: &str) -> Diagnostic {
        Diagnostic {
            severity,
            code: "SG203".to_owned(),
            message: "unknown type".to_owned(),
            hint: String::new(),
            file: "specs/x.json".to_owned(),
            line: 3,
            column: 7,
            text: text.to_owned(),
        }
    }

    #[test]
    fn errors_and_warnings_become_cargo_lines() {
        let mut out = Vec::new();
        let found = [
            diagnostic(
                Severity::Error,
                "specs/x.json:3:7: error[SG203] unknown type",
            ),
            diagnostic(
                Severity::Warning,
                "specs/x.json:1:1: warning[SG113]\nsecond line",
            ),
        ];
        report(&mut out, &found).expect("in memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "cargo::error=specs/x.json:3:7: error[SG203] unknown type\n\
             cargo::warning=specs/x.json:1:1: warning[SG113] second line\n"
        );
    }

    #[test]
    fn every_input_is_watched_and_the_generator_variable_too() {
        let mut out = Vec::new();
        watch(&mut out, &["specs/a.json", "specgen.toml"]).expect("in memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "cargo::rerun-if-changed=specs/a.json\n\
             cargo::rerun-if-changed=specgen.toml\n\
             cargo::rerun-if-env-changed=SPECGEN\n"
        );
    }
}
