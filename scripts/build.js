// Builds everything `npm start`, the CLI and the tests run: Node bundles with esbuild (packages
// stay external, so native modules load from node_modules), the renderer with Vite.
import { build as esbuild } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { build as viteBuild } from 'vite';
import { buildBackbones } from './build-backbones.js';

const root = new URL('..', import.meta.url).pathname;
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const entries = [
  { entryPoints: ['app/cli/node/entry.ts'], outfile: 'dist/cli.js', format: 'esm' },
  {
    entryPoints: ['app/services/node/engine-process.ts'],
    outfile: 'dist/engine.js',
    format: 'esm',
  },
  { entryPoints: ['app/cli/node/start-entry.ts'], outfile: 'dist/start.js', format: 'esm' },
  {
    entryPoints: ['main/index.ts'],
    outfile: 'dist/main/index.js',
    format: 'esm',
    external: ['electron'],
  },
  // A sandboxed preload cannot be an ES module and can require only 'electron'.
  {
    entryPoints: ['main/preload/index.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    packages: 'bundle',
    external: ['electron'],
  },
].filter((entry) => existsSync(new URL(entry.entryPoints[0], new URL('..', import.meta.url))));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all(entries.map((entry) => esbuild({ ...node, ...entry })));
// Pretrained networks the app ships (dist/backbones/, packaged with the rest of dist/).
await buildBackbones();
await viteBuild({
  configFile: new URL('../renderer/vite.config.ts', import.meta.url).pathname,
  logLevel: 'warn',
});
