import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  assertSameFlags,
  decodeResumeToken,
  encodeResumeToken,
  type ResumeState,
} from '../../src/stripe/resumeToken.js';

const STATE: ResumeState = {
  flags: { '--coupon': 'SPRING25', '--active': '' },
  range: { gte: 0, lte: 1_780_272_000 },
  windows: [
    { gte: 1_700_000_001, lte: 1_780_272_000, cursor: 'promo_1AbC' },
    { gte: 0, lte: 1_700_000_000, cursor: null },
  ],
};

describe('resume token', () => {
  it('round-trips every open window, the range and the flags, as shell-safe base64url', () => {
    const token = encodeResumeToken(STATE);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeResumeToken(token)).toEqual(STATE);
  });

  it.each([
    ['garbage', 'not a token!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong shape', Buffer.from(JSON.stringify({ v: 1, flags: {}, range: [0, 1] })).toString('base64url')],
    [
      'window outside its range',
      Buffer.from(JSON.stringify({ v: 1, flags: {}, range: [10, 20], windows: [[5, 20, null]] })).toString('base64url'),
    ],
    [
      'a cursor that is no promotion code id',
      Buffer.from(JSON.stringify({ v: 1, flags: {}, range: [0, 20], windows: [[0, 20, 'cus_1']] })).toString(
        'base64url',
      ),
    ],
    [
      'another format version',
      Buffer.from(JSON.stringify({ v: 9, flags: {}, range: [0, 20], windows: [] })).toString('base64url'),
    ],
  ])('refuses %s with one sentence (bad input)', (_name, token) => {
    expect(() => decodeResumeToken(token)).toThrow(InputError);
    expect(() => decodeResumeToken(token)).toThrow(/^--resume: /);
  });

  it('accepts the same flags in any order, and names each difference otherwise', () => {
    expect(() => assertSameFlags(STATE.flags, { '--active': '', '--coupon': 'SPRING25' })).not.toThrow();
    expect(() => assertSameFlags(STATE.flags, { '--coupon': 'SUMMER' })).toThrow(
      '--resume: the token was made with other flags (--active given then, absent now; --coupon "SPRING25" then, "SUMMER" now); give the same flags as the audit that printed it.',
    );
  });
});
