/**
 * AiModelList server command — your implementation of `ai/model/list`.
 *
 * Created by specgen from specs/ai-model-list.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import { CommandBase, IpcClient, type CommandContext, type Commander } from '@specgen/runtime';
import { AiModelListIpcMixin } from '../shared/AiModelListIpcMixin';
import {
  createAiModelListResultFromParams,
  type AiModelListParams,
  type AiModelListResult,
} from '../shared/AiModelListTypes';

/** An IPC client with the `aiModelList()` method. */
const AiModelListClient = AiModelListIpcMixin(IpcClient);

/** Where the Rust service listens; set SPECGEN_SOCKET to override. */
const SOCKET_PATH = process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';

export class AiModelListServerCommand extends CommandBase<AiModelListParams, AiModelListResult> {
  private readonly ipc: InstanceType<typeof AiModelListClient>;

  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('ai/model/list', context, subpath, commander);
    this.ipc = new AiModelListClient(SOCKET_PATH);
  }

  async execute(params: AiModelListParams): Promise<AiModelListResult> {
    const { context: _context, sessionId: _sessionId, ...wire } = params;
    const result = await this.ipc.aiModelList(wire);
    return createAiModelListResultFromParams(params, { success: true, ...result });
  }
}
