/**
 * Unit tests of `system/health` — a scaffold created by specgen from
 * specs/system-health.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { SystemHealthParams, SystemHealthResult } from '../../shared/SystemHealthTypes';

test('SystemHealth contract types accept a minimal value', () => {
  const params: Omit<SystemHealthParams, 'context' | 'sessionId'> = {};
  const result: Omit<SystemHealthResult, 'context' | 'sessionId'> = { success: true, ...{ "services": [] } };
  assert.equal(typeof params, 'object');
  assert.equal(result.success, true);
});
