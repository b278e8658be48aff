// Builds the bundled backbones into dist/backbones/<id>/: a plain tfjs Layers `model.json`, its
// binary weight shard, Fovea's `backbone.json` (made from app/engine/common/backbones.ts) and the
// licence notices. The MobileNetV2 comes from the nsfwjs devDependency, whose tarball carries it
// as two browserify bundles (the topology as an object, the weights as base64); decoding them here
// means the app never handles base64 at run time.
//
//   node scripts/build-backbones.js [--out DIR]     (default: dist/backbones)
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const nsfwjsModels = join(root, 'node_modules/nsfwjs/dist/models/mobilenet_v2');
const shardName = 'group1-shard1of1.bin';

/** The registry, compiled on the fly so its facts are written in one place only. */
async function loadRegistry() {
  const result = await esbuild({
    entryPoints: [join(root, 'app/engine/common/backbones.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'warning',
  });
  const code = Buffer.from(result.outputFiles[0].text).toString('base64');
  return import(`data:text/javascript;base64,${code}`);
}

/**
 * nsfwjs' loader (dist/esm/core.js, JSONHandler) imports both bundles, then decodes each shard's
 * base64 and concatenates the shards in manifest order; so does this.
 */
function readNsfwjsModel() {
  const require = createRequire(import.meta.url);
  const modelJson = require(join(nsfwjsModels, 'model.min.js'));
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths);
  if (shards.length !== 1 || shards[0] !== 'group1-shard1of1')
    throw new Error(`Unexpected nsfwjs weight shards: ${shards.join(', ')}`);
  const base64 = require(join(nsfwjsModels, 'group1-shard1of1.min.js'));
  const weights = Buffer.from(base64, 'base64');
  const expected = modelJson.weightsManifest
    .flatMap((group) => group.weights)
    .reduce((sum, weight) => sum + weight.shape.reduce((a, b) => a * b, 1), 0);
  if (weights.length !== expected)
    throw new Error(`The nsfwjs shard holds ${weights.length} bytes, its manifest ${expected}.`);
  return { modelJson, weights };
}

function writeMobileNetV2(outDirectory, registry) {
  const { modelJson, weights } = readNsfwjsModel();
  const directory = join(outDirectory, 'mobilenet-v2');
  mkdirSync(directory, { recursive: true });
  const model = {
    format: 'layers-model',
    generatedBy: `keras ${modelJson.modelTopology.keras_version}`,
    convertedBy: 'nsfwjs 4.4.0, rewritten as plain files by Fovea',
    modelTopology: modelJson.modelTopology,
    weightsManifest: modelJson.weightsManifest.map((group) => ({ ...group, paths: [shardName] })),
  };
  writeFileSync(join(directory, 'model.json'), JSON.stringify(model));
  writeFileSync(join(directory, shardName), weights);
  const manifest = registry.backboneManifest(registry.mobileNetV2);
  writeFileSync(join(directory, 'backbone.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(directory, 'NOTICE.txt'), notice(manifest));
  return directory;
}

function notice(manifest) {
  const nsfwjsLicence = readFileSync(join(root, 'node_modules/nsfwjs/LICENSE'), 'utf8');
  const parts = manifest.licences.map(
    (entry) => `- ${entry.part}: ${entry.licence}, ${entry.holder} (${entry.source})`,
  );
  return [
    `${manifest.name}`,
    '',
    manifest.description,
    '',
    ...parts,
    '',
    'The Keras Applications weights are licensed under the Apache License, Version 2.0',
    '(https://www.apache.org/licenses/LICENSE-2.0).',
    '',
    'nsfwjs licence:',
    '',
    nsfwjsLicence.trim(),
    '',
  ].join('\n');
}

/** Writes every bundled backbone under `outDirectory`; returns the folders written. */
export async function buildBackbones(outDirectory = join(root, 'dist/backbones')) {
  if (!existsSync(join(nsfwjsModels, 'model.min.js'))) {
    console.warn(
      'build-backbones: nsfwjs is not installed (a devDependency), so the bundled MobileNetV2 ' +
        'is not built; pretrained training will offer only downloaded or folder backbones.',
    );
    return [];
  }
  const registry = await loadRegistry();
  return [writeMobileNetV2(outDirectory, registry)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = process.argv.indexOf('--out');
  const folders = await buildBackbones(flag > 0 ? process.argv[flag + 1] : undefined);
  for (const folder of folders) console.log(`build-backbones: wrote ${folder}`);
}
