/**
 * Settings the Stripe layer cannot use: no API key, a key that is no Stripe key, a Stripe CLI
 * login it cannot read. Bad input like any other (an `InputError`); src/cli/exitCode.ts maps it
 * to its exit code with every other failure.
 */
import { InputError } from '../errors.js';

export class StripeSettingsError extends InputError {
  override readonly name: string = 'StripeSettingsError';
}
