/**
 * The report's table rows: one compact JSON array per code with a finding, written into the
 * page as data (`<script type="application/json">`) and drawn by the page's script in pages.
 * Arrays, not objects: at 100,000 codes the keys alone would double the file.
 */
import { REASON_CODES } from '../../rules/catalogue.js';
import type { Diagnosis, Verdict } from '../../rules/diagnose.js';
import type { ReasonCode } from '../../rules/findings.js';

/** Index of a verdict in a row; the page's script reads the same list from the metadata. */
export const VERDICT_ORDER: readonly Verdict[] = ['not_redeemable', 'conditional', 'redeemable'];

const REASON_INDEX = new Map<ReasonCode, number>(REASON_CODES.map((code, i) => [code, i]));

/**
 * [id, code, verdict index, reason code indexes (REASON_CODES order), coupon id or null,
 *  times_redeemed, max_redemptions or null, expires_at (unix seconds) or null]
 */
export type ReportRow = [string, string, number, number[], string | null, number, number | null, number | null];

export function reportRow(d: Diagnosis): ReportRow | null {
  if (d.reasons.length === 0) return null;
  const code = d.promotion_code;
  const reasons = [...new Set(d.reasons.map((r) => REASON_INDEX.get(r.code)!))];
  return [
    d.target.id,
    d.target.code ?? '',
    VERDICT_ORDER.indexOf(d.verdict),
    reasons,
    code?.coupon?.id ?? null,
    code?.times_redeemed ?? 0,
    code?.max_redemptions ?? null,
    code?.expires_at ?? null,
  ];
}

/**
 * JSON that is safe inside a <script> element: no `<` (so no `</script>` nor `<!--`), no
 * `>` or `&`, and no U+2028/U+2029, each written as its \u escape, which JSON.parse reads back
 * unchanged (https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements).
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
