/**
 * The text files inside an export: a README that shows how to load it (Python with onnxruntime,
 * JavaScript with TensorFlow.js, or PyTorch for a dataset), the preprocessing, and the model card.
 */
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import type { EvaluationReport } from '../../engine/common/evaluation.js';
import type { Verification } from '../../engine/common/exports.js';
import type { RunDetail } from '../../library/common/runs.js';
import type { DatasetSummary } from '../../library/common/types.js';
import type { Fit } from '../../images/common/fit.js';
import type { FitRule } from './export-fit-docs.js';
import { fitRule, javascriptFit, pythonFit } from './export-fit-docs.js';
import { describeFit } from '../../images/common/fit.js';

export interface Preprocessing {
  readonly inputSize: number;
  readonly layout: 'NHWC';
  readonly channels: 'RGB';
  readonly dtype: 'float32';
  /** model input = pixel / scale, pixel in 0..255. */
  readonly scale: 255;
  readonly resize: string;
  /** How the photo fits the square, step by step. */
  readonly fit: FitRule;
  readonly notes: string;
}

export function preprocessingOf(inputSize: number, fit: Fit): Preprocessing {
  return {
    inputSize,
    layout: 'NHWC',
    channels: 'RGB',
    dtype: 'float32',
    scale: 255,
    resize: `${fit} to ${inputSize}×${inputSize} (see fit), after EXIF orientation; alpha flattened onto white`,
    fit: fitRule(fit, inputSize),
    notes: 'Input shape [N, size, size, 3], values pixel / 255 in [0, 1]; no mean subtraction.',
  };
}

const pythonOnnx = (size: number, fit: Fit) => `\`\`\`python
import json, numpy as np, onnxruntime as ort
from PIL import Image, ImageOps

labels = json.load(open("labels.json"))
session = ort.InferenceSession("model.onnx")
image = ImageOps.exif_transpose(Image.open("photo.jpg")).convert("RGB")
${pythonFit(fit, size)}
x = (np.asarray(image, dtype=np.float32) / 255.0)[None]   # [1, ${size}, ${size}, 3], NHWC
probabilities = session.run(["probabilities"], {"input": x})[0][0]
print(labels[int(probabilities.argmax())], float(probabilities.max()))
\`\`\``;

const javascriptTfjs = (size: number, fit: Fit) => `\`\`\`js
import * as tf from '@tensorflow/tfjs';
// In Node without tfjs-node, read model.json and weights.bin yourself and use tf.io.fromMemory.
const model = await tf.loadLayersModel('http://localhost:8080/model.json');
const labels = await (await fetch('http://localhost:8080/labels.json')).json();
// img: a loaded <img> element
${javascriptFit(fit, size)}
const x = tf.tidy(() => tf.browser.fromPixels(canvas).div(255).expandDims(0));
const probabilities = await model.predict(x).data();
console.log(labels[probabilities.indexOf(Math.max(...probabilities))]);
\`\`\``;

const javascriptOnnx = (size: number, fit: Fit) => `\`\`\`js
import * as ort from 'onnxruntime-web';
const session = await ort.InferenceSession.create('model.onnx');
// img: a loaded <img> element
${javascriptFit(fit, size)}
const rgba = context.getImageData(0, 0, ${size}, ${size}).data;
const pixels = Float32Array.from({ length: ${size} * ${size} * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)] / 255);
const input = new ort.Tensor('float32', pixels, [1, ${size}, ${size}, 3]);
const { probabilities } = await session.run({ input });
\`\`\``;

export function modelReadme(
  format: 'tfjs' | 'onnx',
  run: RunDetail,
  dataset: DatasetSummary,
  verification: Verification,
): string {
  const size = run.inputSize;
  const files =
    format === 'tfjs'
      ? '- `model.json`, `weights.bin` — the model in TensorFlow.js Layers format'
      : '- `model.onnx` — the model (ONNX, opset 13); input `input`, output `probabilities`';
  const python =
    format === 'onnx'
      ? pythonOnnx(size, run.config.fit)
      : 'Convert with `tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras model.json model.h5`, or export ONNX from Fovea for onnxruntime:\n\n' +
        pythonOnnx(size, run.config.fit);
  const javascript =
    format === 'tfjs' ? javascriptTfjs(size, run.config.fit) : javascriptOnnx(size, run.config.fit);
  const { agreement } = verification;
  return `# ${run.modelName} — trained on “${dataset.name}” with Fovea

Classes (index → name) are in \`labels.json\`: ${run.classes.join(', ')}.

${files}
- \`labels.json\` — class names in output order
- \`preprocessing.json\` — how to turn a photo into the model's input
- \`model-card.md\` / \`model-card.json\` — data, metrics, confusion matrix, training settings

## Input

float32 \`[N, ${size}, ${size}, 3]\` (NHWC), RGB, each pixel / 255 (values in [0, 1]). How each photo
becomes ${size}×${size} (\`fit\` in \`preprocessing.json\`, as this model was trained):
${describeFit(run.config.fit, size)}

## Python

${python}

## JavaScript

${javascript}

## Checked by Fovea

${verification.method}: ${agreement.sameTop1} of ${agreement.images} test images have the same top class
as in Fovea; largest probability difference ${agreement.maxProbabilityDifference.toExponential(2)}.
${verification.passed ? 'Passed.' : 'FAILED — do not rely on this export.'}
`;
}

