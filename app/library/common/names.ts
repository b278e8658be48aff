import { FoveaError } from '../../base/common/errors.js';

export const maxNameLength = 80;

/**
 * Dataset and class names are shown in the UI and used as folder names on export, so they are
 * trimmed, non-empty, of bounded length and free of path separators and control characters.
 */
export function validateName(kind: 'dataset' | 'class', raw: string): string {
  const name = raw.normalize('NFC').trim();
  const label = kind === 'dataset' ? 'A dataset name' : 'A class name';
  if (name.length === 0) throw new FoveaError('invalid_argument', `${label} cannot be empty.`);
  if (name.length > maxNameLength) {
    throw new FoveaError(
      'invalid_argument',
      `${label} can have at most ${maxNameLength} characters (this one has ${name.length}).`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\]/.test(name)) {
    throw new FoveaError(
      'invalid_argument',
      `${label} cannot contain slashes or control characters: "${name}".`,
    );
  }
  if (name === '.' || name === '..') {
    throw new FoveaError('invalid_argument', `${label} cannot be "${name}".`);
  }
  return name;
}
