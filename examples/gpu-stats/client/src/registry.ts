/**
 * Registers every generated server command with `Commands`, so that the static accessors
 * (`GpuStats.execute(...)`) and `Commands.execute(name, ...)` reach the Rust host.
 *
 * The server commands are found on disk (`generated/ts/commands/<path>/server/*ServerCommand`),
 * so a command added with `specgen new` + `specgen generate` is callable with no edit here.
 */

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { CommandBase, Commands, type CommandContext, type Commander } from '@specgen/runtime';

type ServerCommandClass = new (
  context: CommandContext,
  subpath: string,
  commander: Commander,
) => CommandBase<never, never>;

/** The compiled generated commands, next to this file's compiled folder. */
const COMMANDS_ROOT = join(__dirname, '..', 'generated', 'ts', 'commands');

function serverCommandFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      found.push(...serverCommandFiles(path));
    } else if (entry.name.endsWith('ServerCommand.js') && folder.endsWith('server')) {
      found.push(path);
    }
  }
  return found;
}

function isServerCommandClass(value: unknown): value is ServerCommandClass {
  return typeof value === 'function' && value.prototype instanceof CommandBase;
}

/** Registers the generated server commands; returns their names, sorted. */
export function registerGeneratedCommands(root: string = COMMANDS_ROOT): string[] {
  const names: string[] = [];
  for (const file of serverCommandFiles(root)) {
    const exports = require(file) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (isServerCommandClass(value)) {
        const subpath = relative(root, join(file, '..', '..'));
        const command = new value({ environment: 'server' }, subpath, Commands);
        Commands.register(command.name, (params) => command.execute(params as never));
        names.push(command.name);
      }
    }
  }
  return names.sort();
}
