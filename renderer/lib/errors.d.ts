/** The one funnel from anything thrown to a sentence a person can act on. */
export declare function errorMessage(error: unknown): string;
export declare function isConflict(error: unknown): boolean;
