/** Tests of the typed command errors. */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { COMMAND_ERROR_KINDS, CommandFailure, commandError, isCommandErrorKind } from '../src/index.js';

test('the kinds are the Rust CommandError::code() slugs', () => {
  assert.deepEqual(
    [...COMMAND_ERROR_KINDS],
    ['unknown_command', 'invalid_params', 'not_implemented', 'unavailable', 'failed'],
  );
  assert.ok(isCommandErrorKind('not_implemented'));
  assert.ok(!isCommandErrorKind('not-implemented'));
  assert.ok(!isCommandErrorKind(3));
});

test('commandError leaves details out unless given', () => {
  assert.deepEqual(commandError('failed', 'boom'), { kind: 'failed', message: 'boom' });
  assert.ok(!('details' in commandError('failed', 'boom')));
  assert.deepEqual(commandError('invalid_params', 'bad', { path: '/x' }), {
    kind: 'invalid_params',
    message: 'bad',
    details: { path: '/x' },
  });
});

test('CommandFailure is an Error carrying the CommandError', () => {
  const cause = new Error('root');
  const failure = new CommandFailure(commandError('unavailable', 'shedding load'), { cause });
  assert.ok(failure instanceof Error);
  assert.equal(failure.name, 'CommandFailure');
  assert.equal(failure.message, 'shedding load');
  assert.equal(failure.kind, 'unavailable');
  assert.equal(failure.cause, cause);
  assert.deepEqual(JSON.parse(JSON.stringify(failure)), { kind: 'unavailable', message: 'shedding load' });
  assert.deepEqual(CommandFailure.of('failed', 'x', 1).error, { kind: 'failed', message: 'x', details: 1 });
});
