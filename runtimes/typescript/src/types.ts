/**
 * The base types every command shares: the identifiers, the context a command runs in, and
 * the payload fields (`context`, `sessionId`) that every params and result object carries.
 * Generated `<Name>Params` / `<Name>Result` interfaces extend `CommandParams` /
 * `CommandResult`; callers pass a `CommandInput<Params>`, which leaves the payload fields to
 * the runtime.
 */

import type { CommandError } from './errors.js';

/** A UUID in its canonical text form (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`). */
export type UUID = string;

/** The id of the session a command runs for. */
export type SessionId = UUID;

/** Where a command runs, and optionally which context instance it runs in. */
export interface CommandContext {
  /** The side that executes the command. */
  environment: 'server' | 'browser';
  /** The id of this context instance, when there are several. */
  uuid?: UUID;
}

/** The fields the runtime fills in on every params and result object. */
export interface CommandPayload {
  /** Where the command runs. */
  context: CommandContext;
  /** The session the command runs for. */
  sessionId: SessionId;
}

/** The base of every command's params. */
export interface CommandParams extends CommandPayload {
  /** The user the command runs on behalf of, when known. */
  userId?: UUID;
}

/** The base of every command's result. */
export interface CommandResult extends CommandPayload {
  /** Whether the command did what was asked. */
  success: boolean;
  /** Why it did not, when `success` is false. */
  error?: CommandError;
}

/**
 * What a caller passes to a command's static accessor: the command's own params, with the
 * payload fields optional (the runtime fills in whatever is missing from its defaults).
 */
export type CommandInput<P extends CommandParams> = Omit<P, keyof CommandPayload> &
  Partial<CommandPayload>;
