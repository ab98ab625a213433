import { describe, expect, it } from 'vitest';
import { Pacer, PacerClosed, throttleOf, type Outcome } from '../../src/stripe/pacer.js';
import { TimerClock } from '../helpers/timerClock.js';

/** Most request starts in any one-second window. */
function peakPerSecond(starts: readonly number[]): number {
  let peak = 0;
  let first = 0;
  for (let i = 0; i < starts.length; i++) {
    // 999.999: slots are sums of 1000/rate, a float a hair under a whole second.
    while (starts[i]! - starts[first]! >= 999.999) first++;
    peak = Math.max(peak, i - first + 1);
  }
  return peak;
}

interface Run {
  starts: number[];
  outcomes: Outcome[];
  maxInFlight: number;
}

/**
 * `workers` loops that each acquire, "send" a request that takes `latencyMs` of virtual time,
 * and report what `answer` says, until `untilMs`.
 */
async function drive(
  pacer: Pacer,
  clock: TimerClock,
  options: { workers: number; latencyMs: number; untilMs: number; answer?: (startedAt: number) => Outcome },
): Promise<Run> {
  const run: Run = { starts: [], outcomes: [], maxInFlight: 0 };
  let inFlight = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop) {
      const ticket = await pacer.acquire();
      if (stop) {
        ticket.done({ kind: 'unused' });
        return;
      }
      const startedAt = clock.now();
      run.starts.push(startedAt);
      inFlight++;
      run.maxInFlight = Math.max(run.maxInFlight, inFlight);
      await clock.sleep(options.latencyMs);
      inFlight--;
      const outcome = options.answer?.(startedAt) ?? { kind: 'answered' };
      run.outcomes.push(outcome);
      ticket.done(outcome);
    }
  };
  const workers = Array.from({ length: options.workers }, worker);
  await clock.advanceTo(options.untilMs);
  stop = true;
  await clock.advance(60_000);
  await Promise.all(workers);
  return run;
}

describe('throttleOf reads which limiter refused a request', () => {
  it.each([
    [{ statusCode: 429, headers: { 'stripe-rate-limited-reason': 'endpoint-rate' } }, 'rate'],
    [{ statusCode: 429, headers: { 'stripe-rate-limited-reason': 'global-rate' } }, 'rate'],
    [{ statusCode: 429, headers: { 'stripe-rate-limited-reason': 'resource-specific' } }, 'rate'],
    [{ statusCode: 429, headers: { 'stripe-rate-limited-reason': 'global-concurrency' } }, 'concurrency'],
    [{ statusCode: 429, headers: { 'stripe-rate-limited-reason': 'endpoint-concurrency' } }, 'concurrency'],
    [{ statusCode: 429, code: 'lock_timeout' }, 'contention'],
    [{ statusCode: 429, code: 'rate_limit' }, 'rate'],
    [{ statusCode: 500 }, null],
    [null, null],
  ] as const)('%j -> %s', (error, expected) => {
    expect(throttleOf(error)).toBe(expected);
  });
});

