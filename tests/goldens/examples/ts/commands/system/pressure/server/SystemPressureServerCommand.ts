/**
 * SystemPressure server command — your implementation of `system/pressure`.
 *
 * Created by specgen from specs/system-pressure.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import { CommandBase, IpcClient, type CommandContext, type Commander } from '@specgen/runtime';
import { SystemPressureIpcMixin } from '../shared/SystemPressureIpcMixin';
import {
  createSystemPressureResultFromParams,
  type SystemPressureParams,
  type SystemPressureResult,
} from '../shared/SystemPressureTypes';

/** An IPC client with the `systemPressure()` method. */
const SystemPressureClient = SystemPressureIpcMixin(IpcClient);

/** Where the Rust service listens; set SPECGEN_SOCKET to override. */
const SOCKET_PATH = process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';

export class SystemPressureServerCommand extends CommandBase<SystemPressureParams, SystemPressureResult> {
  private readonly ipc: InstanceType<typeof SystemPressureClient>;

  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('system/pressure', context, subpath, commander);
    this.ipc = new SystemPressureClient(SOCKET_PATH);
  }

  async execute(params: SystemPressureParams): Promise<SystemPressureResult> {
    const { context: _context, sessionId: _sessionId, ...wire } = params;
    const result = await this.ipc.systemPressure(wire);
    return createSystemPressureResultFromParams(params, { success: true, ...result });
  }
}
