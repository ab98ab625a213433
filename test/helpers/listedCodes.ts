/**
 * A promotion-code list as Stripe pages it, in memory, for unit tests of the audit's
 * windows and page source: newest first by `created`, ties in one fixed order, filters on
 * `created[gte]`/`created[lte]`, `starting_after` continuing after the cursor's position
 * (https://docs.stripe.com/api/pagination).
 */
import type { WindowRequest } from '../../src/stripe/windows.js';

export interface ListedCode {
  readonly id: string;
  readonly created: number;
}

/** `perSecond(s)` codes created in each second of `seconds` (ascending), listed newest first. */
export function listedCodes(seconds: readonly number[], perSecond: (second: number) => number): ListedCode[] {
  const codes: ListedCode[] = [];
  let n = 0;
  for (const second of seconds)
    for (let i = 0; i < perSecond(second); i++) codes.push({ id: `promo_${n++}`, created: second });
  return codes.reverse();
}

export function listPage(
  codes: readonly ListedCode[],
  request: WindowRequest,
  limit = 100,
): { data: ListedCode[]; hasMore: boolean } {
  let start = 0;
  if (request.startingAfter !== null) {
    start = codes.findIndex((c) => c.id === request.startingAfter) + 1;
    if (start === 0) throw new Error(`unknown cursor ${request.startingAfter}`);
  }
  const matching: ListedCode[] = [];
  for (let i = start; i < codes.length && matching.length <= limit; i++) {
    const c = codes[i]!;
    if (c.created >= request.created.gte && c.created <= request.created.lte) matching.push(c);
  }
  return { data: matching.slice(0, limit), hasMore: matching.length > limit };
}

/** Every id once, and all of them: the list of duplicates is empty and the count is right. */
export function duplicatesAndCount(read: readonly string[]): { duplicates: string[]; distinct: number } {
  const seen = new Set<string>();
  const duplicates = read.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
  return { duplicates, distinct: seen.size };
}
