/**
 * A discrete-event clock for simulations of the audit: every `sleep` waits in a queue, and
 * `run` lets the earliest one end (moving time to it) only once nothing else can happen
 * (every promise settled), so parallel workers and the pacer see the times a real network
 * of the same latency would give them, and no real time passes or is measured.
 */
import type { Clock } from '../../src/clock.js';

export class EventClock implements Clock {
  private time: number;
  private readonly queue: Array<{ wake: number; seq: number; resolve: () => void }> = [];
  private seq = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ wake: this.time + Math.max(0, ms), seq: this.seq++, resolve });
    });
  }

  /** Runs `work` to its end, ending sleeps in time order whenever everything else waits. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    while (!done) {
      // Let every settled promise run its continuation before time moves.
      for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      if (done) break;
      if (this.queue.length === 0) continue;
      let next = 0;
      for (let i = 1; i < this.queue.length; i++) {
        const a = this.queue[i]!;
        const b = this.queue[next]!;
        if (a.wake < b.wake || (a.wake === b.wake && a.seq < b.seq)) next = i;
      }
      const [event] = this.queue.splice(next, 1);
      this.time = Math.max(this.time, event!.wake);
      event!.resolve();
    }
    return result;
  }
}
