/**
 * Integration tests of `ui/theme/get` — a scaffold created by specgen from
 * specs/ui-theme-get.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('ui/theme/get answers through a running host', { todo: 'start the service and call it' });
