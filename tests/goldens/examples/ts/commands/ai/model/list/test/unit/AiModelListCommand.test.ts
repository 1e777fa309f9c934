/**
 * Unit tests of `ai/model/list` — a scaffold created by specgen from
 * specs/ai-model-list.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  AiModelList,
  createAiModelListParams,
  createAiModelListResultFromParams,
} from '../../shared/AiModelListTypes';

const context = { environment: 'server' } as const;

test('AiModelList accessor names its command', () => {
  assert.equal(AiModelList.commandName, 'ai/model/list');
});

test('createAiModelListParams fills the base fields', () => {
  const params = createAiModelListParams(context, 'session-1', {});
  assert.equal(params.sessionId, 'session-1');
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createAiModelListParams(context, 'session-1', {});
  const result = createAiModelListResultFromParams(params, { success: true, ...{ "models": [], "budgetBytes": 0 } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
