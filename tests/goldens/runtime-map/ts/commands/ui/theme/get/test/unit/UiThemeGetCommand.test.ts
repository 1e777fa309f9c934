/**
 * Unit tests of `ui/theme/get` — a scaffold created by specgen from
 * specs/ui-theme-get.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { UUID as SessionId } from '@system/core/types/CrossPlatformUUID';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import {
  UiThemeGet,
  createUiThemeGetParams,
  createUiThemeGetResultFromParams,
} from '../../shared/UiThemeGetTypes';

// Placeholders of this project's context and session id types: put real values here.
const context = { environment: 'server' } as unknown as CommandContext;
const sessionId = '00000000-0000-4000-8000-000000000001' as unknown as SessionId;

test('UiThemeGet accessor names its command', () => {
  assert.equal(UiThemeGet.commandName, 'ui/theme/get');
});

test('createUiThemeGetParams fills the base fields', () => {
  const params = createUiThemeGetParams(context, sessionId, {});
  assert.equal(params.sessionId, sessionId);
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createUiThemeGetParams(context, sessionId, {});
  const result = createUiThemeGetResultFromParams(params, { success: true, ...{ "theme": undefined as never, "fallbacks": [] } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
