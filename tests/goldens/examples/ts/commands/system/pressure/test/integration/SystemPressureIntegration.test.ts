/**
 * Integration tests of `system/pressure` — a scaffold created by specgen from
 * specs/system-pressure.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('system/pressure answers through a running host', { todo: 'start the service and call it' });
