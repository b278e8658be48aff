/**
 * `npm start`: the desktop app wherever Electron can run, else web mode, with one line that says
 * why. Electron 45 has no install script: its binary is downloaded lazily by its own installer
 * (`node_modules/electron/install.js`), so a fresh `npm install` leaves no binary. Here that
 * installer runs on first start, with its progress on the terminal, and a failure (offline,
 * blocked, unsupported platform, too slow) falls back to web mode instead of stopping.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartEnvironment {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface InstallOutcome {
  readonly isInstalled: boolean;
  /** Why it failed, in a few words, when it did. */
  readonly reason?: string;
}

export type StartDecision =
  | { readonly mode: 'electron'; readonly binary: string }
  | { readonly mode: 'web'; readonly reason: string };

export interface DecideOptions extends StartEnvironment {
  /** `node_modules/electron` of the checkout. */
  readonly electronDir: string;
  /** Runs Electron's installer; resolves whether it installed the binary. */
  readonly install: () => Promise<InstallOutcome>;
  readonly log: (line: string) => void;
}

/** The binary Electron's own `index.js` would run, or undefined while none is installed. */
export function findElectronBinary(
  electronDir: string,
  env: StartEnvironment['env'],
): string | undefined {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override
    ? join(override, relative ?? 'electron')
    : relative && join(electronDir, 'dist', relative);
  return binary && existsSync(binary) ? binary : undefined;
}

/** Why Electron cannot show a window here at all, before anything is downloaded. */
function cannotRunElectron({ platform, env }: StartEnvironment): string | undefined {
  if (env['FOVEA_WEB'] === '1') return 'FOVEA_WEB=1 asks for web mode';
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'])
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return undefined;
}

export async function decideStart(options: DecideOptions): Promise<StartDecision> {
  const blocked = cannotRunElectron(options);
  if (blocked) return { mode: 'web', reason: blocked };
  const installed = findElectronBinary(options.electronDir, options.env);
  if (installed) return { mode: 'electron', binary: installed };
  options.log("Electron's binary is not installed yet; downloading it with Electron's installer…");
  const outcome = await options.install();
  const binary = findElectronBinary(options.electronDir, options.env);
  if (outcome.isInstalled && binary) return { mode: 'electron', binary };
  const reason = outcome.reason ?? 'its installer did not leave a binary';
  return { mode: 'web', reason: `Electron's binary could not be installed (${reason})` };
}

/**
 * Runs `node <installer>` with its output on this terminal, and gives up after `timeoutMs`
 * (a blocked network can hang rather than refuse).
 */
export function runInstaller(installer: string, timeoutMs: number): Promise<InstallOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: 'inherit' });
    const settle = (outcome: InstallOutcome): void => {
      clearTimeout(timer);
      child.removeAllListeners();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ isInstalled: false, reason: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.once('error', (error) => settle({ isInstalled: false, reason: error.message }));
    child.once('exit', (code) =>
      settle(
        code === 0
          ? { isInstalled: true }
          : { isInstalled: false, reason: 'the download failed; see the lines above' },
      ),
    );
  });
}
