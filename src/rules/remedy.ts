/**
 * Remedies: the fix of a finding as data (issue 17). Each catalogue entry builds one from the
 * finding's evidence (src/rules/catalogue.ts, `remedy`); the finding's `fix` sentence says the
 * same in words. test/properties/remedies.test.ts applies every checkable remedy to the input,
 * diagnoses again and requires the finding gone, with no new blocking finding but those the
 * remedy names in `may_reveal`.
 *
 * Stripe CLI commands are printed, never run. Their form, `stripe <resource> <operation> <id>
 * --param=value` and `-d "nested[param]=value"` for nested parameters, is the Stripe CLI's
 * (https://docs.stripe.com/cli/resources; sure). Which fields an update can change is the API
 * reference's: a promotion code's `active` (its update takes active, metadata and
 * restrictions.currency_options), a coupon only its name, metadata and currency_options
 * (https://docs.stripe.com/api/coupons/object; the update endpoints as stripe-node's
 * PromotionCodeUpdateParams and CouponUpdateParams type them; sure), which is why an expired
 * code or a coupon past redeem_by needs a new object.
 */
import type { ReasonCode, Remedy, RemedySetting } from './findings.js';

type Value = RemedySetting['value'];

const settings = (set: Readonly<Record<string, Value>>): RemedySetting[] =>
  Object.entries(set).map(([field, value]) => ({ field, value: Array.isArray(value) ? [...value] : value }));

/** The redemption itself changes: a value of the context (amount, surface, trial…). */
export function changeContext(set: Readonly<Record<string, Value>>, mayReveal: readonly ReasonCode[] = []): Remedy {
  return {
    action: 'change_context',
    on: 'context',
    id: null,
    set: settings(set),
    may_reveal: [...mayReveal],
    stripe_cli: null,
    why: null,
  };
}

/** An existing object changes; `cli` applies it. */
export function updateObject(
  on: NonNullable<Remedy['on']>,
  id: string | null,
  set: Readonly<Record<string, Value>>,
  cli: string | null,
  mayReveal: readonly ReasonCode[] = [],
): Remedy {
  return objectRemedy('update_object', on, id, set, cli, mayReveal);
}

/** A new object replaces `basedOn`, which cannot be changed back (an expired code, a coupon past redeem_by). */
export function createObject(
  on: 'promotion_code' | 'coupon' | 'discount',
  basedOn: string | null,
  set: Readonly<Record<string, Value>>,
  cli: string | null,
  mayReveal: readonly ReasonCode[] = [],
): Remedy {
  return objectRemedy('create_object', on, basedOn, set, cli, mayReveal);
}

function objectRemedy(
  action: 'update_object' | 'create_object',
  on: NonNullable<Remedy['on']>,
  id: string | null,
  set: Readonly<Record<string, Value>>,
  cli: string | null,
  mayReveal: readonly ReasonCode[],
): Remedy {
  return { action, on, id, set: settings(set), may_reveal: [...mayReveal], stripe_cli: cli, why: null };
}

/** A discount already applied is removed. */
export function removeDiscount(
  id: string | null,
  set: Readonly<Record<string, Value>>,
  cli: string | null,
  mayReveal: readonly ReasonCode[] = [],
): Remedy {
  return {
    action: 'remove_discount',
    on: 'discount',
    id,
    set: settings(set),
    may_reveal: [...mayReveal],
    stripe_cli: cli,
    why: null,
  };
}

/** Nothing the user can change here makes it go away; `why` says so. */
export function noRemedy(why: string): Remedy {
  return { action: 'none', on: null, id: null, set: [], may_reveal: [], stripe_cli: null, why };
}

/** A word of a shell command: ids and plain values as they are, anything else single-quoted. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_\-.:/=[\],]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `stripe promotion_codes update promo_… --active=true`: the words, quoted for a shell. */
export function stripeCli(resource: string, operation: string, id: string | null, params: readonly string[]): string {
  return ['stripe', resource, operation, ...(id === null ? [] : [id]), ...params].map(shellWord).join(' ');
}

/**
 * A new promotion code for `coupon`. The `promotion[coupon]` parameter is that of API versions
 * from 2025-09-30 (stripe-node's PromotionCodeCreateParams.promotion; medium sure); older
 * versions take `coupon=`.
 */
export function newCodeCli(coupon: string | null, extra: readonly string[] = []): string | null {
  if (coupon === null) return null;
  return stripeCli('promotion_codes', 'create', null, [
    '-d',
    'promotion[type]=coupon',
    '-d',
    `promotion[coupon]=${coupon}`,
    ...extra,
  ]);
}

/** The value a remedy sets for `field`, if it sets one. */
export function remedyValue(remedy: Remedy, field: string): Value | undefined {
  return remedy.set.find((s) => s.field === field)?.value;
}
