// The areas of app/ form an order (base → teach → … → cli): lint rejects an import against it, and
// the imports the code has today follow it, so the area graph has no cycle.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const order = ['base', 'teach', 'images', 'engine', 'library', 'ipc', 'services', 'server', 'cli'];

interface AreaImport {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

function readGraph(): { order: string[]; imports: AreaImport[] } {
  const script = resolve(root, 'scripts/import-graph.js');
  const output = execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
  return JSON.parse(output) as { order: string[]; imports: AreaImport[] };
}

function cycleIn(imports: AreaImport[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { from, to } of imports) next.set(from, [...(next.get(from) ?? []), to]);
  const finished = new Set<string>();
  const visit = (area: string, path: string[]): string[] | undefined => {
    if (path.includes(area)) return [...path, area];
    if (finished.has(area)) return undefined;
    for (const target of next.get(area) ?? []) {
      const cycle = visit(target, [...path, area]);
      if (cycle) return cycle;
    }
    finished.add(area);
    return undefined;
  };
  for (const area of next.keys()) {
    const cycle = visit(area, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the area graph', () => {
  const graph = readGraph();

  it('is drawn in the documented order', () => {
    expect(graph.order).toEqual(order);
  });

  it('sees the imports between areas', () => {
    expect(graph.imports).toContainEqual(
      expect.objectContaining({ from: 'services', to: 'library' }),
    );
  });

  it('has only imports into earlier areas', () => {
    const wrong = graph.imports.filter(
      ({ from, to }) => !order.includes(to) || order.indexOf(to) > order.indexOf(from),
    );
    expect(wrong).toEqual([]);
  });

  it('has no cycle', () => {
    expect(cycleIn(graph.imports)).toBeUndefined();
  });

  it('would report a cycle', () => {
    const loop = [
      { from: 'ipc', to: 'library', file: 'a.ts', specifier: '' },
      { from: 'library', to: 'ipc', file: 'b.ts', specifier: '' },
    ];
    expect(cycleIn(loop)).toEqual(['ipc', 'library', 'ipc']);
  });
});

describe('lint', () => {
  // Type information is not needed for import rules, and a file that does not exist is in no
  // tsconfig; every other rule of eslint.config.js applies as written.
  const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

  async function importErrors(filePath: string, specifiers: string[]): Promise<string[]> {
    const code = specifiers.map((specifier) => `import '${specifier}';\n`).join('');
    const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
  }

  it('rejects an import into a later area', async () => {
    const errors = await importErrors('app/engine/common/x.ts', [
      '../../services/node/services.js',
    ]);
    expect(errors).toContainEqual(
      expect.stringMatching(/no-restricted-imports.*area.*app\/engine/),
    );
  });

  it('rejects it from node/ folders and nested folders too', async () => {
    expect(await importErrors('app/engine/node/x.ts', ['../../library/node/db.js'])).toHaveLength(
      1,
    );
    expect(await importErrors('app/engine/node/kernels/x.ts', ['../../../cli/node/x.js'])).toEqual([
      expect.stringMatching(/area order|areas before/),
    ]);
    expect(
      await importErrors('app/base/common/x.ts', ['../../teach/common/sizes.js']),
    ).toHaveLength(1);
  });

  it('accepts imports into earlier areas and the same area', async () => {
    const errors = await importErrors('app/services/node/x.ts', [
      '../../library/node/db.js',
      '../../base/common/errors.js',
      '../../engine/common/spec.js',
      './services.js',
    ]);
    expect(errors).toEqual([]);
  });

  it('keeps the browser rules in common/ folders', async () => {
    const errors = await importErrors('app/library/common/x.ts', ['node:fs', '../node/db.js']);
    expect(errors).toHaveLength(2);
  });

  it('rejects renderer and main from app/', async () => {
    const errors = await importErrors('app/cli/node/x.ts', ['../../../renderer/lib/x.js']);
    expect(errors).toHaveLength(1);
  });
});
