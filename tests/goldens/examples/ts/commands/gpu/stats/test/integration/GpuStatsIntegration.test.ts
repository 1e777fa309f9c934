/**
 * Integration tests of `gpu/stats` — a scaffold created by specgen from
 * specs/gpu-stats.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('gpu/stats answers through a running host', { todo: 'start the service and call it' });
