import { UsageError } from '../errors.js';
import { normalizeCustomerLink } from '../model/normalize.js';
import type { CustomerLink } from '../model/types.js';
import type { StripeReader } from '../stripe/reader.js';

/**
 * The redeeming customer, which must exist in the account, else the input is bad
 * (docs/architecture.md, "The JSON document and exit codes").
 * An Accounts v2 id (acct_…) is matched against `customer_account` restrictions only: it is
 * no customer object to read, so its history stays unknown and first-time stays conditional.
 */
export async function redeemingCustomer(reader: StripeReader, id: string | null): Promise<CustomerLink | null> {
  if (id === null || id.startsWith('acct_')) return null;
  const lookup = await reader.customer(id);
  if (lookup.status === 'found') return normalizeCustomerLink(lookup.object, 'customer');
  if (lookup.status === 'other_mode') {
    throw new UsageError(`--customer ${id} exists in ${lookup.mode} mode, but the key is a ${reader.keyMode} mode key.`);
  }
  throw new UsageError(`--customer ${id} does not exist in this account (${reader.keyMode} mode).`);
}
