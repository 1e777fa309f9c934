//! The wire format, as `runtimes/typescript/src/frame.ts` and `ipc.ts` fix it: frames of a
//! 4-byte big-endian length and that many bytes of UTF-8 JSON; requests
//! `{ "command": string, "params": unknown }`; replies `{ "success": true, "result": ... }`
//! or `{ "success": false, "error": { "kind", "message", "details"? } }`.

use std::io::{self, Read, Write};

use managed_service::CommandError;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// The default largest frame payload accepted or sent: 16 MiB, as on the TypeScript side.
pub const DEFAULT_MAX_FRAME_BYTES: usize = 16 * 1024 * 1024;

/// The size of the length prefix.
const HEADER_BYTES: usize = 4;

/// Why no frame could be read.
#[derive(Debug)]
pub(crate) enum FrameError {
    /// The stream ended, or failed, before the frame was complete.
    Closed,
    /// The announced length is over the limit; the stream cannot be resynchronised.
    TooLarge { length: u64, max: usize },
}

/// Reads one frame's payload; `Ok(None)` at a clean end of stream (between frames).
pub(crate) fn read_frame(
    reader: &mut impl Read,
    max: usize,
) -> Result<Option<Vec<u8>>, FrameError> {
    let mut header = [0_u8; HEADER_BYTES];
    let mut filled = 0;
    while filled < HEADER_BYTES {
        match reader.read(&mut header[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(FrameError::Closed),
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(FrameError::Closed),
        }
    }
    let length = u32::from_be_bytes(header);
    let Some(length) = usize::try_from(length).ok().filter(|&length| length <= max) else {
        return Err(FrameError::TooLarge {
            length: u64::from(length),
            max,
        });
    };
    let mut payload = vec![0; length];
    reader
        .read_exact(&mut payload)
        .map_err(|_| FrameError::Closed)?;
    Ok(Some(payload))
}

/// Writes one frame.
pub(crate) fn write_frame(writer: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let length = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame over 4 GiB"))?;
    let mut frame = Vec::with_capacity(HEADER_BYTES + payload.len());
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(payload);
    writer.write_all(&frame)?;
    writer.flush()
}

/// A decoded request.
#[derive(Debug, PartialEq)]
pub(crate) struct Request {
    pub(crate) command: String,
    /// The caller's params; `{}` when they were missing or `null`.
    pub(crate) params: Value,
}

/// Decodes a frame's payload into a request, or the error reply it gets.
pub(crate) fn decode_request(payload: &[u8]) -> Result<Request, Failure> {
    let value: Value = serde_json::from_slice(payload).map_err(|error| {
        Failure::new(
            "invalid_params",
            format!("the request is not valid JSON: {error}"),
        )
    })?;
    let Value::Object(mut object) = value else {
        return Err(not_a_request());
    };
    let Some(Value::String(command)) = object.remove("command") else {
        return Err(not_a_request());
    };
    let params = match object.remove("params") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(params) => params,
    };
    Ok(Request { command, params })
}

fn not_a_request() -> Failure {
    Failure::new(
        "invalid_params",
        "the request must be a JSON object with a string \"command\" and optional \"params\"",
    )
}

/// An error reply: a kind (a [`CommandError::code`] slug), a message for people, and
/// optional structured details.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Failure {
    pub(crate) kind: &'static str,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) details: Option<Value>,
}

impl Failure {
    pub(crate) fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            details: None,
        }
    }

    pub(crate) fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }
}

impl From<CommandError> for Failure {
    /// The message is the error's `Display` text, except for
    /// [`Unavailable`](CommandError::Unavailable), whose reason is sent as is (the kind
    /// already says "unavailable"). Invalid params with a path carry `details.path`.
    fn from(error: CommandError) -> Self {
        let details = error.params_path().map(|path| json!({ "path": path }));
        let message = match &error {
            CommandError::Unavailable { reason } => reason.clone(),
            other => other.to_string(),
        };
        Self {
            kind: error.code(),
            message,
            details,
        }
    }
}

/// The payload of the reply to a request.
pub(crate) fn encode_reply(outcome: &Result<Value, Failure>, max: usize) -> Vec<u8> {
    let encoded = match outcome {
        Ok(result) => serde_json::to_vec(&json!({ "success": true, "result": result })),
        Err(failure) => serde_json::to_vec(&json!({ "success": false, "error": failure })),
    };
    match encoded {
        Ok(bytes) if bytes.len() <= max => bytes,
        Ok(bytes) => encode_failure(&Failure::new(
            "failed",
            format!(
                "the reply of {} bytes exceeds the frame limit of {max} bytes",
                bytes.len()
            ),
        )),
        Err(error) => encode_failure(&Failure::new(
            "failed",
            format!("the reply cannot be written as JSON: {error}"),
        )),
    }
}

