/**
 * Integration tests of `audit/record` — a scaffold created by specgen from
 * specs/audit-record.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('audit/record answers through a running host', { todo: 'start the service and call it' });
