/**
 * A generated Stripe account for `promo-doctor audit`: N promotion codes in a known mix of
 * states, drawn by a seeded PRNG so a failing run can be replayed, with the counts per
 * verdict and per reason code that an audit at AT must report.
 *
 * Expected findings come from the README reason catalogue, written per state here,
 * never from src/: a rule that drifts from the contract fails the test that counts it.
 *
 * Used by test/e2e/audit.test.ts, test/integration/audit.test.ts and (compiled) bench/run.mjs,
 * so it imports nothing but the builders, the fake's types and the reference time.
 */
import type Stripe from 'stripe';
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import { AT, DAY } from './time.js';

/** `created` of the first generated code (2025-01-01T00:00:00Z); each next one is a minute later. */
export const FIRST_CODE_CREATED = 1_735_689_600;

/** Customers the generated codes refer to. */
export const VIP = 'cus_vip';
export const GONE = 'cus_gone';
/** The one succeeded charge of cus_vip: it is no first-time customer. */
export const VIP_CHARGE = 'ch_vip1';

/** Coupons shared by the codes, by what is wrong with them. */
export const COUPONS = {
  plainA: 'PLAIN20',
  plainB: 'PLAIN10',
  deleted: 'GONE15',
  redeemByPassed: 'SPRING24',
  maxed: 'LIMITED',
  invalid: 'BROKEN',
  amountOff: 'FIVEOFF',
  products: 'SHOESONLY',
  redeemBySoon: 'LASTCALL',
  nearly: 'ALMOSTGONE',
} as const;

export const PRODUCT_OK = 'prod_shoes';
export const PRODUCT_OTHER = 'prod_hats';

export type Verdict = 'redeemable' | 'conditional' | 'not_redeemable';

/** One state a promotion code can be in, and what the contract says an audit finds. */
export interface CodeState {
  readonly name: string;
  /** Reason codes at AT with no context flags, as a set (README, Reason catalogue). */
  readonly reasons: readonly string[];
  readonly verdict: Verdict;
  readonly active: boolean;
  readonly coupon: string;
  readonly customer: string | null;
  readonly overrides: (
    created: number,
  ) => Omit<build.PromotionCodeOverrides, 'id' | 'code' | 'created' | 'coupon' | 'customer' | 'active'>;
}

const none = () => ({});

/**
 * The states. A code whose coupon is closed, or that expired or ran out, is `active: false`
 * as Stripe reports it; the inactive finding is given only to the code nothing explains.
 */
