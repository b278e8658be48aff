/**
 * Errors that cross a boundary (IPC, the engine process, the CLI) carry a code from this closed
 * union, so the renderer and scripts can act on them without parsing messages.
 */
export const errorCodes = [
  'invalid_argument',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'unknown_method',
  'unsupported',
  'cancelled',
  'io',
  'disk_full',
  'bad_image',
  'engine_failed',
  'newer_database',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

export class FoveaError extends Error {
  override readonly name = 'FoveaError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Turns anything thrown into an ErrorInfo; unknown errors become `internal` with their message. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof FoveaError) return error.toInfo();
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (isErrorCode(code) && typeof message === 'string') return { code, message };
    if (code === 'ENOSPC') return { code: 'disk_full', message: 'The disk is full.' };
    if (typeof message === 'string') return { code: 'internal', message };
  }
  return { code: 'internal', message: String(error) };
}
