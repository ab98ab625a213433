/**
 * The audit's progress line, on a terminal only: codes scanned, pages, requests per second,
 * 429s, problems (codes not redeemable) so far, and the share of the audit done, from codes
 * and pages read (WindowPlan.progress: codes read against codes expected in the open windows),
 * or "share unknown yet" while that cannot be told; and why the audit reads page after page
 * when every code left shares one second.
 */
import type { Writable } from 'node:stream';

export interface ProgressFacts {
  readonly scanned: number;
  readonly pages: number;
  readonly problems: number;
  readonly requests: number;
  readonly throttled: number;
  /** 0..1, or null while it cannot be told. */
  readonly done: number | null;
  /** Codes that could not be diagnosed. */
  readonly failed?: number;
  readonly sequentialBecause?: string | null;
}

export function renderProgress(facts: ProgressFacts, seconds: number): string {
  const rate = seconds > 0 ? (facts.requests / seconds).toFixed(1) : '0.0';
  const share = facts.done === null ? 'share done unknown yet' : `about ${Math.floor(facts.done * 100)}% done`;
  const failed = facts.failed ? ` · ${facts.failed.toLocaleString('en-US')} could not be diagnosed` : '';
  const why = facts.sequentialBecause ? ` · ${facts.sequentialBecause}` : '';
  return `scanned ${facts.scanned.toLocaleString('en-US')} codes · ${facts.pages.toLocaleString('en-US')} pages · ${rate} requests/s · ${facts.throttled} × 429 · ${facts.problems.toLocaleString('en-US')} not redeemable${failed} · ${share}${why}`;
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
