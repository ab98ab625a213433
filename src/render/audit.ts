/**
 * Audit output: compact rows for the human table, and CSV lines (the summary is in
 * auditSummary.ts). Pure; the audit command streams what these return.
 */
import { displayText } from '../format/display.js';
import { isoTime } from '../format/time.js';
import type { Diagnosis, Verdict } from '../rules/diagnose.js';
import { SEVERITIES, severityRank, type Severity } from '../rules/findings.js';
import { paintStatus, type Palette } from './palette.js';
import { alignedColumns } from './table.js';

/** What the human table keeps of a code with findings: a few strings, not the diagnosis. */
export interface AuditRow {
  readonly code: string;
  readonly id: string;
  readonly verdict: Verdict;
  readonly worst: Severity;
  readonly reasons: string;
}

export function auditRow(d: Diagnosis): AuditRow | null {
  if (d.reasons.length === 0) return null;
  return {
    // Shown in the terminal table: escaped and capped here (src/format/display.ts).
    code: displayText(d.target.code ?? ''),
    id: displayText(d.target.id),
    verdict: d.verdict,
    worst: d.reasons[0]!.severity,
    reasons: [...new Set(d.reasons.map((r) => r.code))].join(', '),
  };
}

export function renderAuditTable(rows: readonly AuditRow[], p: Palette, scanned: number): string {
  if (scanned === 0) return 'No promotion code matched the filters.\n';
  if (rows.length === 0)
    return `No finding in the ${scanned === 1 ? 'promotion code' : `${count(scanned)} promotion codes`} audited.\n`;
  const sorted = [...rows].sort(
    (a, b) => severityRank(a.worst) - severityRank(b.worst) || a.code.localeCompare(b.code),
  );
  const body = sorted.map((r) => [r.code, p.dim(r.id), paintStatus(p, r.worst, r.verdict), r.reasons]);
  return `${alignedColumns(
    ['Code', 'Id', 'Verdict', 'Reasons'].map((h) => p.bold(h)),
    body,
  )}\n`;
}

/** Counts as the progress line writes them ("4,800"), so the summary and the progress agree. */
export const count = (n: number): string => n.toLocaleString('en-US');

const CSV_COLUMNS = [
  'id',
  'code',
  'verdict',
  'active',
  'coupon',
  'times_redeemed',
  'max_redemptions',
  'expires_at',
  ...SEVERITIES,
] as const;

/**
 * A cell a spreadsheet would read as a formula starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return: `=HYPERLINK(…)` in a code runs when the CSV is opened in Excel, LibreOffice
 * or Google Sheets. OWASP's advice: prefix such a cell with a single quote, then quote it as
 * any other (https://owasp.org/www-community/attacks/CSV_Injection). Full-width look-alikes
 * (U+FF1D, U+FF0B, U+FF0D, U+FF20) are read as formulas by some spreadsheets, so they count.
 * Only text from outside is a string here (ids, codes); our numbers are never negative.
 * docs/security.md says why there is no flag to turn it off: NDJSON has the exact values.
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** RFC 4180: quote fields with commas, quotes or line breaks; double the quotes. */
export function csvField(value: string | number | boolean | null): string {
  const raw = value === null ? '' : String(value);
  const formula = typeof value === 'string' && FORMULA_START.test(raw);
  const text = formula ? `'${raw}` : raw;
  return formula || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(d: Diagnosis): string {
  const code = d.promotion_code;
  const bySeverity = SEVERITIES.map((s) =>
    d.reasons
      .filter((r) => r.severity === s)
      .map((r) => r.code)
      .join(';'),
  );
  const fields = [
    d.target.id,
    d.target.code ?? '',
    d.verdict,
    code ? code.active : null,
    code?.coupon?.id ?? null,
    code ? code.times_redeemed : null,
    code?.max_redemptions ?? null,
    code?.expires_at == null ? null : isoTime(code.expires_at),
    ...bySeverity,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(',')}\r\n`;
