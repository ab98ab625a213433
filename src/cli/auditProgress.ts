/**
 * The audit's progress line, on a terminal only: codes scanned, requests per second,
 * 429s, problems (codes not redeemable) so far, and the share of the audit done
 * (WindowPlan.coverage: codes read against codes expected).
 */
import type { Writable } from 'node:stream';

export interface ProgressFacts {
  readonly scanned: number;
  readonly pages: number;
  readonly problems: number;
  readonly requests: number;
  readonly throttled: number;
  /** 0..1 */
  readonly done: number;
}

export function renderProgress(facts: ProgressFacts, seconds: number): string {
  const rate = seconds > 0 ? (facts.requests / seconds).toFixed(1) : '0.0';
  const share = Math.floor(facts.done * 100);
  return `scanned ${facts.scanned.toLocaleString('en-US')} codes · ${facts.pages.toLocaleString('en-US')} pages · ${rate} requests/s · ${facts.throttled} × 429 · ${facts.problems.toLocaleString('en-US')} not redeemable · about ${share}% done`;
}

/** A line that rewrites itself; clear it before anything else is written to the terminal. */
export class ProgressLine {
  private readonly started: number;
  private shown = false;

  constructor(
    private readonly stderr: Writable,
    private readonly clock: { now(): number },
  ) {
    this.started = clock.now();
  }

  update(facts: ProgressFacts): void {
    this.stderr.write(`\r\u001b[2K${renderProgress(facts, (this.clock.now() - this.started) / 1000)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stderr.write('\r\u001b[2K');
    this.shown = false;
  }
}
