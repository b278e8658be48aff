import { describe, expect, it } from 'vitest';
import {
  defaultRecipe,
  findPreset,
  foveaDefault,
  mlp,
  presets,
  refCnn,
  tinyVgg,
} from '../../app/engine/common/presets.js';
import type { ModelSpec } from '../../app/engine/common/spec.js';
import { describeModel, validateModelSpec } from '../../app/engine/common/spec.js';
import { windowOutputSize } from '../../app/teach/common/sizes.js';
import type { TrainingConfig } from '../../app/engine/common/training.js';
import { learningRateAt, validateTrainingConfig } from '../../app/engine/common/training.js';

const rgb64 = { size: 64, classes: 2 };

describe('describeModel', () => {
  it('counts REF-CNN exactly as PyTorch does', () => {
    const summary = describeModel(refCnn(2), rgb64);
    expect(summary.issues).toEqual([]);
    // nn.Conv2d(3,16,3) … nn.Linear(64,2), as in ../shared/peers/refcnn_torch.py.
    const conv1 = 3 * 3 * 3 * 16 + 16; // 448
    const conv2 = 3 * 3 * 16 * 32 + 32; // 4,640
    const conv3 = 3 * 3 * 32 * 64 + 64; // 18,496
    const dense1 = 8 * 8 * 64 * 64 + 64; // 262,208
    const dense2 = 64 * 2 + 2; // 130
    expect(summary.layers.map((layer) => layer.parameters)).toEqual([
      conv1,
      0,
      conv2,
      0,
      conv3,
      0,
      0,
      dense1,
      dense2,
    ]);
    expect(summary.totalParameters).toBe(285_922);
    expect(summary.trainableParameters).toBe(285_922);
    expect(summary.layers.map((layer) => layer.outputShape)).toEqual([
      [64, 64, 16],
      [32, 32, 16],
      [32, 32, 32],
      [16, 16, 32],
      [16, 16, 64],
      [8, 8, 64],
      [4096],
      [64],
      [2],
    ]);
  });

  it('counts TinyVGG and the MLP', () => {
    const tiny = describeModel(tinyVgg(2), rgb64);
    expect(tiny.issues).toEqual([]);
    expect(tiny.layers.at(-3)?.outputShape).toEqual([16, 16, 10]);
    expect(tiny.totalParameters).toBe(280 + 3 * 910 + (16 * 16 * 10 * 2 + 2));
    const dense = describeModel(mlp(2), rgb64);
    expect(dense.totalParameters).toBe(64 * 64 * 3 * 128 + 128 + 128 * 2 + 2);
    expect(dense.totalParameters).toBeGreaterThan(
      5 * describeModel(refCnn(2), rgb64).totalParameters,
    );
  });

  it('follows the output-size rule for valid and same windows, and strides', () => {
    expect(windowOutputSize(6, 3, 1, 'valid')).toBe(4);
    expect(windowOutputSize(420, 5, 1, 'valid')).toBe(416);
    expect(windowOutputSize(7, 3, 2, 'same')).toBe(4);
    const summary = describeModel(
      {
        name: 'strided',
        layers: [
          {
            type: 'conv2d',
            filters: 4,
            kernelSize: 5,
            strides: 2,
            padding: 'valid',
            activation: 'relu',
          },
          { type: 'avgPool2d', poolSize: 3, strides: 1 },
          { type: 'batchNorm' },
          { type: 'flatten' },
          { type: 'dense', units: 3, activation: 'softmax' },
        ],
      },
      { size: 17, classes: 3 },
    );
    expect(summary.issues).toEqual([]);
    expect(summary.layers.map((layer) => layer.outputShape)).toEqual([
      [7, 7, 4],
      [5, 5, 4],
      [5, 5, 4],
      [100],
      [3],
    ]);
    // Batch norm: gamma, beta trainable; moving mean and variance not.
    expect(summary.layers[2]).toMatchObject({ parameters: 16, trainableParameters: 8 });
  });

  it('names the layer that would shrink its input below 1×1', () => {
    const layers: ModelSpec['layers'] = [
      ...Array.from({ length: 3 }, () => [
        {
          type: 'conv2d',
          filters: 64,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        } as const,
        { type: 'maxPool2d', poolSize: 2 } as const,
      ]).flat(),
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 2, activation: 'softmax' },
    ];
    const summary = describeModel({ name: 'too deep', layers }, { size: 8, classes: 2 });
    expect(summary.issues).toEqual([
      'layer 7 (maxPool2d 2×2) would shrink a 1×1×64 input below 1×1',
    ]);
    expect(summary.layers).toHaveLength(6);
  });

  it('explains misplaced layers, bad fields and a wrong head', () => {
    const check = (layers: ModelSpec['layers'], classes = 2) =>
      validateModelSpec({ name: 'x', layers }, { size: 16, classes });
    expect(check([{ type: 'dense', units: 2, activation: 'softmax' }])).toEqual([
      'layer 1 (dense 2, softmax) needs a flat input; add a flatten layer before it (its input is 16×16×3)',
    ]);
    expect(check([{ type: 'flatten' }, { type: 'maxPool2d', poolSize: 2 }])[0]).toContain(
      'layer 2 (maxPool2d 2×2) needs an image-shaped input',
    );
    expect(
      check([
        { type: 'conv2d', filters: 0, kernelSize: 3, padding: 'same', activation: 'relu' },
      ])[0],
    ).toContain('filters must be a positive whole number, got 0');
    expect(check([{ type: 'flatten' }, { type: 'dropout', rate: 1 }])[0]).toContain(
      'rate must be at least 0 and below 1',
    );
    expect(
      check([{ type: 'flatten' }, { type: 'dense', units: 3, activation: 'softmax' }]),
    ).toEqual(['the last layer (layer 2) has 3 units but there are 2 classes']);
    expect(
      check([{ type: 'flatten' }, { type: 'dense', units: 2, activation: 'relu' }])[0],
    ).toContain('must use softmax');
    expect(check([{ type: 'flatten' }])[0]).toContain('the last layer must be dense with 2 units');
    expect(check([])).toContain('the model has no layers');
    expect(
      check([{ type: 'flatten' }, { type: 'dense', units: 2, activation: 'softmax' }], 1)[0],
    ).toContain('at least 2 classes');
    expect(check([{ type: 'lstm' } as unknown as ModelSpec['layers'][number]])[0]).toBe(
      'layer 1 has an unknown type lstm',
    );
  });
});

