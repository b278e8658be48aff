import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { DatasetSummary } from '../../../app/library/common/types.js';
/**
 * The Datasets area's state: the list, the selection, and the last error. Each change is a named
 * method that calls the service and then reloads; a failure becomes `error` and changes nothing.
 */
export declare class DatasetsState {
  #private;
  constructor(client: FoveaClient);
  get datasets(): readonly DatasetSummary[];
  get selected(): DatasetSummary | null;
  get error(): string | null;
  get isLoaded(): boolean;
  load(): Promise<void>;
  select(id: number | null): void;
  clearError(): void;
  create(name: string): Promise<boolean>;
  rename(id: number, name: string): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  createClass(datasetId: number, name: string): Promise<boolean>;
  renameClass(id: number, name: string): Promise<boolean>;
  deleteClass(id: number): Promise<boolean>;
  reset(): void;
}
