/**
 * Every service the renderer may call and every event it may subscribe to. Both transports
 * (Electron IPC in main/, WebSocket in app/server), the preload and the renderer client are derived
 * from this one table by looping over it: a method added here is callable everywhere, validated
 * before it runs, with nothing written twice.
 */
import { z } from 'zod';
import type { ClassSummary, DatasetSummary } from '../../library/common/types.js';

/** A method: the runtime schema of its argument tuple, and (as a phantom type) its result. */
export interface MethodSpec<Args extends z.ZodTuple, Result> {
  readonly args: Args;
  /** Never set: carries the result type. */
  readonly result?: [Result];
}

function method<Result>() {
  return <Args extends z.ZodTuple>(args: Args): MethodSpec<Args, Result> => ({ args });
}

const id = z.number().int().positive();
const name = z.string().max(1000);

export interface AppInfo {
  readonly version: string;
  readonly mode: 'electron' | 'web';
  readonly libraryPath: string;
}

export const methods = {
  'app.info': method<AppInfo>()(z.tuple([])),
  'datasets.list': method<DatasetSummary[]>()(z.tuple([])),
  'datasets.get': method<DatasetSummary>()(z.tuple([id])),
  'datasets.create': method<DatasetSummary>()(z.tuple([name])),
  'datasets.rename': method<DatasetSummary>()(z.tuple([id, name])),
  'datasets.delete': method<null>()(z.tuple([id])),
  'classes.create': method<ClassSummary>()(z.tuple([id, name])),
  'classes.rename': method<ClassSummary>()(z.tuple([id, name])),
  'classes.delete': method<null>()(z.tuple([id])),
} as const;

/** Events the services emit; payloads are plain data (ArrayBuffers allowed). */
export interface EventPayloads {
  'library.changed': { readonly datasetId: number | null };
}

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof EventPayloads;
export type ArgsOf<M extends MethodName> = z.input<Methods[M]['args']>;
export type ResultOf<M extends MethodName> = NonNullable<Methods[M]['result']>[0];

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}

/** What the services implement: one async function per method. */
export type Handlers = {
  readonly [M in MethodName]: (...args: ArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>;
};

type AreaOf<M extends string> = M extends `${infer Area}.${string}` ? Area : never;
type Area = AreaOf<MethodName>;

/** The renderer's view: `fovea.datasets.create('pets')`, `fovea.on('library.changed', …)`. */
export type FoveaClient = {
  readonly [A in Area]: {
    readonly [M in MethodName as M extends `${A}.${infer Verb}` ? Verb : never]: (
      ...args: ArgsOf<M>
    ) => Promise<ResultOf<M>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};
