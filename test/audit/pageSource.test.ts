import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/model/read.js';
import { PageSource, type FetchWindow } from '../../src/stripe/pageSource.js';
import { WindowPlan, type SecondsRange, type WindowRequest } from '../../src/stripe/windows.js';
import { seededRandom } from '../helpers/auditAccount.js';
import { duplicatesAndCount, listPage, listedCodes, type ListedCode } from '../helpers/listedCodes.js';

const RANGE: SecondsRange = { gte: 0, lte: 1_800_000_000 };
const START = 1_735_689_600;

/** Answers from memory after a random number of event-loop turns, so answers interleave. */
function memoryFetch(codes: readonly ListedCode[], options: { seed?: number; failOn?: (n: number) => boolean } = {}) {
  const random = seededRandom(options.seed ?? 1);
  const requests: WindowRequest[] = [];
  const fetch: FetchWindow = async (request) => {
    requests.push(request);
    const n = requests.length;
    const turns = Math.floor(random() * 4);
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
    if (options.failOn?.(n)) throw new Error(`request ${n} lost`);
    const page = listPage(codes, request);
    return { codes: page.data as unknown as JsonObject[], hasMore: page.hasMore, lastId: page.data.at(-1)?.id ?? null };
  };
  return { fetch, requests };
}

function collector(): { emit: (codes: readonly JsonObject[]) => Promise<void>; ids: string[] } {
  const ids: string[] = [];
  return { ids, emit: async (codes) => void ids.push(...codes.map((c) => String(c.id))) };
}

const minuteByMinute = (n: number) =>
  listedCodes(
    Array.from({ length: n }, (_, i) => START + i * 60),
    () => 1,
  );

describe('PageSource', () => {
  it('keeps a small account sequential: ceil(N/100) requests, no window of its own', async () => {
    const codes = minuteByMinute(150);
    const { fetch, requests } = memoryFetch(codes);
    const out = collector();
    const source = new PageSource({ plan: WindowPlan.fresh(RANGE), fetch, concurrency: 8, emit: out.emit });
    expect(await source.run()).toEqual({ kind: 'complete' });
    expect(requests).toHaveLength(2);
    expect(source.wentParallel).toBe(false);
    expect(out.ids).toEqual(codes.map((c) => c.id));
  });

  it('--concurrency 1 reads newest first like the sequential audit, whatever the size', async () => {
    const codes = minuteByMinute(1_050);
    const { fetch, requests } = memoryFetch(codes);
    const out = collector();
    await new PageSource({ plan: WindowPlan.fresh(RANGE), fetch, concurrency: 1, emit: out.emit }).run();
    expect(requests).toHaveLength(11);
    expect(out.ids).toEqual(codes.map((c) => c.id));
  });

  it('goes parallel on a large account: every code once, within the request budget', async () => {
    for (const [name, codes] of [
      ['a code a minute', minuteByMinute(20_000)],
      [
        'bursts of 500 in one second',
        listedCodes(
          Array.from({ length: 40 }, (_, i) => START + i * 60),
          () => 500,
        ),
      ],
    ] as const) {
      const concurrency = 16;
      const { fetch, requests } = memoryFetch(codes, { seed: 3 });
      const out = collector();
      const plan = WindowPlan.fresh(RANGE);
      const source = new PageSource({ plan, fetch, concurrency, emit: out.emit });
      expect(await source.run(), name).toEqual({ kind: 'complete' });
      expect(source.wentParallel, name).toBe(true);
      expect(duplicatesAndCount(out.ids), name).toEqual({ duplicates: [], distinct: codes.length });
      expect(requests.length, name).toBeLessThanOrEqual(1.05 * Math.ceil(codes.length / 100) + 2 * concurrency);
    }
  });

  it('stopped midway, then resumed from the open windows: the union is every code once', async () => {
    const codes = listedCodes(
      Array.from({ length: 3_000 }, (_, i) => START + i * 20),
      (s) => 1 + (s % 7),
    );
    for (const stopAt of [3, 40, 90]) {
      const first = memoryFetch(codes, { seed: stopAt });
      const out = collector();
      const plan = WindowPlan.fresh(RANGE);
      const source = new PageSource({
        plan,
        fetch: async (request) => {
          if (first.requests.length + 1 === stopAt) source.stop();
          return first.fetch(request);
        },
        concurrency: 8,
        emit: out.emit,
      });
      expect(await source.run()).toEqual({ kind: 'stopped' });
      const open = plan.open();
      const second = memoryFetch(codes, { seed: stopAt + 1 });
      await new PageSource({
        plan: WindowPlan.resumed(RANGE, open),
        fetch: second.fetch,
        concurrency: 8,
        emit: out.emit,
      }).run();
      expect(duplicatesAndCount(out.ids)).toEqual({ duplicates: [], distinct: codes.length });
    }
  });

  it('a lost page ends the run as failed, its window kept open with its cursor', async () => {
    const codes = minuteByMinute(5_000);
    const { fetch } = memoryFetch(codes, { failOn: (n) => n === 25 });
    const out = collector();
    const plan = WindowPlan.fresh(RANGE);
    const end = await new PageSource({ plan, fetch, concurrency: 4, emit: out.emit }).run();
    expect(end.kind).toBe('failed');
    expect(plan.open().some((w) => w.cursor !== null)).toBe(true);
    const again = memoryFetch(codes);
    await new PageSource({
      plan: WindowPlan.resumed(RANGE, plan.open()),
      fetch: again.fetch,
      concurrency: 4,
      emit: out.emit,
    }).run();
    expect(duplicatesAndCount(out.ids)).toEqual({ duplicates: [], distinct: codes.length });
  });

  it('a failing emit (stdout closed) stops the requests', async () => {
    const codes = minuteByMinute(5_000);
    const { fetch, requests } = memoryFetch(codes);
    const closed = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    let pages = 0;
    const end = await new PageSource({
      plan: WindowPlan.fresh(RANGE),
      fetch,
      concurrency: 4,
      emit: async () => {
        if (++pages === 3) throw closed;
      },
    }).run();
    expect(end).toEqual({ kind: 'output_closed', error: closed });
    expect(requests.length).toBeLessThanOrEqual(3 + 4);
  });
});
