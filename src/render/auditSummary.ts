/**
 * The audit's closing summary on stderr: how many codes by verdict, which blocking reasons
 * (and which other findings) and how often, and the coupons with the most dead codes (a
 * dead code: not redeemable). Kept as counts while pages stream by, so memory stays flat.
 */
import { isoTime } from '../format/time.js';
import type { Diagnosis, Verdict } from '../rules/diagnose.js';
import type { ReasonCode } from '../rules/findings.js';
import type { Palette } from './palette.js';
import { count } from './audit.js';
import { plainTable } from './table.js';

const VERDICTS: readonly Verdict[] = ['not_redeemable', 'conditional', 'redeemable'];
const TOP_COUPONS = 5;

export class AuditSummary {
  scanned = 0;
  pages = 0;
  /** Codes listed that could not be diagnosed (malformed): named on stderr as they came. */
  failed = 0;
  readonly byVerdict: Record<Verdict, number> = { not_redeemable: 0, conditional: 0, redeemable: 0 };
  readonly blocking = new Map<ReasonCode, number>();
  readonly other = new Map<ReasonCode, number>();
  readonly deadByCoupon = new Map<string, number>();

  add(d: Diagnosis): void {
    this.scanned++;
    this.byVerdict[d.verdict]++;
    const counted = new Set<ReasonCode>();
    for (const finding of d.reasons) {
      if (counted.has(finding.code)) continue;
      counted.add(finding.code);
      const table = finding.severity === 'blocking' ? this.blocking : this.other;
      table.set(finding.code, (table.get(finding.code) ?? 0) + 1);
    }
    const coupon = d.promotion_code?.coupon?.id;
    if (d.verdict === 'not_redeemable' && coupon)
      this.deadByCoupon.set(coupon, (this.deadByCoupon.get(coupon) ?? 0) + 1);
  }
}

/** What the run itself tells, beside the codes. */
export interface AuditRunFacts {
  readonly seconds: number;
  readonly requests: number;
  /** Requests Stripe answered 429. */
  readonly throttled: number;
  /** The `created` bound fixed at the start (unix seconds): later codes are out of scope. */
  readonly createdUpTo: number | null;
}

const byCount = (a: [string, number], b: [string, number]): number => b[1] - a[1] || a[0].localeCompare(b[0]);
/** "20,000 promotion codes": counts written as the progress line writes them. */
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

export function renderAuditSummary(s: AuditSummary, p: Palette, run: AuditRunFacts): string {
  const lines = [
    `${p.bold(`Audited ${plural(s.scanned + s.failed, 'promotion code')}`)} in ${plural(s.pages, 'page')}, ${run.seconds.toFixed(1)} s`,
  ];
  if (s.failed > 0)
    lines.push(
      `  ${count(s.failed)} could not be diagnosed (named above): the verdicts below are of the other ${count(s.scanned)}`,
    );
  lines.push(`  ${VERDICTS.map((v) => `${v}: ${s.byVerdict[v]}`).join('  ')}`);
  const rows = (table: Map<ReasonCode, number>) =>
    [...table.entries()].sort(byCount).map(([code, n]) => [code, String(n)]);
  if (s.blocking.size > 0) lines.push(plainTable([p.dim('blocking reason'), p.dim('codes')], rows(s.blocking), 2));
  if (s.other.size > 0) lines.push(plainTable([p.dim('other finding'), p.dim('codes')], rows(s.other), 2));
  const dead = [...s.deadByCoupon.entries()].sort(byCount).slice(0, TOP_COUPONS);
  if (dead.length > 0)
    lines.push(`  coupons with the most dead codes: ${dead.map(([coupon, n]) => `${coupon} (${n})`).join(', ')}`);
  const scope = run.createdUpTo === null ? '' : `; codes created after ${isoTime(run.createdUpTo)} are out of scope`;
  lines.push(p.dim(`  ${plural(run.requests, 'request')}, ${run.throttled} rate-limited (429)${scope}`));
  return `${lines.join('\n')}\n`;
}
