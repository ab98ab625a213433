import { InputError } from '../errors.js';
import { normalizeCustomerLink } from '../model/normalize.js';
import type { CustomerLink } from '../model/types.js';
import type { StripeReader } from '../stripe/reader.js';
import { inThisAccount, keyModeFacing } from './keyMode.js';

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
    throw new InputError(
      `The redeeming customer ${id} exists in ${lookup.mode} mode, but the key is a ${keyModeFacing(reader, lookup.mode)} mode key.`,
    );
  }
  throw new InputError(`The redeeming customer ${id} does not exist ${inThisAccount(reader)}.`);
}
