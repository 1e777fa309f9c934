/**
 * Unit tests of `audit/record` — a scaffold created by specgen from
 * specs/audit-record.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { AuditRecordParams, AuditRecordResult } from '../../shared/AuditRecordTypes';

test('AuditRecord contract types accept a minimal value', () => {
  const params: Omit<AuditRecordParams, 'context' | 'sessionId'> = { "actor": "" as never, "level": undefined as never };
  const result: Omit<AuditRecordResult, 'context' | 'sessionId'> = { success: true, ...{ "entryId": "" as never } };
  assert.equal(typeof params, 'object');
  assert.equal(result.success, true);
});