/// The payload of an error reply (always small enough, always encodable).
pub(crate) fn encode_failure(failure: &Failure) -> Vec<u8> {
    serde_json::to_vec(&json!({ "success": false, "error": failure })).unwrap_or_else(|_| {
        br#"{"success":false,"error":{"kind":"failed","message":"internal error"}}"#.to_vec()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_frame(&mut out, payload).unwrap();
        out
    }

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut bytes = frame(b"{\"a\":1}");
        bytes.extend(frame(b""));
        let mut reader = bytes.as_slice();
        assert_eq!(read_frame(&mut reader, 64).unwrap().unwrap(), b"{\"a\":1}");
        assert_eq!(read_frame(&mut reader, 64).unwrap().unwrap(), b"");
        assert!(read_frame(&mut reader, 64).unwrap().is_none());
    }

    #[test]
    fn the_header_is_big_endian() {
        assert_eq!(&frame(&[7; 258])[..4], &[0, 0, 1, 2]);
    }

    #[test]
    fn truncated_and_oversized_frames_are_errors() {
        let bytes = frame(b"hello");
        assert!(matches!(
            read_frame(&mut &bytes[..2], 64),
            Err(FrameError::Closed)
        ));
        assert!(matches!(
            read_frame(&mut &bytes[..7], 64),
            Err(FrameError::Closed)
        ));
        assert!(matches!(
            read_frame(&mut bytes.as_slice(), 4),
            Err(FrameError::TooLarge { length: 5, max: 4 })
        ));
    }

    #[test]
    fn requests_default_their_params_to_an_empty_object() {
        let request = decode_request(br#"{"command":"gpu/stats"}"#).unwrap();
        assert_eq!(request.params, json!({}));
        let request = decode_request(br#"{"command":"gpu/stats","params":null}"#).unwrap();
        assert_eq!(request.params, json!({}));
        let request = decode_request(br#"{"command":"x","params":[1]}"#).unwrap();
        assert_eq!(request.params, json!([1]));
    }

    #[test]
    fn malformed_requests_are_invalid_params() {
        let failure = decode_request(b"{nope").unwrap_err();
        assert_eq!(failure.kind, "invalid_params");
        assert!(
            failure
                .message
                .starts_with("the request is not valid JSON: ")
        );
        for payload in [&b"[1]"[..], br#"{"command":7}"#, br#"{"params":{}}"#] {
            assert_eq!(decode_request(payload).unwrap_err(), not_a_request());
        }
    }

    #[test]
    fn command_errors_become_failures() {
        let failure = Failure::from(CommandError::invalid_params_at("subsystem", "bad"));
        assert_eq!(failure.kind, "invalid_params");
        assert_eq!(failure.message, "invalid params: at \"subsystem\": bad");
        assert_eq!(failure.details, Some(json!({ "path": "subsystem" })));
        let failure = Failure::from(CommandError::unavailable("warming up"));
        assert_eq!(
            (failure.kind, failure.message.as_str()),
            ("unavailable", "warming up")
        );
        assert_eq!(failure.details, None);
    }

    #[test]
    fn replies_have_the_documented_shape() {
        let ok: Value =
            serde_json::from_slice(&encode_reply(&Ok(json!({ "n": 1 })), 1024)).unwrap();
        assert_eq!(ok, json!({ "success": true, "result": { "n": 1 } }));
        let err: Value = serde_json::from_slice(&encode_reply(
            &Err(Failure::new("failed", "boom").with_details(json!({ "x": 1 }))),
            1024,
        ))
        .unwrap();
        assert_eq!(
            err,
            json!({ "success": false, "error": { "kind": "failed", "message": "boom", "details": { "x": 1 } } })
        );
    }

    #[test]
    fn an_oversized_reply_becomes_a_failure() {
        let reply: Value =
            serde_json::from_slice(&encode_reply(&Ok(json!("x".repeat(100))), 64)).unwrap();
        assert_eq!(reply["error"]["kind"], "failed");
        assert!(
            reply["error"]["message"]
                .as_str()
                .unwrap()
                .contains("exceeds the frame limit of 64 bytes")
        );
    }
}
