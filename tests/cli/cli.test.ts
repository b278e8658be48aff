import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/node/cli-io.js';
import { runCli } from '../../app/cli/node/main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

// Each test gets its own library, so none depends on what an earlier one created.
describe('fovea CLI', () => {
  let library: string;
  const run = async (...args: string[]) => {
    const io = capture();
    const code = await runCli([...args, '--library', library], io);
    return { code, ...io };
  };

  beforeEach(async () => {
    library = await mkdtemp(join(tmpdir(), 'fovea-cli-'));
  });

  afterEach(async () => {
    await rm(library, { recursive: true, force: true });
  });

  it('datasets create then list, as JSON', async () => {
    const created = await run('datasets', 'create', 'pets', '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout[0] ?? '')).toMatchObject({ name: 'pets', imageCount: 0 });
    const listed = await run('datasets', 'list', '--json');
    expect(JSON.parse(listed.stdout[0] ?? '')).toEqual([expect.objectContaining({ name: 'pets' })]);
  });

  it('renames and deletes by name', async () => {
    await run('datasets', 'create', 'tmp');
    expect((await run('datasets', 'rename', 'tmp', 'tmp2')).code).toBe(0);
    expect((await run('datasets', 'delete', 'tmp2')).stdout[0]).toMatch(/Deleted dataset "tmp2"/);
    expect(JSON.parse((await run('datasets', 'list', '--json')).stdout[0] ?? '')).toEqual([]);
  });

  it('reports errors on stderr with a non-zero exit', async () => {
    await run('datasets', 'create', 'pets');
    const duplicate = await run('datasets', 'create', 'pets');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr[0]).toMatch(/already exists/);
    const missing = await run('datasets', 'delete', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr[0]).toMatch(/no dataset named "nope"/);
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr[0]).toMatch(/Unknown command/);
    const badFlag = await run('datasets', 'list', '--bogus');
    expect(badFlag.code).toBe(2);
    expect((await run('serve', '--port', 'x')).code).toBe(2);
  });
});
