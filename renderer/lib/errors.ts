import { toErrorInfo } from '../../app/base/common/errors.js';

/** The one funnel from anything thrown to a sentence a person can act on. */
export function errorMessage(error: unknown): string {
  const info = toErrorInfo(error);
  if (info.code === 'internal') return `Something went wrong: ${info.message}`;
  return info.message;
}
