//! [`Builder`]: what to generate, and running the generator for a build script.

use std::env;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::cargo;
use crate::error::Error;
use crate::generator::Generator;
use crate::protocol::{Diagnostic, Request, Response, Severity, VERSION};

/// The folder under `OUT_DIR` that [`managed_service::include_generated!`] reads.
const DEFAULT_OUT_NAME: &str = "specgen";

/// What a successful generation produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The file to `include!` (what `include_generated!` includes).
    pub include: PathBuf,
    /// The generated files, relative to the output folder.
    pub files: Vec<String>,
    /// Every file and folder the generation read (watched with `rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// Warnings and notes (errors end in [`Error::Diagnostics`] instead).
    pub diagnostics: Vec<Diagnostic>,
}

/// Configures and runs the generator; see the crate docs for a complete `build.rs`.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Builder {
    specs: Vec<PathBuf>,
    adapter: Option<String>,
    scaffold_dir: Option<PathBuf>,
    config: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    out_name: Option<String>,
    manifest_dir: Option<PathBuf>,
    generator: Option<Generator>,
}

impl Builder {
    /// A builder with nothing configured: the project's `specgen.toml` decides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec file, relative to the crate root.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds a folder of specs (every `*.json` below it), relative to the crate root.
    pub fn spec_dir(self, path: impl AsRef<Path>) -> Self {
        self.spec(path)
    }

    /// Uses this adapter for every spec instead of each spec's own.
    pub fn adapter(mut self, name: impl Into<String>) -> Self {
        self.adapter = Some(name.into());
        self
    }

    /// Where your services live, one `<command_snake>.rs` each (default: `[rust]
    /// scaffold_dir` of `specgen.toml`).
    pub fn scaffold_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.scaffold_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Reads this config file instead of the `specgen.toml` found from the crate root up.
    pub fn config(mut self, path: impl AsRef<Path>) -> Self {
        self.config = Some(path.as_ref().to_path_buf());
        self
    }

    /// Writes into this folder instead of `$OUT_DIR/specgen` (it must be private to the
    /// build: everything in it may be replaced).
    pub fn out_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.out_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Writes into `$OUT_DIR/<name>`, for a crate that generates more than once; include
    /// it with `include_generated!("<name>")`.
    pub fn out_dir_name(mut self, name: impl Into<String>) -> Self {
        self.out_name = Some(name.into());
        self
    }

    /// The crate root that relative paths start from (default: `CARGO_MANIFEST_DIR`).
    pub fn manifest_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.manifest_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Runs this generator instead of discovering one.
    pub fn generator(mut self, generator: Generator) -> Self {
        self.generator = Some(generator);
        self
    }

    /// Generates, printing the `cargo::` lines of a build script on stdout.
    ///
    /// # Errors
    ///
    /// See [`Builder::compile_to`].
    pub fn compile(self) -> Result<Generated, Error> {
        self.compile_to(&mut io::stdout().lock())
    }

    /// Generates, writing the `cargo::` lines to `cargo_out`.
    ///
    /// # Errors
    ///
    /// - [`Error::GeneratorNotFound`] when no generator can be started;
    /// - [`Error::Io`] when `OUT_DIR`/`CARGO_MANIFEST_DIR` are missing outside cargo, or
    ///   the generator cannot be run;
    /// - [`Error::Protocol`] when the generator rejects the request or answers nonsense;
    /// - [`Error::Diagnostics`] when the specs have errors (each printed with its location).
    pub fn compile_to(self, cargo_out: &mut dyn Write) -> Result<Generated, Error> {
        let generator = match self.generator.clone() {
            Some(generator) => generator,
            None => Generator::discover()?,
        };
        let request = self.request()?;
        let body = serde_json::to_vec(&request).map_err(|error| Error::Protocol {
            message: format!("cannot encode the request: {error}"),
        })?;
        let stdout = generator.build_request(&body)?;
        let response: Response =
            serde_json::from_slice(&stdout).map_err(|error| Error::Protocol {
                message: format!(
                    "`{}` did not answer a build response ({error}); is it specgen?",
                    generator.display()
                ),
            })?;
        if response.version != VERSION {
            return Err(Error::Protocol {
                message: format!(
                    "response version {} is not {VERSION}: upgrade specgen-build or specgen so that they match",
                    response.version
                ),
            });
        }
        let emit = |result: io::Result<()>| {
            result.map_err(|source| Error::Io {
                action: "cannot write cargo output".to_owned(),
                source,
            })
        };
        emit(cargo::watch(cargo_out, &response.inputs))?;
        emit(cargo::report(cargo_out, &response.diagnostics))?;
        let errors: Vec<&Diagnostic> = response
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        match response.include {
            Some(include) if response.ok && errors.is_empty() => Ok(Generated {
                include,
                files: response.files,
                inputs: response.inputs,
                diagnostics: response.diagnostics,
            }),
            _ if !errors.is_empty() => Err(Error::Diagnostics {
                errors: errors.len(),
                text: errors
                    .iter()
                    .map(|d| d.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            }),
            _ => Err(Error::Protocol {
                message: format!("nothing was generated: {}", response.notes.join("; ")),
            }),
        }
    }

    fn request(&self) -> Result<Request, Error> {
        let manifest_dir = match &self.manifest_dir {
            Some(dir) => dir.clone(),
            None => cargo_dir("CARGO_MANIFEST_DIR")?,
        };
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => {
                cargo_dir("OUT_DIR")?.join(self.out_name.as_deref().unwrap_or(DEFAULT_OUT_NAME))
            }
        };
        let manifest_dir = absolute(&manifest_dir)?;
        Ok(Request {
            version: VERSION,
            out_dir: manifest_dir.join(out_dir),
            specs: self.specs.clone(),
            adapter: self.adapter.clone(),
            scaffold_dir: self.scaffold_dir.clone(),
            config: self.config.clone(),
            manifest_dir,
        })
    }
}

fn cargo_dir(name: &str) -> Result<PathBuf, Error> {
    env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| Error::Io {
            action: format!("{name} is not set"),
            source: io::Error::new(
                io::ErrorKind::NotFound,
                "run from a Cargo build script, or give the folder to the Builder",
            ),
        })
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(|source| Error::Io {
        action: format!("cannot make {} absolute", path.display()),
        source,
    })
}
