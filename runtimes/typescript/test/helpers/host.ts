/**
 * A fake Rust service host for the IPC tests: a real node:net server on a Unix socket in a
 * temporary directory. Its frame reading and writing are written here independently of the
 * runtime's `frame.ts`, so the client is tested against a second implementation of the format.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A request as the host saw it. */
export interface HostRequest {
  command: string;
  params: unknown;
}

/** One frame: 4-byte big-endian length, then the UTF-8 JSON. */
export function frame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Calls `onRequest` with each request read from `socket`, in order. */
export function readRequests(socket: Socket, onRequest: (request: HostRequest) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readUInt32BE(0);
      if (buffered.length < 4 + length) {
        break;
      }
      const body = buffered.subarray(4, 4 + length).toString('utf8');
      buffered = buffered.subarray(4 + length);
      onRequest(JSON.parse(body) as HostRequest);
    }
  });
}

/** A running fake host. */
export interface TestHost {
  /** The socket path to connect to. */
  readonly path: string;
  /** Every request received, in order, over all connections. */
  readonly requests: HostRequest[];
  /** How many connections were accepted. */
  connections(): number;
  /** Stops the server, destroys open connections and removes the temporary directory. */
  close(): Promise<void>;
}

/**
 * Starts a host on a fresh socket path. `onRequest` is called for every request with the
 * connection it came on; it writes whatever it likes back (or nothing).
 */
export async function startHost(
  onRequest: (request: HostRequest, socket: Socket, index: number) => void,
): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'specgen-ipc-'));
  const path = join(dir, 'host.sock');
  const sockets = new Set<Socket>();
  const requests: HostRequest[] = [];
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    readRequests(socket, (request) => {
      requests.push(request);
      onRequest(request, socket, requests.length - 1);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    path,
    requests,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A host that answers every request with `reply(request)`, one frame per reply. */
export function startReplyingHost(reply: (request: HostRequest) => unknown): Promise<TestHost> {
  return startHost((request, socket) => {
    socket.write(frame(reply(request)));
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
