/**
 * DataList browser command — your implementation of `data/list`.
 *
 * Created by specgen from specs/data-list.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import {
  CommandBase,
  type ICommandDaemon as Commander,
} from '@daemons/command-daemon/shared/CommandBase';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import type { DataListParams, DataListResult } from '../shared/DataListTypes';

export class DataListBrowserCommand extends CommandBase<DataListParams, DataListResult> {
  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('data/list', context, subpath, commander);
  }

  async execute(params: DataListParams): Promise<DataListResult> {
    // The work happens on the server; the browser forwards the call.
    return this.commander.execute<DataListParams, DataListResult>(this.name, params);
  }
}
