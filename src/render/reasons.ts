/**
 * The reason catalogue as a table, as one entry's detail, or as JSON.
 */
import { CATALOGUE, REASON_CODES } from '../rules/catalogue.js';
import type { FindingObject, ReasonCode, Severity } from '../rules/findings.js';
import type { Palette } from './palette.js';
import { renderMessagesMeaning, renderStripeMessages } from './stripeMessages.js';
import { plainTable } from './table.js';

/** One entry of `reasons --json`; schema/reasons.schema.json is generated from it (npm run schema). */
export interface CatalogueRecord {
  code: ReasonCode;
  severity: Severity;
  object: FindingObject;
  /** @minLength 1 */
  title: string;
  /** @pattern ^[^\n]+[.]$ */
  cause: string;
  /** @pattern ^[^\n]+[.]$ */
  fix: string;
  /**
   * @format uri
   * @pattern ^https://docs\.stripe\.com/
   */
  docs_url: string;
}

function catalogueRecord(code: ReasonCode): CatalogueRecord {
  const { severity, object, title, cause, fix, docs_url } = CATALOGUE[code];
  return { code, severity, object, title, cause, fix, docs_url };
}

/** The whole catalogue as an array; one code as a single object. */
export function renderCatalogueJson(code?: ReasonCode): string {
  const value = code === undefined ? REASON_CODES.map(catalogueRecord) : catalogueRecord(code);
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function renderCatalogueTable(p: Palette): string {
  const rows = REASON_CODES.map((code) => [
    code,
    CATALOGUE[code].severity,
    CATALOGUE[code].object,
    CATALOGUE[code].title,
  ]);
  const table = plainTable(
    ['Code', 'Severity', 'Object', 'Title'].map((h) => p.bold(h)),
    rows,
  );
  return `${table}\n\n${p.dim('promo-doctor reasons <code> shows the cause and the fix of one.')}\n\n${renderStripeMessages(p)}`;
}

export function renderCatalogueEntry(code: ReasonCode, p: Palette): string {
  const r = catalogueRecord(code);
  return (
    [
      `${p.bold(r.code)}  ${r.title}`,
      `  severity: ${r.severity}    object: ${r.object}`,
      '',
      `  ${p.bold('Cause')}  ${r.cause}`,
      `  ${p.bold('Fix')}    ${r.fix}`,
      `  ${p.bold('Docs')}   ${r.docs_url}`,
      '',
    ].join('\n') + renderMessagesMeaning(code, p)
  );
}
