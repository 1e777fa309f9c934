/**
 * `IpcClient`: the client Rust-backed commands use to reach their Rust service host over a
 * Unix socket.
 *
 * Wire format: length-prefixed JSON frames (see `frame.ts`): a 4-byte big-endian unsigned
 * length, then that many bytes of UTF-8 JSON. A request is `{ "command": string, "params":
 * unknown }`; the reply is `{ "success": true, "result": unknown }` or `{ "success": false,
 * "error": { "kind": <CommandErrorKind>, "message": string, "details"?: unknown } }`, which
 * rejects with a `CommandFailure` of that kind.
 *
 * Ordering: requests share one connection and are answered first-in, first-out: the host must
 * send the replies of a connection in the order it received the requests (there is no request
 * id). Any number of requests may be in flight at once. A request that times out is rejected
 * (`unavailable`) but keeps its place in the queue, so that its late reply, when it comes, is
 * discarded instead of being taken for the answer to the next request.
 *
 * The connection is opened on the first request and reopened on the next request after it
 * drops; a dropped connection rejects every request in flight with `unavailable`. While no
 * request is waiting, the socket does not keep the Node process alive. `close()` ends it for
 * good.
 *
 * Per Rust module, a mixin adds typed methods, each a thin wrapper over one `request`:
 *
 * ```ts
 * function GpuIpcMixin<TBase extends IpcConstructor>(Base: TBase) {
 *   return class extends Base {
 *     gpuStats(params: GpuStatsParams) {
 *       return this.request<GpuStatsResult>('gpu/stats', params);
 *     }
 *   };
 * }
 * const GpuIpcClient = GpuIpcMixin(IpcClient);
 * const stats = await new GpuIpcClient('/run/continuum/gpu.sock').gpuStats(params);
 * ```
 */

import { createConnection, type Socket } from 'node:net';

import { CommandFailure, commandError, isCommandErrorKind, type CommandError } from './errors.js';
import { decodeFramePayload, encodeFrame, FrameDecoder, FrameError, MAX_FRAME_BYTES } from './frame.js';

/** How long a request waits for its reply by default: 30 s. */
export const DEFAULT_IPC_TIMEOUT_MS = 30_000;

/** Options of an `IpcClient`. */
export interface IpcClientOptions {
  /** How long a request waits for its reply, in milliseconds (at most 2^31 - 1); `0` waits forever. */
  timeoutMs?: number;
  /** The largest frame payload sent or accepted, in bytes (default 16 MiB). */
  maxFrameBytes?: number;
}

/**
 * The constructor type a mixin extends: `function M<TBase extends IpcConstructor>(Base: TBase)`.
 *
 * TypeScript only accepts a class expression extending a type parameter when the constraint is
 * a constructor taking a single rest parameter of type `any[]` (error TS2545 otherwise;
 * `unknown[]` is refused), so this is the one place the public API says `any`.
 */
export type IpcConstructor = new (...args: any[]) => IpcClient;

interface PendingRequest {
  readonly command: string;
  /** Set once the caller has its answer (reply, timeout or failure). */
  settled: boolean;
  readonly resolve: (result: unknown) => void;
  readonly reject: (failure: CommandFailure) => void;
  timer: NodeJS.Timeout | undefined;
}

interface Connection {
  readonly socket: Socket;
  readonly decoder: FrameDecoder;
}

/** A client of one Rust service host, over one Unix socket connection at a time. */
export class IpcClient {
  /** The path of the host's Unix socket. */
  readonly socketPath: string;
  /** How long a request waits for its reply, in milliseconds; `0` waits forever. */
  readonly timeoutMs: number;
  /** The largest frame payload sent or accepted, in bytes. */
  readonly maxFrameBytes: number;

  #connection: Connection | undefined;
  /** Requests sent on the current connection, oldest first, timed-out ones included. */
  #queue: PendingRequest[] = [];
  #closing: Promise<void> | undefined;

