/**
 * AiModelList browser command — your implementation of `ai/model/list`.
 *
 * Created by specgen from specs/ai-model-list.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import { CommandBase, type CommandContext, type Commander } from '@specgen/runtime';
import type { AiModelListParams, AiModelListResult } from '../shared/AiModelListTypes';

export class AiModelListBrowserCommand extends CommandBase<AiModelListParams, AiModelListResult> {
  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('ai/model/list', context, subpath, commander);
  }

  async execute(params: AiModelListParams): Promise<AiModelListResult> {
    // The work happens on the server; the browser forwards the call.
    return this.commander.execute<AiModelListParams, AiModelListResult>(this.name, params);
  }
}
