/**
 * Audit output: a running tally for the summary, compact rows for the human table, and
 * CSV lines. Pure; the audit command streams what these return.
 */
import { isoTime } from '../format/time.js';
import type { Diagnosis, Verdict } from '../rules/diagnose.js';
import { SEVERITIES, severityRank, type ReasonCode, type Severity } from '../rules/findings.js';
import { paintStatus, type Palette } from './palette.js';
import { alignedColumns, plainTable } from './table.js';

/** What the human table keeps of a code with findings: a few strings, not the diagnosis. */
export interface AuditRow {
  readonly code: string;
  readonly id: string;
  readonly verdict: Verdict;
  readonly worst: Severity;
  readonly reasons: string;
}

const VERDICTS: readonly Verdict[] = ['not_redeemable', 'conditional', 'redeemable'];

export class AuditTally {
  scanned = 0;
  pages = 0;
  readonly byVerdict: Record<Verdict, number> = { not_redeemable: 0, conditional: 0, redeemable: 0 };
  readonly byReason = new Map<ReasonCode, number>();

  add(d: Diagnosis): void {
    this.scanned++;
    this.byVerdict[d.verdict]++;
    for (const code of new Set(d.reasons.map((r) => r.code))) this.byReason.set(code, (this.byReason.get(code) ?? 0) + 1);
  }
}

export function auditRow(d: Diagnosis): AuditRow | null {
  if (d.reasons.length === 0) return null;
  return {
    code: d.target.code ?? '',
    id: d.target.id,
    verdict: d.verdict,
    worst: d.reasons[0]!.severity,
    reasons: [...new Set(d.reasons.map((r) => r.code))].join(', '),
  };
}


export function renderAuditTable(rows: readonly AuditRow[], p: Palette, scanned: number): string {
  if (scanned === 0) return 'No promotion code matched the filters.\n';
  if (rows.length === 0) return `No finding in the ${scanned === 1 ? 'promotion code' : `${count(scanned)} promotion codes`} audited.\n`;
  const sorted = [...rows].sort((a, b) => severityRank(a.worst) - severityRank(b.worst) || a.code.localeCompare(b.code));
  const body = sorted.map((r) => [r.code, p.dim(r.id), paintStatus(p, r.worst, r.verdict), r.reasons]);
  return alignedColumns(['Code', 'Id', 'Verdict', 'Reasons'].map((h) => p.bold(h)), body) + '\n';
}

/** Counts as the progress line writes them ("4,800"), so the two agree. */
export const count = (n: number): string => n.toLocaleString('en-US');

export function renderAuditSummary(t: AuditTally, p: Palette, seconds: number): string {
  const lines = [`${p.bold(`Audited ${count(t.scanned)} promotion code${t.scanned === 1 ? '' : 's'}`)} in ${count(t.pages)} page${t.pages === 1 ? '' : 's'}, ${seconds.toFixed(1)} s`];
  lines.push('  ' + VERDICTS.map((v) => `${v}: ${count(t.byVerdict[v])}`).join('  '));
  const reasons = [...t.byReason.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (reasons.length > 0) lines.push(plainTable([p.dim('reason'), p.dim('codes')], reasons.map(([code, n]) => [code, String(n)]), 2));
  return lines.join('\n') + '\n';
}

const CSV_COLUMNS = ['id', 'code', 'verdict', 'active', 'coupon', 'times_redeemed', 'max_redemptions', 'expires_at', ...SEVERITIES] as const;

/** RFC 4180: quote fields with commas, quotes or line breaks; double the quotes. */
function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(d: Diagnosis): string {
  const code = d.promotion_code;
  const bySeverity = SEVERITIES.map((s) => d.reasons.filter((r) => r.severity === s).map((r) => r.code).join(';'));
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
  return fields.map(csvField).join(',') + '\r\n';
}

export const csvHeader = (): string => CSV_COLUMNS.join(',') + '\r\n';
