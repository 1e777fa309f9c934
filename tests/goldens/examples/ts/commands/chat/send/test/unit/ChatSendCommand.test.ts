/**
 * Unit tests of `chat/send` — a scaffold created by specgen from
 * specs/chat-send.json; yours to extend (never overwritten).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  ChatSend,
  createChatSendParams,
  createChatSendResultFromParams,
} from '../../shared/ChatSendTypes';

const context = { environment: 'server' } as const;

test('ChatSend accessor names its command', () => {
  assert.equal(ChatSend.commandName, 'chat/send');
});

test('createChatSendParams fills the base fields', () => {
  const params = createChatSendParams(context, 'session-1', { "roomId": "", "text": "" });
  assert.equal(params.sessionId, 'session-1');
  assert.deepEqual(params.context, context);
});

test('a result derived from params keeps their context and session', () => {
  const params = createChatSendParams(context, 'session-1', { "roomId": "", "text": "" });
  const result = createChatSendResultFromParams(params, { success: true, ...{ "messageId": "", "timestamp": 0 } });
  assert.equal(result.sessionId, params.sessionId);
  assert.equal(result.success, true);
});
