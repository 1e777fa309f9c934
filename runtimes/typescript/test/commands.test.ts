/** Tests of the `Commands` registry: defaults, routing, transport, failures. */

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import type { CommandContext, Commander, CommandParams, CommandResult } from '../src/index.js';
import { CommandFailure, CommandRegistry, Commands, DEFAULT_SESSION_ID, transformPayload } from '../src/index.js';

interface EchoParams extends CommandParams {
  text: string;
}
interface EchoResult extends CommandResult {
  text: string;
}

const browser: CommandContext = { environment: 'browser', uuid: '22222222-2222-2222-2222-222222222222' };

afterEach(() => Commands.reset());

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<CommandFailure> {
  const failure = await promise.then(
    () => assert.fail('expected a rejection'),
    (error: unknown) => error,
  );
  assert.ok(failure instanceof CommandFailure, `expected a CommandFailure, got ${String(failure)}`);
  assert.equal(failure.kind, kind);
  return failure;
}

test('execute fills context and sessionId from the configured defaults', async () => {
  const seen: CommandParams[] = [];
  Commands.register<EchoParams, EchoResult>('test/echo', async (params) => {
    seen.push(params);
    return transformPayload(params, { success: true, text: params.text });
  });
  Commands.configure({ context: browser, sessionId: 'session-a' });
  const result = await Commands.execute<EchoParams, EchoResult>('test/echo', { text: 'hi' });
  assert.deepEqual(result, { context: browser, sessionId: 'session-a', success: true, text: 'hi' });
  assert.deepEqual(seen, [{ text: 'hi', context: browser, sessionId: 'session-a' }]);
});

test('execute keeps the payload fields the caller gave', async () => {
  Commands.configure({ context: browser, sessionId: 'default' });
  Commands.register<EchoParams, EchoResult>('test/echo', async (params) =>
    transformPayload(params, { success: true, text: params.text }),
  );
  const context: CommandContext = { environment: 'server' };
  const result = await Commands.execute<EchoParams, EchoResult>('test/echo', {
    text: 'x',
    context,
    sessionId: 'mine',
  });
  assert.equal(result.sessionId, 'mine');
  assert.equal(result.context, context);
});

test('before configure the defaults are the server context and the nil session', async () => {
  assert.deepEqual(Commands.defaults(), { context: { environment: 'server' }, sessionId: DEFAULT_SESSION_ID });
  Commands.configure({ sessionId: 's' });
  assert.deepEqual(Commands.defaults(), { context: { environment: 'server' }, sessionId: 's' });
  Commands.reset();
  assert.equal(Commands.defaults().sessionId, '00000000-0000-0000-0000-000000000000');
});

test('execute routes each name to its own handler', async () => {
  const calls: string[] = [];
  for (const name of ['a/one', 'a/two', 'b/three']) {
    Commands.register(name, async (params) => {
      calls.push(name);
      return { ...params, success: true };
    });
  }
  await Commands.execute('a/two', {});
  await Commands.execute('b/three', {});
  await Commands.execute('a/two', {});
  assert.deepEqual(calls, ['a/two', 'b/three', 'a/two']);
  assert.deepEqual(Commands.registered(), ['a/one', 'a/two', 'b/three']);
});

test('an unknown command rejects with kind unknown_command', async () => {
  const failure = await rejectsWith(Commands.execute('gpu/statz', {}), 'unknown_command');
  assert.match(failure.message, /gpu\/statz/);
  assert.deepEqual(failure.error.details, { command: 'gpu/statz' });
});

test('the transport runs commands without a handler; handlers take precedence', async () => {
  const forwarded: Array<[string, CommandParams]> = [];
  Commands.setTransport(async (name, params) => {
    forwarded.push([name, params]);
    return { ...params, success: true };
  });
  Commands.register('local/cmd', async (params) => ({ ...params, success: false }));
  const remote = await Commands.execute('remote/cmd', { sessionId: 's1' });
  const local = await Commands.execute('local/cmd', {});
  assert.equal(remote.success, true);
  assert.equal(local.success, false, 'a result with success false resolves');
  assert.deepEqual(forwarded, [['remote/cmd', { sessionId: 's1', context: { environment: 'server' } }]]);
  Commands.setTransport(undefined);
  await rejectsWith(Commands.execute('remote/cmd', {}), 'unknown_command');
});

test('register refuses a duplicate and returns an unregister function', async () => {
  const unregister = Commands.register('x/y', async (params) => ({ ...params, success: true }));
  assert.throws(() => Commands.register('x/y', async (params) => ({ ...params, success: true })), /already registered/);
  assert.throws(() => Commands.register('', async (params) => ({ ...params, success: true })), TypeError);
  unregister();
  assert.deepEqual(Commands.registered(), []);
  await rejectsWith(Commands.execute('x/y', {}), 'unknown_command');
  Commands.register('x/y', async (params) => ({ ...params, success: true }));
  unregister(); // stale: must not remove the new handler
  assert.deepEqual(Commands.registered(), ['x/y']);
});

test('reset forgets handlers, transport and defaults', async () => {
  Commands.register('x/y', async (params) => ({ ...params, success: true }));
  Commands.setTransport(async (_name, params) => ({ ...params, success: true }));
  Commands.configure({ sessionId: 'changed' });
  Commands.reset();
  assert.deepEqual(Commands.registered(), []);
  assert.equal(Commands.defaults().sessionId, DEFAULT_SESSION_ID);
  await rejectsWith(Commands.execute('x/y', {}), 'unknown_command');
});

test('a CommandFailure from a handler passes through; other errors become failed', async () => {
  const original = CommandFailure.of('not_implemented', 'scaffold');
  Commands.register('t/typed', async () => {
    throw original;
  });
  const cause = new Error('disk full');
  Commands.register('t/plain', async () => {
    throw cause;
  });
  const typed = await rejectsWith(Commands.execute('t/typed', {}), 'not_implemented');
  assert.equal(typed, original);
  const plain = await rejectsWith(Commands.execute('t/plain', {}), 'failed');
  assert.equal(plain.cause, cause);
  assert.match(plain.message, /t\/plain.*disk full/);
});

test('a separate registry is independent and usable as a Commander', async () => {
  const registry = new CommandRegistry();
  const commander: Commander = registry;
  registry.register('only/here', async (params) => ({ ...params, success: true }));
  assert.equal((await commander.execute('only/here', {})).success, true);
  assert.deepEqual(Commands.registered(), []);
  const viaShared: Commander = Commands;
  await rejectsWith(viaShared.execute('only/here', {}), 'unknown_command');
});
