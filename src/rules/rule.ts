/**
 * A rule: one aspect of one object in a redemption context, reporting its detections and a
 * short fact for the rule-results table ("212 of 500 used", "no expiry"). Rules are listed
 * in order in src/rules/registry.ts. (The JSON key `checks` holds their results: JSON keys
 * are interface and keep their names; see docs/architecture.md, Words.)
 */
import { isoTime, relativeTime } from '../format/time.js';
import type { RedemptionContext } from './context.js';
import {
  detect,
  type Deadline,
  type DeadlineField,
  type Detection,
  type EvidenceByCode,
  type FindingObject,
  type ObjectEvidence,
  type ReasonCode,
  type RedemptionCount,
  type Soon,
} from './findings.js';

export interface RuleRun {
  /** False when the restriction does not exist on this object ("no expiry"). */
  readonly applicable: boolean;
  readonly detail: string;
  readonly detections: readonly Detection[];
}

export interface Rule<T> {
  readonly id: string;
  readonly title: string;
  readonly run: (subject: T, ctx: RedemptionContext) => RuleRun;
}

/** Identity helper, so each check file gets its subject type inferred and checked. */
export function defineRule<T>(check: Rule<T>): Rule<T> {
  return check;
}

export const notApplicable = (detail: string): RuleRun => ({ applicable: false, detail, detections: [] });
export const passed = (detail: string): RuleRun => ({ applicable: true, detail, detections: [] });
export const failed = (detail: string, ...detections: Detection[]): RuleRun => ({
  applicable: true,
  detail,
  detections,
});

export function deadline<F extends DeadlineField>(field: F, at: number, ctx: RedemptionContext): Deadline<F> {
  return {
    [field]: at,
    [`${field}_iso`]: isoTime(at),
    evaluated_at: ctx.at,
    evaluated_at_iso: isoTime(ctx.at),
  } as Deadline<F>;
}

function soon<F extends DeadlineField>(field: F, at: number, ctx: RedemptionContext): Soon<F> {
  return { ...deadline(field, at, ctx), warn_within_seconds: ctx.warn_within };
}

/** "2026-03-01 (8 months ago)": a date for the checks table. */
export function dateWithHint(at: number, ctx: RedemptionContext): string {
  return `${isoTime(at).slice(0, 10)} (${relativeTime(at, ctx.at)})`;
}

/** The object a deadline is a field of. */
const DEADLINE_OBJECT: Record<DeadlineField, FindingObject> = {
  expires_at: 'promotion_code',
  redeem_by: 'coupon',
  end: 'discount',
};

/** Where a deadline stands at the evaluation time. */
function deadlineState(at: number, ctx: RedemptionContext): 'passed' | 'soon' | 'later' {
  if (at <= ctx.at) return 'passed';
  return at - ctx.at <= ctx.warn_within ? 'soon' : 'later';
}

/**
 * Where a redemption counter stands: reached, nearly used up, or fine. Nearly used up is
 * relative (issue 17, item 7): at most 10% of max_redemptions (or 1) left, AND at least as many
 * used as left. An unused single-use code (1 left of 1) is not nearly used up, so --strict does
 * not fail every per-customer one-off code; 1 left of 2 is.
 */
function redemptionState(times: number, max: number): { state: 'reached' | 'nearly' | 'fine'; count: RedemptionCount } {
  const remaining = Math.max(0, max - times);
  const count = { times_redeemed: times, max_redemptions: max, remaining };
  if (times >= max) return { state: 'reached', count };
  return { state: remaining <= Math.max(1, max * 0.1) && times >= remaining ? 'nearly' : 'fine', count };
}

/** The reason codes whose evidence found in the objects is exactly E (Stripe's answer aside). */
type CodeFor<E> = {
  [C in ReasonCode]: [ObjectEvidence<C>] extends [E] ? ([E] extends [ObjectEvidence<C>] ? C : never) : never;
}[ReasonCode];

/**
 * A deadline on the subject (a code's expires_at, a coupon's redeem_by): passed, within the
 * warning window, or later. `describe` makes the checks-table fact from the time.
 */
export function deadlineRule<
  T extends { readonly id: string } & Readonly<Record<F, number | null>>,
  F extends DeadlineField,
>(spec: {
  readonly id: string;
  readonly title: string;
  readonly field: F;
  readonly passedCode: CodeFor<Deadline<F>>;
  readonly soonCode: CodeFor<Soon<F>>;
  /** The checks-table fact when the subject has no such deadline. */
  readonly absent: string;
  readonly describe: (at: number, ctx: RedemptionContext) => string;
}): Rule<T> {
  return {
    id: spec.id,
    title: spec.title,
    run(subject, ctx) {
      const at = subject[spec.field];
      if (at === null) return notApplicable(spec.absent);
      const detail = spec.describe(at, ctx);
      // An evaluation time with no zone (a Dashboard log's Time line) cannot decide a deadline within
      // its uncertainty: missing data is never a yes, nor a confident no (issue 17, item 9).
      const uncertainty = ctx.at_uncertainty ?? 0;
      if (uncertainty > 0 && Math.abs(at - ctx.at) <= uncertainty)
        return failed(
          detail,
          detect(
            'evaluation_time_uncertain',
            subject.id,
            {
              field: spec.field,
              deadline: at,
              deadline_iso: isoTime(at),
              evaluated_at: ctx.at,
              evaluated_at_iso: isoTime(ctx.at),
              uncertainty_seconds: uncertainty,
            },
            DEADLINE_OBJECT[spec.field],
          ),
        );
      // CodeFor pins each code to exactly this evidence; tsc cannot see that through the generic F.
      switch (deadlineState(at, ctx)) {
        case 'passed':
          return failed(
            detail,
            detect(spec.passedCode, subject.id, deadline(spec.field, at, ctx) as EvidenceByCode[CodeFor<Deadline<F>>]),
          );
        case 'soon':
          return failed(
            detail,
            detect(spec.soonCode, subject.id, soon(spec.field, at, ctx) as EvidenceByCode[CodeFor<Soon<F>>]),
          );
        case 'later':
          return passed(detail);
      }
    },
  };
}

/** A max_redemptions limit on the subject: reached, nearly used up, or fine. */
export function redemptionRule<
  T extends { readonly id: string; readonly times_redeemed: number; readonly max_redemptions: number | null },
>(spec: {
  readonly id: string;
  readonly title: string;
  readonly reachedCode: CodeFor<RedemptionCount>;
  readonly nearlyCode: CodeFor<RedemptionCount>;
}): Rule<T> {
  return {
    id: spec.id,
    title: spec.title,
    run(subject) {
      if (subject.max_redemptions === null) return notApplicable(`${subject.times_redeemed} used, no limit`);
      const { state, count } = redemptionState(subject.times_redeemed, subject.max_redemptions);
      const detail = `${count.times_redeemed} of ${count.max_redemptions} used`;
      if (state === 'reached') return failed(detail, detect(spec.reachedCode, subject.id, count));
      if (state === 'nearly') return failed(detail, detect(spec.nearlyCode, subject.id, count));
      return passed(detail);
    },
  };
}
