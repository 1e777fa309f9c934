/**
 * `Events`: the runtime's events (health snapshots, pressure changes, gate denials,
 * escalations, ...) from a Rust service host, over its Unix socket.
 *
 * ```ts
 * Events.configure({ socketPath: '/run/specgen/host.sock' });
 * const stop = Events.subscribe('system:pressure:changed', (event) => {
 *   console.log(`pressure ${event.from} -> ${event.to}`); // typed: the ts-rs `Event` of that type
 * });
 * await Events.ready(); // the host has the subscription
 * stop(); // the last handler gone: the connection closes
 * ```
 *
 * Protocol (see the `service-host` crate): a connection of its own whose first request is
 * `events/subscribe` with `{ "types": [...] }`, answered like any request
 * (`{ "success": true, "result": { "types", "queue" } }`); then the host sends
 * `{ "event": Event, "dropped": number }` frames for those types. A later `events/subscribe`
 * replaces the types. The host keeps a bounded queue per subscriber: a handler that is slow
 * makes this subscriber miss events (`dropped` counts them; `seq` shows the gap), never
 * slows the host's monitor.
 *
 * The connection is not re-established automatically: after the host stops or restarts,
 * `onError` handlers get an `unavailable` failure and no more events arrive. Subscribers
 * must re-subscribe after `onError`: stop their handlers (or `close()`), then `subscribe`
 * again once the host is back.
 *
 * The event types are the ones ts-rs writes from the Rust definitions (`./health/`), so a
 * handler receives exactly the shape the host sends.
 */

import { createConnection, type Socket } from 'node:net';

