/**
 * `--for`: which object the context came from, which value came from it and which from a
 * flag, and the discounts it already carries. Plain facts for the answer model.
 */
import type { ContextFrom } from '../model/objectContext.js';
import type { Fact } from './answer.js';

export function contextFromDetails(from: ContextFrom): Fact[] {
  const sources = Object.entries(from.sources)
    .filter(([, source]) => source !== null)
    .map(([key, source]) => `${key} from ${source === 'flag' ? 'the flag' : from.object.id}`);
  const applied = from.existing_discounts.map((d) => d.promotion_code ?? d.coupon ?? '?');
  return [
    { label: 'Context', value: sources.join(', ') || `nothing usable in ${from.object.id}` },
    ...(applied.length > 0 ? [{ label: `Already applied on ${from.object.id}`, value: applied.join(', ') }] : []),
  ];
}
