/**
 * Typed command errors. The kinds are the wire slugs of the Rust `CommandError::code()` in
 * `crates/managed-service` (snake_case), so an error that comes back over IPC keeps its kind.
 * `CommandError` is the plain, serialisable description; `CommandFailure` is the `Error` that
 * carries one when a promise rejects.
 */

/** Every kind of command error, in the order of the Rust enum. */
export const COMMAND_ERROR_KINDS = [
  'unknown_command',
  'invalid_params',
  'not_implemented',
  'unavailable',
  'failed',
] as const;

/**
 * Why a command produced no result:
 * - `unknown_command`: no handler for this name (the caller's fault; retrying does not help);
 * - `invalid_params`: the params do not have the expected shape (the caller's fault);
 * - `not_implemented`: the command is declared but its handler is still a scaffold;
 * - `unavailable`: the service cannot serve now (unhealthy, shedding load, unreachable,
 *   timed out) — retrying later may help;
 * - `failed`: the handler ran and failed.
 */
export type CommandErrorKind = (typeof COMMAND_ERROR_KINDS)[number];

/** A serialisable description of a command error. */
export interface CommandError {
  /** What kind of failure this is. */
  kind: CommandErrorKind;
  /** A message for people. */
  message: string;
  /** Anything else the producer knows (the original error, the offending value...). */
  details?: unknown;
}

/** Whether `value` is one of the `CommandErrorKind` slugs. */
export function isCommandErrorKind(value: unknown): value is CommandErrorKind {
  return typeof value === 'string' && (COMMAND_ERROR_KINDS as readonly string[]).includes(value);
}

/** Builds a `CommandError`; `details` is left out when not given. */
export function commandError(
  kind: CommandErrorKind,
  message: string,
  details?: unknown,
): CommandError {
  return details === undefined ? { kind, message } : { kind, message, details };
}

/** The `Error` a command promise rejects with; `error` says what went wrong. */
export class CommandFailure extends Error {
  /** The typed error. */
  readonly error: CommandError;

  constructor(error: CommandError, options?: { cause?: unknown }) {
    super(error.message, options);
    this.name = 'CommandFailure';
    this.error = error;
  }

  /** Shorthand for `new CommandFailure(commandError(kind, message, details))`. */
  static of(kind: CommandErrorKind, message: string, details?: unknown): CommandFailure {
    return new CommandFailure(commandError(kind, message, details));
  }

  /** The error's kind. */
  get kind(): CommandErrorKind {
    return this.error.kind;
  }

  /** The plain `CommandError`, so that `JSON.stringify` of a failure is useful. */
  toJSON(): CommandError {
    return this.error;
  }
}
