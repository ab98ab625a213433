/**
 * The MCP tools' arguments: each declared once, as the JSON Schema the client reads
 * (`tools/list`) and as the check the server runs (`tools/call`), so the two cannot drift.
 * A client may skip its own validation, so every argument is checked here again; what is
 * wrong is one sentence naming the argument and quoting at most 60 characters of the value.
 *
 * The schemas use a small subset of JSON Schema (type, enum, pattern, lengths, bounds,
 * items) that every MCP client understands; nothing here reads a key.
 */
import { InputError } from '../../errors.js';
import { quoteInput } from '../../format/text.js';
import { looksLikeApiKey } from '../../stripe/key.js';

export type JsonSchema = Record<string, unknown>;

interface Base {
  readonly description: string;
}
export type Param =
  | (Base & {
      readonly type: 'string';
      readonly minLength?: number;
      readonly maxLength: number;
      readonly pattern?: string;
      readonly enum?: readonly string[];
      /** What a good value looks like, for the sentence when the pattern fails. */
      readonly expected: string;
    })
  | (Base & { readonly type: 'integer'; readonly minimum: number; readonly maximum: number })
  | (Base & { readonly type: 'boolean' })
  | (Base & {
      readonly type: 'array';
      readonly maxItems: number;
      readonly items: { readonly maxLength: number; readonly pattern: string; readonly expected: string };
    });

export interface Params {
  readonly [name: string]: Param & { readonly required?: boolean };
}

/** The JSON Schema of a tool's arguments, as `tools/list` gives it. */
export function inputSchema(params: Params): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, p] of Object.entries(params)) {
    if (p.type === 'string') {
      properties[name] = {
        type: 'string',
        description: p.description,
        ...(p.enum ? { enum: [...p.enum] } : {}),
        minLength: p.minLength ?? 1,
        maxLength: p.maxLength,
        ...(p.pattern ? { pattern: p.pattern } : {}),
      };
    } else if (p.type === 'integer') {
      properties[name] = { type: 'integer', description: p.description, minimum: p.minimum, maximum: p.maximum };
    } else if (p.type === 'boolean') {
      properties[name] = { type: 'boolean', description: p.description };
    } else {
      properties[name] = {
        type: 'array',
        description: p.description,
        maxItems: p.maxItems,
        items: { type: 'string', minLength: 1, maxLength: p.items.maxLength, pattern: p.items.pattern },
      };
    }
  }
  const required = Object.entries(params)
    .filter(([, p]) => p.required)
    .map(([name]) => name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** Ids of Stripe objects given where another belongs, and the tool that takes them. */
const OTHER_IDS: ReadonlyArray<readonly [prefix: string, what: string, hint: string | null]> = [
  ['cus_', 'a customer id', 'explain_customer takes one'],
  ['promo_', 'a promotion code id', 'check_promotion_code takes one'],
  ['sub_', 'a subscription id', 'explain_customer explains the discounts of its customer'],
  ['prod_', 'a product id', 'give it in "products"'],
  ['price_', 'a price id', null],
  ['in_', 'an invoice id', null],
  ['cs_', 'a Checkout Session id', null],
  ['pi_', 'a PaymentIntent id', null],
  ['acct_', 'an account id', null],
];

/** Names people (and models) give an API key under. */
const KEY_NAMES = /^(api[_-]?key|key|secret|secret[_-]?key|stripe[_-]?(api[_-]?)?key|token|authorization)$/i;

const describeType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;

/** Refuses a value shaped like a key, wherever it is, without repeating it. */
function refuseKey(name: string, text: string): void {
  if (looksLikeApiKey(text))
    throw new InputError(
      `"${name}" holds something shaped like a Stripe API key; keys are read only from STRIPE_API_KEY or the Stripe CLI's login, and this one was not sent anywhere.`,
    );
}

/**
 * The arguments checked against their declarations: the same values back, typed loosely
 * (each tool reads its own), or an InputError with one sentence.
 */
export function checkArguments(params: Params, given: unknown): Record<string, unknown> {
  const args = given ?? {};
  if (typeof args !== 'object' || Array.isArray(args))
    throw new InputError(`The arguments are ${describeType(args)}, not an object of named arguments.`);
  const names = Object.keys(params);
  for (const [name, value] of Object.entries(args)) {
    if (KEY_NAMES.test(name))
      throw new InputError(
        `"${name}" is not an argument: the API key is read only from STRIPE_API_KEY or the Stripe CLI's login, never from a tool call.`,
      );
    if (!Object.hasOwn(params, name))
      throw new InputError(
        `${quoteInput(name)} is not an argument of this tool; it takes ${names.length > 0 ? names.join(', ') : 'none'}.`,
      );
    if (typeof value === 'string') refuseKey(name, value);
    if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') refuseKey(name, item);
  }
  const record = args as Record<string, unknown>;
  for (const [name, p] of Object.entries(params)) {
    const value = record[name];
    if (value === undefined || value === null) {
      if (p.required) throw new InputError(`"${name}" is required: ${p.description.replace(/\.$/, '')}.`);
      continue;
    }
    checkOne(name, p, value);
  }
  return record;
}

function checkOne(name: string, p: Param, value: unknown): void {
  if (p.type === 'string') {
    if (typeof value !== 'string') throw new InputError(`"${name}" is ${describeType(value)}, not a string.`);
    if (p.enum && !p.enum.includes(value))
      throw new InputError(`"${name}" ${quoteInput(value)} is not one of ${p.enum.join(', ')}.`);
    if (value.length < (p.minLength ?? 1)) throw new InputError(`"${name}" is empty: give ${p.expected}.`);
    if (value.length > p.maxLength)
      throw new InputError(`"${name}" is longer than ${p.maxLength} characters: ${quoteInput(value)}.`);
    if (p.pattern && !new RegExp(p.pattern, 'u').test(value)) {
      const other = OTHER_IDS.find(([prefix]) => value.trim().startsWith(prefix));
      throw new InputError(
        `"${name}" ${quoteInput(value)} is ${other ? `${other[1]}, not` : 'not'} ${p.expected}${other?.[2] ? `; ${other[2]}` : ''}.`,
      );
    }
    return;
  }
  if (p.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new InputError(
        `"${name}" is ${typeof value === 'string' ? `the string ${quoteInput(value)}` : describeType(value)}, not a whole number.`,
      );
    if (value < p.minimum || value > p.maximum)
      throw new InputError(`"${name}" ${value} is not a whole number from ${p.minimum} to ${p.maximum}.`);
    return;
  }
  if (p.type === 'boolean') {
    if (typeof value !== 'boolean') throw new InputError(`"${name}" is ${describeType(value)}, not true or false.`);
    return;
  }
  if (!Array.isArray(value)) throw new InputError(`"${name}" is ${describeType(value)}, not a list of strings.`);
  if (value.length > p.maxItems) throw new InputError(`"${name}" holds ${value.length} items; at most ${p.maxItems}.`);
  const pattern = new RegExp(p.items.pattern, 'u');
  for (const item of value) {
    if (typeof item !== 'string')
      throw new InputError(`"${name}" holds ${describeType(item)}, where each item is ${p.items.expected}.`);
    if (item.length > p.items.maxLength || !pattern.test(item))
      throw new InputError(`"${name}" holds ${quoteInput(item)}, which is not ${p.items.expected}.`);
  }
}
