/**
 * A virtual clock for in-process runs of the CLI: `sleep` resolves at once and moves virtual
 * time forward, so rate limits, back-off and Retry-After cost no real time, and a test
 * asserts the schedule the CLI asked for instead of measuring the machine.
 */
import type { Clock } from '../../src/clock.js';

export class VirtualClock implements Clock {
  private time: number;
  /** Every sleep asked for, in ms, in order. */
  readonly sleeps: number[] = [];
  /** When each sleep ends, on this clock: the moments a wait lets the CLI go on. */
  readonly wakes: number[] = [];
  readonly start: number;

  /** Starts at the real time by default, so a run without --at evaluates "now" as before. */
  constructor(start: number = Date.now()) {
    this.time = start;
    this.start = start;
  }

  now(): number {
    return this.time;
  }

  /** Virtual milliseconds since the clock was made. */
  elapsed(): number {
    return this.time - this.start;
  }

  async sleep(ms: number): Promise<void> {
    const wake = this.time + Math.max(0, ms);
    this.sleeps.push(ms);
    this.wakes.push(wake);
    // Overlapping sleeps (parallel reads) end at the latest wake; time never goes back.
    this.time = Math.max(this.time, wake);
    // Yield a turn of the event loop, as a real timer would.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
