/**
 * The base class of command implementations. A generated server or browser command extends
 * `CommandBase<Params, Result>`, passes its name to `super`, and implements `execute`:
 *
 * ```ts
 * export class GpuStatsServerCommand extends CommandBase<GpuStatsParams, GpuStatsResult> {
 *   constructor(context: CommandContext, subpath: string, commander: Commander) {
 *     super('gpu/stats', context, subpath, commander);
 *   }
 *   async execute(params: GpuStatsParams): Promise<GpuStatsResult> { ... }
 * }
 * ```
 */

import type { CommandContext, CommandParams, CommandResult } from './types.js';

/** Something that runs commands by name; `Commands` is one. */
export interface Commander {
  execute<P extends CommandParams, R extends CommandResult>(
    name: string,
    params: Partial<P>,
  ): Promise<R>;
}

/** A command implementation: its name, where it runs, and how it reaches other commands. */
export abstract class CommandBase<P extends CommandParams, R extends CommandResult> {
  /**
   * @param name the command's name (`gpu/stats`)
   * @param context where this implementation runs
   * @param subpath the command's folder below the commands root
   * @param commander what this command uses to call other commands
   */
  constructor(
    readonly name: string,
    protected readonly context: CommandContext,
    protected readonly subpath: string,
    protected readonly commander: Commander,
  ) {}

  /** Runs the command. */
  abstract execute(params: P): Promise<R>;
}
