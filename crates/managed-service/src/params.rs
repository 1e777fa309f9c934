//! [`decode_params`]: a command's JSON params to a typed value, with the JSON path of what
//! is wrong (feature `serde`).

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::CommandError;

/// Decodes a command's `params` into `T`; on failure, a [`CommandError::InvalidParams`] that
/// says **where** the params are wrong.
///
/// This is what a [`ServiceModule`](crate::ServiceModule) calls first in
/// [`handle_command`](crate::ServiceModule::handle_command) (generated modules do:
/// `let params: GpuStatsParams = managed_service::decode_params(params)?;`). It is
/// `serde_json::from_value` with the path of the offending value tracked
/// (`serde_path_to_error`):
///
/// - an error inside the params names its path, in the message
///   (`at "subsystem": unknown variant ...`) and in
///   [`CommandError::params_path`] (`Some("subsystem")`), which a host sends to the caller
///   as `details.path`. Paths use the keys as they are on the wire (after serde renames):
///   `limits.maxTokens`, `items[2].name`;
/// - an error about the params as a whole (a missing field, an array where an object was
///   expected) has no path, and its message is serde's alone.
///
/// # Errors
///
/// [`CommandError::InvalidParams`] when `params` does not have the shape of `T`.
///
/// # Examples
///
/// ```
/// use managed_service::{CommandError, decode_params};
/// use serde::Deserialize;
/// use serde_json::json;
///
/// #[derive(Debug, Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// enum Subsystem { Inference, Tts }
///
/// #[derive(Debug, Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// struct GpuStatsParams { subsystem: Subsystem, max_samples: Option<u32> }
///
/// let ok: GpuStatsParams = decode_params(json!({ "subsystem": "tts", "maxSamples": 3 }))?;
/// assert_eq!(ok.max_samples, Some(3));
///
/// let err = decode_params::<GpuStatsParams>(json!({ "subsystem": "gpu" })).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid params: at \"subsystem\": unknown variant `gpu`, expected `inference` or `tts`"
/// );
/// assert_eq!(err.params_path(), Some("subsystem"));
///
/// // A problem with the params as a whole has no path.
/// let err = decode_params::<GpuStatsParams>(json!({})).unwrap_err();
/// assert_eq!(err.to_string(), "invalid params: missing field `subsystem`");
/// assert_eq!(err.params_path(), None);
/// # Ok::<(), CommandError>(())
/// ```
pub fn decode_params<T: DeserializeOwned>(params: Value) -> Result<T, CommandError> {
    serde_path_to_error::deserialize(params).map_err(|error| {
        // An empty path is the root: the params as a whole.
        let path = (error.path().iter().next().is_some()).then(|| error.path().to_string());
        let inner = error.into_inner();
        match path {
            Some(path) => CommandError::invalid_params_at(path, inner),
            None => CommandError::invalid_params(&inner),
        }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Item {
        name: String,
        weight_kg: f64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Order {
        items: Vec<Item>,
        #[serde(default)]
        tags: std::collections::BTreeMap<String, u8>,
    }

    fn decode(value: Value) -> Result<Order, CommandError> {
        decode_params(value)
    }

    #[test]
    fn decodes_valid_params() {
        let order = decode(json!({ "items": [{ "name": "a", "weightKg": 1.5 }] })).unwrap();
        assert_eq!(
            order.items,
            [Item {
                name: "a".to_owned(),
                weight_kg: 1.5
            }]
        );
    }

    #[test]
    fn nested_errors_name_the_wire_path() {
        let err = decode(json!({ "items": [
            { "name": "a", "weightKg": 1 },
            { "name": "b", "weightKg": "heavy" },
        ] }))
        .unwrap_err();
        assert_eq!(err.params_path(), Some("items[1].weightKg"));
        assert_eq!(
            err.to_string(),
            "invalid params: at \"items[1].weightKg\": \
             invalid type: string \"heavy\", expected f64"
        );
    }

    #[test]
    fn map_keys_are_part_of_the_path() {
        let err = decode(json!({ "items": [], "tags": { "size": 300 } })).unwrap_err();
        assert_eq!(err.params_path(), Some("tags.size"));
    }

    #[test]
    fn missing_fields_are_reported_at_their_parent() {
        let err = decode(json!({ "items": [{ "name": "a" }] })).unwrap_err();
        assert_eq!(err.params_path(), Some("items[0]"));
        assert!(
            err.to_string().ends_with("missing field `weightKg`"),
            "{err}"
        );
    }

    #[test]
    fn root_errors_have_no_path() {
        for (params, message) in [
            (json!(null), "invalid type: null, expected struct Order"),
            (
                json!("order"),
                "invalid type: string \"order\", expected struct Order",
            ),
            (json!({}), "missing field `items`"),
        ] {
            let err = decode(params).unwrap_err();
            assert_eq!(err.code(), "invalid_params");
            assert_eq!(err.params_path(), None, "{err}");
            assert_eq!(err.to_string(), format!("invalid params: {message}"));
        }
    }

    #[test]
    fn a_struct_given_as_an_array_is_read_by_position() {
        // serde accepts a struct as a sequence of its fields; the path is then an index.
        let err = decode(json!([1])).unwrap_err();
        assert_eq!(err.params_path(), Some("[0]"));
    }

    #[test]
    fn unknown_fields_are_reported() {
        let err = decode(json!({ "items": [], "colour": "red" })).unwrap_err();
        assert_eq!(err.code(), "invalid_params");
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn question_mark_gives_a_command_error() {
        fn handle(params: Value) -> Result<usize, CommandError> {
            let order: Order = decode_params(params)?;
            Ok(order.items.len())
        }
        assert_eq!(handle(json!({ "items": [] })), Ok(0));
        assert_eq!(handle(json!(7)).unwrap_err().code(), "invalid_params");
    }
}