import { CommandFailure, commandError, isCommandErrorKind } from './errors.js';
import { decodeFramePayload, encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from './frame.js';
import type { Event } from './health/Event.js';

/** Any event the host publishes. */
export type RuntimeEvent = Event;

/** The `type` of an event: `'system:health:snapshot'`, `'system:pressure:changed'`, ... */
export type RuntimeEventType = RuntimeEvent['type'];

/** The event of one type, e.g. `RuntimeEventOf<'system:gate:denied'>`. */
export type RuntimeEventOf<K extends RuntimeEventType> = Extract<RuntimeEvent, { type: K }>;

/** Receives the events of one type. */
export type EventHandler<K extends RuntimeEventType> = (event: RuntimeEventOf<K>) => void;

/** Removes the handler it was returned for; calling it again does nothing. */
export type Unsubscribe = () => void;

/** Every event type a host publishes, in the host's order. */
export const RUNTIME_EVENT_TYPES: readonly RuntimeEventType[] = [
  'system:health:snapshot',
  'system:health:changed',
  'system:pressure:changed',
  'system:pressure:response',
  'system:pressure:shed',
  'system:heal:attempt',
  'system:heal:escalation',
  'system:heal:reset',
  'system:gate:denied',
  'system:service:stopped',
  'system:shutdown:complete',
];

/** The socket `Events` uses until `configure` sets one: `$SPECGEN_SOCKET`, else `/tmp/specgen.sock`. */
export function defaultSocketPath(): string {
  return process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';
}

/** Options of an `EventSubscriber`. */
export interface EventSubscriberOptions {
  /** The host's Unix socket. */
  socketPath?: string;
  /** The largest frame accepted, in bytes (default 16 MiB). */
  maxFrameBytes?: number;
}

interface Connection {
  readonly socket: Socket;
  readonly decoder: FrameDecoder;
  /** Acknowledgements owed by the host, oldest first. */
  readonly acks: Array<{ resolve: () => void; reject: (failure: CommandFailure) => void }>;
}

type AnyHandler = (event: RuntimeEvent) => void;

/**
 * Subscriptions to one host's events over one connection, opened with the first handler
 * and closed with the last. `Events` is the shared instance; make your own to watch several
 * hosts or to isolate tests.
 *
 * A failed or closed connection (the host stopped or restarted) is reported to `onError`
 * handlers and not reopened by itself: re-subscribe after `onError` (stop the handlers or
 * `close()`, then `subscribe` again).
 */
export class EventSubscriber {
  #socketPath: string;
  #maxFrameBytes: number;
  #handlers = new Map<RuntimeEventType, Set<AnyHandler>>();
  #errorHandlers = new Set<(failure: CommandFailure) => void>();
  #connection: Connection | undefined;
  /** The types the host was last asked for (sorted, joined), to send only changes. */
  #sentTypes: string | undefined;
  #syncScheduled = false;
  #ready: Promise<void> = Promise.resolve();
  #dropped = 0;

  constructor(options: EventSubscriberOptions = {}) {
    this.#socketPath = options.socketPath ?? defaultSocketPath();
    this.#maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
  }

  /** The host's socket. */
  get socketPath(): string {
    return this.#socketPath;
  }

  /** Events the host reported this subscriber missed (its queue was full), on the current connection. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Whether a connection to the host is open. */
  get connected(): boolean {
    return this.#connection !== undefined;
  }

  /** Points at another host; an open connection is closed, and reopened there if handlers remain. */
  configure(options: EventSubscriberOptions): void {
    this.#socketPath = options.socketPath ?? this.#socketPath;
    this.#maxFrameBytes = options.maxFrameBytes ?? this.#maxFrameBytes;
    if (this.#connection !== undefined) {
      this.#hangUp();
      this.#scheduleSync();
    }
  }

  /**
   * Calls `handler` with every event of `type` from now on (once the host has acknowledged:
   * see `ready`). Throws a `RangeError` for a type the host does not publish.
   */
  subscribe<K extends RuntimeEventType>(type: K, handler: EventHandler<K>): Unsubscribe {
    if (!RUNTIME_EVENT_TYPES.includes(type)) {
      throw new RangeError(`unknown event type ${JSON.stringify(type)}; known: ${RUNTIME_EVENT_TYPES.join(', ')}`);
    }
    const wrapped: AnyHandler = (event) => handler(event as RuntimeEventOf<K>);
    let handlers = this.#handlers.get(type);
    if (handlers === undefined) {
      handlers = new Set();
      this.#handlers.set(type, handlers);
    }
    handlers.add(wrapped);
    this.#scheduleSync();
    let active = true;
    return () => {
      if (!active) {
        return;
      }
      active = false;
      const current = this.#handlers.get(type);
      current?.delete(wrapped);
      if (current?.size === 0) {
        this.#handlers.delete(type);
      }
      this.#scheduleSync();
    };
  }

  /**
   * Calls `handler` when the connection fails or the host refuses a subscription. After a
   * connection failure no events arrive until the subscriber re-subscribes (see the class).
   */
  onError(handler: (failure: CommandFailure) => void): Unsubscribe {
    this.#errorHandlers.add(handler);
    return () => {
      this.#errorHandlers.delete(handler);
    };
  }

  /**
   * Resolves once the host has acknowledged the current set of types (so no event of them
   * published afterwards is missed); rejects with a `CommandFailure` when it refused or the
   * connection failed.
   */
  ready(): Promise<void> {
    if (this.#syncScheduled) {
      this.#sync();
    }
    return this.#ready;
  }

  /** Removes every handler and closes the connection. */
  async close(): Promise<void> {
    this.#handlers.clear();
    const connection = this.#connection;
    this.#hangUp();
    if (connection !== undefined && !connection.socket.closed) {
      await new Promise<void>((resolve) => connection.socket.once('close', () => resolve()));
    }
  }

  /** Sends the type set once, after the current burst of subscribe/unsubscribe calls. */
  #scheduleSync(): void {
    if (this.#syncScheduled) {
      return;
    }
    this.#syncScheduled = true;
    queueMicrotask(() => {
      if (this.#syncScheduled) {
        this.#sync();
      }
    });
  }

  #sync(): void {
    this.#syncScheduled = false;
    const types = [...this.#handlers.keys()].sort();
    if (types.length === 0) {
      this.#hangUp();
      return;
    }
    const key = types.join(',');
    if (this.#connection !== undefined && key === this.#sentTypes) {
      return;
    }
    const connection = this.#connection ?? this.#connect();
    this.#sentTypes = key;
    this.#ready = new Promise<void>((resolve, reject) => {
      connection.acks.push({ resolve, reject });
    });
    // A refusal is reported to the error handlers too; ready() rejects only when awaited.
    this.#ready.catch(() => undefined);
    connection.socket.write(encodeFrame({ command: 'events/subscribe', params: { types } }, this.#maxFrameBytes));
  }

  #connect(): Connection {
    const socket = createConnection(this.#socketPath);
    const connection: Connection = { socket, decoder: new FrameDecoder(this.#maxFrameBytes), acks: [] };
    this.#dropped = 0;
    socket.on('data', (chunk: Buffer) => this.#onData(connection, chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#fail(connection, `event connection to ${this.#socketPath} failed: ${error.message}`);
    });
    socket.on('close', () => {
      this.#fail(connection, `event connection to ${this.#socketPath} closed`);
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
      this.#fail(connection, `bad frame from ${this.#socketPath}: ${String(error)}`);
      return;
    }
    for (const payload of payloads) {
      const frame = decodeFramePayload(payload);
      if (isRecord(frame) && isRecord(frame['event'])) {
        if (typeof frame['dropped'] === 'number') {
          this.#dropped = frame['dropped'];
        }
        this.#dispatch(frame['event'] as RuntimeEvent);
      } else if (isRecord(frame) && typeof frame['success'] === 'boolean') {
        const ack = connection.acks.shift();
        if (frame['success']) {
          ack?.resolve();
        } else {
          const failure = new CommandFailure(refusal(frame['error']));
          ack?.reject(failure);
          this.#report(failure);
        }
      }
    }
  }

  #dispatch(event: RuntimeEvent): void {
    const handlers = this.#handlers.get(event.type);
    if (handlers === undefined) {
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(event);
      } catch (error) {
        // One handler's exception must not cost the others their event.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #fail(connection: Connection, message: string): void {
    if (this.#connection !== connection) {
      return;
    }
    const failure = CommandFailure.of('unavailable', message);
    this.#connection = undefined;
    this.#sentTypes = undefined;
    for (const ack of connection.acks.splice(0)) {
      ack.reject(failure);
    }
    connection.socket.destroy();
    if (this.#handlers.size > 0) {
      this.#report(failure);
    }
  }

  #report(failure: CommandFailure): void {
    for (const handler of [...this.#errorHandlers]) {
      handler(failure);
    }
  }

  /** Closes the connection on purpose: nothing is reported. */
  #hangUp(): void {
    const connection = this.#connection;
    if (connection === undefined) {
      return;
    }
    this.#connection = undefined;
    this.#sentTypes = undefined;
    const closed = CommandFailure.of('unavailable', `event connection to ${this.#socketPath} was closed`);
    for (const ack of connection.acks.splice(0)) {
      ack.reject(closed);
    }
    connection.socket.destroy();
  }
}

function refusal(error: unknown): ReturnType<typeof commandError> {
  if (isRecord(error) && typeof error['message'] === 'string') {
    const kind = isCommandErrorKind(error['kind']) ? error['kind'] : 'failed';
    return commandError(kind, error['message'], error['details']);
  }
  return commandError('failed', 'the host refused the event subscription');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shared subscriber: `Events.subscribe('system:health:snapshot', fn)`. */
export const Events = new EventSubscriber();
