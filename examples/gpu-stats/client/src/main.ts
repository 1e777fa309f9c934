/**
 * The gpu-stats client: calls the Rust host through the generated TypeScript.
 *
 *   node dist/src/main.js stats [subsystem]   print gpu/stats through the typed accessor
 *   node dist/src/main.js call NAME [JSON]    call any generated command, print its result
 *   node dist/src/main.js scenario            stats -> critical pressure (refused) -> recovery
 *   node dist/src/main.js events              print pressure changes as they come, until critical
 *
 * The host's socket comes from SPECGEN_SOCKET (read by the generated server command).
 * `scenario` drives the host's simulated pressure through its test-only `host/` control
 * commands, so the host must run with `--simulate`.
 */

import {
  Commands,
  CommandFailure,
  Events,
  IpcClient,
  type CommandParams,
  type CommandResult,
  type RuntimeEventOf,
} from '@specgen/runtime';
import type { GpuStatsResult as GpuStatsWire } from '../generated/ts/bindings/gpu/stats/GpuStatsResult';
import { GpuStatsIpcMixin } from '../generated/ts/commands/gpu/stats/shared/GpuStatsIpcMixin';
import { GpuStats, type GpuStatsResult } from '../generated/ts/commands/gpu/stats/shared/GpuStatsTypes';
import { registerGeneratedCommands } from './registry';

type Subsystem = 'inference' | 'tts' | 'rendering';

const SOCKET = process.env['SPECGEN_SOCKET'] ?? '/tmp/specgen.sock';

function isSubsystem(value: string): value is Subsystem {
  return value === 'inference' || value === 'tts' || value === 'rendering';
}

async function stats(subsystem?: Subsystem): Promise<GpuStatsResult> {
  return subsystem === undefined ? GpuStats.execute({}) : GpuStats.execute({ subsystem });
}

function check(condition: boolean, message: string): void {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
}

async function setPressure(control: IpcClient, fraction: number): Promise<void> {
  await control.request('host/simulate-pressure', { fraction });
}

/** Calls until the host serves again (hysteresis and healing take a few ticks). */
async function untilServed(control: IpcClient, fraction: number): Promise<GpuStatsResult> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await setPressure(control, fraction);
    try {
      return await stats();
    } catch (error) {
      if (!(error instanceof CommandFailure) || error.kind !== 'unavailable' || Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function scenario(): Promise<void> {
  const control = new IpcClient(SOCKET, { timeoutMs: 5_000 });
  try {
    const first = await stats();
    check(first.success, 'the first call succeeds');
    check(first.gpuName.length > 0 && first.totalVramMb > 0, 'typed fields of the spec are filled');
    check(first.inference.budgetMb > 0 && first.tts.consumers >= 0, 'SubsystemInfo fields arrive');
    console.log(`served: ${JSON.stringify({ gpuName: first.gpuName, pressure: first.pressure })}`);

    const tts = await stats('tts');
    check(tts.inference.usedMb === 0 && tts.tts.usedMb > 0, 'the subsystem filter reaches Rust');

    // The same call one level down: the generated IPC mixin, typed with the ts-rs bindings.
    const GpuIpc = GpuStatsIpcMixin(IpcClient);
    const ipc = new GpuIpc(SOCKET, { timeoutMs: 5_000 });
    const wire: GpuStatsWire = await ipc.gpuStats({ subsystem: 'rendering' });
    await ipc.close();
    check(wire.rendering.usedMb > 0 && wire.tts.usedMb === 0, 'the mixin returns the wire result');

    await setPressure(control, 0.97);
    let refused: CommandFailure | undefined;
    try {
      await stats();
    } catch (error) {
      if (error instanceof CommandFailure) {
        refused = error;
      } else {
        throw error;
      }
    }
    check(refused !== undefined, 'a call under critical pressure is refused');
    check(refused?.kind === 'unavailable', `the refusal is unavailable, got ${refused?.kind}`);
    console.log(`refused: ${refused?.message ?? ''}`);

    const recovered = await untilServed(control, 0.1);
    check(recovered.success, 'served again after recovery');
    console.log(`recovered: ${JSON.stringify({ pressure: recovered.pressure })}`);
  } finally {
    await control.close();
  }
}

/**
 * Subscribes to the host's pressure changes over its socket; prints `subscribed` once the
 * host has the subscription, then `event: <json>` per change, and returns after the first
 * change to critical.
 */
async function watchPressure(): Promise<void> {
  Events.configure({ socketPath: SOCKET });
  const critical = new Promise<RuntimeEventOf<'system:pressure:changed'>>((resolve, reject) => {
    Events.onError(reject);
    Events.subscribe('system:pressure:changed', (event) => {
      console.log(`event: ${JSON.stringify({ ...event, receivedAtMs: Date.now(), dropped: Events.dropped })}`);
      if (event.to === 'critical') {
        resolve(event);
      }
    });
  });
  await Events.ready();
  console.log('subscribed');
  await critical;
  await Events.close();
}

async function main(argv: string[]): Promise<void> {
  registerGeneratedCommands();
  const [mode = 'stats', arg, json] = argv;
  if (mode === 'call' && arg !== undefined) {
    const params = JSON.parse(json ?? '{}') as Partial<CommandParams>;
    const result = await Commands.execute<CommandParams, CommandResult>(arg, params);
    console.log(JSON.stringify(result, null, 2));
  } else if (mode === 'stats') {
    const subsystem = arg !== undefined && isSubsystem(arg) ? arg : undefined;
    console.log(JSON.stringify(await stats(subsystem), null, 2));
  } else if (mode === 'scenario') {
    await scenario();
    console.log('scenario passed');
  } else if (mode === 'events') {
    await watchPressure();
  } else {
    throw new Error(`unknown mode "${mode}": use stats [subsystem], call NAME [JSON], scenario or events`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
});
