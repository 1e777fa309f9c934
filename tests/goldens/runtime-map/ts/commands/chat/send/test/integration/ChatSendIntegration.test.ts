/**
 * Integration tests of `chat/send` — a scaffold created by specgen from
 * specs/chat-send.json; yours to extend (never overwritten).
 *
 * These run against a live implementation, so they are marked `todo` until you wire one.
 */

import { test } from 'node:test';

test('chat/send answers through a running host', { todo: 'start the service and call it' });
