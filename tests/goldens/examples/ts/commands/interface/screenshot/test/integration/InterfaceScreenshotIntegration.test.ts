/**
 * Integration tests of `interface/screenshot` — a scaffold created by specgen from
 * specs/interface-screenshot.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('interface/screenshot answers through a running host', { todo: 'start the service and call it' });
