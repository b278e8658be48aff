// `npm start`: the desktop app when Electron's binary is installed; otherwise web mode, which
// serves the same app to a local browser.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  const pathFile = new URL('../node_modules/electron/path.txt', import.meta.url);
  if (!existsSync(pathFile)) return undefined;
  const binary = fileURLToPath(
    new URL(
      `../node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`,
      import.meta.url,
    ),
  );
  return existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
if (binary && process.env.FOVEA_WEB !== '1') {
  run(binary, ['.', ...process.argv.slice(2)]);
} else {
  console.log(
    "Electron's binary is not installed here, so Fovea starts in web mode (open the address below in a browser).",
  );
  run(process.execPath, ['bin/fovea.js', 'serve', '--open', ...process.argv.slice(2)]);
}
