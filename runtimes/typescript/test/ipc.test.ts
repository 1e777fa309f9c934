/** Tests of `IpcClient` against a real node:net server on a Unix socket. */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { CommandFailure, IpcClient } from '../src/index.js';
import { frame, sleep, startHost, startReplyingHost, type HostRequest } from './helpers/host.js';

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<CommandFailure> {
  const failure = await promise.then(
    () => assert.fail('expected a rejection'),
    (error: unknown) => error,
  );
  assert.ok(failure instanceof CommandFailure, `expected a CommandFailure, got ${String(failure)}`);
  assert.equal(failure.kind, kind);
  return failure;
}

test('round trip: the request frame is { command, params } and the result comes back', async () => {
  const host = await startReplyingHost((request) => ({ success: true, result: { echoed: request } }));
  const client = new IpcClient(host.path);
  try {
    const result = await client.request<{ echoed: HostRequest }>('gpu/stats', { subsystem: 'tts', n: 2 });
    assert.deepEqual(result, { echoed: { command: 'gpu/stats', params: { subsystem: 'tts', n: 2 } } });
    assert.deepEqual(host.requests, [{ command: 'gpu/stats', params: { subsystem: 'tts', n: 2 } }]);
    assert.equal(await client.request('x/none', undefined).then(() => host.requests[1]?.params), null);
    assert.equal(host.connections(), 1, 'requests share one connection');
  } finally {
    await client.close();
    await host.close();
  }
});

test('concurrent requests on one connection are answered in order (FIFO)', async () => {
  const host = await startReplyingHost((request) => ({ success: true, result: request.params }));
  const client = new IpcClient(host.path);
  try {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => client.request<number>('t/n', n)));
    assert.deepEqual(results, [1, 2, 3, 4, 5]);
    assert.equal(host.connections(), 1);
  } finally {
    await client.close();
    await host.close();
  }
});

test('an error reply rejects with a CommandFailure of its kind', async () => {
  const replies: unknown[] = [
    { success: false, error: { kind: 'unavailable', message: 'shedding load', details: { level: 'critical' } } },
    { success: false, error: { code: 'invalid_params', message: 'missing field `subsystem`' } },
    { success: false, error: { kind: 'not-implemented', message: 'scaffold' } },
    { success: false, error: { kind: 'exploded', message: 'odd kind' } },
    { success: false, error: 'plain string' },
  ];
  const host = await startHost((_request, socket, index) => socket.write(frame(replies[index])));
  const client = new IpcClient(host.path);
  try {
    const unavailable = await rejectsWith(client.request('gpu/stats', {}), 'unavailable');
    assert.equal(unavailable.message, 'shedding load');
    assert.deepEqual(unavailable.error.details, { level: 'critical' });
    const invalid = await rejectsWith(client.request('gpu/stats', {}), 'invalid_params');
    assert.equal(invalid.message, 'missing field `subsystem`');
    await rejectsWith(client.request('gpu/stats', {}), 'not_implemented');
    const odd = await rejectsWith(client.request('gpu/stats', {}), 'failed');
    assert.deepEqual(odd.error.details, { kind: 'exploded', details: undefined });
    const plain = await rejectsWith(client.request('gpu/stats', {}), 'failed');
    assert.equal(plain.message, 'plain string');
  } finally {
    await client.close();
    await host.close();
  }
});

test('two reply frames in one chunk settle two requests', async () => {
  const waiting: Array<[HostRequest, Socket]> = [];
  const host = await startHost((request, socket) => {
    waiting.push([request, socket]);
    if (waiting.length === 2) {
      const replies = waiting.map(([r]) => frame({ success: true, result: r.params }));
      socket.write(Buffer.concat(replies)); // one write, one chunk
    }
  });
  const client = new IpcClient(host.path);
  try {
    assert.deepEqual(await Promise.all([client.request('a/b', 'first'), client.request('a/b', 'second')]), [
      'first',
      'second',
    ]);
  } finally {
    await client.close();
    await host.close();
  }
});

test('a reply frame split across chunks is reassembled', async () => {
  const host = await startHost((request, socket) => {
    const bytes = frame({ success: true, result: { big: 'z'.repeat(5000), params: request.params } });
    const cuts = [0, 2, 3, 7, 2000, 4000, bytes.length]; // inside the header, then the body
    void (async () => {
      for (let i = 1; i < cuts.length; i += 1) {
        socket.write(bytes.subarray(cuts[i - 1], cuts[i]));
        await sleep(5);
      }
    })();
  });
  const client = new IpcClient(host.path);
  try {
    const result = await client.request<{ big: string; params: unknown }>('a/b', 42);
    assert.equal(result.big.length, 5000);
    assert.equal(result.params, 42);
  } finally {
    await client.close();
    await host.close();
  }
});

test('a request without a reply times out as unavailable; its late reply is discarded', async () => {
  const sockets: Socket[] = [];
  const host = await startHost((_request, socket) => sockets.push(socket));
  const client = new IpcClient(host.path, { timeoutMs: 50 });
  try {
    const started = Date.now();
    const failure = await rejectsWith(client.request('slow/cmd', {}), 'unavailable');
    assert.ok(Date.now() - started >= 45, 'waited for the timeout');
    assert.match(failure.message, /no reply to "slow\/cmd".*within 50 ms/);
    // Now the late reply to the first request arrives, then the reply to a second one.
    const second = client.request('fast/cmd', {});
    while (sockets.length < 2) {
      await sleep(5);
    }
    sockets[0]?.write(Buffer.concat([frame({ success: true, result: 'late' }), frame({ success: true, result: 'mine' })]));
    assert.equal(await second, 'mine');
  } finally {
    await client.close();
    await host.close();
  }
});

