/**
 * `@specgen/runtime`: the small runtime that specgen-generated TypeScript compiles against —
 * the base command types, typed errors, payload helpers, the `Commands` registry, the
 * `CommandBase` class and the Unix-socket `IpcClient` for Rust-backed commands.
 */

export type { CommandContext, CommandInput, CommandParams, CommandPayload, CommandResult, SessionId, UUID } from './types.js';
export {
  COMMAND_ERROR_KINDS,
  CommandFailure,
  commandError,
  isCommandErrorKind,
  type CommandError,
  type CommandErrorKind,
} from './errors.js';
export { createPayload, transformPayload } from './payload.js';
export {
  CommandRegistry,
  Commands,
  DEFAULT_SESSION_ID,
  type CommandDefaults,
  type CommandHandler,
  type CommandTransport,
} from './commands.js';
export { CommandBase, type Commander } from './command-base.js';
export {
  decodeFramePayload,
  encodeFrame,
  FRAME_HEADER_BYTES,
  FrameDecoder,
  FrameError,
  MAX_FRAME_BYTES,
} from './frame.js';
export { DEFAULT_IPC_TIMEOUT_MS, IpcClient, type IpcClientOptions, type IpcConstructor } from './ipc.js';
