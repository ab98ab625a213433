/**
 * A check: one family of rules about one object, reporting its detections and a short
 * fact for the checks table ("212 of 500 used", "no expiry"). Checks are listed in order
 * in src/rules/registry.ts.
 */
import { isoTime, relativeTime } from '../format/time.js';
import type { RedemptionContext } from './context.js';
import type { Deadline, DeadlineField, Detection, RedemptionCount, Soon } from './findings.js';

export interface CheckRun {
  /** False when the restriction does not exist on this object ("no expiry"). */
  readonly applicable: boolean;
  readonly detail: string;
  readonly detections: readonly Detection[];
}

export interface Check<T> {
  readonly id: string;
  readonly title: string;
  readonly run: (subject: T, ctx: RedemptionContext) => CheckRun;
}

/** Identity helper, so each check file gets its subject type inferred and checked. */
export function defineCheck<T>(check: Check<T>): Check<T> {
  return check;
}

export const notApplicable = (detail: string): CheckRun => ({ applicable: false, detail, detections: [] });
export const passed = (detail: string): CheckRun => ({ applicable: true, detail, detections: [] });
export const failed = (detail: string, ...detections: Detection[]): CheckRun => ({ applicable: true, detail, detections });

export function deadline<F extends DeadlineField>(field: F, at: number, ctx: RedemptionContext): Deadline<F> {
  return { [field]: at, [`${field}_iso`]: isoTime(at), evaluated_at: ctx.at, evaluated_at_iso: isoTime(ctx.at) } as Deadline<F>;
}

export function soon<F extends DeadlineField>(field: F, at: number, ctx: RedemptionContext): Soon<F> {
  return { ...deadline(field, at, ctx), warn_within_seconds: ctx.warn_within };
}

/** "2026-03-01 (8 months ago)": a date for the checks table. */
export function dateWithHint(at: number, ctx: RedemptionContext): string {
  return `${isoTime(at).slice(0, 10)} (${relativeTime(at, ctx.at)})`;
}

/** Where a deadline stands at the evaluation time. */
export function deadlineState(at: number, ctx: RedemptionContext): 'passed' | 'soon' | 'later' {
  if (at <= ctx.at) return 'passed';
  return at - ctx.at <= ctx.warn_within ? 'soon' : 'later';
}

/** Where a redemption counter stands: reached, nearly used up (<= max(1, 10%) left), or fine. */
export function redemptionState(times: number, max: number): { state: 'reached' | 'nearly' | 'fine'; count: RedemptionCount } {
  const remaining = Math.max(0, max - times);
  const count = { times_redeemed: times, max_redemptions: max, remaining };
  if (times >= max) return { state: 'reached', count };
  return { state: remaining <= Math.max(1, max * 0.1) ? 'nearly' : 'fine', count };
}
