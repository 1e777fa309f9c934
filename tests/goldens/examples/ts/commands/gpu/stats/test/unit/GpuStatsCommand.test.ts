/**
 * Unit tests of `gpu/stats` — a scaffold created by specgen from
 * specs/gpu-stats.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  GpuStats,
  createGpuStatsParams,
  createGpuStatsResultFromParams,
} from '../../shared/GpuStatsTypes';

const context = { environment: 'server' } as const;

test('GpuStats accessor names its command', () => {
  assert.equal(GpuStats.commandName, 'gpu/stats');
});

test('createGpuStatsParams fills the base fields', () => {
  const params = createGpuStatsParams(context, 'session-1', {});
  assert.equal(params.sessionId, 'session-1');
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createGpuStatsParams(context, 'session-1', {});
  const result = createGpuStatsResultFromParams(params, { success: true, ...{ "gpuName": "", "totalVramMb": 0, "pressure": 0, "rendering": { "budgetMb": 0, "usedMb": 0, "consumers": 0 }, "inference": { "budgetMb": 0, "usedMb": 0, "consumers": 0 }, "tts": { "budgetMb": 0, "usedMb": 0, "consumers": 0 } } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
