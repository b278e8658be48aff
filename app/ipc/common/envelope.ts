import type { ErrorInfo } from '../../base/common/errors.js';
import { FoveaError, toErrorInfo } from '../../base/common/errors.js';
import type { ArgsOf, Handlers, MethodName, ResultOf } from './contract.js';
import { isMethodName, methods } from './contract.js';
import { describeIssues } from './issue-wording.js';

/** How every result travels between processes. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Validates a method name and its arguments against the contract; throws `invalid_argument`. */
export function parseCall(
  method: unknown,
  args: unknown,
): { method: MethodName; args: ArgsOf<MethodName> } {
  if (!isMethodName(method)) {
    throw new FoveaError(
      'unknown_method',
      `There is no method named ${String(JSON.stringify(method))}.`,
    );
  }
  const parsed = methods[method].args.safeParse(args);
  if (!parsed.success) {
    throw new FoveaError('invalid_argument', describeIssues(parsed.error.issues));
  }
  return { method, args: parsed.data };
}

/**
 * The one place a call crosses into the services: validate, run, and wrap the outcome. Nothing
 * runs when validation fails.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  args: unknown,
): Promise<Envelope<unknown>> {
  try {
    const call = parseCall(method, args);
    const handler = handlers[call.method] as (...a: unknown[]) => unknown;
    const value = await handler(...(call.args as unknown[]));
    return { ok: true, value: value ?? null };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

/** The client side: a result, or the error thrown again as a FoveaError. */
export function unwrap<M extends MethodName>(envelope: Envelope<unknown>): ResultOf<M> {
  if (envelope.ok) return envelope.value as ResultOf<M>;
  throw new FoveaError(envelope.error.code, envelope.error.message);
}
