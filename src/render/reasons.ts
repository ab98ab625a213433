/**
 * The reason catalogue as a table, as one entry's detail, or as JSON.
 */
import { CATALOGUE, REASON_CODES } from '../rules/catalogue.js';
import type { FindingObject, ReasonCode, Severity, SourceConfidence } from '../rules/findings.js';
import { SOURCE_CONFIDENCE } from '../rules/sources.js';
import { messagesMeaning } from '../rules/stripeMessages.js';
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
  /** How sure the claim about Stripe is: a Stripe document says it, public reports show it, or promo-doctor infers it. */
  source_confidence: SourceConfidence;
  /** Stripe's refusal messages that mean this code (the table `explain` matches), in match order; empty when Stripe has none. */
  stripe_messages: StripeMessageRecord[];
}

/** One of Stripe's refusal messages, as `reasons --json` lists it inside the codes it means. */
export interface StripeMessageRecord {
  /** @minLength 1 */
  id: string;
  /** The message as reported. */
  example: string;
  /** Older or shorter wordings of the same refusal, also recognised. */
  variants: string[];
  /** The regular expression (case-insensitive) `explain` matches Stripe's message against. */
  pattern: string;
  /** Stripe's `error.code` that identifies it, when one does. */
  stripe_code: string | null;
  /** Every reason code the message can mean (Stripe does not always tell them apart). */
  means: ReasonCode[];
  note: string | null;
  /** @format uri */
  source: string;
  source_confidence: SourceConfidence;
}

function catalogueRecord(code: ReasonCode): CatalogueRecord {
  const { severity, object, title, cause, fix, docs_url } = CATALOGUE[code];
  const stripe_messages = messagesMeaning(code).map(
    (m): StripeMessageRecord => ({
      id: m.id,
      example: m.example,
      variants: [...m.variants],
      pattern: m.pattern.source,
      stripe_code: m.stripe_code,
      means: [...m.means],
      note: m.note,
      source: m.source,
      source_confidence: m.source_confidence,
    }),
  );
  return {
    code,
    severity,
    object,
    title,
    cause,
    fix,
    docs_url,
    source_confidence: SOURCE_CONFIDENCE[code],
    stripe_messages,
  };
}

/** The whole catalogue as an array; one code as a single object; several (a Stripe error code's) as an array. */
export function renderCatalogueJson(code?: ReasonCode | readonly ReasonCode[]): string {
  const value =
    code === undefined
      ? REASON_CODES.map(catalogueRecord)
      : typeof code === 'string'
        ? catalogueRecord(code)
        : code.map(catalogueRecord);
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `promo-doctor reasons coupon_expired`: a Stripe error code, and the reason codes it can mean. */
export function renderStripeErrorCode(stripeCode: string, codes: readonly ReasonCode[], p: Palette): string {
  const head = [
    `${p.bold(stripeCode)}  Stripe's error code (error.code), not a promo-doctor reason code`,
    `  it can mean: ${codes.join(', ')}`,
    '',
  ].join('\n');
  return `${head}\n${codes.map((c) => renderCatalogueEntry(c, p)).join('\n')}`;
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

const CONFIDENCE_TEXT: Record<SourceConfidence, string> = {
  documented: 'a Stripe document says so',
  observed: 'public reports show Stripe doing it; no Stripe document says so',
  inferred: "promo-doctor's reading, not seen verbatim",
};

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
      `  ${p.bold('Source')} ${r.source_confidence} (${CONFIDENCE_TEXT[r.source_confidence]})`,
      '',
    ].join('\n') + renderMessagesMeaning(code, p)
  );
}
