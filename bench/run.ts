/**
 * `npm run bench -- NAME [ARGS…]`: runs bench/NAME.ts and prints its JSON result on stdout.
 * Each benchmark measures Fovea beside the peer in ../shared/peers in the same run.
 */
const benches = ['train', 'accuracy', 'import', 'teach', 'watch'] as const;
type BenchName = (typeof benches)[number];

function isBenchName(name: string | undefined): name is BenchName {
  return (benches as readonly (string | undefined)[]).includes(name);
}

const [name, ...args] = process.argv.slice(2);
if (!isBenchName(name)) {
  process.stderr.write(`usage: npm run bench -- ${benches.join('|')} [args…]\n`);
  process.exit(2);
}
const module = (await import(`./${name}.ts`)) as {
  default: (args: string[]) => Promise<Record<string, unknown>>;
};
const result = await module.default(args);
process.stdout.write(`${JSON.stringify({ bench: name, ...result }, null, 2)}\n`);
