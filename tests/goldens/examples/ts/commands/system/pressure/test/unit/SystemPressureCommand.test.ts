/**
 * Unit tests of `system/pressure` — a scaffold created by specgen from
 * specs/system-pressure.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  SystemPressure,
  createSystemPressureParams,
  createSystemPressureResultFromParams,
} from '../../shared/SystemPressureTypes';

const context = { environment: 'server' } as const;

test('SystemPressure accessor names its command', () => {
  assert.equal(SystemPressure.commandName, 'system/pressure');
});

test('createSystemPressureParams fills the base fields', () => {
  const params = createSystemPressureParams(context, 'session-1', {});
  assert.equal(params.sessionId, 'session-1');
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createSystemPressureParams(context, 'session-1', {});
  const result = createSystemPressureResultFromParams(params, { success: true, ...{ "level": "normal", "readings": [], "changedAtMs": null } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
