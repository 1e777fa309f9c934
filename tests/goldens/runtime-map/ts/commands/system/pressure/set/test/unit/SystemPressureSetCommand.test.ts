/**
 * Unit tests of `system/pressure/set` — a scaffold created by specgen from
 * specs/system-pressure-set.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { UUID as SessionId } from '@system/core/types/CrossPlatformUUID';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import {
  SystemPressureSet,
  createSystemPressureSetParams,
  createSystemPressureSetResultFromParams,
} from '../../shared/SystemPressureSetTypes';

// Placeholders of this project's context and session id types: put real values here.
const context = { environment: 'server' } as unknown as CommandContext;
const sessionId = '00000000-0000-4000-8000-000000000001' as unknown as SessionId;

test('SystemPressureSet accessor names its command', () => {
  assert.equal(SystemPressureSet.commandName, 'system/pressure/set');
});

test('createSystemPressureSetParams fills the base fields', () => {
  const params = createSystemPressureSetParams(context, sessionId, { "level": undefined as never, "owner": "" as never });
  assert.equal(params.sessionId, sessionId);
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createSystemPressureSetParams(context, sessionId, { "level": undefined as never, "owner": "" as never });
  const result = createSystemPressureSetResultFromParams(params, { success: true, ...{ "history": [], "origin": null } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
