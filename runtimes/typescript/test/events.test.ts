/** Tests of `EventSubscriber` against a fake host speaking the event protocol. */

import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';

import {
  CommandFailure,
  EventSubscriber,
  Events,
  RUNTIME_EVENT_TYPES,
  type RuntimeEventOf,
} from '../src/index.js';
import { frame, sleep, startHost, type HostRequest, type TestHost } from './helpers/host.js';

interface EventHost extends TestHost {
  /** The event connections, newest last. */
  readonly streams: Socket[];
  /** How many event connections have ended. */
  ended(): number;
}

/** A host that acknowledges every subscription (or refuses it with `refuse`). */
async function startEventHost(refuse?: (request: HostRequest) => string | undefined): Promise<EventHost> {
  const streams: Socket[] = [];
  let ended = 0;
  const host = await startHost((request, socket) => {
    if (!streams.includes(socket)) {
      streams.push(socket);
      socket.on('close', () => {
        ended += 1;
      });
    }
    const refused = refuse?.(request);
    if (refused !== undefined) {
      socket.write(frame({ success: false, error: { kind: 'invalid_params', message: refused } }));
      return;
    }
    const params = request.params as { types: string[] };
    socket.write(frame({ success: true, result: { types: params.types, queue: 256 } }));
  });
  return { ...host, streams, ended: () => ended };
}

const change = (seq: number, to: string) => ({
  seq,
  atMs: seq * 1000,
  type: 'system:pressure:changed',
  from: 'normal',
  to,
  sources: [],
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await sleep(5);
  }
  assert.ok(condition(), 'timed out');
}

test('a handler gets the events of its type, typed, and no others', async () => {
  const host = await startEventHost();
  const events = new EventSubscriber({ socketPath: host.path });
  try {
    const seen: Array<RuntimeEventOf<'system:pressure:changed'>> = [];
    events.subscribe('system:pressure:changed', (event) => seen.push(event));
    await events.ready();
    assert.deepEqual(host.requests, [{ command: 'events/subscribe', params: { types: ['system:pressure:changed'] } }]);

    const stream = host.streams[0];
    assert.ok(stream !== undefined);
    stream.write(frame({ event: { seq: 1, atMs: 5, type: 'system:shutdown:complete', services: 2 }, dropped: 0 }));
    stream.write(frame({ event: change(2, 'critical'), dropped: 3 }));
    await until(() => seen.length === 1);
    const [first] = seen;
    assert.equal(first?.to, 'critical'); // `to` exists only on pressure changes: the type narrowed
    assert.equal(first?.seq, 2);
    assert.equal(events.dropped, 3);
  } finally {
    await events.close();
    await host.close();
  }
});

test('subscriptions of one tick are sent once; unsubscribing resends, the last one hangs up', async () => {
  const host = await startEventHost();
  const events = new EventSubscriber({ socketPath: host.path });
  try {
    const stopSnapshots = events.subscribe('system:health:snapshot', () => undefined);
    const stopDenials = events.subscribe('system:gate:denied', () => undefined);
    const stopDenials2 = events.subscribe('system:gate:denied', () => undefined);
    await events.ready();
    assert.equal(host.requests.length, 1);
    assert.deepEqual(host.requests[0]?.params, { types: ['system:gate:denied', 'system:health:snapshot'] });

    stopSnapshots();
    stopSnapshots(); // twice: nothing more
    await events.ready();
    assert.deepEqual(host.requests[1]?.params, { types: ['system:gate:denied'] });
    stopDenials();
    await events.ready();
    assert.equal(host.requests.length, 2, 'a handler of the type remains: nothing to send');
    assert.ok(events.connected);

    stopDenials2();
    await events.ready();
    assert.equal(events.connected, false);
    await until(() => host.ended() === 1);
    assert.equal(host.connections(), 1);
  } finally {
    await events.close();
    await host.close();
  }
});

test('a refused subscription rejects ready() and reaches onError', async () => {
  const host = await startEventHost(() => 'unknown event type');
  const events = new EventSubscriber({ socketPath: host.path });
  try {
    const errors: CommandFailure[] = [];
    events.onError((failure) => errors.push(failure));
    events.subscribe('system:heal:escalation', () => undefined);
    const failure = await events.ready().then(
      () => assert.fail('expected a rejection'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof CommandFailure);
    assert.equal(failure.kind, 'invalid_params');
    assert.equal(errors[0]?.message, 'unknown event type');
  } finally {
    await events.close();
    await host.close();
  }
});

test('a host that goes away is reported, and an unknown type is a RangeError', async () => {
  const host = await startEventHost();
  const events = new EventSubscriber({ socketPath: host.path });
  const errors: CommandFailure[] = [];
  events.onError((failure) => errors.push(failure));
  events.subscribe('system:health:changed', () => undefined);
  await events.ready();
  await host.close();
  await until(() => errors.length === 1);
  assert.equal(errors[0]?.kind, 'unavailable');
  assert.equal(events.connected, false);
  await events.close();

  assert.throws(
    () => Events.subscribe('system:pressure:chnged' as 'system:pressure:changed', () => undefined),
    RangeError,
  );
  assert.equal(RUNTIME_EVENT_TYPES.length, 11);
});
