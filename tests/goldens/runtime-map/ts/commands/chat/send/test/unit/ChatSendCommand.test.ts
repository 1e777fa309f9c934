/**
 * Unit tests of `chat/send` — a scaffold created by specgen from
 * specs/chat-send.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { UUID as SessionId } from '@system/core/types/CrossPlatformUUID';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import {
  ChatSend,
  createChatSendParams,
  createChatSendResultFromParams,
} from '../../shared/ChatSendTypes';

// Placeholders of this project's context and session id types: put real values here.
const context = { environment: 'server' } as unknown as CommandContext;
const sessionId = '00000000-0000-4000-8000-000000000001' as unknown as SessionId;

test('ChatSend accessor names its command', () => {
  assert.equal(ChatSend.commandName, 'chat/send');
});

test('createChatSendParams fills the base fields', () => {
  const params = createChatSendParams(context, sessionId, { "roomId": "" as never, "message": {} as never });
  assert.equal(params.sessionId, sessionId);
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createChatSendParams(context, sessionId, { "roomId": "" as never, "message": {} as never });
  const result = createChatSendResultFromParams(params, { success: true, ...{ "messageId": "" as never, "stored": {} } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
