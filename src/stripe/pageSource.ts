/**
 * The audit's page source: workers that read the windows of a WindowPlan and hand each
 * page's codes to one `emit`, one page at a time, in the order pages are recorded.
 *
 * It starts with one worker reading like a sequential audit. Only when the first pages
 * promise enough more codes do more workers join (a small account stays sequential and
 * pays no extra request); each idle worker takes a pending window or splits one
 * (src/stripe/windows.ts). How fast they go is the shared pacer's business, inside `fetch`.
 *
 * Stopping (a signal, a lost page, a closed stdout): no new request starts; pages still in
 * flight are dropped and their windows stay open with the cursor of the last page emitted,
 * so a resume token made from the plan misses nothing and repeats nothing. A worker waits
 * until its page is written before it asks for the next: memory stays at a few pages.
 */
import type { JsonObject } from '../model/read.js';
import type { PageVerdict, WindowMark, WindowPlan, WindowRequest } from './windows.js';

export interface FetchedPage {
  readonly codes: readonly JsonObject[];
  readonly hasMore: boolean;
  readonly lastId: string | null;
}

export type FetchWindow = (request: WindowRequest) => Promise<FetchedPage>;

export interface PageSourceOptions {
  readonly plan: WindowPlan;
  readonly fetch: FetchWindow;
  /** Workers at most (--concurrency); 1 is the sequential audit. */
  readonly concurrency: number;
  /**
   * Called with each page's codes (maybe none), one page at a time, and where its window
   * stood before it (for WindowPlan.giveBack); a rejection stops the source.
   */
  readonly emit: (codes: readonly JsonObject[], before: WindowMark) => Promise<void>;
  /** Called once when the source stops early (stop, failure, closed output): cancel what is queued. */
  readonly onStop?: () => void;
  /** Pages read by one worker before others may join (default 2). */
  readonly sequentialPages?: number;
  /**
   * Others join only if the plan expects at least this many more codes (default: two pages
   * per worker, so that each window pays for its last, partial page).
   */
  readonly minParallelCodes?: number;
}

export type SourceEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'stopped' }
  /** A page could not be read (after the reader's retries). */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** `emit` failed: stdout is gone. */
  | { readonly kind: 'output_closed'; readonly error: unknown };

export class PageSource {
  private stopping = false;
  private end: SourceEnd | null = null;
  private workers: Array<Promise<void>> = [];
  private wakeUps: Array<() => void> = [];
  private emitting: Promise<void> = Promise.resolve();
  private parallel = false;
  private pagesRead = 0;

  constructor(private readonly options: PageSourceOptions) {}

  /** Whether more than one worker ran. */
  get wentParallel(): boolean {
    return this.parallel;
  }

  get pages(): number {
    return this.pagesRead;
  }

  /** Stop asking for pages (idempotent); `run` resolves once what is in hand is written. */
  stop(): void {
    this.finish({ kind: 'stopped' });
  }

  async run(): Promise<SourceEnd> {
    this.workers.push(this.worker());
    // Workers join while others run; wait until every one, including latecomers, is done.
    for (let seen = 0; seen < this.workers.length; seen = this.workers.length) await Promise.all(this.workers);
    await this.emitting.catch(() => {});
    return this.end ?? { kind: 'complete' };
  }

  private finish(end: SourceEnd): void {
    if (this.stopping) return;
    this.stopping = true;
    this.end = end;
    this.options.onStop?.();
    this.wakeAll();
  }

  private async worker(): Promise<void> {
    const { plan } = this.options;
    let windowId: number | null = null;
    for (;;) {
      if (this.stopping) break;
      if (windowId === null) {
        windowId = plan.claim();
        if (windowId === null) {
          if (plan.finished) break;
          await new Promise<void>((resolve) => this.wakeUps.push(resolve));
          continue;
        }
      }
      let page: FetchedPage;
      try {
        page = await this.options.fetch(plan.request(windowId));
      } catch (error) {
        this.finish({ kind: 'failed', error });
        break;
      }
      if (this.stopping) break;
      const verdict = await this.write(windowId, page);
      // Stopped before its turn: the page was not recorded, its window stays open as it was.
      if (verdict === null) break;
      if (verdict.done) windowId = null;
    }
    if (windowId !== null) plan.release(windowId);
    this.wakeAll();
  }

  /**
   * Pages are recorded and written one after another, each whole: a page is recorded in the
   * plan (its window's cursor moves past it) only when its turn to be written comes, so a
   * page still waiting when the source stops is neither written nor recorded, and a resume
   * token made from the plan reads it again.
   */
  private write(windowId: number, page: FetchedPage): Promise<PageVerdict | null> {
    const { plan } = this.options;
    const turn = this.emitting.then(async (): Promise<PageVerdict | null> => {
      if (this.stopping) return null;
      const before = plan.mark(windowId);
      const verdict = plan.record(windowId, {
        created: createdTimes(page.codes),
        hasMore: page.hasMore,
        lastId: page.lastId,
      });
      this.pagesRead++;
      this.maybeGoParallel();
      this.wakeAll();
      try {
        await this.options.emit(page.codes.slice(0, verdict.keep), before);
      } catch (error) {
        this.finish({ kind: 'output_closed', error });
        return null;
      }
      return verdict;
    });
    this.emitting = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private maybeGoParallel(): void {
    const { plan, concurrency } = this.options;
    if (this.parallel || concurrency <= 1 || plan.finished) return;
    if (this.pagesRead < (this.options.sequentialPages ?? 2)) return;
    if (plan.pendingCount === 0 && plan.estimatedRemaining() < (this.options.minParallelCodes ?? 200 * concurrency))
      return;
    this.parallel = true;
    for (let i = 1; i < concurrency; i++) this.workers.push(this.worker());
  }

  private wakeAll(): void {
    for (const wake of this.wakeUps.splice(0)) wake();
  }
}

/**
 * `created` of each code as listed. A code without a whole `created` (malformed: Stripe
 * documents it as a timestamp) takes the time of the code listed before it, or of the first
 * one with a time if it comes first (NaN if none has one, which the plan keeps in the window):
 * it was listed in this window, and the audit reports it as an item it could not diagnose
 * instead of stopping on it.
 */
function createdTimes(codes: readonly JsonObject[]): number[] {
  const times = codes.map((code) => (Number.isSafeInteger(code.created) ? (code.created as number) : null));
  let last = times.find((t) => t !== null) ?? null;
  return times.map((t) => {
    if (t !== null) last = t;
    return t ?? last ?? Number.NaN;
  });
}
