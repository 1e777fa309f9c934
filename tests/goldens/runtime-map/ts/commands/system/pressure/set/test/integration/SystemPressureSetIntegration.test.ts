/**
 * Integration tests of `system/pressure/set` — a scaffold created by specgen from
 * specs/system-pressure-set.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('system/pressure/set answers through a running host', { todo: 'start the service and call it' });
