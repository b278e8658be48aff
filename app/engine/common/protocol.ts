/**
 * Messages between the engine host and the engine process. They travel by structured clone
 * (child_process `serialization: 'advanced'`, or Electron's utilityProcess), so ArrayBuffers cross
 * as bytes, never as JSON arrays.
 *
 *   host                                engine
 *   init {backend} ──────────────────►  loads tfjs and a backend
 *                  ◄──────────────────  ready {backend}
 *   train {requestId, runId, …} ─────►  events… then result {kind: 'train'} or error
 *   pause | resume | stop {runId} ───►  (reflected in state events)
 *   probe {runId, probe} ────────────►  (the next visuals frame shows its feature maps)
 *                  ◄──────────────────  visuals {runId, frame} while training, if asked for
 *   model {requestId, task} ─────────►  result {kind: 'model'} or error (model-tasks.ts)
 *   dispose ─────────────────────────►  exits
 */
import type { ErrorCode } from '../../base/common/errors.js';
import { isErrorCode } from '../../base/common/errors.js';
import type { DataPlan } from './data-source.js';
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
  readonly runId: string;
  readonly spec: ModelSpec;
  readonly config: TrainingConfig;
  readonly plan: DataPlan;
  /** Filters and feature maps while training (see visuals.ts); none when left out. */
  readonly visuals?: { readonly config: VisualsConfig; readonly probe: ProbeImage | null };
}

export type HostMessage =
  | { readonly type: 'init'; readonly backend: BackendRequest }
  | ({ readonly type: 'train'; readonly requestId: number } & TrainRequest)
  | { readonly type: 'pause'; readonly runId: string }
  | { readonly type: 'resume'; readonly runId: string }
  | { readonly type: 'stop'; readonly runId: string }
  | { readonly type: 'probe'; readonly runId: string; readonly probe: ProbeImage }
  | { readonly type: 'model'; readonly requestId: number; readonly task: ModelTask }
  | { readonly type: 'dispose' };

export type EngineResult =
  | { readonly kind: 'train'; readonly outcome: TrainingOutcome }
  | { readonly kind: 'model'; readonly result: ModelTaskResult };

export type EngineMessage =
  | { readonly type: 'ready'; readonly backend: BackendName }
  | { readonly type: 'event'; readonly event: TrainingEvent }
  | { readonly type: 'visuals'; readonly runId: string; readonly frame: VisualFrame }
  | ({ readonly type: 'result'; readonly requestId: number } & EngineResult)
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