test('an oversize reply frame fails the request and drops the connection; the next one reconnects', async () => {
  const host = await startHost((request, socket) => {
    if (request.command === 'big/reply') {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(1000, 0);
      socket.write(header);
    } else {
      socket.write(frame({ success: true, result: 'ok' }));
    }
  });
  const client = new IpcClient(host.path, { maxFrameBytes: 100 });
  try {
    const failure = await rejectsWith(client.request('big/reply', {}), 'failed');
    assert.match(failure.message, /frame of 1000 bytes exceeds the limit of 100 bytes/);
    assert.equal(await client.request('small/reply', {}), 'ok');
    assert.equal(host.connections(), 2);
  } finally {
    await client.close();
    await host.close();
  }
});

test('an oversize or unencodable request is refused before anything is sent', async () => {
  const host = await startReplyingHost(() => ({ success: true, result: null }));
  const client = new IpcClient(host.path, { maxFrameBytes: 64 });
  try {
    const big = await rejectsWith(client.request('a/b', 'x'.repeat(100)), 'invalid_params');
    assert.match(big.message, /exceeds the limit of 64 bytes/);
    await rejectsWith(client.request('a/b', { n: 1n }), 'invalid_params');
    assert.equal(host.connections(), 0);
  } finally {
    await client.close();
    await host.close();
  }
});

test('a reply that is not JSON or has no success field fails only its request', async () => {
  const host = await startHost((request, socket) => {
    if (request.command === 'bad/json') {
      const body = Buffer.from('{oops', 'utf8');
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length, 0);
      socket.write(Buffer.concat([header, body]));
    } else if (request.command === 'bad/shape') {
      socket.write(frame({ result: 1 }));
    } else {
      socket.write(frame({ success: true, result: 'fine' }));
    }
  });
  const client = new IpcClient(host.path);
  try {
    await rejectsWith(client.request('bad/json', {}), 'failed');
    await rejectsWith(client.request('bad/shape', {}), 'failed');
    assert.equal(await client.request('good/one', {}), 'fine');
    assert.equal(host.connections(), 1);
  } finally {
    await client.close();
    await host.close();
  }
});

test('a missing socket and a connection closed by the host reject as unavailable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgen-ipc-'));
  const nowhere = new IpcClient(join(dir, 'absent.sock'));
  try {
    const failure = await rejectsWith(nowhere.request('a/b', {}), 'unavailable');
    assert.deepEqual(failure.error.details, { code: 'ENOENT', command: 'a/b' });
  } finally {
    await nowhere.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const host = await startHost((request, socket) => {
    if (request.command === 'hang/up') {
      socket.destroy();
    } else {
      socket.write(frame({ success: true, result: 'back' }));
    }
  });
  const client = new IpcClient(host.path);
  try {
    const pending = [client.request('hang/up', {}), client.request('queued/behind', {})];
    const failures = await Promise.all(pending.map((p) => rejectsWith(p, 'unavailable')));
    assert.match(failures[0]?.message ?? '', /closed/);
    assert.equal(await client.request('after/reconnect', {}), 'back');
  } finally {
    await client.close();
    await host.close();
  }
});

test('close rejects waiting and later requests and is idempotent', async () => {
  const host = await startHost(() => undefined);
  const client = new IpcClient(host.path);
  try {
    const waiting = client.request('never/answered', {});
    await sleep(20);
    const closing = client.close();
    assert.equal(client.close(), closing);
    await rejectsWith(waiting, 'unavailable');
    await closing;
    const later = await rejectsWith(client.request('a/b', {}), 'unavailable');
    assert.match(later.message, /is closed/);
  } finally {
    await host.close();
  }
});

test('the constructor checks its options', () => {
  assert.throws(() => new IpcClient('/tmp/x.sock', { timeoutMs: -1 }), RangeError);
  assert.throws(() => new IpcClient('/tmp/x.sock', { timeoutMs: 2 ** 31 }), RangeError);
  assert.equal(new IpcClient('/tmp/x.sock', { timeoutMs: 0 }).timeoutMs, 0);
  assert.throws(() => new IpcClient('/tmp/x.sock', { maxFrameBytes: 0 }), RangeError);
  const client = new IpcClient('/tmp/x.sock');
  assert.equal(client.timeoutMs, 30_000);
  assert.equal(client.maxFrameBytes, 16 * 1024 * 1024);
});

test('an idle connection does not keep the process alive', async () => {
  const host = await startReplyingHost(() => ({ success: true, result: 'answered' }));
  const index = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.js')).href;
  const script = [
    `const { IpcClient } = await import(${JSON.stringify(index)});`,
    `const client = new IpcClient(${JSON.stringify(host.path)});`,
    "console.log(await client.request('a/b', {}));",
    '// no close(): the process must still exit on its own',
  ].join('\n');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 10_000,
    });
    assert.equal(stdout.trim(), 'answered');
  } finally {
    await host.close();
  }
});
