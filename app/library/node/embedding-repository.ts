/**
 * All SQL about cached embeddings: one row per image content (SHA-256), backbone and layer set,
 * the vector stored as float16 bits (float16.ts). A pretrained run asks which contents are cached,
 * embeds only the rest, then gathers every vector straight into its split's array, a chunk of
 * rows at a time, so no second copy of all the embeddings is ever held.
 */
import { FoveaError } from '../../base/common/errors.js';
import type { Sqlite } from './database.js';
import { fromFloat16, toFloat16 } from './float16.js';

/** Which features: the backbone and its layers, in order. */
export interface EmbeddingKey {
  readonly backbone: string;
  readonly layers: readonly string[];
  /** The flipped original's embedding (augmentation), kept apart from the plain one. */
  readonly flipped?: boolean;
}

export interface StoredEmbedding {
  /** The image's content hash. */
  readonly hash: string;
  readonly values: Float32Array;
}

interface Row {
  hash: string;
  dimension: number;
  data: Buffer;
}

/** The layers column; a flipped embedding's ends in a marker no layer name can hold. */
const layerSet = (key: EmbeddingKey): string =>
  key.layers.join(',') + (key.flipped === true ? '|flipped' : '');

/** Hashes per query: well under SQLite's limit on bound parameters. */
export const embeddingChunk = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += embeddingChunk)
    out.push(items.slice(start, start + embeddingChunk));
  return out;
}

export class EmbeddingRepository {
  readonly #db: Sqlite;
  readonly #insertAll: (key: EmbeddingKey, embeddings: readonly StoredEmbedding[]) => void;

  constructor(db: Sqlite) {
    this.#db = db;
    const insert = db.prepare<[string, string, string, number, Uint8Array]>(
      `INSERT OR REPLACE INTO embeddings (hash, backbone, layers, dimension, data)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.#insertAll = db.transaction((key: EmbeddingKey, rows: readonly StoredEmbedding[]) => {
      for (const { hash, values } of rows) {
        const bits = toFloat16(values);
        const bytes = new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
        insert.run(hash, key.backbone, layerSet(key), values.length, bytes);
      }
    });
  }

  /** Which of these contents have an embedding (the vectors are not read). */
  cached(key: EmbeddingKey, hashes: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (const chunk of chunks(hashes)) {
      const rows = this.#db
        .prepare<string[], { hash: string }>(
          `SELECT hash FROM embeddings WHERE backbone = ? AND layers = ?
           AND hash IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(key.backbone, layerSet(key), ...chunk);
      for (const row of rows) found.add(row.hash);
    }
    return found;
  }

  /**
   * Each call of `visit` gets up to `embeddingChunk` rows (hash and its float16 bits), in no
   * particular order; only one chunk is held at a time.
   */
  forEachChunk(
    key: EmbeddingKey,
    hashes: readonly string[],
    visit: (rows: readonly { hash: string; dimension: number; bits: Uint16Array }[]) => void,
  ): void {
    for (const chunk of chunks(hashes)) {
      const rows = this.#db
        .prepare<string[], Row>(
          `SELECT hash, dimension, data FROM embeddings WHERE backbone = ? AND layers = ?
           AND hash IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(key.backbone, layerSet(key), ...chunk);
      visit(rows.map((row) => ({ hash: row.hash, dimension: row.dimension, bits: bitsOf(row) })));
    }
  }

  /** The cached embeddings of these contents (those that have one), by hash. */
  read(key: EmbeddingKey, hashes: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    this.forEachChunk(key, hashes, (rows) => {
      for (const row of rows) found.set(row.hash, fromFloat16(row.bits));
    });
    return found;
  }

  /** Stores (or replaces) embeddings in one transaction. */
  insertAll(key: EmbeddingKey, embeddings: readonly StoredEmbedding[]): void {
    this.#insertAll(key, embeddings);
  }

  count(key: EmbeddingKey): number {
    return this.#db
      .prepare<[string, string], { count: number }>(
        'SELECT COUNT(*) AS count FROM embeddings WHERE backbone = ? AND layers = ?',
      )
      .get(key.backbone, layerSet(key))!.count;
  }
}

function bitsOf(row: Row): Uint16Array {
  if (row.data.byteLength !== row.dimension * 2)
    throw new FoveaError(
      'io',
      `The cached embedding of image content ${row.hash.slice(0, 12)}… is damaged: ${row.data.byteLength} bytes for ${row.dimension} values.`,
    );
  // Copy first: the Buffer may sit at an odd offset in a pooled allocation.
  const bytes = new Uint8Array(row.data);
  return new Uint16Array(bytes.buffer, 0, row.dimension);
}
