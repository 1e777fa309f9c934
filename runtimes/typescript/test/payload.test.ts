/** Tests of `createPayload` and `transformPayload`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { CommandContext, CommandInput, CommandParams, CommandPayload } from '../src/index.js';
import { createPayload, transformPayload } from '../src/index.js';

const server: CommandContext = { environment: 'server', uuid: '11111111-1111-1111-1111-111111111111' };
const browser: CommandContext = { environment: 'browser' };

test('createPayload adds context and sessionId to the data', () => {
  const payload = createPayload(server, 'session-1', { subsystem: 'tts', limit: 3 });
  assert.deepEqual(payload, { context: server, sessionId: 'session-1', subsystem: 'tts', limit: 3 });
  const typed: CommandPayload & { subsystem: string; limit: number } = payload;
  assert.equal(typed.limit, 3);
});

test('createPayload lets its base fields win and does not touch the data', () => {
  const data = { sessionId: 'stale', context: browser, value: 1 };
  const payload = createPayload(server, 'fresh', data);
  assert.equal(payload.sessionId, 'fresh');
  assert.equal(payload.context, server);
  assert.deepEqual(data, { sessionId: 'stale', context: browser, value: 1 });
});

test('transformPayload copies context and sessionId from its source', () => {
  const params = createPayload(browser, 'session-2', { query: 'x' });
  const result = transformPayload(params, { success: true, rows: [1, 2] });
  assert.deepEqual(result, { context: browser, sessionId: 'session-2', success: true, rows: [1, 2] });
  assert.equal(result.context, params.context);
});

test('CommandInput makes the payload fields optional and keeps the own fields', () => {
  interface SearchParams extends CommandParams {
    query: string;
    limit?: number;
  }
  const minimal: CommandInput<SearchParams> = { query: 'q' };
  const full: CommandInput<SearchParams> = { query: 'q', limit: 2, sessionId: 's', context: server };
  // @ts-expect-error an own required field stays required
  const missing: CommandInput<SearchParams> = { limit: 2 };
  assert.equal(minimal.query, 'q');
  assert.equal(full.sessionId, 's');
  assert.equal(missing.limit, 2);
});
