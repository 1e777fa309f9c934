/**
 * Unit tests of `interface/screenshot` — a scaffold created by specgen from
 * specs/interface-screenshot.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  InterfaceScreenshot,
  createInterfaceScreenshotParams,
  createInterfaceScreenshotResultFromParams,
} from '../../shared/InterfaceScreenshotTypes';

const context = { environment: 'server' } as const;

test('InterfaceScreenshot accessor names its command', () => {
  assert.equal(InterfaceScreenshot.commandName, 'interface/screenshot');
});

test('createInterfaceScreenshotParams fills the base fields', () => {
  const params = createInterfaceScreenshotParams(context, 'session-1', {});
  assert.equal(params.sessionId, 'session-1');
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createInterfaceScreenshotParams(context, 'session-1', {});
  const result = createInterfaceScreenshotResultFromParams(params, { success: true, ...{ "dataUrl": "", "bounds": { "x": 0, "y": 0, "width": 0, "height": 0 } } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
