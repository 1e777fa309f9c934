//! The JSON exchanged with `specgen build-request` (protocol version 1).
//!
//! The request goes to the generator's stdin; the response comes back on its stdout. The
//! Python side (`specgen.build`) documents the same shapes.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The protocol version this crate speaks.
pub(crate) const VERSION: u32 = 1;

/// What the build script asks for.
#[derive(Debug, Serialize)]
pub(crate) struct Request {
    pub(crate) version: u32,
    pub(crate) manifest_dir: PathBuf,
    pub(crate) out_dir: PathBuf,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) specs: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) adapter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) scaffold_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) config: Option<PathBuf>,
}

/// What the generator answers.
#[derive(Debug, Deserialize)]
pub(crate) struct Response {
    pub(crate) version: u32,
    pub(crate) ok: bool,
    pub(crate) include: Option<PathBuf>,
    #[serde(default)]
    pub(crate) files: Vec<String>,
    #[serde(default)]
    pub(crate) inputs: Vec<PathBuf>,
    #[serde(default)]
    pub(crate) diagnostics: Vec<Diagnostic>,
    #[serde(default)]
    pub(crate) notes: Vec<String>,
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing was generated.
    Error,
    /// Generated, but something deserves a look.
    Warning,
    /// For information.
    Note,
}

/// A problem the generator found, located in a spec or config file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The stable code, e.g. `SG203` (documented in specgen's docs/diagnostics.md).
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it (may be empty).
    #[serde(default)]
    pub hint: String,
    /// The file, as the generator names it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The whole diagnostic on one line: `file:line:col: severity[CODE] message; hint: ...`.
    pub text: String,
}
