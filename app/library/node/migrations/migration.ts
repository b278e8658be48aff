/** A schema change. Never edit one that has been released: append a new one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
