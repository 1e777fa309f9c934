/**
 * Payload helpers: the one place that puts the base fields (`context`, `sessionId`) on a
 * params or result object. Generated `create<Name>Params` / `create<Name>Result` factories
 * call `createPayload`; `create<Name>ResultFromParams` calls `transformPayload`.
 */

import type { CommandContext, CommandPayload, SessionId } from './types.js';

/**
 * `data` with `context` and `sessionId` added. The base fields given here win over fields of
 * the same name in `data`. The objects in `data` are not copied.
 */
export function createPayload<T extends object>(
  context: CommandContext,
  sessionId: SessionId,
  data: T,
): CommandPayload & T {
  return { ...data, context, sessionId };
}

/**
 * `data` with the `context` and `sessionId` of `source` (typically: a result built from the
 * params it answers). The base fields of `source` win over fields of the same name in `data`.
 */
export function transformPayload<T extends object>(
  source: CommandPayload,
  data: T,
): CommandPayload & T {
  return createPayload(source.context, source.sessionId, data);
}
