/** Tests of IPC mixins built on `IpcConstructor`, and of a whole generated-style vertical. */

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import type { CommandParams, CommandResult, IpcConstructor } from '../src/index.js';
import { CommandBase, Commands, IpcClient } from '../src/index.js';
import {
  createGpuStatsParams,
  createGpuStatsResult,
  GpuIpcClient,
  GpuIpcMixin,
  GpuStats,
  GpuStatsServerCommand,
  type GpuStatsResult,
} from './fixtures/gpu-stats.js';
import { startReplyingHost } from './helpers/host.js';

afterEach(() => Commands.reset());

interface SpeakParams extends CommandParams {
  text: string;
}
interface SpeakResult extends CommandResult {
  durationMs: number;
}

function TtsIpcMixin<TBase extends IpcConstructor>(Base: TBase) {
  return class extends Base {
    ttsSpeak(params: SpeakParams): Promise<SpeakResult> {
      return this.request<SpeakResult>('tts/speak', params);
    }
  };
}

const stats = {
  success: true,
  subsystems: [{ name: 'tts' as const, usedBytes: 5, budgetBytes: 10 }],
  totalUsedBytes: 5,
};

test('a mixin adds typed methods over request, and mixins compose', async () => {
  const host = await startReplyingHost((request) =>
    request.command === 'gpu/stats'
      ? { success: true, result: stats }
      : { success: true, result: { success: true, durationMs: 120 } },
  );
  const Both = TtsIpcMixin(GpuIpcMixin(IpcClient));
  const client = new Both(host.path, { timeoutMs: 1000 });
  try {
    assert.ok(client instanceof IpcClient);
    assert.equal(client.timeoutMs, 1000);
    const params = createGpuStatsParams({ environment: 'server' }, 's', { subsystem: 'tts' });
    const gpu: GpuStatsResult = await client.gpuStats(params);
    const tts: SpeakResult = await client.ttsSpeak({ text: 'hello', context: { environment: 'server' }, sessionId: 's' });
    assert.deepEqual(gpu, stats);
    assert.equal(tts.durationMs, 120);
    assert.deepEqual(
      host.requests.map((r) => r.command),
      ['gpu/stats', 'tts/speak'],
    );
    assert.deepEqual(host.requests[0]?.params, {
      includeReserved: false,
      subsystem: 'tts',
      context: { environment: 'server' },
      sessionId: 's',
    });
  } finally {
    await client.close();
    await host.close();
  }
});

test('generated-style vertical: accessor -> Commands -> server command -> IPC mixin -> host', async () => {
  const host = await startReplyingHost(() => ({ success: true, result: stats }));
  const command = new GpuStatsServerCommand({ environment: 'server' }, 'gpu/stats', Commands);
  command.ipc = new GpuIpcClient(host.path);
  assert.ok(command instanceof CommandBase);
  assert.equal(command.name, 'gpu/stats');
  Commands.configure({ sessionId: 'session-v' });
  Commands.register(command.name, (params: Parameters<typeof command.execute>[0]) => command.execute(params));
  try {
    const result = await GpuStats.execute({ subsystem: 'tts' });
    assert.equal(GpuStats.commandName, 'gpu/stats');
    assert.deepEqual(result, { ...stats, context: { environment: 'server' }, sessionId: 'session-v' });
    assert.deepEqual(host.requests[0], {
      command: 'gpu/stats',
      params: { subsystem: 'tts', context: { environment: 'server' }, sessionId: 'session-v' },
    });
    const offline = new GpuStatsServerCommand({ environment: 'server' }, 'gpu/stats', Commands);
    const params = createGpuStatsParams({ environment: 'browser' }, 'p', {});
    const failed = await offline.execute(params);
    assert.equal(failed.success, false);
    assert.equal(failed.error?.kind, 'unavailable');
    assert.equal(failed.sessionId, 'p');
    assert.deepEqual(createGpuStatsResult({ environment: 'server' }, 's', { ...stats }).context, {
      environment: 'server',
    });
  } finally {
    await command.ipc.close();
    await host.close();
  }
});
