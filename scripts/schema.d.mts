/** Types for scripts/schema.mjs, imported by test/schema/schema-generated.test.ts. */

/** The directory of the published schemas. */
export declare const SCHEMA_DIR: string;

/** Both schemas as the text of their files, keyed by file name (`diagnosis.schema.json`, ...). */
export declare function generateSchemas(): Promise<Record<string, string>>;
