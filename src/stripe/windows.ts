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
 * Where to split, and what is left, is judged per window, never from one figure for the whole
 * audit (issue 19: an audit-wide density collapsed as soon as one reader reached a sparse old
 * tail, and splitting stopped while a bulk of codes was left to a single reader). Each window
 * keeps the density of its own recent pages: its current run, the pages since the last one
 * that was several times denser than any before it (a bulk met in a sparse stretch starts a
 * run), gaps between pages included. That density is trusted for 8 times the seconds the run
 * has covered (its horizon); what lies beyond is unknown. An idle worker splits the window
 * being read that is expected to hold the most within its horizon: it takes the unknown
 * seconds beyond the horizon whole (a probe: one request if they are empty, and its own
 * density if not), or else the older half of the untouched seconds. Windows not entered yet
 * weigh a tenth, so idle workers probe the unread seconds of windows being read, and a bulk
 * hiding in a sparse stretch is met after a few pages, not when one reader crawls to it.
 * Progress follows the densest run a window or its parent read, so that what is left is
 * over- rather than under-estimated and the share done errs low.
 *
 * Every window costs at most one request more than its codes / 100 (only its last page is
 * partial; an empty window is one request), so windows are made only while the requests
 * spent beyond full pages, plus one for each window still open, stay within issue 19's budget
 * of 2 per worker and 5 % of the pages read; and never more than MAX_OPEN_WINDOWS open at once
 * (what a resume token keeps).
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

/** A window's place before a page: see WindowPlan.mark and giveBack. */
export interface WindowMark {
  readonly windowId: number;
  readonly cursor: string | null;
  readonly reached: number | null;
  readonly codes: number;
}

export interface PlanOptions {
  /** Split a window only if it is expected to hold at least this many more codes (default 200: two pages). */
  readonly minSplitCodes?: number;
  /** Workers that may read at once (default 8): the request budget is 2 per worker, plus 5 % of the pages read. */
  readonly concurrency?: number;
}

/** Windows open at most at once: the most a resume token holds (src/stripe/resumeToken.ts). */
export const MAX_OPEN_WINDOWS = 64;

/**
 * Requests beyond one per full page the plan may spend, as a share of the pages read (on top
 * of 2 per worker): issue 19's budget is 1.05 x ceil(N / 100) + 2 x concurrency.
 */
const EXTRA_REQUEST_SHARE = 0.05;

/** Codes on a full page (the reader lists with limit=100, src/stripe/reader.ts). */
const PAGE_SIZE = 100;

type Status = 'pending' | 'reading' | 'done';

interface WindowState {
  readonly id: number;
  gte: number;
  readonly lte: number;
  cursor: string | null;
  /** `created` of the last code read in the window, or null before its first page. */
  reached: number | null;
  /** `created` of the first code read in the window. */
  top: number | null;
  /** `created` of the first code of the run of pages read at about the last page's density. */
  runTop: number | null;
  /** Codes per second of the densest page of that run. */
  runMaxDensity: number;
  /** Codes read in that run. */
  runCodes: number;
  codes: number;
  /** Pages recorded (requests answered) in this window. */
  pages: number;
  status: Status;
  /** Codes per second of the current run (see runTop), or of the parent's, before the first page. */
  lastDensity: number;
  /** Codes per second of the densest run read in this window or its parent. */
  maxDensity: number;
  /** A pending window cut off far below its parent's reader: how far the parent's density was trusted. */
  horizon: number;
  /** The last page was full and every code on it shared one second. */
  inOneSecond: boolean;
  /** Cut from the untouched seconds of a reader, within its horizon: its density is the reader's (progress). */
  withinParent: boolean;
}

export class WindowPlan {
  private readonly windows: WindowState[] = [];
  private nextId = 1;
  private readonly minSplitCodes: number;
  private readonly concurrency: number;
  private splits = 0;

