/**
 * SystemPressureSet server command — your implementation of `system/pressure/set`.
 *
 * Created by specgen from specs/system-pressure-set.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import {
  CommandBase,
  type ICommandDaemon as Commander,
} from '@daemons/command-daemon/shared/CommandBase';
import { IpcClient } from '@system/core/ipc/IpcClient';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import { SystemPressureSetIpcMixin } from '../shared/SystemPressureSetIpcMixin';
import {
  createSystemPressureSetResultFromParams,
  type SystemPressureSetParams,
  type SystemPressureSetResult,
} from '../shared/SystemPressureSetTypes';

/** An IPC client with the `systemPressureSet()` method. */
const SystemPressureSetClient = SystemPressureSetIpcMixin(IpcClient);

/** Where the Rust service listens; set SPECGEN_SOCKET to override. */
const SOCKET_PATH = process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';

export class SystemPressureSetServerCommand extends CommandBase<SystemPressureSetParams, SystemPressureSetResult> {
  private readonly ipc: InstanceType<typeof SystemPressureSetClient>;

  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('system/pressure/set', context, subpath, commander);
    this.ipc = new SystemPressureSetClient(SOCKET_PATH);
  }

  async execute(params: SystemPressureSetParams): Promise<SystemPressureSetResult> {
    const { context: _context, sessionId: _sessionId, ...wire } = params;
    const result = await this.ipc.systemPressureSet(wire);
    return createSystemPressureSetResultFromParams(params, { success: true, ...result });
  }
}
