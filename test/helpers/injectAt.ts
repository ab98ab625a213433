/**
 * Faults "in the middle of a run": the fake matches faults against requests as they arrive,
 * with no "skip the first k" option, so this hooks the fake's request log (without touching
 * test/support): when the n-th request from now on is recorded, the fault is added, and the
 * fake, which records a request before taking the faults that match it, applies it to that
 * very request. Deterministic, unlike polling the log.
 */
import type { Fault, FakeStripe, RecordedRequest } from '../support/fakeStripe.js';

export function injectAtRequest(fake: FakeStripe, n: number, fault: Fault): void {
  const requests = fake.requests;
  const push = Array.prototype.push;
  const start = requests.length;
  requests.push = function (this: RecordedRequest[], ...items: RecordedRequest[]): number {
    const length = push.apply(this, items);
    if (length - start === n) fake.inject(fault);
    return length;
  };
}

/** Removes the hook of injectAtRequest (the log array itself is kept: callers may hold it). */
export function restoreRequestLog(fake: FakeStripe): void {
  delete (fake.requests as { push?: unknown }).push;
}
