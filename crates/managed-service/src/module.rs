//! [`ServiceModule`] and [`ModuleConfig`]: the command side of a service.

use std::sync::Arc;

use serde_json::Value;

use crate::{CommandError, ModuleError};

/// What a [`ServiceModule`] is called and which commands it owns.
///
/// Commands are slash-separated names (`gpu/stats`); a module owns every command that starts
/// with one of its prefixes. Prefixes normally end in `/` (`"gpu/"`), so that `gpu/` does not
/// also capture `gpustats/…`. An empty prefix owns every command (a catch-all module).
///
/// With the `serde` feature the JSON form is `{ "name": "gpu", "commandPrefixes": ["gpu/"] }`.
///
/// # Examples
///
/// ```
/// use managed_service::ModuleConfig;
///
/// let config = ModuleConfig::new("gpu", ["gpu/", "system/pressure"]);
/// assert!(config.owns("gpu/stats"));
/// assert!(config.owns("system/pressure"));
/// assert!(!config.owns("gpustats"));
/// assert!(!config.owns("chat/send"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleConfig {
    /// The module's name, for logs and errors (`"gpu"`).
    pub name: String,
    /// The command prefixes this module owns (`["gpu/"]`).
    pub command_prefixes: Vec<String>,
}

impl ModuleConfig {
    /// A config with a name and the prefixes it owns.
    #[must_use]
    pub fn new<P: Into<String>>(
        name: impl Into<String>,
        command_prefixes: impl IntoIterator<Item = P>,
    ) -> Self {
        Self {
            name: name.into(),
            command_prefixes: command_prefixes.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether `command` starts with one of this module's prefixes.
    #[must_use]
    pub fn owns(&self, command: &str) -> bool {
        self.matching_prefix(command).is_some()
    }

    /// The longest of this module's prefixes that `command` starts with, if any.
    ///
    /// A host that routes among several modules whose prefixes overlap (`gpu/` and
    /// `gpu/admin/`) gives the command to the module with the longest match.
    ///
    /// ```
    /// # use managed_service::ModuleConfig;
    /// let config = ModuleConfig::new("gpu", ["gpu/", "gpu/admin/"]);
    /// assert_eq!(config.matching_prefix("gpu/admin/reset"), Some("gpu/admin/"));
    /// assert_eq!(config.matching_prefix("gpu/stats"), Some("gpu/"));
    /// assert_eq!(config.matching_prefix("tts/speak"), None);
    /// ```
    #[must_use]
    pub fn matching_prefix(&self, command: &str) -> Option<&str> {
        self.command_prefixes
            .iter()
            .filter(|prefix| command.starts_with(prefix.as_str()))
            .max_by_key(|prefix| prefix.len())
            .map(String::as_str)
    }
}

/// The Rust side of a command module: a host routes each incoming command (from the
/// TypeScript IPC client) to the module whose [`ModuleConfig`] owns it.
///
/// The trait is **synchronous**. A host runs modules on its own threads: it may call
/// [`handle_command`](Self::handle_command) from several threads at once, [`tick`](Self::tick)
/// from a timer thread, and [`handle_event`](Self::handle_event) from its event thread. So a
/// module keeps its state behind `Mutex`/atomics, and a module that needs async I/O owns its
/// own runtime and blocks on it (or hands the work to it) inside the call.
///
/// Call order, as a host guarantees it:
///
/// 1. [`config`](Self::config), to learn the prefixes;
/// 2. [`initialize`](Self::initialize), once; on `Err` the module is never served;
/// 3. any number of `handle_command`, `handle_event` and `tick` calls, concurrently;
/// 4. [`shutdown`](Self::shutdown), once, after which nothing else is called.
///
/// Only `config` and `handle_command` must be written; the rest default to doing nothing.
/// The trait is dyn-compatible, and `&T`, `Box<T>` and `Arc<T>` implement it when `T` does.
///
/// # Panics
///
/// No method should panic. A host catches a panic in `handle_command` and answers the
/// caller with [`CommandError::Failed`]; a panic elsewhere is logged and the module marked
/// unhealthy.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use managed_service::{CommandError, ModuleConfig, ServiceModule};
/// use serde_json::{json, Value};
///
/// struct GpuModule {
///     total_vram_mb: u64,
///     ticks: AtomicU64,
/// }
///
/// impl ServiceModule for GpuModule {
///     fn config(&self) -> ModuleConfig {
///         ModuleConfig::new("gpu", ["gpu/"])
///     }
///
///     fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
///         match command {
///             "gpu/stats" => {
///                 let subsystem = match params.get("subsystem") {
///                     None | Some(Value::Null) => None,
///                     Some(Value::String(s)) => Some(s.clone()),
///                     Some(other) => {
///                         return Err(CommandError::invalid_params_message(format!(
///                             "subsystem: expected a string, got {other}"
///                         )));
///                     }
///                 };
///                 Ok(json!({ "totalVramMb": self.total_vram_mb, "subsystem": subsystem }))
///             }
///             "gpu/reset" => Err(CommandError::not_implemented(command)),
///             _ => Err(CommandError::unknown_command(command)),
///         }
///     }
///
///     fn tick(&self) {
///         self.ticks.fetch_add(1, Ordering::Relaxed);
///     }
/// }
///
/// let gpu = GpuModule { total_vram_mb: 24_576, ticks: AtomicU64::new(0) };
/// assert!(gpu.config().owns("gpu/stats"));
/// gpu.initialize()?; // the default does nothing
///
/// let stats = gpu.handle_command("gpu/stats", json!({ "subsystem": "tts" }))?;
/// assert_eq!(stats, json!({ "totalVramMb": 24_576, "subsystem": "tts" }));
///
/// let err = gpu.handle_command("gpu/stats", json!({ "subsystem": 7 })).unwrap_err();
/// assert_eq!(err.code(), "invalid_params");
/// assert_eq!(gpu.handle_command("gpu/nope", json!({})).unwrap_err().code(), "unknown_command");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Handlers cannot be `async`; the signature is a plain function:
///
/// ```compile_fail,E0053
/// use managed_service::{CommandError, ModuleConfig, ServiceModule};
/// use serde_json::Value;
///
/// struct Remote;
///
/// impl ServiceModule for Remote {
///     fn config(&self) -> ModuleConfig { ModuleConfig::new("remote", ["remote/"]) }
///     async fn handle_command(&self, _: &str, params: Value) -> Result<Value, CommandError> {
///         Ok(params)
///     }
/// }
/// ```
pub trait ServiceModule: Send + Sync {
    /// The module's name and the command prefixes it owns.
    ///
    /// A host reads it when the module is registered and may read it again; it must return
    /// the same value every time.
    fn config(&self) -> ModuleConfig;

    /// Prepares the module to serve commands. The default does nothing and succeeds.
    ///
    /// Called once, before any command, event or tick.
    ///
    /// # Errors
    ///
    /// Returns a [`ModuleError`] if the module cannot serve (a missing device, an unreadable
    /// file). The host then never routes commands to it, and answers them with
    /// [`CommandError::Unavailable`].
    fn initialize(&self) -> Result<(), ModuleError> {
        Ok(())
    }

    /// Runs one command and returns its JSON result.
    ///
    /// `command` is the full name (`gpu/stats`), one this module [owns](ModuleConfig::owns);
    /// `params` is the caller's JSON object (`{}` when there were none). May be called from
    /// several threads at once. The result is sent back to the caller as is, so its keys
    /// should be camelCase, as the TypeScript side expects.
    ///
    /// # Errors
    ///
    /// Returns a [`CommandError`] whose variant tells the caller what to do; see its table.
    /// In short: [`UnknownCommand`](CommandError::UnknownCommand) for a name the module does
    /// not handle, [`InvalidParams`](CommandError::InvalidParams) for badly shaped `params`,
    /// [`NotImplemented`](CommandError::NotImplemented) for a generated stub,
    /// [`Unavailable`](CommandError::Unavailable) while unhealthy or shedding load, and
    /// [`Failed`](CommandError::Failed) otherwise.
    fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError>;

    /// Receives an event broadcast by the host (`system:health:snapshot`, another module's
    /// events). The default ignores every event.
    ///
    /// Called from the host's event thread; it must return quickly and must not fail — a
    /// module that cannot use an event ignores it.
    fn handle_event(&self, name: &str, payload: &Value) {
        let _ = (name, payload);
    }

    /// Periodic housekeeping (expire caches, refresh statistics). The default does nothing.
    ///
    /// Called on the host's timer at an interval the host chooses, never concurrently with
    /// itself. Keep it short: a slow tick delays the next one.
    fn tick(&self) {}

    /// Stops the module and releases its resources. The default does nothing.
    ///
    /// Called once, after the last command has finished; nothing is called afterwards.
    fn shutdown(&self) {}
}

impl<T: ServiceModule + ?Sized> ServiceModule for &T {
    fn config(&self) -> ModuleConfig {
        (**self).config()
    }
    fn initialize(&self) -> Result<(), ModuleError> {
        (**self).initialize()
    }
    fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
        (**self).handle_command(command, params)
    }
    fn handle_event(&self, name: &str, payload: &Value) {
        (**self).handle_event(name, payload);
    }
    fn tick(&self) {
        (**self).tick();
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

impl<T: ServiceModule + ?Sized> ServiceModule for Box<T> {
    fn config(&self) -> ModuleConfig {
        (**self).config()
    }
    fn initialize(&self) -> Result<(), ModuleError> {
        (**self).initialize()
    }
    fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
        (**self).handle_command(command, params)
    }
    fn handle_event(&self, name: &str, payload: &Value) {
        (**self).handle_event(name, payload);
    }
    fn tick(&self) {
        (**self).tick();
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

impl<T: ServiceModule + ?Sized> ServiceModule for Arc<T> {
    fn config(&self) -> ModuleConfig {
        (**self).config()
    }
    fn initialize(&self) -> Result<(), ModuleError> {
        (**self).initialize()
    }
    fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
        (**self).handle_command(command, params)
    }
    fn handle_event(&self, name: &str, payload: &Value) {
        (**self).handle_event(name, payload);
    }
    fn tick(&self) {
        (**self).tick();
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::json;

    use super::*;

    /// Implements only the two required methods and records what reaches it.
    #[derive(Default)]
    struct Echo {
        seen: Mutex<Vec<String>>,
    }

    impl ServiceModule for Echo {
        fn config(&self) -> ModuleConfig {
            ModuleConfig::new("echo", ["echo/"])
        }
        fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
            self.seen.lock().unwrap().push(command.to_owned());
            match command {
                "echo/say" => Ok(params),
                _ => Err(CommandError::unknown_command(command)),
            }
        }
    }

    #[test]
    fn owns_matches_by_prefix_only() {
        let config = ModuleConfig::new("gpu", ["gpu/"]);
        assert!(config.owns("gpu/stats"));
        assert!(config.owns("gpu/"));
        assert!(!config.owns("gpu"));
        assert!(!config.owns("GPU/stats"));
        assert!(!config.owns("system/gpu/stats"));
        assert!(!ModuleConfig::new("none", Vec::<String>::new()).owns("gpu/stats"));
        assert!(ModuleConfig::new("all", [""]).owns("anything/at/all"));
    }

    #[test]
    fn longest_prefix_wins() {
        let config = ModuleConfig::new("gpu", ["gpu/admin/", "gpu/"]);
        assert_eq!(
            config.matching_prefix("gpu/admin/reset"),
            Some("gpu/admin/")
        );
        assert_eq!(config.matching_prefix("gpu/stats"), Some("gpu/"));
    }

    #[test]
    fn defaults_do_nothing_and_succeed() {
        let echo = Echo::default();
        assert!(echo.initialize().is_ok());
        echo.handle_event("system:health:snapshot", &json!({}));
        echo.tick();
        echo.shutdown();
        assert!(echo.seen.lock().unwrap().is_empty());
    }

    #[test]
    fn wrappers_forward_commands() {
        let shared = Arc::new(Echo::default());
        let modules: Vec<Box<dyn ServiceModule>> =
            vec![Box::new(Arc::clone(&shared)), Box::new(Echo::default())];
        let by_ref: &dyn ServiceModule = &modules[0];
        assert_eq!(by_ref.config().name, "echo");
        assert_eq!(
            by_ref.handle_command("echo/say", json!({ "a": 1 })),
            Ok(json!({ "a": 1 }))
        );
        assert_eq!(
            modules[0].handle_command("echo/shout", json!({})),
            Err(CommandError::unknown_command("echo/shout"))
        );
        assert_eq!(*shared.seen.lock().unwrap(), ["echo/say", "echo/shout"]);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn config_serialises_in_camel_case() {
        let config = ModuleConfig::new("gpu", ["gpu/"]);
        let value = serde_json::to_value(&config).unwrap();
        assert_eq!(value, json!({ "name": "gpu", "commandPrefixes": ["gpu/"] }));
        assert_eq!(
            serde_json::from_value::<ModuleConfig>(value).unwrap(),
            config
        );
    }

    #[cfg(feature = "ts")]
    #[test]
    fn config_typescript_declaration() {
        use ts_rs::{Config, TS};
        // Field docs travel into the declaration as JSDoc.
        assert_eq!(
            ModuleConfig::decl(&Config::new()),
            concat!(
                "type ModuleConfig = { \n",
                "/**\n * The module's name, for logs and errors (`\"gpu\"`).\n */\n",
                "name: string, \n",
                "/**\n * The command prefixes this module owns (`[\"gpu/\"]`).\n */\n",
                "commandPrefixes: Array<string>, };",
            )
        );
    }
}
