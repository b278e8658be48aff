import type { PretrainedRecipe, StartFrom } from '../../engine/common/backbones.js';
import { backbones, findBackbone } from '../../engine/common/backbones.js';
import type { PresetId } from '../../engine/common/presets.js';
import { trainingConfigSchema } from '../../engine/common/schemas.js';
import type {
  BackendRequest,
  TrainingConfig,
  TrainingEvent,
} from '../../engine/common/training.js';
import { embedBatchSize } from '../../services/node/plan-embeddings.js';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';
import { resolveDataset } from './datasets-command.js';
import type { RecipeArguments } from './train-recipe.js';
import { givenRecipeFlags, parseRecipe, recipeUsage } from './train-recipe.js';

export const trainUsage = `fovea train --dataset NAME [--preset default|tinyvgg|ref-cnn|mlp] [--epochs N] [--size 64] [--backend auto|tensorflow|wasm|cpu] [--json]
fovea train --dataset NAME --from mobilenet-v2 [--epochs N] ${recipeUsage} [--backend …] [--json]   (a head on the pretrained network's features; --hidden N gives it a hidden layer, --flip adds flipped images, --fine-tune N trains the network's last N blocks too)
fovea train --resume RUN [--backend …] [--json]   (continues an interrupted run from its last checkpoint)`;

const presetNames: Record<string, PresetId> = {
  default: 'fovea-default',
  'fovea-default': 'fovea-default',
  tinyvgg: 'tiny-vgg',
  'tiny-vgg': 'tiny-vgg',
  'ref-cnn': 'ref-cnn',
  refcnn: 'ref-cnn',
  mlp: 'mlp',
};

export interface TrainArguments {
  readonly dataset: string | undefined;
  readonly preset: string | undefined;
  readonly epochs: string | undefined;
  readonly size: string | undefined;
  /** An interrupted run to continue, instead of a new one. */
  readonly resume: string | undefined;
  /** scratch (the default) or a backbone id. */
  readonly from?: string | undefined;
  /** The pretrained recipe's flags; only with `from` a backbone. */
  readonly recipe?: RecipeArguments | undefined;
  readonly isJson: boolean;
}

/**
 * A checked `fovea train`: a new run (the library still has to answer for the dataset) or an
 * interrupted run to continue.
 */
export type TrainPlan =
  | {
      readonly kind: 'new';
      readonly dataset: string;
      readonly presetId: PresetId;
      readonly config: Partial<TrainingConfig>;
      readonly size: string | undefined;
      readonly from: StartFrom;
      readonly pretrained?: PretrainedRecipe | undefined;
      readonly isJson: boolean;
    }
  | { readonly kind: 'continue'; readonly runId: number; readonly isJson: boolean };

export function parseBackend(value: string | undefined): BackendRequest {
  const backend = value ?? 'auto';
  if (backend === 'auto' || backend === 'tensorflow' || backend === 'wasm' || backend === 'cpu')
    return backend;
  throw new UsageError(`--backend must be auto, tensorflow, wasm or cpu, not "${backend}".`);
}

/**
 * Checks the options before anything is opened. The recipe goes through the contract's own
 * schema, so `--epochs 1e12` is refused here exactly as the app and web mode refuse it.
 */
export function parseTrainArguments(args: TrainArguments): TrainPlan {
  if (args.resume !== undefined) {
    if (
      args.dataset !== undefined ||
      args.preset !== undefined ||
      args.epochs !== undefined ||
      args.from !== undefined ||
      givenRecipeFlags(args.recipe ?? {}).length > 0
    )
      throw new UsageError(
        '--resume continues a run with its own dataset, model and epochs; leave out --dataset, --preset, --epochs and the --from recipe.',
      );
    const runId = Number(args.resume);
    if (!Number.isInteger(runId) || runId < 1)
      throw new UsageError(`--resume takes a run number, not "${args.resume}".`);
    return { kind: 'continue', runId, isJson: args.isJson };
  }
  if (!args.dataset) throw new UsageError(`Usage: ${trainUsage}`);
  const from = parseFrom(args);
  const pretrained = parsePretrained(args, from);
  const presetId = presetNames[(args.preset ?? 'default').toLowerCase()];
  if (!presetId)
    throw new UsageError(
      `--preset must be one of default, tinyvgg, ref-cnn, mlp; not "${args.preset}".`,
    );
  const config = args.epochs === undefined ? {} : { epochs: Number(args.epochs) };
  const checked = trainingConfigSchema.safeParse(config);
  if (!checked.success) {
    const [issue] = checked.error.issues;
    throw new UsageError(
      `--epochs "${args.epochs ?? ''}" is refused: ${issue?.message ?? 'not a valid number of epochs'}.`,
    );
  }
  if (args.size !== undefined && !/^\d+$/.test(args.size))
    throw new UsageError(`--size must be a whole number of pixels, not "${args.size}".`);
  return {
    kind: 'new',
    dataset: args.dataset,
    presetId,
    config,
    size: args.size,
    from,
    ...(pretrained ? { pretrained } : {}),
    isJson: args.isJson,
  };
}

