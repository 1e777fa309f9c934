/**
 * Integration tests of `data/list` — a scaffold created by specgen from
 * specs/data-list.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('data/list answers through a running host', { todo: 'start the service and call it' });
