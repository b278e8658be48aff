import { toErrorInfo } from '../../base/common/errors.js';
import type { Logger } from '../../base/common/logger.js';

/** Writes each error on one stderr line, the way Fovea's processes report on the terminal. */
export class ConsoleLogger implements Logger {
  error(context: string, error: unknown): void {
    process.stderr.write(`Fovea: ${context}: ${toErrorInfo(error).message}\n`);
  }
}
