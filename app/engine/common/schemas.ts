/**
 * Runtime schemas of model specs and training configs, for the contract: a spec from the
 * renderer is checked field by field before the engine's own validation reads it.
 */
import { z } from 'zod';
import type { PretrainedRecipe } from './backbones.js';
import type { ModelSpec } from './spec.js';
import { activations } from './spec.js';
import type { TrainingConfig } from './training.js';

const positive = z.number().int().min(1).max(100_000);
const activation = z.enum(activations as unknown as [string, ...string[]]);

export const layerSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('conv2d'),
      filters: positive,
      kernelSize: positive,
      strides: positive.optional(),
      padding: z.enum(['same', 'valid']),
      activation,
    })
    .strict(),
  z
    .object({ type: z.literal('maxPool2d'), poolSize: positive, strides: positive.optional() })
    .strict(),
  z
    .object({ type: z.literal('avgPool2d'), poolSize: positive, strides: positive.optional() })
    .strict(),
  z.object({ type: z.literal('flatten') }).strict(),
  z.object({ type: z.literal('dense'), units: positive, activation }).strict(),
  z.object({ type: z.literal('dropout'), rate: z.number().min(0).max(0.99) }).strict(),
  z.object({ type: z.literal('batchNorm') }).strict(),
]);

// The casts name the TypeScript types these schemas check (zod's inferred optional fields carry
// `| undefined`, which exactOptionalPropertyTypes keeps apart).
export const modelSpecSchema = z
  .object({ name: z.string().min(1).max(200), layers: z.array(layerSchema).min(1).max(200) })
  .strict() as unknown as z.ZodType<ModelSpec, ModelSpec>;

export const trainingConfigSchema = z
  .object({
    epochs: z.number().int().min(1).max(10_000),
    batchSize: z.number().int().min(1).max(4096),
    optimizer: z.enum(['adam', 'sgd']),
    learningRate: z.number().positive().max(10),
    momentum: z.number().min(0).max(0.999),
    schedule: z.enum(['constant', 'cosine']),
    patience: z.number().int().min(0).max(10_000),
    restoreBest: z.boolean(),
    augment: z
      .object({
        flip: z.boolean(),
        shift: z.number().min(0).max(0.5),
        rotation: z.number().min(0).max(180),
        zoom: z.number().min(0).max(0.5),
        brightness: z.number().min(0).max(1),
        contrast: z.number().min(0).max(1),
      })
      .strict(),
    seed: z.number().int().min(0),
  })
  .strict()
  .partial() as unknown as z.ZodType<Partial<TrainingConfig>, Partial<TrainingConfig>>;

export const presetIdSchema = z.enum(['tiny-vgg', 'ref-cnn', 'mlp', 'fovea-default']);

/** A pretrained run's recipe, checked for shape here and for meaning by `recipeIssues`. */
export const pretrainedRecipeSchema = z
  .object({
    layers: z.array(z.string().min(1).max(200)).min(1).max(64),
    hidden: z.number().int().min(0).max(100_000),
    dropout: z.number().min(0).max(1),
    weightDecay: z.number().min(0).max(100),
    flip: z.boolean(),
    fineTune: z.number().int().min(0).max(100),
  })
  .strict()
  .partial() as unknown as z.ZodType<PretrainedRecipe, PretrainedRecipe>;
