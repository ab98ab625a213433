import { describe, expect, it } from 'vitest';
import { WindowPlan, type OpenWindow, type SecondsRange, type WindowRequest } from '../../src/stripe/windows.js';
import { seededRandom } from '../helpers/auditAccount.js';
import {
  duplicatesAndCount,
  listPage as page,
  listedCodes as account,
  type ListedCode as Code,
} from '../helpers/listedCodes.js';

interface Worker {
  window: number | null;
  inFlight: { request: WindowRequest } | null;
}

/**
 * Workers claim, send and receive in an order drawn by a seeded PRNG, so pages are in flight
 * while other workers split their windows. Stops after `stopAfter` steps when given.
 */
function simulate(
  plan: WindowPlan,
  codes: readonly Code[],
  options: { workers: number; seed: number; stopAfter?: number },
): { read: string[]; requests: number } {
  const random = seededRandom(options.seed);
  const workers: Worker[] = Array.from({ length: options.workers }, () => ({ window: null, inFlight: null }));
  const read: string[] = [];
  let requests = 0;
  for (let step = 0; ; step++) {
    if (options.stopAfter !== undefined && step >= options.stopAfter) {
      // Interrupted: pages in hand are dropped, windows wait for a resume.
      for (const w of workers) if (w.window !== null) plan.release(w.window);
      break;
    }
    if (plan.finished) break;
    const worker = workers[Math.floor(random() * workers.length)]!;
    if (worker.window === null) {
      worker.window = plan.claim();
      if (worker.window === null && workers.every((w) => w.window === null))
        throw new Error('open windows but nobody can claim one');
      continue;
    }
    if (worker.inFlight === null) {
      worker.inFlight = { request: plan.request(worker.window) };
      requests++;
      continue;
    }
    const answer = page(codes, worker.inFlight.request);
    const verdict = plan.record(worker.window, {
      created: answer.data.map((c) => c.created),
      hasMore: answer.hasMore,
      lastId: answer.data.at(-1)?.id ?? null,
    });
    read.push(...answer.data.slice(0, verdict.keep).map((c) => c.id));
    worker.inFlight = null;
    if (verdict.done) worker.window = null;
  }
  return { read, requests };
}

function expectExactlyOnce(read: readonly string[], codes: readonly Code[]): void {
  expect(duplicatesAndCount(read)).toEqual({ duplicates: [], distinct: codes.length });
}

const RANGE: SecondsRange = { gte: 0, lte: 1_800_000_000 };
const START = 1_735_689_600;

