/**
 * Typed reads from untrusted JSON. Every accessor either returns a value of the promised
 * type or throws a InputError that names the field, so malformed input never escapes as a
 * TypeError deep inside the rules.
 */
import { InputError } from '../errors.js';
import { isStripeId } from '../format/ids.js';

export type JsonObject = Record<string, unknown>;

/** 9999-12-31T23:59:59Z: the last second an ISO date can show with four digits. */
export const MAX_UNIX_SECONDS = 253_402_300_799;

export function isCurrencyCode(value: string): boolean {
  return /^[a-zA-Z]{3}$/.test(value);
}

/** A customer id as the redemption context takes it: cus_… (or acct_… for Accounts v2). */
export function isCustomerId(value: string): boolean {
  return isStripeId(value, ['cus_', 'acct_']);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(owner: string, key: string, expected: string, value: unknown): InputError {
  // JSON.parse reads 1e400 as Infinity: a number, but not one a number field can hold.
  if (typeof value === 'number' && !Number.isFinite(value))
    return new InputError(
      `The ${owner} has ${/^[aeiou]/.test(key) ? 'an' : 'a'} "${key}" field that is too large to be a number (${value}).`,
    );
  const got =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'object'
          ? 'an object'
          : `a ${typeof value}`;
  const article = /^[aeiou]/.test(key) ? 'an' : 'a';
  return new InputError(`The ${owner} has ${article} "${key}" field that is ${got}, not ${expected}.`);
}

/** A reader bound to one object, so error messages can name where the bad field is. */
export class Fields {
  constructor(
    readonly raw: JsonObject,
    readonly owner: string,
  ) {}

  has(key: string): boolean {
    return key in this.raw && this.raw[key] !== undefined;
  }

  requiredString(key: string): string {
    const value = this.raw[key];
    if (typeof value !== 'string' || value === '') {
      if (value === undefined) throw new InputError(`The ${this.owner} has no "${key}" field.`);
      throw wrongType(this.owner, key, 'a non-empty string', value);
    }
    return value;
  }

  string(key: string): string | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw wrongType(this.owner, key, 'a string', value);
    return value;
  }

  /** An id as Stripe writes ids: no spaces or control characters (they would break one-line output). */
  id(key: string): string {
    const value = this.requiredString(key);
    if (!/^[^\s\u0000-\u001f\u007f]+$/.test(value))
      throw new InputError(`The ${this.owner} has an "${key}" field that is not a Stripe id.`);
    return value;
  }

  /** A currency code, lower-cased as Stripe writes it. */
  currency(key: string): string | null {
    const value = this.string(key);
    if (value === null) return null;
    if (!isCurrencyCode(value))
      throw new InputError(`The ${this.owner} has a "${key}" field that is not a three-letter currency code.`);
    return value.toLowerCase();
  }

  /** Unix seconds, within what a date can hold (years 1970 to 9999). */
  timestamp(key: string): number | null {
    const value = this.number(key);
    if (value === null) return null;
    if (!Number.isInteger(value) || value < 0 || value > MAX_UNIX_SECONDS) {
      throw new InputError(`The ${this.owner} has a "${key}" field that is not a time in unix seconds.`);
    }
    return value;
  }

  /** A count or an amount in the smallest currency unit: a whole number, zero or more. */
  count(key: string): number | null {
    const value = this.number(key);
    if (value === null) return null;
    if (!Number.isSafeInteger(value) || value < 0)
      throw new InputError(`The ${this.owner} has a "${key}" field that is not a whole number of zero or more.`);
    return value;
  }

  /** A percentage off, above 0 and at most 100, as Stripe allows for percent_off. */
  percent(key: string): number | null {
    const value = this.number(key);
    if (value === null) return null;
    if (value <= 0 || value > 100)
      throw new InputError(`The ${this.owner} has a "${key}" field that is not a percentage above 0 and at most 100.`);
    return value;
  }

  number(key: string): number | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(this.owner, key, 'a number', value);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw wrongType(this.owner, key, 'true or false', value);
    return value;
  }

  object(key: string): JsonObject | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (!isObject(value)) throw wrongType(this.owner, key, 'an object', value);
    return value;
  }

  array(key: string): unknown[] | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) throw wrongType(this.owner, key, 'a list', value);
    return value;
  }

  /** The raw value, for fields that may be an id string or an expanded object. */
  unknown(key: string): unknown {
    return this.raw[key];
  }
}