  private constructor(
    readonly range: SecondsRange,
    open: readonly OpenWindow[],
    options: PlanOptions,
  ) {
    this.minSplitCodes = options.minSplitCodes ?? 200;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    for (const window of open) this.add(window.gte, window.lte, window.cursor, 'pending', null);
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
   * Work for an idle worker: a pending window (newest first), else the older part of the
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
   * emit them (an audit stopped with a page in hand calls `release` instead). A `created`
   * that is not a number (NaN: a malformed code) is kept in the window.
   */
  record(windowId: number, page: PageShape): PageVerdict {
    const w = this.get(windowId);
    let keep = 0;
    while (keep < page.created.length && !(page.created[keep]! < w.gte)) keep++;
    const crossed = keep < page.created.length;
    const times = page.created.slice(0, keep).filter(Number.isFinite);
    if (times.length > 0) {
      const newest = times[0]!;
      const oldest = times.at(-1)!;
      if (w.top === null) w.top = newest;
      w.reached = oldest;
      // A page that ends the window tells nothing of the seconds below it.
      w.inOneSecond = page.hasMore && !crossed && newest === oldest;
      if (page.hasMore && !crossed) {
        const density = times.length / (newest - oldest + 1);
        // A page several times denser than any of the run (a bulk met in a sparse stretch)
        // starts a new run: the horizon is trusted from this page on only.
        if (w.runTop === null || density > RUN_CHANGE * w.runMaxDensity) {
          w.runTop = newest;
          w.runCodes = 0;
          w.runMaxDensity = density;
        }
        w.runMaxDensity = Math.max(w.runMaxDensity, density);
        w.runCodes += times.length;
        // Over the whole run, gaps between pages included: bursts of codes in one second an
        // hour apart are as dense as their hours, not as one of their seconds; and never
        // denser than its densest page (many pages in one second are not more per second).
        w.lastDensity = Math.min(w.runMaxDensity, w.runCodes / (w.runTop - oldest + 1));
        w.maxDensity = Math.max(w.maxDensity, w.lastDensity);
      }
    }
    if (keep > 0 && !crossed && page.lastId !== null) w.cursor = page.lastId;
    w.codes += keep;
    w.pages++;
    const done = crossed || !page.hasMore || page.created.length === 0;
    if (done) w.status = 'done';
    return { keep, done };
  }

  /** Where a window stood before its next page: what `giveBack` returns it to. */
  mark(windowId: number): WindowMark {
    const w = this.get(windowId);
    return { windowId, cursor: w.cursor, reached: w.reached, codes: w.codes };
  }

  /**
   * A stopped audit's consumer took only the first `taken` codes of a page recorded from
   * `mark`: the window goes back to just after the last code taken (`lastTaken`, its id and
   * created) and waits, so a resume token reads the rest of the page and nothing twice.
   */
  giveBack(mark: WindowMark, taken: number, lastTaken: { id: string; created: number } | null): void {
    const w = this.get(mark.windowId);
    w.codes = mark.codes + taken;
    w.cursor = lastTaken?.id ?? mark.cursor;
    w.reached = lastTaken && Number.isFinite(lastTaken.created) ? lastTaken.created : mark.reached;
    w.status = 'pending';
  }

  /** The worker of a window stopped without finishing it: the window waits, cursor kept. */
  release(windowId: number): void {
    const w = this.get(windowId);
    if (w.status === 'reading') w.status = 'pending';
  }

  /**
   * Share of the audit done, for the progress line, from codes and pages read (never from
   * the share of seconds covered: without --created-after the range starts in 1970, and
   * decades of it hold nothing): codes read against codes read plus the codes each open window
   * is expected to hold at the densest run it has seen. Null when nothing is read yet, or when
   * what is left cannot be told: a window not entered yet, a window with more seconds left
   * than its current run has read (decades before the first code it read, or a sparse
   * stretch below a bulk just met), or more than 20 times what was read.
   */
  progress(): number | null {
    if (this.finished) return 1;
    let read = 0;
    let expected = 0;
    for (const w of this.windows) {
      read += w.codes;
      if (w.status === 'done') continue;
      // A window nobody has read yet, or more seconds below a reader than its run has read:
      // they may hold anything (a bulk in a sparse stretch), and a share would be a guess.
      // Told only once every open window's run has read at least as many seconds as it has
      // left (the probing of idle workers, see split, brings that about early). A window cut
      // from a reader's untouched seconds within its horizon counts the seconds that reader's
      // run had read (its density is the reader's); one cut off beyond it counts none.
      const inherited = w.withinParent ? w.horizon / HORIZON_FACTOR : 0;
      if (w.reached === null && w.withinParent && untouchedSeconds(w) <= inherited) {
        expected += leftAtMost(w);
        continue;
      }
      if (
        w.reached === null ||
        w.runTop === null ||
        untouchedSeconds(w) > Math.max(inherited, w.runTop - w.reached + 1)
      )
        return null;
      expected += leftAtMost(w);
    }
    if (read === 0 || expected > 20 * read) return null;
    return read / (read + expected);
  }

  /**
   * Codes expected in the open windows, at the density of their last page within half their
   * horizon: whether going parallel pays (a small account stays page by page, no extra request).
   */
  estimatedRemaining(): number {
    let sum = 0;
    for (const w of this.windows)
      if (w.status !== 'done') sum += w.lastDensity * Math.min(untouchedSeconds(w), horizonOf(w) / 2);
    return sum;
  }

  /**
   * Why the audit reads page after page, or null: one window is open, and its reader is in a
   * second that every code of its last (full) page shares. Windows are whole seconds, and
   * nothing orders codes within a second that a window could be cut at.
   */
  sequentialBecause(): string | null {
    const open = this.windows.filter((w) => w.status !== 'done');
    if (open.length !== 1 || !open[0]!.inOneSecond) return null;
    return 'the codes being read share one created second, which no window can divide: read page after page';
  }

  /**
   * How many more windows the request budget allows now. A window's requests are at most one
   * more than its codes / 100: every page but its last is full (an empty window: one
   * request). So the requests beyond one per 100 codes are what each window has spent so far
   * beyond its codes / 100 (a done window's partial last page costs less than a request),
   * plus at most one for each window still open; a new window is allowed while that stays
   * within 2 per worker and 5 % of the pages read (issue 19's 1.05 x ceil(N / 100) + 2 x
   * concurrency, which only grows as more is read).
   */
  private windowsAllowed(): number {
    let open = 0;
    let codes = 0;
    let committed = 0;
    for (const w of this.windows) {
      codes += w.codes;
      committed += w.pages - w.codes / PAGE_SIZE;
      if (w.status !== 'done') {
        open++;
        committed++;
      }
    }
    const budget = 2 * this.concurrency + (EXTRA_REQUEST_SHARE * codes) / PAGE_SIZE;
    return Math.min(MAX_OPEN_WINDOWS - open, Math.floor(budget - committed));
  }

  private split(): number | null {
    let best: WindowState | null = null;
    let bestEstimate = 0;
    let bestRank = 0;
    for (const w of this.windows) {
      // A reader keeps the second it is in; a window not entered yet needs two seconds to halve.
      if (w.status !== 'reading' || untouchedSeconds(w) < (w.reached === null ? 2 : 1)) continue;
      const estimate = leftAtLast(w);
      if (estimate < this.minSplitCodes) continue;
      // Ranked by what it is expected to hold within its horizon (the seconds where its
      // density is known). A window not entered yet counts a tenth of its estimate (it is
      // its parent's density, extrapolated): a reader's own remainder is split first, so
      // idle workers probe the unread seconds of windows being read (a bulk in a sparse
      // stretch is met after a few pages, not when the sparse reader crawls to it) rather
      // than cut decades of nothing into windows before their first, empty, answer.
      const rank = estimate * (w.reached === null ? UNENTERED_RANK : 1);
      if (rank > bestRank) {
        best = w;
        bestRank = rank;
        bestEstimate = estimate;
      }
    }
    if (best === null || bestEstimate < this.minSplitCodes) return null;
    if (this.windowsAllowed() < 1) return null;
    // The reader is at `reached`, or, before its first page (in flight), enters from `lte`.
    const top = best.reached ?? best.lte + 1;
    // Without --created-after the range starts in 1970: halving it would probe decades of
    // nothing one request at a time. The seconds beyond what the reader's density is trusted
    // for go to the idle worker whole: one request if they are empty, and if they are not,
    // that worker's reading tells their density.
    const horizon = horizonOf(best);
    if (top - best.gte > horizon) {
      const farEnd = top - 1 - horizon;
      const far = this.add(best.gte, farEnd, null, 'reading', best);
      // Cut again before its first page, the far window reaches four times as far: seconds of
      // nothing (years between two bulks) are crossed in a few windows, not one per horizon.
      if (best.reached === null) far.horizon = FAR_REACH * horizon;
      best.gte = farEnd + 1;
      this.splits++;
      return far.id;
    }
    // Whole seconds [gte, top - 1] are untouched; the older half of them is given away. A
    // first page in flight that brings codes below the new edge drops them (see record).
    const untouched = top - best.gte;
    const cut = best.gte + Math.ceil(untouched / 2) - 1;
    const older = this.add(best.gte, cut, null, 'reading', best);
    older.withinParent = true;
    best.gte = cut + 1;
    this.splits++;
    return older.id;
  }

  private add(
    gte: number,
    lte: number,
    cursor: string | null,
    status: Status,
    parent: WindowState | null,
  ): WindowState {
    const w: WindowState = {
      id: this.nextId++,
      gte,
      lte,
      cursor,
      reached: null,
      top: null,
      runTop: null,
      runMaxDensity: 0,
      runCodes: 0,
      codes: 0,
      pages: 0,
      status,
      lastDensity: parent?.lastDensity ?? 0,
      maxDensity: parent?.maxDensity ?? 0,
      horizon: parent === null ? Number.POSITIVE_INFINITY : horizonOf(parent),
      inOneSecond: false,
      withinParent: false,
    };
    this.windows.push(w);
    return w;
  }

  private get(id: number): WindowState {
    const w = this.windows.find((candidate) => candidate.id === id);
    if (w === undefined) throw new Error(`no window ${id}`);
    return w;
  }
}

/** How far below a reader its density is trusted: a multiple of the seconds its current run has covered. */
const HORIZON_FACTOR = 8;

/** A page this many times denser than the densest of its run starts a new run. */
const RUN_CHANGE = 4;

/** What a window not entered yet weighs, against one being read, when idle workers choose what to split. */
const UNENTERED_RANK = 0.1;

/** How much farther each cut of a window not entered yet reaches than the last. */
const FAR_REACH = 4;

function horizonOf(w: WindowState): number {
  if (w.reached === null || w.runTop === null) return w.horizon;
  return HORIZON_FACTOR * (w.runTop - w.reached + 1);
}

/** Untouched seconds of a window: below its reader, or all of it before its first page. */
function untouchedSeconds(w: WindowState): number {
  return w.reached === null ? w.lte - w.gte + 1 : w.reached - w.gte;
}

/**
 * Codes left in a window at the density of its current run (before its first page, its
 * parent's), within its horizon: what splits follow.
 */
function leftAtLast(w: WindowState): number {
  return w.lastDensity * Math.min(untouchedSeconds(w), horizonOf(w));
}

/** Codes left in a window at the densest page it or its parent read, within its horizon: what progress counts. */
function leftAtMost(w: WindowState): number {
  const density = Math.max(w.maxDensity, w.lastDensity);
  if (density === 0) return 0;
  return density * Math.min(untouchedSeconds(w), horizonOf(w));
}
