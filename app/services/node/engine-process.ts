/**
 * Entry of the engine process (built to dist/engine.js): the composition root above the engine
 * and the library, so the engine reads each plan's training tensors from the library database
 * without importing the library itself.
 */
import { serveEngine } from '../../engine/node/serve-engine.js';
import { SqliteDataSource } from '../../library/node/sqlite-data-source.js';

serveEngine((plan) => new SqliteDataSource(plan));
