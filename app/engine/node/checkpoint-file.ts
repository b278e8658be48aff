/**
 * A training run's checkpoint on disk: one file, `checkpoint.bin`, in the run's folder
 * (`checkpoints/<runId>/` in the library). It is written whole under a temporary name, flushed, and
 * renamed over the previous one, so a kill at any moment leaves the last checkpoint or the new one,
 * never half of either. The engine writes it; the services read its header and remove the folder.
 *
 * Layout: the magic "FOVEACK1", the header's length (uint32, little-endian), the header (JSON),
 * zero padding to a multiple of 8 bytes, then each tensor's values in the header's order.
 * No tfjs here, so the services can read a header without loading it.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import type { EpochEvent } from '../common/training.js';
import type { Evaluation } from './evaluate.js';

export interface SavedTensor {
  readonly name: string;
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

/** What an epoch event said, kept so the run's metrics can be rewritten on resume. */
export type EpochRecord = Omit<EpochEvent, 'kind' | 'runId' | 'seq'>;

/** Where the training loop stood at the end of an epoch (see train-checkpoint.ts). */
export interface CheckpointState {
  /** Epochs finished; the run resumes with the next one. */
  readonly epoch: number;
  /** The run's total, which a resumed run keeps. */
  readonly epochs: number;
  readonly step: number;
  readonly images: number;
  readonly trainingMs: number;
  readonly lastValidationMs: number;
  readonly lastValidation: Evaluation | null;
  readonly best: { readonly epoch: number; readonly loss: number } | null;
  readonly epochsSinceBest: number;
  readonly kept: { readonly epoch: number; readonly valLoss: number | null } | null;
  readonly learningRate: number;
  /** Positions of the seeded generators (`RestorableRandom.state()`). */
  readonly shuffleState: number;
  readonly augmentState: number;
  readonly history: readonly EpochRecord[];
}

export interface Checkpoint {
  readonly state: CheckpointState;
  readonly weights: readonly SavedTensor[];
  /** The kept epoch's weights when they are not the current ones (`restoreBest`). */
  readonly keptWeights: readonly SavedTensor[] | null;
  readonly optimizer: readonly SavedTensor[];
}

interface TensorEntry {
  readonly name: string;
  readonly dtype: SavedTensor['dtype'];
  readonly shape: readonly number[];
  readonly length: number;
}

interface Header {
  readonly version: 1;
  readonly state: CheckpointState;
  readonly weights: readonly TensorEntry[];
  readonly keptWeights: readonly TensorEntry[] | null;
  readonly optimizer: readonly TensorEntry[];
}

const magic = Buffer.from('FOVEACK1', 'latin1');
const fileName = 'checkpoint.bin';
const prefixBytes = magic.length + 4;

export function checkpointPath(dir: string): string {
  return join(dir, fileName);
}

function entries(tensors: readonly SavedTensor[]): TensorEntry[] {
  return tensors.map(({ name, dtype, shape, values }) => ({
    name,
    dtype,
    shape,
    length: values.length,
  }));
}

function encode(checkpoint: Checkpoint): Buffer[] {
  const header: Header = {
    version: 1,
    state: checkpoint.state,
    weights: entries(checkpoint.weights),
    keptWeights: checkpoint.keptWeights && entries(checkpoint.keptWeights),
    optimizer: entries(checkpoint.optimizer),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const padding = Buffer.alloc((8 - ((prefixBytes + json.length) % 8)) % 8);
  const tensors = [
    ...checkpoint.weights,
    ...(checkpoint.keptWeights ?? []),
    ...checkpoint.optimizer,
  ];
  const data = tensors.map(({ values }) =>
    Buffer.from(values.buffer, values.byteOffset, values.byteLength),
  );
  return [magic, length, json, padding, ...data];
}

/** Replaces the run's checkpoint in one step (see the top of this file). */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = checkpointPath(dir);
  const temporary = `${path}.partial`;
  const file = await open(temporary, 'w');
  try {
    await file.writev(encode(checkpoint));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

function damaged(path: string, why: string): FoveaError {
  return new FoveaError('io', `The checkpoint ${path} is damaged (${why}); start the run again.`);
}

function parseHeader(bytes: Buffer, path: string): { header: Header; dataStart: number } {
  if (bytes.length < prefixBytes || !bytes.subarray(0, magic.length).equals(magic))
    throw damaged(path, 'not a Fovea checkpoint');
  const length = bytes.readUInt32LE(magic.length);
  if (prefixBytes + length > bytes.length) throw damaged(path, 'cut short');
  let header: Header | undefined;
  try {
    header = JSON.parse(
      bytes.subarray(prefixBytes, prefixBytes + length).toString('utf8'),
    ) as Header;
  } catch {
    throw damaged(path, 'unreadable header');
  }
  if (header?.version !== 1) throw damaged(path, 'unknown version');
  const end = prefixBytes + length;
  return { header, dataStart: end + ((8 - (end % 8)) % 8) };
}

async function readWhole(dir: string): Promise<Buffer | null> {
  try {
    return await readFile(checkpointPath(dir));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}

/** The run's checkpoint; null when it has none. */
export async function readCheckpoint(dir: string): Promise<Checkpoint | null> {
  const bytes = await readWhole(dir);
  if (bytes === null) return null;
  const path = checkpointPath(dir);
  const { header, dataStart } = parseHeader(bytes, path);
  let offset = dataStart;
  const take = (list: readonly TensorEntry[]): SavedTensor[] =>
    list.map((entry) => {
      const byteLength = entry.length * 4;
      if (offset + byteLength > bytes.length) throw damaged(path, 'cut short');
      // A copy: typed arrays need an aligned buffer of their own.
      const buffer = bytes.buffer.slice(
        bytes.byteOffset + offset,
        bytes.byteOffset + offset + byteLength,
      );
      offset += byteLength;
      const values = entry.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
      return { name: entry.name, dtype: entry.dtype, shape: entry.shape, values };
    });
  const weights = take(header.weights);
  const keptWeights = header.keptWeights && take(header.keptWeights);
  return { state: header.state, weights, keptWeights, optimizer: take(header.optimizer) };
}

/** Only the header's state (epoch, history…), without the tensors; null when there is none. */
export async function readCheckpointState(dir: string): Promise<CheckpointState | null> {
  const path = checkpointPath(dir);
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const prefix = Buffer.alloc(prefixBytes);
    await file.read(prefix, 0, prefixBytes, 0);
    if (!prefix.subarray(0, magic.length).equals(magic)) throw damaged(path, 'not a checkpoint');
    const head = Buffer.alloc(prefixBytes + prefix.readUInt32LE(magic.length));
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return parseHeader(head.subarray(0, bytesRead), path).header.state;
  } finally {
    await file.close();
  }
}

export async function removeCheckpoint(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
