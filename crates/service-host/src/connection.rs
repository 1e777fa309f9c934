//! One client connection: a reader thread that decodes requests and starts one worker
//! thread per request, and a writer thread that sends the replies in the order the requests
//! came (the protocol has no request id, so order is the only correlation).
//!
//! ```text
//!  socket ──read──▶ reader ──spawn──▶ worker (dispatch) ──reply──┐
//!                     │                                          ▼
//!                     └──── one slot per request, in order ──▶ writer ──write──▶ socket
//! ```
//!
//! At most `max_in_flight` requests of one connection wait for their reply; the reader stops
//! reading while that many do, so a client that pipelines faster than the modules answer is
//! slowed down instead of piling up threads.
//!
//! Each connection is tracked in the host's
//! [`Connections`](crate::live_connections::Connections), so that shutdown can stop its
//! reading and wait for it.

use std::io::BufReader;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;

use crate::events;
use crate::shared::Shared;
use crate::wire::{self, Failure, FrameError};

/// Starts serving `stream` on a thread of its own, tracked in `shared.connections` until
/// it ends.
pub(crate) fn serve(shared: &Arc<Shared>, stream: UnixStream) {
    let Some(id) = shared.connections.add(&stream) else {
        eprintln!("service-host: dropped a connection: cannot clone its socket");
        return;
    };
    let context = Arc::clone(shared);
    let spawned = thread::Builder::new()
        .name("service-host-conn".to_owned())
        .spawn(move || {
            read_requests(&context, &stream);
            context.connections.end(id);
        });
    if let Err(error) = spawned {
        eprintln!("service-host: dropped a connection: cannot start its thread: {error}");
        shared.connections.end(id);
    }
}

/// The reply slot of one request: the writer waits on it in request order.
type Slot = Receiver<Vec<u8>>;

/// The reader: runs until the stream ends, then waits for the writer to send what is owed.
/// A connection whose first request is `events/subscribe` is an event stream instead
/// (see [`events`]).
fn read_requests(shared: &Arc<Shared>, stream: &UnixStream) {
    let mut reader = BufReader::new(stream);
    let mut first = Some(wire::read_frame(&mut reader, shared.max_frame_bytes));
    if let Some(Ok(Some(payload))) = &first
        && let Ok(request) = wire::decode_request(payload)
        && events::opens_stream(&request.command)
    {
        events::serve(shared, stream, &mut reader, request.params);
        return;
    }
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let (slots, queue) = mpsc::sync_channel::<Slot>(shared.max_in_flight);
    let writer = thread::Builder::new()
        .name("service-host-write".to_owned())
        .spawn(move || write_replies(write_half, &queue));
    let Ok(writer) = writer else {
        eprintln!("service-host: dropped a connection: cannot start its writer thread");
        return;
    };
    loop {
        let frame = first
            .take()
            .unwrap_or_else(|| wire::read_frame(&mut reader, shared.max_frame_bytes));
        match frame {
            Ok(Some(payload)) => {
                if !start_request(shared, &payload, &slots) {
                    break;
                }
            }
            Ok(None) | Err(FrameError::Closed) => break,
            Err(FrameError::TooLarge { length, max }) => {
                // The rest of the stream cannot be cut into frames: answer, then close.
                let failure = Failure::new(
                    "invalid_params",
                    format!(
                        "the request frame of {length} bytes exceeds the limit of {max} bytes; closing the connection"
                    ),
                );
                let _ = ready(&slots, wire::encode_failure(&failure));
                break;
            }
        }
    }
    drop(slots);
    let _ = writer.join();
}

/// Queues the reply slot of one request and starts its worker; `false` when the writer is
/// gone (the connection is finished).
fn start_request(shared: &Arc<Shared>, payload: &[u8], slots: &SyncSender<Slot>) -> bool {
    let request = match wire::decode_request(payload) {
        Ok(request) => request,
        Err(failure) => return ready(slots, wire::encode_failure(&failure)),
    };
    if request.command.starts_with("events/") {
        return ready(
            slots,
            wire::encode_failure(&events::not_here(&request.command)),
        );
    }
    let (reply, slot) = mpsc::sync_channel(1);
    if slots.send(slot).is_err() {
        return false;
    }
    let context = Arc::clone(shared);
    let spawned = thread::Builder::new()
        .name("service-host-call".to_owned())
        .spawn(move || {
            let outcome =
                context
                    .router
                    .dispatch(&context.supervisor, &request.command, request.params);
            let _ = reply.send(wire::encode_reply(&outcome, context.max_frame_bytes));
        });
    // Without a thread the slot's sender is dropped, and the writer answers `failed`.
    if let Err(error) = spawned {
        eprintln!("service-host: cannot start a thread for a request: {error}");
    }
    true
}

/// Queues a reply that is already known; `false` when the writer is gone.
fn ready(slots: &SyncSender<Slot>, reply: Vec<u8>) -> bool {
    let (sender, slot) = mpsc::sync_channel(1);
    let _ = sender.send(reply);
    slots.send(slot).is_ok()
}

/// The writer: sends each reply when it is ready, in request order.
fn write_replies(mut stream: UnixStream, queue: &Receiver<Slot>) {
    let mut broken = false;
    for slot in queue {
        let reply = slot.recv().unwrap_or_else(|_| {
            wire::encode_failure(&Failure::new(
                "failed",
                "the host could not run the request (no thread was available)",
            ))
        });
        if broken {
            continue;
        }
        if wire::write_frame(&mut stream, &reply).is_err() {
            // The client is gone: stop reading too, and only drain what is in flight.
            broken = true;
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}