function parsePretrained(args: TrainArguments, from: StartFrom): PretrainedRecipe | undefined {
  const flags = givenRecipeFlags(args.recipe ?? {});
  if (from === 'scratch') {
    if (flags.length > 0)
      throw new UsageError(
        `${flags.join(', ')} shape a pretrained run; add --from ${backbones[0]!.id} or leave them out.`,
      );
    return undefined;
  }
  return flags.length > 0 ? parseRecipe(args.recipe ?? {}, findBackbone(from)!) : undefined;
}

function parseFrom(args: TrainArguments): StartFrom {
  const from = args.from ?? 'scratch';
  if (from === 'scratch') return from;
  const backbone = findBackbone(from);
  if (backbone === undefined)
    throw new UsageError(
      `--from must be scratch or ${backbones.map((b) => b.id).join(', ')}; not "${from}".`,
    );
  if (args.preset !== undefined || args.size !== undefined)
    throw new UsageError(
      `--from ${from} trains a head on the network's features at ${backbone.inputSize}×${backbone.inputSize}; leave out --preset and --size.`,
    );
  return backbone.id;
}

/** Trains and prints one line per epoch and a final line; Ctrl+C stops the run (it keeps the weights of its kept epoch). */
export async function runTrainCommand(
  services: Services,
  plan: TrainPlan,
  io: CliIo,
): Promise<number> {
  const started =
    plan.kind === 'continue'
      ? await services.training.continue(plan.runId)
      : startRun(services, plan);
  return follow(services, started, plan.isJson, io);
}

function startRun(services: Services, plan: Extract<TrainPlan, { kind: 'new' }>): TrainingStarted {
  const dataset = resolveDataset(services.stores.datasets, plan.dataset);
  if (plan.size !== undefined && Number(plan.size) !== dataset.inputSize) {
    throw new UsageError(
      `“${dataset.name}” stores ${dataset.inputSize}×${dataset.inputSize} training images; --size ${plan.size} would need a re-import at that size.`,
    );
  }
  return services.training.start({
    datasetId: dataset.id,
    presetId: plan.presetId,
    config: plan.config,
    from: plan.from,
    ...(plan.pretrained ? { pretrained: plan.pretrained } : {}),
  });
}

type TrainingStarted = ReturnType<Services['training']['start']>;

/** Prints the run's epochs until it ends; returns the exit code. */
async function follow(
  services: Services,
  { runId, done }: TrainingStarted,
  isJson: boolean,
  io: CliIo,
): Promise<number> {
  const stopListening = services.events.listen((event, payload) => {
    if (event === 'training.embedding') {
      const progress = payload as EmbeddingPayload;
      if (progress.runId === runId) printEmbedding(progress, isJson, io);
      return;
    }
    if (event !== 'training.event') return;
    const { runId: id, event: training } = payload as { runId: number; event: TrainingEvent };
    if (id === runId) printEvent(training, isJson, io);
  });
  const stop = (): void => services.training.stop(runId);
  process.once('SIGINT', stop);
  try {
    const outcome = await done;
    const run = services.training.detail(runId);
    const final = {
      runId,
      status: run.status,
      epochs: run.epochsRun,
      valAccuracy: run.valAccuracy,
      testAccuracy: run.testAccuracy,
      imagesPerSecond: run.imagesPerSecond,
      backend: run.backend,
      ...(run.message ? { message: run.message } : {}),
    };
    if (isJson) io.out(JSON.stringify(final));
    else
      io.out(
        `Run ${runId} ${run.status}: validation accuracy ${percent(run.valAccuracy)}, test accuracy ${percent(run.testAccuracy)}, ${run.imagesPerSecond?.toFixed(0) ?? '?'} images/s on ${run.backend ?? '?'}.`,
      );
    if (!outcome && run.message) io.err(run.message);
    return outcome ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    stopListening();
  }
}

function printEvent(event: TrainingEvent, isJson: boolean, io: CliIo): void {
  if (event.kind !== 'epoch') return;
  if (isJson) {
    io.out(
      JSON.stringify({
        epoch: event.epoch,
        epochs: event.epochs,
        loss: event.trainLoss,
        accuracy: event.trainAccuracy,
        valLoss: event.valLoss,
        valAccuracy: event.valAccuracy,
        learningRate: event.learningRate,
        isBest: event.isBest,
      }),
    );
  } else {
    io.out(
      `epoch ${event.epoch}/${event.epochs}: loss ${event.trainLoss.toFixed(3)}, accuracy ${percent(event.trainAccuracy)}, validation ${percent(event.valAccuracy)}${event.isBest ? ' *' : ''}`,
    );
  }
}

type EmbeddingPayload = {
  readonly runId: number;
  readonly done: number;
  readonly total: number;
  readonly cached: number;
};

/** The first and last report, and about every tenth of the way between. */
function printEmbedding(progress: EmbeddingPayload, isJson: boolean, io: CliIo): void {
  const { done, total, cached } = progress;
  const step = Math.max(1, Math.ceil(total / 10));
  const isShown =
    done === cached ||
    done === total ||
    Math.floor(done / step) !== Math.floor((done - embedBatchSize) / step);
  if (!isShown) return;
  if (isJson) io.out(JSON.stringify({ embedded: done, total, cached }));
  else io.out(`embedding: ${done}/${total} images${cached > 0 ? ` (${cached} cached)` : ''}`);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(100 * value).toFixed(1)}%`;
}
