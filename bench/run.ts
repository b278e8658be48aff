/**
 * `npm run bench -- NAME [ARGS…]` runs bench/NAME.ts; `npm run bench` runs them all. Each prints
 * JSON, and measures Fovea beside the peer in ../shared/peers in the same run where one exists.
 */
import { measured, quietLimitCores } from './load-window.js';

const benches = [
  'import',
  'train',
  'accuracy',
  'transfer',
  'teach',
  'watch',
  'responsiveness',
  'page-memory',
  'soak',
] as const;
type BenchName = (typeof benches)[number];

function isBenchName(name: string | undefined): name is BenchName {
  return (benches as readonly (string | undefined)[]).includes(name);
}

async function runBench(name: BenchName, args: string[]): Promise<Record<string, unknown>> {
  const module = (await import(`./${name}.ts`)) as {
    default: (args: string[]) => Promise<Record<string, unknown>>;
  };
  // Every bench says how busy the rest of the machine was over its whole run; benches with a peer
  // also judge each round's two sides (load-window.ts).
  const { value, load } = await measured(() => module.default(args));
  return {
    bench: name,
    ...value,
    machine: {
      others_cores: Number(load.othersCores.toFixed(2)),
      quiet: load.othersCores <= quietLimitCores,
      own_cores: Number(load.ownCores.toFixed(2)),
      wall_seconds: Number(load.wallSeconds.toFixed(1)),
    },
  };
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined) {
  const results: Record<string, unknown>[] = [];
  for (const each of benches) {
    try {
      results.push(await runBench(each, []));
    } catch (error) {
      results.push({ bench: each, error: String(error) });
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else if (!isBenchName(name)) {
  process.stderr.write(`usage: npm run bench [-- ${benches.join('|')} [args…]]\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await runBench(name, args), null, 2)}\n`);
}
// The train bench runs tfjs with wasm threads in this process; their workers would keep it alive.
process.exit(process.exitCode ?? 0);
