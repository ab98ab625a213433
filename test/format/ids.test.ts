/**
 * Issue 19: Stripe ids are opaque (src/format/ids.ts). Everywhere an id is read from user input
 * (arguments, flags, the library's context), any Stripe-shaped id is accepted, and only what
 * cannot be an id is refused: empty, whitespace, a control character, over 255 characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atUncertainty,
  parseCheckTarget,
  parseCouponId,
  parseCustomerId,
  parseCustomerTarget,
  parsePriceId,
  parseProduct,
} from '../../src/cli/validate.js';
import { InputError } from '../../src/errors.js';
import { idProblem, isStripeId, MAX_ID_LENGTH } from '../../src/format/ids.js';
import { contextObjectType } from '../../src/model/objectContext.js';
import { redemptionContext } from '../../src/usecases/context.js';
import { couponIdOf, customerIdOf, promotionCodeTarget } from '../../src/usecases/targets.js';

/** Bodies Stripe may give: any printable character but whitespace, up to the length left. */
const body = (room: number) => fc.stringMatching(new RegExp(`^[^\\s\\u0000-\\u001f\\u007f-\\u009f]{1,${room}}$`));

describe('opaque ids', () => {
  it('accepts any Stripe-shaped id in every parser of user input', () => {
    fc.assert(
      fc.property(body(MAX_ID_LENGTH - 6), (rest) => {
        expect(parseCheckTarget(`promo_${rest}`)).toEqual({ by: 'id', value: `promo_${rest}` });
        expect(promotionCodeTarget(`promo_${rest}`)).toEqual({ by: 'id', value: `promo_${rest}` });
        expect(parseCustomerTarget(`cus_${rest}`)).toBe(`cus_${rest}`);
        expect(customerIdOf(`cus_${rest}`)).toBe(`cus_${rest}`);
        expect(parseCustomerId(`cus_${rest}`)).toBe(`cus_${rest}`);
        expect(parsePriceId(`price_${rest}`)).toBe(`price_${rest}`);
        expect(couponIdOf(rest)).toBe(rest);
        expect(redemptionContext({ at: 0, customer: `cus_${rest}` }).customer).toBe(`cus_${rest}`);
        expect(contextObjectType(`sub_${rest}`)).toBe('subscription');
      }),
      { seed: 1919, numRuns: 200 },
    );
    // The shapes the issue names: underscores inside the body.
    expect(parseCheckTarget('promo_abc_123')).toEqual({ by: 'id', value: 'promo_abc_123' });
    expect(parseCouponId('SUMMER/25')).toBe('SUMMER/25');
    expect(parseProduct('prod_a_b')).toBe('prod_a_b');
  });

  it.each([
    ['empty', ''],
    ['whitespace', 'cus_a b'],
    ['a control character', 'cus_a\u001bb'],
    ['a C1 control character', 'cus_a\u0085b'],
    ['over 255 characters', `cus_${'x'.repeat(252)}`],
  ])('refuses %s, with one sentence', (_, id) => {
    expect(idProblem(id)).not.toBeNull();
    expect(isStripeId(id, 'cus_')).toBe(false);
    expect(() => customerIdOf(id)).toThrow(InputError);
    expect(() => parseCustomerId(id)).toThrow(/--customer/);
    expect(() => redemptionContext({ at: 0, customer: id })).toThrow(InputError);
  });

  it('accepts exactly 255 characters', () => {
    expect(isStripeId(`cus_${'x'.repeat(251)}`, 'cus_')).toBe(true);
  });
});

describe('--at: how far off a time may be', () => {
  it('a date and time with no zone (a Dashboard Time line) may be off by up to 14 hours', () => {
    expect(atUncertainty('2025-11-20T09:03:41')).toBe(14 * 3600);
    expect(atUncertainty('2025-11-20 09:03')).toBe(14 * 3600);
  });

  it('a zone, unix seconds or a date alone is exact', () => {
    for (const at of ['2025-11-20T09:03:41Z', '2025-11-20T09:03:41+01:00', '1763629421', '2025-11-20'])
      expect(atUncertainty(at), at).toBe(0);
  });
});
