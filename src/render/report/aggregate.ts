/**
 * What the audit report's charts need, gathered one diagnosis at a time. Everything kept is
 * bounded by the number of reason codes, weeks, a fixed top list and at most
 * COUPONS_TRACKED coupons, never by the number of codes: the rows themselves are written out
 * as they come (./sink.ts). Coupons are capped because an account may have one per code
 * (one-off coupons made by a script): a summary of each would grow with the codes. Codes of
 * coupons met after the first COUPONS_TRACKED are counted in every total and in one line of
 * their own, and the report says so (issue 19: 1,000,000 codes in bounded memory).
 *
 * Measured (2026-12-06, bench at 50,000 / 100,000 / 300,000 codes with --trace-gc): the live
 * heap after each full collection stays at 11-12 MB, so nothing else here grows per code; the
 * report's peak RSS moves with V8's heap sizing and the allocator, not with what is kept.
 */
import type { Diagnosis, Verdict } from '../../rules/diagnose.js';
import type { ReasonCode } from '../../rules/findings.js';

const WEEK = 7 * 86_400;
/** The timeline: the last 4 weeks (expired) and the next 12 (expiring), relative to the evaluation time. */
export const WEEKS_BACK = 4;
export const WEEKS_AHEAD = 12;
/** How many codes and coupons the "closest to their cap" list keeps. */
export const CAP_LIST_SIZE = 20;
/** Coupons summarised one by one at most (the first met); the codes of the others are counted together. */
export const COUPONS_TRACKED = 10_000;

export interface WeekBucket {
  /** Weeks from the evaluation time: -4..-1 expired, 0..11 expiring. */
  readonly week: number;
  /** Unix seconds: the week's start. */
  readonly start: number;
  codes: number;
  coupons: number;
}

export interface CapEntry {
  readonly kind: 'promotion_code' | 'coupon';
  readonly id: string;
  /** The customer-facing code, or the coupon's name. */
  readonly label: string;
  readonly times_redeemed: number;
  readonly max_redemptions: number;
}

export interface CouponSummary {
  readonly id: string;
  name: string | null;
  codes: number;
  /** Codes that can be redeemed (verdict redeemable or conditional). */
  working: number;
  /** Codes with a blocking finding. */
  dead: number;
  /** Blocking reason codes among the dead codes, with how many codes each. */
  readonly why: Map<ReasonCode, number>;
}

/** Highest share of the cap used first; then fewest redemptions left. */
function capOrder(a: CapEntry, b: CapEntry): number {
  return (
    b.times_redeemed / b.max_redemptions - a.times_redeemed / a.max_redemptions ||
    a.max_redemptions - a.times_redeemed - (b.max_redemptions - b.times_redeemed) ||
    a.id.localeCompare(b.id)
  );
}

export class ReportAggregate {
  scanned = 0;
  /** Codes with at least one finding: the table's rows. */
  withFindings = 0;
  readonly byVerdict: Record<Verdict, number> = { not_redeemable: 0, conditional: 0, redeemable: 0 };
  readonly byReason = new Map<ReasonCode, number>();
  readonly weeks: WeekBucket[];
  readonly coupons = new Map<string, CouponSummary>();
  private readonly couponCaps = new Map<string, CapEntry>();
  private codeCaps: CapEntry[] = [];
  /** Codes already at max_redemptions: dead, and counted rather than listed. */
  codesAtCap = 0;
  /** Codes of coupons met once COUPONS_TRACKED coupons were summarised: counted, not per coupon. */
  readonly untracked = { codes: 0, working: 0, dead: 0 };

  /** `at`: the evaluation time, unix seconds. */
  constructor(readonly at: number) {
    this.weeks = Array.from({ length: WEEKS_BACK + WEEKS_AHEAD }, (_, i) => ({
      week: i - WEEKS_BACK,
      start: at + (i - WEEKS_BACK) * WEEK,
      codes: 0,
      coupons: 0,
    }));
  }

