/**
 * DataList server command — your implementation of `data/list`.
 *
 * Created by specgen from specs/data-list.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import {
  CommandBase,
  type ICommandDaemon as Commander,
} from '@daemons/command-daemon/shared/CommandBase';
import { IpcClient } from '@system/core/ipc/IpcClient';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import { DataListIpcMixin } from '../shared/DataListIpcMixin';
import {
  createDataListResultFromParams,
  type DataListParams,
  type DataListResult,
} from '../shared/DataListTypes';

/** An IPC client with the `dataList()` method. */
const DataListClient = DataListIpcMixin(IpcClient);

/** Where the Rust service listens; set SPECGEN_SOCKET to override. */
const SOCKET_PATH = process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';

export class DataListServerCommand extends CommandBase<DataListParams, DataListResult> {
  private readonly ipc: InstanceType<typeof DataListClient>;

  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('data/list', context, subpath, commander);
    this.ipc = new DataListClient(SOCKET_PATH);
  }

  async execute(params: DataListParams): Promise<DataListResult> {
    const { context: _context, sessionId: _sessionId, ...wire } = params;
    const result = await this.ipc.dataList(wire);
    return createDataListResultFromParams(params, { success: true, ...result });
  }
}