describe('presets', () => {
  it('are all valid at 64×64 for 2 and 10 classes', () => {
    for (const preset of presets)
      for (const classes of [2, 10])
        expect(validateModelSpec(preset.spec(classes), { size: 64, classes }), preset.id).toEqual(
          [],
        );
    expect(findPreset('tiny-vgg').spec(3).name).toBe('TinyVGG');
    expect(() => findPreset('nope' as never)).toThrow(/no preset/);
  });

  it('keep REF-CNN’s parameters in the default model (dropout adds none)', () => {
    expect(describeModel(foveaDefault(2), rgb64).totalParameters).toBe(285_922);
    const recipe = defaultRecipe(2);
    expect(recipe.size).toBe(64);
    expect(validateTrainingConfig(recipe.config)).toEqual([]);
  });
});

describe('validateTrainingConfig', () => {
  it('names each bad setting', () => {
    const config = {
      ...defaultRecipe(2).config,
      epochs: 0,
      learningRate: -1,
      augment: { ...defaultRecipe(2).config.augment, shift: 2 },
    };
    expect(validateTrainingConfig(config)).toEqual([
      'epochs must be a whole number of at least 1, got 0',
      'learningRate must be above 0 and at most 10, got -1',
      'augment.shift must be between 0 and 0.5, got 2',
    ]);
  });
  it('names an unknown schedule and a restoreBest that is not a boolean', () => {
    const config = {
      ...defaultRecipe(2).config,
      schedule: 'step',
      restoreBest: 'yes',
    } as unknown as TrainingConfig;
    expect(validateTrainingConfig(config)).toEqual([
      "schedule must be 'constant' or 'cosine', got step",
      'restoreBest must be true or false, got yes',
    ]);
  });
});

describe('learningRateAt', () => {
  it('keeps a constant rate constant', () => {
    const config = { learningRate: 0.01, schedule: 'constant' } as const;
    expect([0, 50, 99].map((step) => learningRateAt(config, step, 100))).toEqual([
      0.01, 0.01, 0.01,
    ]);
  });

  it('decays along a half cosine from the set rate to 0', () => {
    const config = { learningRate: 0.01, schedule: 'cosine' } as const;
    expect(learningRateAt(config, 0, 100)).toBe(0.01);
    expect(learningRateAt(config, 50, 100)).toBeCloseTo(0.005, 12);
    expect(learningRateAt(config, 25, 100)).toBeCloseTo(0.005 * (1 + Math.SQRT1_2), 12);
    expect(learningRateAt(config, 100, 100)).toBeCloseTo(0, 12);
    expect(learningRateAt(config, 250, 100)).toBeCloseTo(0, 12);
    const rates = Array.from({ length: 100 }, (_, step) => learningRateAt(config, step, 100));
    rates.slice(1).forEach((rate, index) => expect(rate).toBeLessThan(rates[index]!));
  });
});
