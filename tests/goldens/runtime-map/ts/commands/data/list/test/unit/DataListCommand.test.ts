/**
 * Unit tests of `data/list` — a scaffold created by specgen from
 * specs/data-list.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { UUID as SessionId } from '@system/core/types/CrossPlatformUUID';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import {
  DataList,
  createDataListParams,
  createDataListResultFromParams,
} from '../../shared/DataListTypes';

// Placeholders of this project's context and session id types: put real values here.
const context = { environment: 'server' } as unknown as CommandContext;
const sessionId = '00000000-0000-4000-8000-000000000001' as unknown as SessionId;

test('DataList accessor names its command', () => {
  assert.equal(DataList.commandName, 'data/list');
});

test('createDataListParams fills the base fields', () => {
  const params = createDataListParams(context, sessionId, { "collection": "" as never });
  assert.equal(params.sessionId, sessionId);
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createDataListParams(context, sessionId, { "collection": "" as never });
  const result = createDataListResultFromParams(params, { success: true, ...{ "page": { "items": [], "collection": "" as never }, "servedBy": undefined as never } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
