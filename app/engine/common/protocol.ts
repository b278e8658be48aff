/**
 * Messages between the engine host and the engine process. They travel by structured clone
 * (child_process `serialization: 'advanced'`, or Electron's utilityProcess), so ArrayBuffers cross
 * as bytes, never as JSON arrays.
 *
 *   host                                engine
 *   init {backend} ──────────────────►  loads tfjs and a backend
 *                  ◄──────────────────  ready {backend}
 *   train {requestId, runId, …} ─────►  events… then result {value: outcome} or error
 *   pause | resume | stop {runId} ───►  (reflected in state events)
 *   probe {runId, probe} ────────────►  (the next visuals frame shows its feature maps)
 *                  ◄──────────────────  visuals {runId, frame} while training, if asked for
 *   model {requestId, task} ─────────►  result {value: ResultFor<task>} or error (model-tasks.ts)
 *   dispose ─────────────────────────►  exits
 */
import type { ResolvedRecipe } from './pretrained-recipe.js';
import type { RunId } from './run-id.js';
import type { ErrorCode } from '../../base/common/errors.js';
import { isErrorCode } from '../../base/common/errors.js';
import type { DataPlan, Split } from './data-source.js';
import type { ModelTask, ModelTaskResult } from './model-tasks.js';
import type { ModelSpec } from './spec.js';
import type {
  BackendName,
  BackendRequest,
  TrainingConfig,
  TrainingEvent,
  TrainingOutcome,
} from './training.js';
import type { ProbeImage, VisualFrame, VisualsConfig } from './visuals.js';

export interface TrainRequest {
  readonly runId: RunId;
  readonly spec: ModelSpec;
  readonly config: TrainingConfig;
  readonly plan: DataPlan;
  /** Filters and feature maps while training (see visuals.ts); none when left out. */
  readonly visuals?: { readonly config: VisualsConfig; readonly probe: ProbeImage | null };
  /**
   * The folder the engine keeps the run's checkpoint in, written at each epoch's end; with
   * `isResuming` the run goes on from the checkpoint there. None kept when left out.
   */
  readonly checkpoint?: { readonly dir: string; readonly isResuming: boolean };
  /**
   * A pretrained run: train a head on these embeddings (Float32, each split's images in the
   * plan's order × dimension) instead of the spec on the plan's tensors.
   */
  readonly head?: HeadFeatures;
}

export interface HeadFeatures {
  readonly dimension: number;
  readonly features: Readonly<Record<Split, ArrayBuffer>>;
  /** The training split's flipped-image embeddings, in the same order (augmentation). */
  readonly flippedTrain?: ArrayBuffer;
  /** The head to fit (hidden units, dropout, weight decay); a linear one when left out. */
  readonly recipe?: ResolvedRecipe;
  /**
   * Fine-tuning: the backbone's last `blocks` blocks train with the head, on the originals of
   * each split (image files, in the plan's order) run through the frozen rest once. Needs
   * `backbone`.
   */
  readonly fineTune?: {
    readonly blocks: number;
    readonly originals: Readonly<Record<Split, readonly string[]>>;
  };
  /**
   * The backbone the features came from: its folder and feature layers, in the embedding's
   * order. With it the engine builds the whole network (backbone → pooled features → head) at
   * the run's end and holds it as the run's model, to be saved like any other.
   */
  readonly backbone?: { readonly dir: string; readonly layers: readonly string[] };
}

export type HostMessage =
  | { readonly type: 'init'; readonly backend: BackendRequest }
  | ({ readonly type: 'train'; readonly requestId: number } & TrainRequest)
  | { readonly type: 'pause'; readonly runId: RunId }
  | { readonly type: 'resume'; readonly runId: RunId }
  | { readonly type: 'stop'; readonly runId: RunId }
  | { readonly type: 'probe'; readonly runId: RunId; readonly probe: ProbeImage }
  | { readonly type: 'model'; readonly requestId: number; readonly task: ModelTask }
  | { readonly type: 'dispose' };

/**
 * What a request is answered with: a `train` request with its outcome, a `model` request with its
 * task's result (`ResultFor`). The request id pairs them, so the host knows which it awaits.
 */
export type EngineReply = TrainingOutcome | ModelTaskResult;

export type EngineMessage =
  | { readonly type: 'ready'; readonly backend: BackendName }
  | { readonly type: 'event'; readonly event: TrainingEvent }
  | { readonly type: 'visuals'; readonly runId: RunId; readonly frame: VisualFrame }
  | { readonly type: 'result'; readonly requestId: number; readonly value: EngineReply }
  | {
      readonly type: 'error';
      /** The request that failed; absent when the engine itself failed (e.g. its backend). */
      readonly requestId?: number;
      readonly code: ErrorCode;
      readonly message: string;
    };

const hostTypes = new Set<string>([
  'init',
  'train',
  'pause',
  'resume',
  'stop',
  'probe',
  'model',
  'dispose',
]);
const engineTypes = new Set<string>(['ready', 'event', 'visuals', 'result', 'error']);

function typeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { type?: unknown }).type
    : undefined;
}

/** A shallow check at the process boundary: the other side is ours, but may be an older build. */
export function isHostMessage(value: unknown): value is HostMessage {
  const type = typeOf(value);
  return typeof type === 'string' && hostTypes.has(type);
}

export function isEngineMessage(value: unknown): value is EngineMessage {
  const type = typeOf(value);
  if (typeof type !== 'string' || !engineTypes.has(type)) return false;
  return type !== 'error' || isErrorCode((value as { code?: unknown }).code);
}
