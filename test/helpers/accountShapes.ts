/**
 * The account shapes of issue 19, as `created` times (newest first, as Stripe lists codes):
 * shared by the simulation test (test/audit/shapes.test.ts) and the bench (bench/shapes.mjs).
 */
export interface ShapedCode {
  readonly id: string;
  readonly created: number;
}

export interface AccountShape {
  readonly name: string;
  /** Every code in one second: no window can be cut. */
  readonly oneSecond?: boolean;
  /** A bulk inside a long sparse stretch, its `created` seconds: nothing read before it tells of it. */
  readonly hiddenBulk?: (now: number) => { readonly gte: number; readonly lte: number };
  /** The codes, newest first, for an audit that starts at `now`. */
  codes(now: number): ShapedCode[];
}

const DAY = 86_400;

/** Codes at the given seconds (any order), listed newest first; ids promo_<shape><n>. */
function listed(prefix: string, seconds: number[]): ShapedCode[] {
  seconds.sort((a, b) => b - a);
  return seconds.map((created, i) => ({ id: `promo_${prefix}${i}`, created }));
}

const range = (n: number, at: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => at(i));

export const ACCOUNT_SHAPES: readonly AccountShape[] = [
  {
    name: 'even spread: 30,000 codes, one a minute',
    codes: (now) =>
      listed(
        'even',
        range(30_000, (i) => now - DAY - i * 60),
      ),
  },
  {
    name: 'bursts: 30,000 codes in bursts of 300 in one second, an hour apart',
    codes: (now) =>
      listed(
        'burst',
        range(30_000, (i) => now - DAY - Math.floor(i / 300) * 3600),
      ),
  },
  {
    name: 'an old tail beside a recent bulk: 30,000 one a minute, and 18 codes months earlier',
    codes: (now) =>
      listed('tail', [...range(30_000, (i) => now - DAY - i * 60), ...range(18, (i) => now - 200 * DAY - i * 7 * DAY)]),
  },
  {
    name: 'two bulks far apart: 15,000 one a second two years ago, 15,000 one a second last month',
    codes: (now) =>
      listed('two', [...range(15_000, (i) => now - 30 * DAY - i), ...range(15_000, (i) => now - 730 * DAY - i)]),
  },
  {
    name: 'one code a day for ten years, and 50,000 in one week three years ago',
    hiddenBulk: (now) => ({ gte: now - 3 * 365 * DAY - 7 * DAY, lte: now - 3 * 365 * DAY }),
    codes: (now) =>
      listed('decade', [
        ...range(3_650, (i) => now - i * DAY - 3600),
        ...range(50_000, (i) => now - 3 * 365 * DAY - Math.floor((i * 7 * DAY) / 50_000)),
      ]),
  },
  {
    name: 'every code in one second: 3,000 codes',
    oneSecond: true,
    codes: (now) =>
      listed(
        'one',
        range(3_000, () => now - DAY),
      ),
  },
];