const ruleText =
  'Take the top probability (after dividing ln p by the temperature and normalizing, when the temperature is not 1); below the threshold, report "not sure" (none of these) instead of the top class.';

/** `confidence.json`: the run's "none of these" rule, as `fovea predict EXPORT_FOLDER` reads it. */
export function confidenceJson(rule: ConfidenceRule) {
  return { threshold: rule.threshold, temperature: rule.temperature, rule: ruleText };
}

/** The README's section on "not sure": the threshold, the temperature and how to apply them. */
export function confidenceReadme(rule: ConfidenceRule): string {
  const scaling =
    rule.temperature === 1
      ? 'p = probabilities'
      : `# temperature T = ${rule.temperature}, fitted on the validation split
p = np.exp(np.log(np.maximum(probabilities, 1e-12)) / ${rule.temperature}); p /= p.sum()`;
  const zero = rule.threshold === 0 ? ' A threshold of 0 keeps every prediction.' : '';
  return `
## "Not sure" (none of these)

Fovea reads a prediction as **not sure** when its top probability is below **${rule.threshold}**
(\`confidence.json\`; chosen on the validation split unless set by hand).${zero}

\`\`\`python
${scaling}
label = labels[int(p.argmax())] if p.max() >= ${rule.threshold} else "not sure"
\`\`\`
`;
}

export function datasetReadme(
  dataset: DatasetSummary,
  counts: Record<string, Record<string, number>>,
): string {
  const lines = Object.entries(counts).flatMap(([split, byClass]) =>
    Object.entries(byClass).map(([name, count]) => `| ${split} | ${name} | ${count} |`),
  );
  return `# “${dataset.name}” — exported from Fovea

An ImageFolder tree: \`split/class/file\` (\`unassigned/\` holds images without a split), the original
files as imported, and \`manifest.csv\` (path, split, class, sha256, original name, size).

| split | class | images |
| --- | --- | --- |
${lines.join('\n')}

## Python (PyTorch)

\`\`\`python
from torchvision import datasets, transforms
train = datasets.ImageFolder("train", transform=transforms.Compose([
    transforms.Resize((${dataset.inputSize}, ${dataset.inputSize})), transforms.ToTensor()]))
\`\`\`

## JavaScript

\`\`\`js
import { readFile } from 'node:fs/promises';
const rows = (await readFile('manifest.csv', 'utf8')).trim().split('\\n').slice(1);
// each row: path,split,class,sha256,original_name,width,height (quoted when needed)
\`\`\`
`;
}

export function modelCard(
  run: RunDetail,
  dataset: DatasetSummary,
  report: EvaluationReport,
): { markdown: string; json: unknown } {
  const percent = (value: number | null) =>
    value === null || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`;
  const header = `| actual \\ predicted | ${report.classes.join(' | ')} |`;
  const rule = `| --- |${report.classes.map(() => ' --- |').join('')}`;
  const rows = report.confusion.map(
    (row, index) => `| ${report.classes[index]} | ${row.join(' | ')} |`,
  );
  const perClass = report.perClass.map(
    (c) => `| ${c.name} | ${percent(c.precision)} | ${percent(c.recall)} | ${c.support} |`,
  );
  const markdown = `# Model card: ${run.modelName}

- Dataset: “${dataset.name}”, classes ${run.classes.join(', ')}; ${run.trainCount} training, ${run.valCount} validation, ${run.testCount} test images at ${run.inputSize}×${run.inputSize}
- Trained: run ${run.id}, ${run.createdAt}, backend ${run.backend ?? 'unknown'}, ${run.epochsRun} epochs (kept epoch ${run.keptEpoch ?? '—'})
- Test split now: ${report.count} images, accuracy ${percent(report.accuracy)}, loss ${report.loss.toFixed(4)}

## Per class

| class | precision | recall | images |
| --- | --- | --- | --- |
${perClass.join('\n')}

## Confusion matrix

${header}
${rule}
${rows.join('\n')}

## Training settings

\`\`\`json
${JSON.stringify(run.config, null, 2)}
\`\`\`

## Model

\`\`\`json
${JSON.stringify(run.spec, null, 2)}
\`\`\`

Trained on a small dataset; not evaluated for any use beyond this lab.
`;
  const json = {
    model: run.modelName,
    run: {
      id: run.id,
      createdAt: run.createdAt,
      backend: run.backend,
      epochsRun: run.epochsRun,
      keptEpoch: run.keptEpoch,
    },
    dataset: {
      name: dataset.name,
      classes: run.classes,
      train: run.trainCount,
      val: run.valCount,
      test: run.testCount,
    },
    metrics: {
      count: report.count,
      accuracy: report.accuracy,
      loss: report.loss,
      perClass: report.perClass,
    },
    confusion: report.confusion,
    config: run.config,
    spec: run.spec,
  };
  return { markdown, json };
}
