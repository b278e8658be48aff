#!/usr/bin/env node
// The `fovea` command: runs the bundled CLI built by `npm run build` (npm install builds it).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('fovea: not built yet. Run `npm run build` in the Fovea folder first.\n');
  process.exit(1);
}
await import(cli.href);
