/**
 * `--for`: one line saying which object the context came from, which value came from it and
 * which from a flag, and the discounts it already carries.
 */
import type { ContextFrom } from '../model/objectContext.js';
import type { Palette } from './palette.js';

export function contextFromLines(from: ContextFrom, p: Palette): string[] {
  const sources = Object.entries(from.sources)
    .filter(([, source]) => source !== null)
    .map(([key, source]) => `${key} from ${source === 'flag' ? 'the flag' : from.object.id}`);
  const applied = from.existing_discounts.map((d) => d.promotion_code ?? d.coupon ?? '?');
  return [
    p.dim(`  context: ${sources.join(', ') || `nothing usable in ${from.object.id}`}`),
    ...(applied.length > 0 ? [p.dim(`  already applied on ${from.object.id}: ${applied.join(', ')}`)] : []),
  ];
}
