/**
 * `@specgen/runtime`: the small runtime that specgen-generated TypeScript compiles against —
 * the base command types, typed errors, payload helpers, the `Commands` registry, the
 * `CommandBase` class, the Unix-socket `IpcClient` for Rust-backed commands, and `Events`, the
 * host's runtime events typed by the ts-rs export of the Rust definitions.
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
export {
  defaultSocketPath,
  EventSubscriber,
  Events,
  RUNTIME_EVENT_TYPES,
  type EventHandler,
  type EventSubscriberOptions,
  type RuntimeEvent,
  type RuntimeEventOf,
  type RuntimeEventType,
  type Unsubscribe,
} from './events.js';
export type { CallOutcome } from './health/CallOutcome.js';
export type { Denial } from './health/Denial.js';
export type { DenialReason } from './health/DenialReason.js';
export type { Event } from './health/Event.js';
export type { HealthSnapshot } from './health/HealthSnapshot.js';
export type { HealthStatus } from './health/HealthStatus.js';
export type { PressureLevel } from './health/PressureLevel.js';
export type { Reading } from './health/Reading.js';
export type { Resource } from './health/Resource.js';
export type { ResourceBudget } from './health/ResourceBudget.js';
export type { ServiceHealth } from './health/ServiceHealth.js';
export type { SourceReport } from './health/SourceReport.js';
