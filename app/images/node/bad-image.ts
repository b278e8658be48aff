import { FoveaError } from '../../base/common/errors.js';

/**
 * Why one file was refused. The import records the message for a person and may count by kind;
 * across a boundary it travels as an ordinary `bad_image` FoveaError.
 */
export type BadImageKind =
  | 'missing'
  | 'unreadable'
  | 'empty'
  | 'not_image'
  | 'unsupported'
  | 'corrupt'
  | 'too_small'
  | 'too_large';

export class BadImageError extends FoveaError {
  constructor(
    readonly kind: BadImageKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('bad_image', message, options);
  }
}

export function isBadImageError(error: unknown): error is BadImageError {
  return error instanceof BadImageError;
}

/** Turns a failed file read into a refusal a person understands; other I/O errors pass through. */
export function fromReadError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new BadImageError(
        'missing',
        'The file is no longer there: it was moved or deleted during the import.',
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
      return new BadImageError('unreadable', 'The file cannot be read: permission denied.', {
        cause: error,
      });
    case 'EISDIR':
      return new BadImageError('not_image', 'This is a folder, not an image file.', {
        cause: error,
      });
    case 'EIO':
      return new BadImageError(
        'unreadable',
        'The file cannot be read: the disk reported an error.',
        {
          cause: error,
        },
      );
    default:
      return error;
  }
}

/** Turns an error from sharp/libvips while reading or decoding into a refusal. */
export function fromDecodeError(error: unknown): BadImageError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(detail)) {
    return new BadImageError(
      'not_image',
      'This is not an image: its contents are not in any known image format.',
      { cause: error },
    );
  }
  if (/pixel limit/i.test(detail)) {
    return new BadImageError('too_large', 'The image has too many pixels to import.', {
      cause: error,
    });
  }
  const firstLine = detail.split('\n')[0]?.trim() ?? '';
  return new BadImageError(
    'corrupt',
    `The image is truncated or corrupt and cannot be decoded (${firstLine || 'no detail'}).`,
    { cause: error },
  );
}