  constructor(socketPath: string, options: IpcClientOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_IPC_TIMEOUT_MS;
    const maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    // setTimeout cannot wait longer than 2^31 - 1 ms (it would fire at once instead).
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0 || timeoutMs > 0x7fffffff) {
      throw new RangeError(`timeoutMs must be in [0, 2^31 - 1], got ${timeoutMs}`);
    }
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1 || maxFrameBytes > 0xffffffff) {
      throw new RangeError(`maxFrameBytes must be an integer in [1, 2^32 - 1], got ${maxFrameBytes}`);
    }
    this.socketPath = socketPath;
    this.timeoutMs = timeoutMs;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Sends `command` with `params` and resolves to the reply's `result`, typed as `R` without a
   * check (the host owns the shape). `params === undefined` is sent as `null`. Rejects with a
   * `CommandFailure`: the host's error as it reported it; `invalid_params` when the request
   * cannot be encoded or is over the frame limit; `unavailable` on a timeout, a failed or
   * dropped connection, or a closed client; `failed` on a reply that breaks the protocol.
   */
  request<R = unknown>(command: string, params: unknown): Promise<R> {
    if (this.#closing !== undefined) {
      return Promise.reject(
        CommandFailure.of('unavailable', `IPC client for ${this.socketPath} is closed`, { command }),
      );
    }
    let frame: Buffer;
    try {
      frame = encodeFrame({ command, params: params === undefined ? null : params }, this.maxFrameBytes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return Promise.reject(
        new CommandFailure(
          commandError('invalid_params', `cannot send "${command}": ${message}`, { command }),
          { cause: error },
        ),
      );
    }
    return new Promise<R>((resolve, reject) => {
      const entry: PendingRequest = {
        command,
        settled: false,
        resolve: resolve as (result: unknown) => void,
        reject,
        timer: undefined,
      };
      const connection = this.#connect();
      this.#queue.push(entry);
      if (this.timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          settle(
            entry,
            CommandFailure.of(
              'unavailable',
              `no reply to "${command}" from ${this.socketPath} within ${this.timeoutMs} ms`,
              { command },
            ),
          );
          this.#updateRef();
        }, this.timeoutMs);
      }
      connection.socket.ref();
      connection.socket.write(frame);
    });
  }

  /**
   * Closes the connection for good; requests still waiting reject with `unavailable`, later
   * ones too. Resolves once the socket is closed. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const connection = this.#connection;
    this.#failAll(CommandFailure.of('unavailable', `IPC client for ${this.socketPath} was closed`));
    if (connection !== undefined) {
      await new Promise<void>((resolve) => {
        connection.socket.once('close', () => resolve());
        connection.socket.destroy();
      });
    }
  }

  #connect(): Connection {
    if (this.#connection !== undefined) {
      return this.#connection;
    }
    const socket = createConnection(this.socketPath);
    const connection: Connection = { socket, decoder: new FrameDecoder(this.maxFrameBytes) };
    socket.on('data', (chunk: Buffer) => this.#onData(connection, chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#drop(
        connection,
        CommandFailure.of('unavailable', `IPC connection to ${this.socketPath} failed: ${error.message}`, {
          code: error.code,
        }),
      );
    });
    socket.on('close', () => {
      this.#drop(connection, CommandFailure.of('unavailable', `IPC connection to ${this.socketPath} closed`));
    });
    this.#connection = connection;
    return connection;
  }

  #onData(connection: Connection, chunk: Buffer): void {
    if (this.#connection !== connection) {
      return;
    }
    let payloads: Buffer[];
    try {
      payloads = connection.decoder.push(chunk);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#drop(connection, CommandFailure.of('failed', `bad reply from ${this.socketPath}: ${message}`));
      return;
    }
    for (const payload of payloads) {
      const entry = this.#queue.shift();
      if (entry === undefined) {
        this.#drop(
          connection,
          CommandFailure.of('failed', `${this.socketPath} sent a reply to no request; connection dropped`),
        );
        return;
      }
      if (!entry.settled) {
        settleWithReply(entry, payload, this.socketPath);
      }
    }
    this.#updateRef();
  }

  /** Forgets `connection` (if still current), fails its requests and destroys its socket. */
  #drop(connection: Connection, failure: CommandFailure): void {
    if (this.#connection !== connection) {
      return;
    }
    this.#failAll(failure);
    connection.socket.destroy();
  }

  #failAll(failure: CommandFailure): void {
    this.#connection = undefined;
    const queue = this.#queue;
    this.#queue = [];
    for (const entry of queue) {
      settle(entry, forRequest(failure, entry.command));
    }
  }

  /** Keeps the process alive only while some request still waits for its answer. */
  #updateRef(): void {
    const socket = this.#connection?.socket;
    if (socket === undefined) {
      return;
    }
    if (this.#queue.some((entry) => !entry.settled)) {
      socket.ref();
    } else {
      socket.unref();
    }
  }
}

/** A copy of `failure` that names `command` in its details, with the original as its cause. */
function forRequest(failure: CommandFailure, command: string): CommandFailure {
  const details = isRecord(failure.error.details) ? { ...failure.error.details, command } : { command };
  return new CommandFailure({ ...failure.error, details }, { cause: failure.cause });
}

function settle(entry: PendingRequest, outcome: CommandFailure | { result: unknown }): void {
  if (entry.settled) {
    return;
  }
  entry.settled = true;
  if (entry.timer !== undefined) {
    clearTimeout(entry.timer);
    entry.timer = undefined;
  }
  if (outcome instanceof CommandFailure) {
    entry.reject(outcome);
  } else {
    entry.resolve(outcome.result);
  }
}

function settleWithReply(entry: PendingRequest, payload: Buffer, socketPath: string): void {
  let reply: unknown;
  try {
    reply = decodeFramePayload(payload);
  } catch (error) {
    const message = error instanceof FrameError ? error.message : String(error);
    settle(entry, CommandFailure.of('failed', `bad reply from ${socketPath}: ${message}`, { command: entry.command }));
    return;
  }
  if (isRecord(reply) && reply['success'] === true) {
    settle(entry, { result: reply['result'] });
  } else if (isRecord(reply) && reply['success'] === false) {
    settle(entry, new CommandFailure(replyError(reply['error'], entry.command)));
  } else {
    settle(
      entry,
      CommandFailure.of('failed', `bad reply from ${socketPath}: no boolean "success" field`, {
        command: entry.command,
        reply,
      }),
    );
  }
}

/**
 * The `CommandError` of an error reply, with the host's `details` as they came. Lenient about
 * the host's spelling: the kind may be under `kind` or `code`, in snake_case or kebab-case; an
 * unknown kind becomes `failed` with `details: { kind, details }` keeping the original; a bare
 * string is taken as the message of a `failed` error.
 */
function replyError(error: unknown, command: string): CommandError {
  if (typeof error === 'string') {
    return commandError('failed', error);
  }
  if (!isRecord(error)) {
    return commandError('failed', `"${command}" failed without an error description`);
  }
  const rawKind = error['kind'] ?? error['code'];
  const slug = typeof rawKind === 'string' ? rawKind.replaceAll('-', '_') : rawKind;
  const message =
    typeof error['message'] === 'string' ? error['message'] : `"${command}" failed (${String(rawKind)})`;
  if (isCommandErrorKind(slug)) {
    return commandError(slug, message, error['details']);
  }
  return commandError('failed', message, { kind: rawKind, details: error['details'] });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
