/**
 * All SQL about cached embeddings: one row per image, backbone and layer set, the vector stored
 * as float16 bits (float16.ts). A pretrained run reads what is cached and embeds only the rest.
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
  readonly imageId: number;
  readonly values: Float32Array;
}

interface Row {
  image_id: number;
  dimension: number;
  data: Buffer;
}

/** The layers column; a flipped embedding's ends in a marker no layer name can hold. */
const layerSet = (key: EmbeddingKey): string =>
  key.layers.join(',') + (key.flipped === true ? '|flipped' : '');

export class EmbeddingRepository {
  readonly #db: Sqlite;
  readonly #insertAll: (key: EmbeddingKey, embeddings: readonly StoredEmbedding[]) => void;

  constructor(db: Sqlite) {
    this.#db = db;
    const insert = db.prepare<[number, string, string, number, Uint8Array]>(
      `INSERT OR REPLACE INTO embeddings (image_id, backbone, layers, dimension, data)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.#insertAll = db.transaction((key: EmbeddingKey, rows: readonly StoredEmbedding[]) => {
      for (const { imageId, values } of rows) {
        const bits = toFloat16(values);
        const bytes = new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
        insert.run(imageId, key.backbone, layerSet(key), values.length, bytes);
      }
    });
  }

  /** The cached embeddings of these images (those that have one), by image id. */
  read(key: EmbeddingKey, imageIds: readonly number[]): Map<number, Float32Array> {
    const statement = this.#db.prepare<[number, string, string], Row>(
      'SELECT image_id, dimension, data FROM embeddings WHERE image_id = ? AND backbone = ? AND layers = ?',
    );
    const found = new Map<number, Float32Array>();
    for (const imageId of imageIds) {
      const row = statement.get(imageId, key.backbone, layerSet(key));
      if (row !== undefined) found.set(imageId, decode(row));
    }
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

function decode(row: Row): Float32Array {
  if (row.data.byteLength !== row.dimension * 2)
    throw new FoveaError(
      'io',
      `The cached embedding of image ${row.image_id} is damaged: ${row.data.byteLength} bytes for ${row.dimension} values.`,
    );
  // Copy first: the Buffer may sit at an odd offset in a pooled allocation.
  const bytes = new Uint8Array(row.data);
  return fromFloat16(new Uint16Array(bytes.buffer, 0, row.dimension));
}