export const STATES: readonly CodeState[] = [
  {
    name: 'ok',
    reasons: [],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: none,
  },
  {
    name: 'ok_b',
    reasons: [],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.plainB,
    customer: null,
    overrides: none,
  },
  {
    name: 'expired',
    reasons: ['promotion_code_expired'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: () => ({ expires_at: AT - 30 * DAY }),
  },
  {
    name: 'code_maxed',
    reasons: ['promotion_code_max_redemptions_reached'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.plainB,
    customer: null,
    overrides: () => ({ max_redemptions: 5, times_redeemed: 5 }),
  },
  {
    name: 'archived',
    reasons: ['promotion_code_inactive'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: none,
  },
  {
    name: 'coupon_deleted',
    reasons: ['coupon_deleted'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.deleted,
    customer: null,
    overrides: none,
  },
  {
    name: 'coupon_redeem_by_passed',
    reasons: ['coupon_redeem_by_passed'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.redeemByPassed,
    customer: null,
    overrides: none,
  },
  {
    name: 'coupon_maxed',
    reasons: ['coupon_max_redemptions_reached'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.maxed,
    customer: null,
    overrides: none,
  },
  {
    name: 'coupon_invalid',
    reasons: ['coupon_invalid'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.invalid,
    customer: null,
    overrides: none,
  },
  {
    name: 'customer_deleted',
    // Nobody can redeem a code restricted to a deleted customer: no "pass --customer" condition.
    reasons: ['customer_deleted'],
    verdict: 'not_redeemable',
    active: true,
    coupon: COUPONS.plainA,
    customer: GONE,
    overrides: none,
  },
  {
    name: 'restricted',
    reasons: ['restricted_to_customer'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.plainA,
    customer: VIP,
    overrides: none,
  },
  {
    name: 'restricted_first_time',
    reasons: ['restricted_to_customer', 'first_time_customers_only'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.plainB,
    customer: VIP,
    overrides: () => ({ restrictions: { first_time_transaction: true } }),
  },
  {
    name: 'first_time',
    reasons: ['first_time_customers_only'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: () => ({ restrictions: { first_time_transaction: true } }),
  },
  {
    name: 'minimum_usd',
    // A minimum amount also brings the info naming the surfaces that refuse it.
    reasons: ['minimum_amount_required', 'minimum_amount_limits_surfaces'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: () => ({ restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } }),
  },
  {
    // 30 EUR minimum through currency_options: a 40 EUR order meets it.
    name: 'minimum_eur_option',
    reasons: ['minimum_amount_required', 'minimum_amount_limits_surfaces'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.plainB,
    customer: null,
    overrides: () => ({
      restrictions: {
        minimum_amount: 5000,
        minimum_amount_currency: 'usd',
        currency_options: { eur: { minimum_amount: 3000 } },
      },
    }),
  },
  {
    name: 'amount_off',
    reasons: ['currency_restricted'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.amountOff,
    customer: null,
    overrides: none,
  },
  {
    name: 'products',
    reasons: ['products_restricted'],
    verdict: 'conditional',
    active: true,
    coupon: COUPONS.products,
    customer: null,
    overrides: none,
  },
  {
    name: 'expires_soon',
    reasons: ['promotion_code_expires_soon'],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: () => ({ expires_at: AT + 2 * DAY }),
  },
  {
    name: 'expires_later',
    reasons: [],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.plainB,
    customer: null,
    overrides: () => ({ expires_at: AT + 60 * DAY }),
  },
  {
    name: 'coupon_redeem_by_soon',
    reasons: ['coupon_redeem_by_soon'],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.redeemBySoon,
    customer: null,
    overrides: none,
  },
  {
    name: 'code_nearly',
    reasons: ['promotion_code_nearly_exhausted'],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.plainA,
    customer: null,
    overrides: () => ({ max_redemptions: 10, times_redeemed: 9 }),
  },
  {
    name: 'coupon_nearly',
    reasons: ['coupon_nearly_exhausted'],
    verdict: 'redeemable',
    active: true,
    coupon: COUPONS.nearly,
    customer: null,
    overrides: none,
  },
  {
    name: 'expired_restricted',
    reasons: ['promotion_code_expired', 'restricted_to_customer'],
    verdict: 'not_redeemable',
    active: false,
    coupon: COUPONS.plainA,
    customer: VIP,
    overrides: () => ({ expires_at: AT - 3 * DAY }),
  },
];

export function stateNamed(name: string): CodeState {
  const state = STATES.find((s) => s.name === name);
  if (!state) throw new Error(`no generated state ${name}`);
  return state;
}

/** What the generator made of one code, for computing the expected answer of a filter. */
export interface GeneratedCode {
  readonly id: string;
  readonly code: string;
  readonly state: CodeState;
  readonly active: boolean;
  readonly coupon: string;
  readonly customer: string | null;
  readonly created: number;
}

export interface Tally {
  total: number;
  byVerdict: Record<Verdict, number>;
  byReason: Record<string, number>;
}

export interface GeneratedAccount {
  readonly scenario: Scenario;
  /** Newest first, as Stripe lists them. */
  readonly codes: readonly GeneratedCode[];
  readonly expected: Tally;
}

/** mulberry32: a small seeded PRNG, enough to draw states reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Counts per verdict and per reason code (a code counts once per reason), as the audit summary reports them. */
export function tally(codes: Iterable<{ readonly state: Pick<CodeState, 'reasons' | 'verdict'> }>): Tally {
  const result: Tally = { total: 0, byVerdict: { redeemable: 0, conditional: 0, not_redeemable: 0 }, byReason: {} };
  for (const { state } of codes) {
    result.total++;
    result.byVerdict[state.verdict]++;
    for (const reason of new Set(state.reasons)) result.byReason[reason] = (result.byReason[reason] ?? 0) + 1;
  }
  return result;
}

function coupons(): Stripe.Coupon[] {
  const base = { created: FIRST_CODE_CREATED - 30 * DAY };
  return [
    build.coupon({ ...base, id: COUPONS.plainA, percent_off: 20 }),
    build.coupon({ ...base, id: COUPONS.plainB, percent_off: 10 }),
    // What Stripe keeps of a deleted coupon: a stub.
    { id: COUPONS.deleted, object: 'coupon', deleted: true } as unknown as Stripe.Coupon,
    build.coupon({ ...base, id: COUPONS.redeemByPassed, redeem_by: AT - 60 * DAY, valid: false }),
    build.coupon({ ...base, id: COUPONS.maxed, max_redemptions: 100, times_redeemed: 100, valid: false }),
    build.coupon({ ...base, id: COUPONS.invalid, valid: false }),
    build.coupon({
      ...base,
      id: COUPONS.amountOff,
      percent_off: null,
      amount_off: 500,
      currency: 'usd',
      currency_options: { eur: { amount_off: 450 } },
    }),
    build.coupon({ ...base, id: COUPONS.products, applies_to: { products: [PRODUCT_OK] } }),
    build.coupon({ ...base, id: COUPONS.redeemBySoon, redeem_by: AT + 3 * DAY }),
    build.coupon({ ...base, id: COUPONS.nearly, max_redemptions: 100, times_redeemed: 95 }),
  ];
}

export interface GenerateOptions {
  readonly size: number;
  readonly seed?: number;
  /** Only these states (default: all); every one appears at least once when size allows. */
  readonly states?: readonly CodeState[];
  /** Id prefix, to tell accounts apart (default 'G'). */
  readonly prefix?: string;
  /**
   * Codes made in one `created` second, as bulk creation makes them (default 1): codes come
   * in bursts of this many, a minute apart.
   */
  readonly burst?: number;
}

export const codeId = (prefix: string, i: number): string => `promo_${prefix}${String(i).padStart(6, '0')}`;

/**
 * N codes: the first |states| take each state once (so every state is present), the rest
 * are drawn by the PRNG. Code i is created a minute after code i-1 (with `burst`, a burst a
 * minute after the one before), so the newest is last.
 */
export function generateAccount(options: GenerateOptions): GeneratedAccount {
  const states = options.states ?? STATES;
  const random = seededRandom(options.seed ?? 1);
  const prefix = options.prefix ?? 'G';
  build.resetBuilderIds();
  const generated: GeneratedCode[] = [];
  const raw: Stripe.PromotionCode[] = [];
  for (let i = 0; i < options.size; i++) {
    const state = i < states.length ? states[i]! : states[Math.floor(random() * states.length)]!;
    const id = codeId(prefix, i);
    const code = `${state.name.toUpperCase().replaceAll('_', '-')}-${prefix}${i}`;
    const created = FIRST_CODE_CREATED + Math.floor(i / Math.max(1, options.burst ?? 1)) * 60;
    raw.push(
      build.promotionCode({
        ...state.overrides(created),
        id,
        code,
        created,
        active: state.active,
        coupon: state.coupon,
        customer: state.customer,
      }),
    );
    generated.push({ id, code, state, active: state.active, coupon: state.coupon, customer: state.customer, created });
  }
  generated.reverse();
  return {
    scenario: {
      coupons: coupons(),
      customers: [
        build.customer({ id: VIP, created: FIRST_CODE_CREATED - 60 * DAY }),
        build.deletedCustomer(GONE) as unknown as Stripe.Customer,
      ],
      charges: [build.charge({ id: VIP_CHARGE, customer: VIP, created: FIRST_CODE_CREATED - 10 * DAY })],
      promotionCodes: raw,
    },
    codes: generated,
    expected: tally(generated),
  };
}
