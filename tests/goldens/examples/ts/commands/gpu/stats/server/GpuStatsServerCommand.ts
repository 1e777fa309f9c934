/**
 * GpuStats server command — your implementation of `gpu/stats`.
 *
 * Created by specgen from specs/gpu-stats.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import { CommandBase, IpcClient, type CommandContext, type Commander } from '@specgen/runtime';
import { GpuStatsIpcMixin } from '../shared/GpuStatsIpcMixin';
import {
  createGpuStatsResultFromParams,
  type GpuStatsParams,
  type GpuStatsResult,
} from '../shared/GpuStatsTypes';

/** An IPC client with the `gpuStats()` method. */
const GpuStatsClient = GpuStatsIpcMixin(IpcClient);

/** Where the Rust service listens; set SPECGEN_SOCKET to override. */
const SOCKET_PATH = process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';

export class GpuStatsServerCommand extends CommandBase<GpuStatsParams, GpuStatsResult> {
  private readonly ipc: InstanceType<typeof GpuStatsClient>;

  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('gpu/stats', context, subpath, commander);
    this.ipc = new GpuStatsClient(SOCKET_PATH);
  }

  async execute(params: GpuStatsParams): Promise<GpuStatsResult> {
    const { context: _context, sessionId: _sessionId, ...wire } = params;
    const result = await this.ipc.gpuStats(wire);
    return createGpuStatsResultFromParams(params, { success: true, ...result });
  }
}
