/**
 * A clock for unit tests of code that paces itself (src/stripe/pacer.ts), never waiting for
 * real time. Unlike test/helpers/clock.ts, where a sleep moves the one shared time at once,
 * here each sleep is a timer and timers fire in time order, so several sleepers wake in the
 * order a real clock would wake them.
 *
 * `sleep(ms)` parks the caller on a timer. Time moves only when a test says so
 * (`advance`, `advanceTo`), or, in `auto` mode, whenever a sleep is pending: each pending
 * timer is fired in time order on the next macrotask, so code that paces itself runs as
 * fast as the machine allows while reading sensible times. Milliseconds.
 */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export class TimerClock {
  private time: number;
  private timers: Timer[] = [];
  private seq = 0;
  private scheduled = false;

  constructor(
    start = 0,
    private readonly auto = false,
  ) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      if (this.auto) this.schedule();
    });

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order, letting each wake-up run. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.time + ms);
  }

  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.timers[0];
      if (next === undefined || next.at > target) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
    this.time = Math.max(this.time, target);
    await settle();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.timers.shift();
      if (next === undefined) return;
      this.time = Math.max(this.time, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

/** Lets every promise chain that is ready run (a few macrotask turns). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
