/**
 * The plan of a parallel audit: the `created` range cut into windows that workers page
 * through at the same time, each code read exactly once.
 *
 * Stripe lists promotion codes newest first by `created` (whole seconds), and `starting_after`
 * continues after a given object in that order (https://docs.stripe.com/api/pagination), so
 * one window is read like a small audit of its own: `created[gte]`, `created[lte]` and a cursor.
 * Many codes can share one second (bulk creation makes hundreds), and nothing orders codes
 * within a second that we could cut at; so a window is always a range of whole seconds
 * [gte, lte], and a cut falls only on a second boundary the window's reader has not entered.
 *
 * Invariants, which make "exactly once" hold:
 * - the windows partition the range: disjoint, and together the whole range, at all times;
 * - a reader has entered only seconds from its window's `lte` down to `reached` (the
 *   `created` of the last code it read); everything older is untouched;
 * - a split gives the older, untouched part [gte, s] (s < reached) to a new window and
 *   raises the old window's `gte` to s + 1, so the second the reader is in stays its own.
 * A page that was already in flight when its window was split may bring codes older than the
 * new `gte`: they belong to the new window, so they are dropped here, and the old window is
 * done (it has met its new lower edge). After a split the reader sends its old cursor with
 * the narrower `created[gte]`: a cursor is an object's place in Stripe's order, which a
 * `created` filter does not change (https://docs.stripe.com/api/pagination does not say so in
 * as many words; the fake behaves so). Were Stripe to answer wider, the codes below the edge
 * would be dropped as above: a wider answer costs a request, never a code twice.
 * Splitting gives away the older half because the reader keeps its cursor: measured, that
 * cost 2–6 % more requests where even splits cost up to 60 % more (issue 11).
 *
 * Pure: no I/O, no clock.
 */

/** A range of whole seconds, both ends included. */
export interface SecondsRange {
  readonly gte: number;
  readonly lte: number;
}

/** What a resume token keeps of a window still open. */
export interface OpenWindow extends SecondsRange {
  /** The id of the last code read in this window, or null if none was. */
  readonly cursor: string | null;
}

/** What the next request for a window asks Stripe. */
export interface WindowRequest {
  readonly windowId: number;
  readonly created: SecondsRange;
  readonly startingAfter: string | null;
}

/** The part of an answered page the plan needs: `created` of each code, in the order listed. */
export interface PageShape {
  readonly created: readonly number[];
  readonly hasMore: boolean;
  /** Id of the last code on the page. */
  readonly lastId: string | null;
}

export interface PageVerdict {
  /** How many codes, from the top of the page, belong to this window. */
  readonly keep: number;
  /** The window has no more codes to read. */
  readonly done: boolean;
}

export interface PlanOptions {
  /** Split a window only if it is expected to hold at least this many more codes (default 200: two pages). */
  readonly minSplitCodes?: number;
}

type Status = 'pending' | 'reading' | 'done';

interface WindowState {
  readonly id: number;
  gte: number;
  readonly lte: number;
  cursor: string | null;
  reached: number | null;
  /** `created` of the first code read in the window: the density is measured from there, not from `lte`. */
  top: number | null;
  codes: number;
  status: Status;
}

export class WindowPlan {
  private readonly windows: WindowState[] = [];
  private nextId = 1;
  private readonly minSplitCodes: number;
  private splits = 0;

  private constructor(
    readonly range: SecondsRange,
    open: readonly OpenWindow[],
    options: PlanOptions,
  ) {
    this.minSplitCodes = options.minSplitCodes ?? 200;
    for (const window of open) this.add(window.gte, window.lte, window.cursor, 'pending');
  }

  /** A new audit: one window over the whole range, optionally after a cursor (--starting-after). */
  static fresh(range: SecondsRange, options: PlanOptions & { cursor?: string | null } = {}): WindowPlan {
    if (range.gte > range.lte) return new WindowPlan(range, [], options);
    return new WindowPlan(range, [{ ...range, cursor: options.cursor ?? null }], options);
  }

  /** An audit resumed from a token: the windows it left open. */
  static resumed(range: SecondsRange, open: readonly OpenWindow[], options: PlanOptions = {}): WindowPlan {
    return new WindowPlan(range, open, options);
  }

  get finished(): boolean {
    return this.windows.every((w) => w.status === 'done');
  }

  /** Windows waiting for a worker (a resumed audit starts with several). */
  get pendingCount(): number {
    return this.windows.filter((w) => w.status === 'pending').length;
  }

  /** Windows made by splitting, for the summary and tests. */
  get splitCount(): number {
    return this.splits;
  }

  /** Windows made in all, each at most one request more than its share of pages. */
  get windowCount(): number {
    return this.windows.length;
  }

  /** Windows not done, newest first: what a resume token must keep. */
  open(): OpenWindow[] {
    return this.windows
      .filter((w) => w.status !== 'done')
      .sort((a, b) => b.lte - a.lte)
      .map((w) => ({ gte: w.gte, lte: w.lte, cursor: w.cursor }));
  }

  /**
   * Work for an idle worker: a pending window (newest first), else the older half of the
   * reading window with the most codes left, if that is worth a window of its own.
   */
  claim(): number | null {
    const pending = this.windows.filter((w) => w.status === 'pending').sort((a, b) => b.lte - a.lte)[0];
    if (pending) {
      pending.status = 'reading';
      return pending.id;
    }
    return this.split();
  }

