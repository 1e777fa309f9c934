//! Finding and running the generator: `SPECGEN`, then `specgen` on `PATH`, then
//! `python3 -m specgen`.

use std::env;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Error;

/// The environment variable that names the generator command.
pub(crate) const SPECGEN_ENV: &str = "SPECGEN";

/// A command that runs specgen: a program and the arguments before `build-request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generator {
    program: OsString,
    args: Vec<OsString>,
}

impl Generator {
    /// A generator run as `program args... build-request`.
    #[must_use]
    pub fn new(
        program: impl Into<OsString>,
        args: impl IntoIterator<Item = impl Into<OsString>>,
    ) -> Self {
        Self {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// The generator the environment provides (see the crate docs for the order).
    ///
    /// # Errors
    ///
    /// [`Error::GeneratorNotFound`] when none of the candidates can be started.
    pub fn discover() -> Result<Self, Error> {
        let mut tried = Vec::new();
        if let Some(value) = env::var_os(SPECGEN_ENV) {
            let text = value.to_string_lossy().into_owned();
            let mut words = text.split_whitespace();
            if let Some(program) = words.next() {
                return Ok(Self::new(program, words));
            }
            tried.push(format!("{SPECGEN_ENV} (set but empty)"));
        }
        if let Some(found) = find_on_path("specgen") {
            return Ok(Self::new(found, Vec::<OsString>::new()));
        }
        tried.push("`specgen` on PATH".to_owned());
        let python = Self::new("python3", ["-m", "specgen"]);
        if python.answers_version() {
            return Ok(python);
        }
        tried.push("`python3 -m specgen`".to_owned());
        Err(Error::GeneratorNotFound { tried })
    }

    /// The command line, for messages.
    #[must_use]
    pub fn display(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|part| part.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        command
    }

    fn answers_version(&self) -> bool {
        self.command()
            .arg("--version")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    /// Runs `build-request` with `request` on stdin; returns its stdout.
    pub(crate) fn build_request(&self, request: &[u8]) -> Result<Vec<u8>, Error> {
        let shown = self.display();
        let mut child = self
            .command()
            .arg("build-request")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| Error::Io {
                action: format!("cannot start the generator `{shown}`"),
                source,
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(request).map_err(|source| Error::Io {
                action: format!("cannot send the request to `{shown}`"),
                source,
            })?;
        }
        let output = child.wait_with_output().map_err(|source| Error::Io {
            action: format!("`{shown} build-request` did not finish"),
            source,
        })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(Error::Protocol {
                message: format!(
                    "`{shown} build-request` exited with {}: {}",
                    output.status,
                    stderr.trim()
                ),
            });
        }
        Ok(output.stdout)
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|folder| folder.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_joins_program_and_arguments() {
        let generator = Generator::new("python3", ["-m", "specgen"]);
        assert_eq!(generator.display(), "python3 -m specgen");
    }

    #[test]
    fn a_program_that_fails_is_a_protocol_error_with_its_stderr() {
        let generator = Generator::new("sh", ["-c", "echo 'bad request' >&2; exit 2", "sh"]);
        let error = generator
            .build_request(b"{}")
            .expect_err("the program fails");
        let text = error.to_string();
        assert!(text.contains("bad request"), "{text}");
    }

    #[test]
    fn a_missing_program_is_an_io_error_naming_it() {
        let generator = Generator::new("/nonexistent/specgen", Vec::<OsString>::new());
        let error = generator.build_request(b"{}").expect_err("cannot start");
        assert!(
            error.to_string().contains("/nonexistent/specgen"),
            "{error}"
        );
    }
}