describe('WindowPlan', () => {
  it('reads everything once with one worker: one window, no split', () => {
    const codes = account(
      Array.from({ length: 250 }, (_, i) => START + i * 60),
      () => 1,
    );
    const plan = WindowPlan.fresh(RANGE);
    const { read, requests } = simulate(plan, codes, { workers: 1, seed: 1 });
    expectExactlyOnce(read, codes);
    expect(requests).toBe(3);
    expect(plan.splitCount).toBe(0);
  });

  it('gives the older, untouched half to an idle worker and keeps the entered second with the reader', () => {
    const plan = WindowPlan.fresh({ gte: 600, lte: 1000 });
    const first = plan.claim()!;
    expect(plan.claim()).toBeNull(); // nothing read yet: no density, no split
    // A page of 100 codes from 1000 down to 901 (one per second), more to come.
    plan.record(first, { created: Array.from({ length: 100 }, (_, i) => 1000 - i), hasMore: true, lastId: 'promo_x' });
    const older = plan.claim()!;
    expect(plan.request(older)).toEqual({ windowId: older, created: { gte: 600, lte: 750 }, startingAfter: null });
    expect(plan.request(first)).toEqual({
      windowId: first,
      created: { gte: 751, lte: 1000 },
      startingAfter: 'promo_x',
    });
  });

  it('gives the seconds far beyond what was seen to an idle worker whole, not a binary search of empty halves', () => {
    const plan = WindowPlan.fresh({ gte: 0, lte: 1000 });
    const first = plan.claim()!;
    plan.record(first, { created: Array.from({ length: 100 }, (_, i) => 1000 - i), hasMore: true, lastId: 'promo_x' });
    // Seen: 100 seconds; trusted: 800 seconds back from 901. [0, 100] goes away whole.
    const far = plan.claim()!;
    expect(plan.request(far).created).toEqual({ gte: 0, lte: 100 });
    expect(plan.request(first).created).toEqual({ gte: 101, lte: 1000 });
    // The next idle worker takes the older half of what the reader has left.
    const older = plan.claim()!;
    expect(plan.request(older).created).toEqual({ gte: 101, lte: 500 });
    expect(plan.request(first).created).toEqual({ gte: 501, lte: 1000 });
  });

  it('never cuts inside a second the reader has entered, however many codes share it', () => {
    const plan = WindowPlan.fresh({ gte: 100, lte: 101 }, { minSplitCodes: 1 });
    const first = plan.claim()!;
    // 100 codes all at second 101, more to come: seconds [100, 100] are untouched.
    plan.record(first, { created: Array(100).fill(101), hasMore: true, lastId: 'promo_a' });
    const older = plan.claim()!;
    expect(plan.request(older).created).toEqual({ gte: 100, lte: 100 });
    expect(plan.request(first).created).toEqual({ gte: 101, lte: 101 });
    // Nothing left to cut: the reader is in its window's only second.
    plan.record(first, { created: Array(100).fill(101), hasMore: true, lastId: 'promo_b' });
    expect(plan.claim()).toBeNull();
  });

  it('drops codes of a page in flight that belong to the half given away, and ends the window there', () => {
    const plan = WindowPlan.fresh({ gte: 0, lte: 1000 });
    const first = plan.claim()!;
    plan.record(first, { created: Array.from({ length: 100 }, (_, i) => 1000 - i), hasMore: true, lastId: 'p100' });
    plan.claim(); // [0, 100] goes away whole
    plan.claim(); // [101, 500] goes away while the next page is in flight
    const verdict = plan.record(first, { created: [505, 502, 501, 500, 499], hasMore: true, lastId: 'p105' });
    expect(verdict).toEqual({ keep: 3, done: true });
  });

  it('does not split a window expected to hold less than two more pages', () => {
    const plan = WindowPlan.fresh({ gte: 0, lte: 1000 });
    const first = plan.claim()!;
    // 100 codes over 1000..501 (0.2 per second): 500 seconds left, about 100 codes.
    plan.record(first, { created: Array.from({ length: 100 }, (_, i) => 1000 - i * 5), hasMore: true, lastId: 'p' });
    expect(plan.claim()).toBeNull();
  });

  it('withholds the share done while a window has more seconds left than it has read', () => {
    const plan = WindowPlan.fresh({ gte: 0, lte: 1_000_000 });
    const first = plan.claim()!;
    plan.record(first, { created: Array.from({ length: 100 }, (_, i) => 1_000_000 - i), hasMore: true, lastId: 'p' });
    expect(plan.progress()).toBeNull();
  });

  it('reports the share done as codes read against codes expected, not as seconds', () => {
    const plan = WindowPlan.fresh({ gte: 850, lte: 1000 });
    const first = plan.claim()!;
    expect(plan.progress()).toBeNull();
    // 100 codes over 100 seconds; 51 seconds below, fewer than were read: 51 more expected.
    plan.record(first, { created: Array.from({ length: 100 }, (_, i) => 1000 - i), hasMore: true, lastId: 'p' });
    expect(plan.progress()).toBeCloseTo(100 / 151, 3);
    plan.record(first, { created: [800], hasMore: false, lastId: 'q' });
    expect(plan.progress()).toBe(1);
    expect(plan.finished).toBe(true);
  });

  it('with --starting-after, the one window starts after the cursor', () => {
    const plan = WindowPlan.fresh({ gte: 0, lte: 10 }, { cursor: 'promo_9' });
    expect(plan.request(plan.claim()!).startingAfter).toBe('promo_9');
  });

  describe('exactly once, while windows split under pages in flight', () => {
    const spreads: Array<[string, Code[]]> = [
      [
        'one code a minute',
        account(
          Array.from({ length: 5_000 }, (_, i) => START + i * 60),
          () => 1,
        ),
      ],
      [
        'bursts of 500 codes in one second',
        account(
          Array.from({ length: 10 }, (_, i) => START + i * 3600),
          () => 500,
        ),
      ],
      [
        'bursts and gaps mixed',
        account(
          Array.from({ length: 400 }, (_, i) => START + i * i * 7),
          (s) => 1 + (s % 37),
        ),
      ],
      ['everything in one second', account([START], () => 1_234)],
    ];
    for (const [name, codes] of spreads) {
      for (const workers of [2, 5, 16]) {
        it(`${name}, ${workers} workers`, () => {
          for (const seed of [1, 2, 3]) {
            const plan = WindowPlan.fresh(RANGE, { concurrency: workers });
            const { read, requests } = simulate(plan, codes, { workers, seed });
            expectExactlyOnce(read, codes);
            // Each window costs at most one request more than its share of pages.
            expect(requests).toBeLessThanOrEqual(Math.ceil(codes.length / 100) + plan.windowCount);
            // And the plan makes windows only while that stays within issue 19's budget.
            expect(requests).toBeLessThanOrEqual(1.05 * Math.ceil(codes.length / 100) + 2 * workers);
          }
        });
      }
    }

    it('composes with a created range narrower than the account (--created-after/before)', () => {
      const codes = account(
        Array.from({ length: 3_000 }, (_, i) => START + i * 60),
        (s) => 1 + (s % 3),
      );
      const range = { gte: START + 600 * 60, lte: START + 2_400 * 60 };
      const inRange = codes.filter((c) => c.created >= range.gte && c.created <= range.lte);
      const plan = WindowPlan.fresh(range);
      const { read } = simulate(plan, codes, { workers: 8, seed: 7 });
      expectExactlyOnce(read, inRange);
    });

    it('stopped midway and resumed from its open windows: the union is every code once', () => {
      const codes = account(
        Array.from({ length: 600 }, (_, i) => START + i * 30),
        (s) => 1 + (s % 20),
      );
      for (const seed of [11, 12, 13, 14]) {
        const plan = WindowPlan.fresh(RANGE);
        const first = simulate(plan, codes, { workers: 8, seed, stopAfter: 100 });
        const open: OpenWindow[] = JSON.parse(JSON.stringify(plan.open()));
        expect(open.length).toBeGreaterThan(0);
        const resumed = WindowPlan.resumed(RANGE, open);
        const second = simulate(resumed, codes, { workers: 8, seed: seed + 100 });
        expectExactlyOnce([...first.read, ...second.read], codes);
      }
    });
  });
});