describe('Pacer', () => {
  it('starts at half the ceiling and climbs to it while Stripe answers, never above', async () => {
    const clock = new TimerClock();
    const pacer = new Pacer({ maxRps: 20, maxConcurrency: 50, clock });
    const run = await drive(pacer, clock, { workers: 50, latencyMs: 100, untilMs: 10_000 });
    const firstSecond = run.starts.filter((t) => t < 1000).length;
    expect(firstSecond).toBeLessThanOrEqual(16);
    expect(peakPerSecond(run.starts)).toBeLessThanOrEqual(20);
    expect(pacer.stats().rate).toBe(20);
    // Climbing costs little: close to 20/s over the last 8 of 10 seconds.
    expect(run.starts.filter((t) => t >= 2000 && t < 10_000).length).toBeGreaterThanOrEqual(150);
  });

  it('never has more requests in flight than the concurrency ceiling', async () => {
    const clock = new TimerClock();
    const pacer = new Pacer({ maxRps: 100, maxConcurrency: 3, startRps: 100, clock });
    const run = await drive(pacer, clock, { workers: 10, latencyMs: 400, untilMs: 5_000 });
    expect(run.maxInFlight).toBe(3);
    // Little's law: 3 in flight at 400 ms is 7.5 requests/s.
    expect(run.starts.length).toBeGreaterThanOrEqual(36);
    expect(run.starts.length).toBeLessThanOrEqual(40);
  });

  it('halves the rate once per refusal burst: refusals of requests sent before the cut are not news', async () => {
    const clock = new TimerClock(0, true);
    const pacer = new Pacer({ maxRps: 16, maxConcurrency: 16, startRps: 16, clock });
    const tickets = await Promise.all(Array.from({ length: 4 }, () => pacer.acquire()));
    expect(pacer.stats().rate).toBe(16);
    tickets[0]!.done({ kind: 'throttled', throttle: 'rate' });
    expect(pacer.stats().rate).toBe(8);
    for (const ticket of tickets.slice(1)) ticket.done({ kind: 'throttled', throttle: 'rate' });
    expect(pacer.stats().rate).toBe(8);
    expect(pacer.stats().throttled).toBe(4);
    // A request sent after the cut that is refused again cuts again.
    await clock.advance(1000);
    const later = await pacer.acquire();
    later.done({ kind: 'throttled', throttle: 'rate' });
    expect(pacer.stats().rate).toBe(4);
  });

  it('halves concurrency on a concurrency refusal, and keeps the rate', async () => {
    const clock = new TimerClock();
    const pacer = new Pacer({ maxRps: 10, maxConcurrency: 8, startRps: 10, clock });
    const ticket = await pacer.acquire();
    ticket.done({ kind: 'throttled', throttle: 'concurrency' });
    expect(pacer.stats()).toMatchObject({ concurrency: 4, rate: 10 });
  });

  it('does not slow down for lock contention (a 429 lock_timeout)', async () => {
    const clock = new TimerClock();
    const pacer = new Pacer({ maxRps: 10, maxConcurrency: 8, startRps: 10, clock });
    (await pacer.acquire()).done({ kind: 'throttled', throttle: 'contention' });
    expect(pacer.stats()).toMatchObject({ concurrency: 8, rate: 10 });
  });

  it('once closed, rejects the requests still queued and any later one', async () => {
    const clock = new TimerClock();
    const pacer = new Pacer({ maxRps: 1, maxConcurrency: 1, startRps: 1, clock });
    const first = await pacer.acquire();
    const queued = pacer.acquire();
    pacer.close();
    await expect(queued).rejects.toThrow(PacerClosed);
    await expect(pacer.acquire()).rejects.toThrow(PacerClosed);
    first.done({ kind: 'answered' });
  });

  it('shared by 16 workers against a 25/s limit it is told is 40/s: few refusals, most of the limit used', async () => {
    const clock = new TimerClock();
    const pacer = new Pacer({ maxRps: 40, maxConcurrency: 16, clock });
    const admitted: number[] = [];
    // The server's view: a sliding one-second window of 25 admitted requests.
    const answer = (startedAt: number): Outcome => {
      while (admitted.length > 0 && startedAt - admitted[0]! >= 1000) admitted.shift();
      if (admitted.length >= 25) return { kind: 'throttled', throttle: 'rate' };
      admitted.push(startedAt);
      return { kind: 'answered' };
    };
    const run = await drive(pacer, clock, { workers: 16, latencyMs: 400, untilMs: 30_000, answer });
    const answered = run.outcomes.filter((o) => o.kind === 'answered').length;
    const refused = run.outcomes.length - answered;
    expect(answered / 30).toBeGreaterThanOrEqual(25 * 0.7);
    expect(refused).toBeLessThanOrEqual(answered * 0.1);
  });
});
