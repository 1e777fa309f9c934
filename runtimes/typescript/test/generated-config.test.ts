/**
 * Checks `tsconfig.generated.json`: code in another directory that imports '@specgen/runtime'
 * type-checks against this package's sources through a tsconfig that extends it by absolute
 * path, and a type error there is reported.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The package root: this file runs from dist-test/test/. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const run = promisify(execFile);

/** Writes `files` and a tsconfig extending tsconfig.generated.json to a temp dir; runs tsc. */
async function typeCheck(files: Record<string, string>): Promise<{ status: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'specgen-generated-'));
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(root, 'tsconfig.generated.json'), include: ['**/*.ts'] }),
    );
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    try {
      const { stdout, stderr } = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]);
      return { status: 0, output: `${stdout}${stderr}` };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      return {
        status: typeof failed.code === 'number' ? failed.code : -1,
        output: `${failed.stdout ?? ''}${failed.stderr ?? ''}${String(error)}`,
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixture = readFileSync(join(root, 'test', 'fixtures', 'gpu-stats.ts'), 'utf8').replaceAll(
  "'../../src/index.js'",
  "'@specgen/runtime'",
);

describe('tsconfig.generated.json', { concurrency: true }, () => {
test('generated code importing @specgen/runtime type-checks from a temporary directory', async () => {
  assert.match(fixture, /from '@specgen\/runtime'/);
  const result = await typeCheck({
    'commands/gpu/stats/shared/GpuStatsTypes.ts': fixture,
    'commands/gpu/stats/server/use.ts': [
      "import { GpuStats } from '../shared/GpuStatsTypes';",
      'export async function run(): Promise<number> {',
      "  const result = await GpuStats.execute({ subsystem: 'tts' });",
      '  return result.totalUsedBytes;',
      '}',
      '',
    ].join('\n'),
  });
  assert.equal(result.status, 0, result.output);
});

test('a type error in generated code is reported', async () => {
  const result = await typeCheck({
    'bad.ts': [
      "import { GpuStats } from './GpuStatsTypes.js';",
      "export const run = () => GpuStats.execute({ subsystem: 'audio' });",
      '',
    ].join('\n'),
    'GpuStatsTypes.ts': fixture,
  });
  assert.notEqual(result.status, 0);
  assert.match(result.output, /bad\.ts.*'"audio"' is not assignable/);
});
});
