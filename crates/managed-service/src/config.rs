//! [`Configurable`]: parameters that can be changed while a module runs.

/// A module with parameters that can be read and changed at run time (a cache size, a
/// cadence, a batch limit), typically from an admin command.
///
/// Values are JSON so that one admin command can set any parameter of any module.
/// Implementations validate the value and its type in [`set_param`](Self::set_param).
///
/// # Examples
///
/// ```
/// use managed_service::Configurable;
/// use serde_json::{json, Value};
///
/// struct Cadence {
///     idle_cadence: u64,
/// }
///
/// impl Configurable for Cadence {
///     fn get_param(&self, name: &str) -> Option<Value> {
///         (name == "idleCadence").then(|| json!(self.idle_cadence))
///     }
///
///     fn set_param(&mut self, name: &str, value: Value) -> Result<(), String> {
///         match name {
///             "idleCadence" => {
///                 let cadence = value
///                     .as_u64()
///                     .filter(|c| (1..=8).contains(c))
///                     .ok_or_else(|| format!("idleCadence must be an integer 1..=8, got {value}"))?;
///                 self.idle_cadence = cadence;
///                 Ok(())
///             }
///             other => Err(format!("unknown parameter {other:?}")),
///         }
///     }
///
///     fn list_params(&self) -> Vec<(&str, &str)> {
///         vec![("idleCadence", "render every Nth frame while idle (1..=8)")]
///     }
/// }
///
/// let mut live = Cadence { idle_cadence: 1 };
/// live.set_param("idleCadence", json!(4))?;
/// assert_eq!(live.get_param("idleCadence"), Some(json!(4)));
/// assert!(live.set_param("idleCadence", json!("fast")).is_err());
/// assert_eq!(live.get_param("idleCadence"), Some(json!(4))); // unchanged after a refusal
/// # Ok::<(), String>(())
/// ```
pub trait Configurable: Send + Sync {
    /// The current value of parameter `name`, or `None` if the module has no such
    /// parameter.
    ///
    /// Every name returned by [`list_params`](Self::list_params) must give `Some`.
    fn get_param(&self, name: &str) -> Option<serde_json::Value>;

    /// Sets parameter `name` to `value`.
    ///
    /// The change takes effect as soon as the module can apply it; the module does not need
    /// a restart.
    ///
    /// # Errors
    ///
    /// Returns `Err(message)` for an unknown name, or a value of the wrong type or out of
    /// range. On error the parameter keeps its previous value.
    fn set_param(&mut self, name: &str, value: serde_json::Value) -> Result<(), String>;

    /// Every parameter as `(name, description)`, in a stable order, for admin listings.
    fn list_params(&self) -> Vec<(&str, &str)>;
}
