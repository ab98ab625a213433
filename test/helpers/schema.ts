/**
 * The published JSON Schemas (schema/*.schema.json), compiled once with ajv (draft 2020-12,
 * strict mode, every error) and ajv-formats. The assert helpers throw with ajv's errors, so a
 * drift between the code and the schema fails the test that met it, with the path.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));
export const DIAGNOSIS_SCHEMA_PATH = `${SCHEMA_DIR}diagnosis.schema.json`;
export const REASONS_SCHEMA_PATH = `${SCHEMA_DIR}reasons.schema.json`;

export type JsonSchema = Record<string, unknown> & { $id: string; $defs: Record<string, Record<string, unknown>> };

export function loadSchema(path: string): JsonSchema {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
}

export const diagnosisSchema = loadSchema(DIAGNOSIS_SCHEMA_PATH);
export const reasonsSchema = loadSchema(REASONS_SCHEMA_PATH);

/** A fresh ajv in strict mode: unknown keywords, formats or ambiguous types in a schema are errors. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false, allowUnionTypes: false });
  addFormats(ajv);
  return ajv;
}

const ajv = createAjv();
ajv.addSchema(diagnosisSchema);
ajv.addSchema(reasonsSchema);

function validator(ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
}

const validateDiagnosis = validator(diagnosisSchema.$id);
const validateReasons = validator(reasonsSchema.$id);
const validateReasonEntry = validator(`${reasonsSchema.$id}#/$defs/entry`);

export function formatErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

function assertWith(validate: ValidateFunction, what: string, value: unknown): void {
  if (!validate(value)) throw new Error(`${what} does not match its schema:\n${formatErrors(validate.errors)}`);
}

/** Throws with ajv's errors unless `doc` is a valid `--json` diagnosis document. */
export function assertDiagnosisDocument(doc: unknown): void {
  assertWith(validateDiagnosis, 'diagnosis document', doc);
}

/** Throws with ajv's errors unless `value` is a valid `reasons --json` array. */
export function assertReasonsDocument(value: unknown): void {
  assertWith(validateReasons, 'reasons --json', value);
}

/** Throws unless `value` is one catalogue entry (`reasons <code> --json`). */
export function assertReasonEntry(value: unknown): void {
  assertWith(validateReasonEntry, 'reason catalogue entry', value);
}

/** Errors (empty when valid) without throwing, for tests that expect a rejection. */
export function diagnosisErrors(doc: unknown): ErrorObject[] {
  return validateDiagnosis(doc) ? [] : [...(validateDiagnosis.errors ?? [])];
}

export function reasonsErrors(value: unknown): ErrorObject[] {
  return validateReasons(value) ? [] : [...(validateReasons.errors ?? [])];
}
