import { FoveaError } from '../../base/common/errors.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export class UsageError extends FoveaError {
  constructor(message: string) {
    super('invalid_argument', message);
  }
}

export function parseId(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new UsageError(`Expected a ${what} id (a positive whole number), got "${value ?? ''}".`);
  return id;
}

export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, got "${value}".`);
  return port;
}
