import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  assertSameFlags,
  decodeResumeToken,
  encodeResumeToken,
  MAX_RESUME_WINDOWS,
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
      'a cursor that cannot be an id (whitespace)',
      encodeResumeToken({ flags: {}, range: { gte: 0, lte: 20 }, windows: [{ gte: 0, lte: 20, cursor: 'promo_a b' }] }),
    ],
    [
      'a cursor that cannot be an id (control character)',
      encodeResumeToken({
        flags: {},
        range: { gte: 0, lte: 20 },
        windows: [{ gte: 0, lte: 20, cursor: 'promo_\u001b' }],
      }),
    ],
    [
      'a cursor over 255 characters',
      encodeResumeToken({
        flags: {},
        range: { gte: 0, lte: 20 },
        windows: [{ gte: 0, lte: 20, cursor: `promo_${'a'.repeat(250)}` }],
      }),
    ],
    [
      'two identical windows (every code would be read twice)',
      encodeResumeToken({
        flags: {},
        range: { gte: 0, lte: 20 },
        windows: [
          { gte: 0, lte: 20, cursor: null },
          { gte: 0, lte: 20, cursor: null },
        ],
      }),
    ],
    [
      'overlapping windows',
      encodeResumeToken({
        flags: {},
        range: { gte: 0, lte: 20 },
        windows: [
          { gte: 10, lte: 20, cursor: null },
          { gte: 0, lte: 10, cursor: null },
        ],
      }),
    ],
    [
      'windows out of order (oldest first)',
      encodeResumeToken({
        flags: {},
        range: { gte: 0, lte: 20 },
        windows: [
          { gte: 0, lte: 9, cursor: null },
          { gte: 10, lte: 20, cursor: null },
        ],
      }),
    ],
    [
      'too many windows (each costs a request)',
      encodeResumeToken({
        flags: {},
        range: { gte: 0, lte: 10_000 },
        windows: Array.from({ length: 3000 }, (_, i) => ({
          gte: 3 * (2999 - i),
          lte: 3 * (2999 - i) + 2,
          cursor: null,
        })),
      }),
    ],
    [
      'a token of format 1 (no checksum)',
      Buffer.from(JSON.stringify({ v: 1, flags: {}, range: [0, 20], windows: [[0, 20, null]] })).toString('base64url'),
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

  it('refuses a token whose fields or flags were changed after it was printed (its checksum)', () => {
    const wire = JSON.parse(Buffer.from(encodeResumeToken(STATE), 'base64url').toString('utf8'));
    const changed = (edit: (w: typeof wire) => void): string => {
      const copy = structuredClone(wire);
      edit(copy);
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    };
    for (const token of [
      changed((w) => (w.flags['--coupon'] = 'OTHER')),
      changed((w) => delete w.flags['--active']),
      changed((w) => (w.windows[0][2] = 'promo_2XyZ')),
      changed((w) => (w.windows[1][0] = 5)),
      changed((w) => (w.range[1] += 1)),
    ]) {
      expect(() => decodeResumeToken(token)).toThrow(/checksum does not match/);
    }
    // A cut token: no longer the JSON it was.
    const token = encodeResumeToken(STATE);
    expect(() => decodeResumeToken(token.slice(0, -6))).toThrow(InputError);
  });

  it('round-trips cursors of any Stripe shape: underscores, other prefixes, up to 255 characters', () => {
    for (const cursor of ['promo_abc_123', 'promo_1AbC-x.y', 'pc_9', `promo_${'z'.repeat(249)}`]) {
      const state = { ...STATE, windows: [{ gte: 0, lte: 20, cursor }] };
      expect(decodeResumeToken(encodeResumeToken(state))).toEqual(state);
    }
    fc.assert(
      fc.property(
        fc.stringMatching(/^[^\s\u0000-\u001f\u007f-\u009f]{1,255}$/),
        fc.dictionary(fc.constantFrom('--coupon', '--code', '--at', '--active'), fc.string()),
        (cursor, flags) => {
          const state = { flags, range: { gte: 0, lte: 20 }, windows: [{ gte: 0, lte: 20, cursor }] };
          expect(decodeResumeToken(encodeResumeToken(state))).toEqual({ ...state, flags: expect.anything() });
          expect(decodeResumeToken(encodeResumeToken(state)).flags).toEqual(flags);
        },
      ),
      { seed: 19, numRuns: 300 },
    );
  });

  it(`accepts up to ${MAX_RESUME_WINDOWS} disjoint windows, newest first`, () => {
    const windows = Array.from({ length: MAX_RESUME_WINDOWS }, (_, i) => ({
      gte: 10 * (MAX_RESUME_WINDOWS - 1 - i),
      lte: 10 * (MAX_RESUME_WINDOWS - 1 - i) + 9,
      cursor: i % 2 === 0 ? null : `promo_${i}`,
    }));
    const state = { flags: {}, range: { gte: 0, lte: 10 * MAX_RESUME_WINDOWS }, windows };
    expect(decodeResumeToken(encodeResumeToken(state))).toEqual(state);
  });
});
