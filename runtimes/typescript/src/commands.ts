/**
 * `Commands`: the process-wide command registry every static accessor forwards to.
 *
 * `Commands.execute(name, params)` fills in the payload fields the caller left out
 * (`context`, `sessionId`) from the configured defaults, then hands the params to the handler
 * registered under `name`, or else to the transport (e.g. one that forwards to a server), or
 * else rejects with a `CommandFailure` of kind `unknown_command`.
 *
 * ```ts
 * Commands.configure({ sessionId: session.id });
 * Commands.register<GpuStatsParams, GpuStatsResult>('gpu/stats', (params) => server.execute(params));
 * const stats = await GpuStats.execute({ subsystem: 'tts' }); // the generated accessor
 * ```
 */

import type { Commander } from './command-base.js';
import { CommandFailure } from './errors.js';
import type { CommandContext, CommandParams, CommandResult, SessionId } from './types.js';

/** Runs one command: takes complete params, resolves to its result. */
export type CommandHandler<P extends CommandParams = CommandParams, R extends CommandResult = CommandResult> = (
  params: P,
) => Promise<R>;

/** Runs any command that has no registered handler (it gets the command's name too). */
export type CommandTransport = (name: string, params: CommandParams) => Promise<CommandResult>;

/** The payload defaults `execute` fills in. */
export interface CommandDefaults {
  context: CommandContext;
  sessionId: SessionId;
}

/** The session id used until `configure` sets one: the nil UUID. */
export const DEFAULT_SESSION_ID: SessionId = '00000000-0000-0000-0000-000000000000';

function detectEnvironment(): CommandContext['environment'] {
  const global = globalThis as { window?: unknown; document?: unknown };
  return global.window !== undefined && global.document !== undefined ? 'browser' : 'server';
}

function initialDefaults(): CommandDefaults {
  return { context: { environment: detectEnvironment() }, sessionId: DEFAULT_SESSION_ID };
}

/**
 * A command registry. The runtime's `Commands` is one shared instance; make your own only to
 * isolate tests or embed several hosts in one process.
 */
export class CommandRegistry implements Commander {
  #handlers = new Map<string, CommandHandler>();
  #transport: CommandTransport | undefined;
  #defaults: CommandDefaults = initialDefaults();

  /**
   * Sets the defaults `execute` fills in; fields not given keep their value. Until called,
   * the context is `{ environment: 'server' }` (`'browser'` when `window` and `document`
   * exist) and the session id is `DEFAULT_SESSION_ID`.
   */
  configure(defaults: Partial<CommandDefaults>): void {
    this.#defaults = {
      context: defaults.context ?? this.#defaults.context,
      sessionId: defaults.sessionId ?? this.#defaults.sessionId,
    };
  }

  /** The defaults `execute` fills in now. */
  defaults(): CommandDefaults {
    return { ...this.#defaults };
  }

  /**
   * Registers the handler for `name`; returns a function that unregisters it. Registering a
   * second handler for the same name throws: unregister the first one, or `reset()`.
   */
  register<P extends CommandParams, R extends CommandResult>(
    name: string,
    handler: CommandHandler<P, R>,
  ): () => void {
    if (name === '') {
      throw new TypeError('a command name must not be empty');
    }
    if (this.#handlers.has(name)) {
      throw new Error(`a handler for command "${name}" is already registered`);
    }
    // The registry is keyed by string, so the handler's own params type cannot be kept; the
    // caller of `execute` names the types, exactly as it would for a transport.
    const stored = handler as unknown as CommandHandler;
    this.#handlers.set(name, stored);
    return () => {
      if (this.#handlers.get(name) === stored) {
        this.#handlers.delete(name);
      }
    };
  }

  /** Sets (or, with `undefined`, removes) the fallback for commands without a handler. */
  setTransport(transport: CommandTransport | undefined): void {
    this.#transport = transport;
  }

  /** The names with a registered handler, sorted. */
  registered(): string[] {
    return [...this.#handlers.keys()].sort();
  }

  /** Forgets every handler, the transport and the configured defaults (for tests). */
  reset(): void {
    this.#handlers.clear();
    this.#transport = undefined;
    this.#defaults = initialDefaults();
  }

  /**
   * Runs command `name`. Missing `context` / `sessionId` are filled in from the defaults.
   * Rejects with a `CommandFailure`: `unknown_command` when neither a handler nor a transport
   * exists; a handler's own `CommandFailure` as is; any other thrown value wrapped as `failed`
   * (the original is the failure's `cause`). A result with `success: false` resolves: it is a
   * result, not a rejection.
   */
  async execute<P extends CommandParams, R extends CommandResult>(
    name: string,
    params: Partial<P>,
  ): Promise<R> {
    const complete = {
      ...params,
      context: params.context ?? this.#defaults.context,
      sessionId: params.sessionId ?? this.#defaults.sessionId,
    } as P;
    const handler = this.#handlers.get(name);
    const transport = this.#transport;
    let run: () => Promise<CommandResult>;
    if (handler !== undefined) {
      run = () => handler(complete);
    } else if (transport !== undefined) {
      run = () => transport(name, complete);
    } else {
      throw CommandFailure.of('unknown_command', `unknown command "${name}"`, { command: name });
    }
    try {
      return (await run()) as R;
    } catch (error) {
      if (error instanceof CommandFailure) {
        throw error;
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new CommandFailure(
        { kind: 'failed', message: `command "${name}" failed: ${message}`, details: { command: name } },
        { cause: error },
      );
    }
  }
}

/** The process-wide registry that generated accessors forward to. */
export const Commands: CommandRegistry = new CommandRegistry();
