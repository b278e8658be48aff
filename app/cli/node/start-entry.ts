/** The entry of `npm start` (built to dist/start.js): see desktop-start.ts. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { decideStart, runInstaller } from './desktop-start.js';
import { packageRoot } from './paths.js';

const root = packageRoot();
const electronDir = join(root, 'node_modules', 'electron');
const installTimeoutMs = Number(process.env['FOVEA_ELECTRON_INSTALL_TIMEOUT_MS'] ?? 300_000);
const installer = process.env['FOVEA_ELECTRON_INSTALLER'] ?? join(electronDir, 'install.js');

function run(command: string, args: readonly string[]): void {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const decision = await decideStart({
  platform: process.platform,
  env: process.env,
  electronDir,
  install: () => runInstaller(installer, installTimeoutMs),
  log: (line) => console.log(line),
});
const extra = process.argv.slice(2);
if (decision.mode === 'electron') {
  run(decision.binary, ['.', ...extra]);
} else {
  console.log(`Fovea starts in web mode: ${decision.reason}. Open the address below in a browser.`);
  run(process.execPath, [join(root, 'bin', 'fovea.js'), 'serve', '--open', ...extra]);
}