  add(d: Diagnosis): void {
    this.scanned++;
    this.byVerdict[d.verdict]++;
    if (d.reasons.length > 0) this.withFindings++;
    for (const code of new Set(d.reasons.map((r) => r.code)))
      this.byReason.set(code, (this.byReason.get(code) ?? 0) + 1);
    const code = d.promotion_code;
    if (!code) return;
    this.countExpiry(code.expires_at, 'codes');
    if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions) this.codesAtCap++;
    else if (code.max_redemptions !== null && code.max_redemptions > 0) {
      this.offerCodeCap({
        kind: 'promotion_code',
        id: code.id,
        label: code.code,
        times_redeemed: code.times_redeemed,
        max_redemptions: code.max_redemptions,
      });
    }
    const link = code.coupon;
    if (link === null) return;
    let summary = this.coupons.get(link.id);
    if (!summary && this.coupons.size >= COUPONS_TRACKED) {
      this.untracked.codes++;
      if (d.verdict === 'not_redeemable') this.untracked.dead++;
      else this.untracked.working++;
      return;
    }
    if (!summary) {
      summary = { id: link.id, name: null, codes: 0, working: 0, dead: 0, why: new Map() };
      this.coupons.set(link.id, summary);
      // A coupon is counted once on the timeline, however many codes it has.
      if (link.kind === 'coupon') this.countExpiry(link.redeem_by, 'coupons');
    }
    if (link.kind === 'coupon') {
      summary.name = link.name;
      if (link.max_redemptions !== null && link.max_redemptions > 0) {
        this.couponCaps.set(link.id, {
          kind: 'coupon',
          id: link.id,
          label: link.name ?? link.id,
          times_redeemed: link.times_redeemed,
          max_redemptions: link.max_redemptions,
        });
      }
    }
    summary.codes++;
    if (d.verdict === 'not_redeemable') {
      summary.dead++;
      for (const reason of new Set(d.reasons.filter((r) => r.severity === 'blocking').map((r) => r.code)))
        summary.why.set(reason, (summary.why.get(reason) ?? 0) + 1);
    } else summary.working++;
  }

  /** What is kept, object by object: bounded whatever the number of codes (tested). */
  retained(): { coupons: number; couponCaps: number; codeCaps: number; weeks: number; reasons: number } {
    return {
      coupons: this.coupons.size,
      couponCaps: this.couponCaps.size,
      codeCaps: this.codeCaps.length,
      weeks: this.weeks.length,
      reasons: this.byReason.size,
    };
  }

  /** The codes and coupons closest to max_redemptions but not at it yet, most used first. */
  closestToCap(): CapEntry[] {
    const open = [...this.couponCaps.values()].filter((c) => c.times_redeemed < c.max_redemptions);
    return [...this.codeCaps, ...open].sort(capOrder).slice(0, CAP_LIST_SIZE);
  }

  /** Coupons already at max_redemptions. */
  couponsAtCap(): number {
    return [...this.couponCaps.values()].filter((c) => c.times_redeemed >= c.max_redemptions).length;
  }

  private countExpiry(when: number | null, series: 'codes' | 'coupons'): void {
    if (when === null) return;
    const week = Math.floor((when - this.at) / WEEK);
    if (week < -WEEKS_BACK || week >= WEEKS_AHEAD) return;
    this.weeks[week + WEEKS_BACK]![series]++;
  }

  /** Keeps the top list bounded: insert in order, drop the tail. */
  private offerCodeCap(entry: CapEntry): void {
    const list = this.codeCaps;
    if (list.length === CAP_LIST_SIZE && capOrder(entry, list[list.length - 1]!) >= 0) return;
    const at = list.findIndex((e) => capOrder(entry, e) < 0);
    list.splice(at === -1 ? list.length : at, 0, entry);
    if (list.length > CAP_LIST_SIZE) list.pop();
  }
}
