import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstallOutcome } from '../../app/cli/node/desktop-start.js';
import { decideStart, findElectronBinary, runInstaller } from '../../app/cli/node/desktop-start.js';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '../..');
const temporary: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fovea-start-'));
  temporary.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** What Electron's installer leaves: path.txt naming the binary under dist/. */
async function installStub(electronDir: string): Promise<void> {
  await mkdir(join(electronDir, 'dist'), { recursive: true });
  await writeFile(join(electronDir, 'dist', 'electron'), '#!/bin/sh\n');
  await writeFile(join(electronDir, 'path.txt'), 'electron');
}

const display = { DISPLAY: ':0' };

describe('deciding how npm start runs Fovea', () => {
  it('runs an installed Electron without downloading anything', async () => {
    const electronDir = await tempDir();
    await installStub(electronDir);
    let installs = 0;
    const decision = await decideStart({
      platform: 'linux',
      env: display,
      electronDir,
      install: () => Promise.resolve({ isInstalled: true, reason: String(++installs) }),
      log: () => undefined,
    });
    expect(decision).toEqual({ mode: 'electron', binary: join(electronDir, 'dist', 'electron') });
    expect(installs).toBe(0);
  });

  it("downloads the binary with Electron's installer when it is missing, then runs it", async () => {
    const electronDir = await tempDir();
    const lines: string[] = [];
    const decision = await decideStart({
      platform: 'linux',
      env: display,
      electronDir,
      install: async (): Promise<InstallOutcome> => {
        await installStub(electronDir);
        return { isInstalled: true };
      },
      log: (line) => lines.push(line),
    });
    expect(decision.mode).toBe('electron');
    expect(lines.join('\n')).toMatch(/downloading/i);
  });

  it('falls back to web mode with the reason when the download fails', async () => {
    const decision = await decideStart({
      platform: 'darwin',
      env: {},
      electronDir: await tempDir(),
      install: () => Promise.resolve({ isInstalled: false, reason: 'getaddrinfo ENOTFOUND' }),
      log: () => undefined,
    });
    expect(decision).toEqual({
      mode: 'web',
      reason: "Electron's binary could not be installed (getaddrinfo ENOTFOUND)",
    });
  });

  it('does not trust an installer that says yes but leaves no binary', async () => {
    const decision = await decideStart({
      platform: 'win32',
      env: {},
      electronDir: await tempDir(),
      install: () => Promise.resolve({ isInstalled: true }),
      log: () => undefined,
    });
    expect(decision.mode).toBe('web');
  });

  it('starts web mode without downloading on Linux with no display, or when asked to', async () => {
    for (const env of [{}, { ...display, FOVEA_WEB: '1' }]) {
      let installs = 0;
      const decision = await decideStart({
        platform: 'linux',
        env,
        electronDir: await tempDir(),
        install: () => Promise.resolve({ isInstalled: ++installs > 0 }),
        log: () => undefined,
      });
      expect(decision.mode).toBe('web');
      expect(installs).toBe(0);
    }
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as Electron itself does', async () => {
    const override = await tempDir();
    await writeFile(join(override, 'electron'), '#!/bin/sh\n');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: override };
    expect(findElectronBinary(await tempDir(), env)).toBe(join(override, 'electron'));
  });
});

describe("running Electron's installer", () => {
  async function fakeInstaller(body: string): Promise<string> {
    const file = join(await tempDir(), 'install.js');
    await writeFile(file, body);
    return file;
  }

  it('reports success when the installer exits 0', async () => {
    expect(await runInstaller(await fakeInstaller('process.exit(0)'), 30_000)).toEqual({
      isInstalled: true,
    });
  });

  it('reports a failed download', async () => {
    const outcome = await runInstaller(await fakeInstaller('process.exit(1)'), 30_000);
    expect(outcome.isInstalled).toBe(false);
    expect(outcome.reason).toMatch(/download failed/);
  });

  it('gives up on an installer that hangs, and stops it', async () => {
    const outcome = await runInstaller(await fakeInstaller('setInterval(() => {}, 1000)'), 300);
    expect(outcome).toEqual({ isInstalled: false, reason: 'no answer within 0.3 s' });
  });
});

describe('npm start with a stub Electron', () => {
  it('starts the binary ELECTRON_OVERRIDE_DIST_PATH names, with the app folder and the arguments', async () => {
    const override = await tempDir();
    const record = join(override, 'arguments.txt');
    const stub = join(override, 'electron');
    await writeFile(stub, `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\n`);
    await chmod(stub, 0o755);
    await run(process.execPath, [join(repoRoot, 'scripts/start.js'), '--inspect-nothing'], {
      env: { ...process.env, DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: override },
    });
    const [cwd, ...args] = (await readFile(record, 'utf8')).trim().split('\n');
    expect(cwd).toBe(repoRoot);
    expect(args).toEqual(['.', '--inspect-nothing']);
  });
});