  /** The next request of a window being read. */
  request(windowId: number): WindowRequest {
    const w = this.get(windowId);
    return { windowId, created: { gte: w.gte, lte: w.lte }, startingAfter: w.cursor };
  }

  /**
   * An answered page of a window: which of its codes are the window's, and whether the window
   * is done. Advances the cursor past the kept codes; call only once the caller is sure to
   * emit them (an audit stopped with a page in hand calls `release` instead).
   */
  record(windowId: number, page: PageShape): PageVerdict {
    const w = this.get(windowId);
    let keep = 0;
    while (keep < page.created.length && page.created[keep]! >= w.gte) keep++;
    const crossed = keep < page.created.length;
    if (keep > 0 && w.top === null) w.top = page.created[0]!;
    if (keep > 0 && !crossed && page.lastId !== null) {
      w.cursor = page.lastId;
      w.reached = page.created[keep - 1]!;
    } else if (keep > 0) {
      w.reached = page.created[keep - 1]!;
    }
    w.codes += keep;
    const done = crossed || !page.hasMore || page.created.length === 0;
    if (done) w.status = 'done';
    return { keep, done };
  }

  /** The worker of a window stopped without finishing it: the window waits, cursor kept. */
  release(windowId: number): void {
    const w = this.get(windowId);
    if (w.status === 'reading') w.status = 'pending';
  }

  /**
   * Share of the audit done, for the progress line: codes read against codes read plus
   * those expected in the open windows. Seconds are no measure: without --created-after the
   * range starts in 1970, and decades of it hold nothing.
   */
  coverage(): number {
    if (this.finished) return 1;
    const seen = this.seen();
    let read = 0;
    let expected = 0;
    for (const w of this.windows) {
      read += w.codes;
      if (w.status === 'done') continue;
      // A window not read yet is expected at the audit's density, within the horizon.
      expected +=
        w.reached === null ? seen.density * Math.min(w.lte - w.gte + 1, seen.horizon) : remainingEstimate(w, seen);
    }
    return read + expected === 0 ? 0 : read / (read + expected);
  }

  /** Codes expected in the open windows that have shown their density; unread windows count as unknown (0). */
  estimatedRemaining(): number {
    let sum = 0;
    const seen = this.seen();
    for (const w of this.windows) if (w.status !== 'done') sum += remainingEstimate(w, seen);
    return sum;
  }

  private split(): number | null {
    const seen = this.seen();
    let best: WindowState | null = null;
    let bestEstimate = 0;
    for (const w of this.windows) {
      if (w.status !== 'reading' || w.reached === null || w.reached - w.gte < 1) continue;
      const estimate = remainingEstimate(w, seen);
      if (estimate > bestEstimate) {
        best = w;
        bestEstimate = estimate;
      }
    }
    if (best === null || best.reached === null || best.top === null || bestEstimate < this.minSplitCodes) return null;
    // Without --created-after the range starts in 1970: halving it would probe decades of
    // nothing one request at a time. Seconds far beyond what the reader has seen so far
    // become one pending window instead, which costs one request if it is empty.
    if (best.reached - best.gte > seen.horizon) {
      const farEnd = best.reached - 1 - seen.horizon;
      this.add(best.gte, farEnd, null, 'pending');
      best.gte = farEnd + 1;
    }
    // Whole seconds [gte, reached - 1] are untouched; the older half of them is given away.
    const untouched = best.reached - best.gte;
    const cut = best.gte + Math.ceil(untouched / 2) - 1;
    const older = this.add(best.gte, cut, null, 'reading');
    best.gte = cut + 1;
    this.splits++;
    return older.id;
  }

  /** What the audit has seen so far, over all windows: see `Seen`. */
  private seen(): Seen {
    let top = Number.NEGATIVE_INFINITY;
    let bottom = Number.POSITIVE_INFINITY;
    let codes = 0;
    for (const w of this.windows) {
      if (w.top !== null) top = Math.max(top, w.top);
      if (w.reached !== null) bottom = Math.min(bottom, w.reached);
      codes += w.codes;
    }
    const span = top < bottom ? 1 : top - bottom + 1;
    return { density: codes / span, horizon: HORIZON_FACTOR * span };
  }

  private add(gte: number, lte: number, cursor: string | null, status: Status): WindowState {
    const w: WindowState = { id: this.nextId++, gte, lte, cursor, reached: null, top: null, codes: 0, status };
    this.windows.push(w);
    return w;
  }

  private get(id: number): WindowState {
    const w = this.windows.find((candidate) => candidate.id === id);
    if (w === undefined) throw new Error(`no window ${id}`);
    return w;
  }
}

/**
 * - density: codes read per second, over the seconds between the newest and the oldest
 *   code read (gaps between bursts included);
 * - horizon: how far back from a reader a density is trusted, a multiple of those seconds.
 */
interface Seen {
  readonly density: number;
  readonly horizon: number;
}

const HORIZON_FACTOR = 4;

/**
 * Codes left in a window: at the lower of its own density and the audit's (a window that
 * began in a burst of codes sharing one second would otherwise promise thousands), over
 * the seconds within the horizon.
 */
function remainingEstimate(w: WindowState, seen: Seen): number {
  if (w.reached === null || w.top === null || w.codes === 0) return 0;
  const density = Math.min(w.codes / (w.top - w.reached + 1), seen.density);
  return density * Math.min(w.reached - w.gte, seen.horizon);
}
