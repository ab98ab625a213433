/**
 * `--for`: which object the context came from, which value came from it and which from a
 * flag (a note of the answer model, after the entries: the headline already states the
 * context itself), and the discounts the object already carries (a fact).
 */
import type { ContextFrom } from '../model/objectContext.js';
import type { Fact } from './fact.js';

/** "Context from cs_…: customer, amount, products; currency from the flag." */
export function contextFromNote(from: ContextFrom): string {
  const keys = (source: 'object' | 'flag') =>
    Object.entries(from.sources)
      .filter(([, s]) => s === source)
      .map(([key]) => key);
  const fromObject = keys('object');
  const fromFlags = keys('flag');
  const taken = fromObject.length > 0 ? fromObject.join(', ') : 'nothing usable';
  return `Context from ${from.object.id}: ${taken}${fromFlags.length > 0 ? `; ${fromFlags.join(', ')} from the ${fromFlags.length === 1 ? 'flag' : 'flags'}` : ''}.`;
}

export function contextFromFacts(from: ContextFrom): Fact[] {
  const applied = from.existing_discounts.map((d) => d.promotion_code ?? d.coupon ?? '?');
  return applied.length > 0 ? [{ label: `Already applied on ${from.object.id}`, value: applied.join(', ') }] : [];
}
