/**
 * `--for <cs_…|plink_…|in_…|sub_…|sub_sched_…|cus_…>`: the object whose context a live command takes
 * (src/usecases/forObject.ts reads it and merges it with the flags).
 */
import { UsageError } from '../errors.js';
import { contextObjectType, type ContextObjectType } from '../model/objectContext.js';

export function parseForId(value: string): { type: ContextObjectType; id: string } {
  const type = contextObjectType(value);
  if (type === null)
    throw new UsageError(
      `--for "${value.slice(0, 40)}" is not a Checkout Session (cs_…), Payment Link (plink_…), invoice (in_…), subscription (sub_…), subscription schedule (sub_sched_…) or customer (cus_…) id.`,
    );
  return { type, id: value };
}
