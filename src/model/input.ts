/**
 * Text handed to `explain` -> the Stripe objects inside it.
 *
 * Accepts plain JSON, and the JSON inside wrappers people actually paste: a list
 * (`object: "list"`), a search result (`object: "search_result"`), an event (`data.object`),
 * and a request log copied from the Dashboard (request line, metadata lines, then a
 * "Response body" JSON and maybe a "Request POST body" JSON: the response is what we want).
 */
import { InputError } from '../errors.js';
import { clipInput, oneLine } from '../format/text.js';
import { failedRequestFrom, readLogLines } from './failedRequest.js';
import { type Diagnosable, isDiagnosableType, normalizeDiagnosable } from './diagnosable.js';
import { isStripeErrorBody, normalizeStripeError } from './normalize.js';
import { futureSchedulePhases, type ObjectContext } from './objectContext.js';
import { isObject, type JsonObject } from './read.js';

type InputWrapper = 'object' | 'list' | 'search_result' | 'event' | 'dashboard_log';

export interface ParsedInput {
  readonly wrapper: InputWrapper;
  /**
   * When the data was read from Stripe, if the input says: an event's `created`. Flags such
   * as `active` describe that moment.
   */
  readonly observedAt: number | null;
  /** The API version the input was written with, if it says: an event's `api_version`. */
  readonly apiVersion?: string | null;
  readonly items: readonly Diagnosable[];
  /**
   * An event about something promo-doctor does not explain (`charge.succeeded` in a
   * `stripe listen` tail): skipped, not an error. Its id, type and object type.
   */
  readonly skipped?: { readonly event: string | null; readonly type: string | null; readonly object: string };
  /** The event the items came in, as Stripe sent it (a discount's removal says why it stopped). */
  readonly event?: JsonObject;
  /**
   * Per item, the object it is to be judged on, when the input says: the phase of a subscription
   * schedule that carries the promotion code (surface `schedule_phase`). Absent: each item is
   * judged on what it says itself.
   */
  readonly judgedOn?: readonly (ObjectContext | null)[];
}

/** One JSON value already parsed (a value of a stream): the Stripe objects inside it. */
export function parseStripeValue(value: unknown): ParsedInput {
  return unwrap(value, 'object');
}

export function parseStripeText(text: string, source: string): ParsedInput {
  if (text.includes('\u0000')) throw new InputError(`${source} is binary data, not Stripe JSON.`);
  const trimmed = text.trim();
  if (trimmed === '') throw new InputError(`${source} is empty; expected Stripe JSON or a Dashboard request log.`);
  const direct = tryParseJson(trimmed);
  if (direct.ok) return unwrap(direct.value, 'object');
  const logged = extractDashboardResponse(trimmed);
  if (logged === null)
    throw new InputError(
      `${source} is not JSON (${direct.error}), nor a Stripe Dashboard request log with a "Response body".`,
    );
  const parsed = tryParseJson(logged);
  if (!parsed.ok) throw new InputError(`The "Response body" in ${source} is not valid JSON (${parsed.error}).`);
  if (isObject(parsed.value) && isStripeErrorBody(parsed.value)) return failedRequestInput(trimmed, parsed.value);
  return unwrap(parsed.value, 'dashboard_log');
}

/** A log whose response is Stripe's error: the request as a whole is what to explain. */
function failedRequestInput(text: string, response: JsonObject): ParsedInput {
  const requestBody = extractDashboardSection(text, /^\s*Request POST body\s*$/im);
  const body = requestBody === null ? null : tryParseJson(requestBody);
  const error = normalizeStripeError(response).error;
  const request = failedRequestFrom(readLogLines(text), error, body?.ok && isObject(body.value) ? body.value : null);
  return { wrapper: 'dashboard_log', observedAt: request.time, items: [request] };
}

function unwrap(value: unknown, outer: 'object' | 'dashboard_log'): ParsedInput {
  if (!isObject(value))
    throw new InputError(`The input is JSON but not a Stripe object (expected a JSON object, got ${describe(value)}).`);
  if (value.object === 'list' || value.object === 'search_result') {
    if (!Array.isArray(value.data))
      throw new InputError(`The input is a Stripe ${value.object} without a "data" array.`);
    return { wrapper: value.object, observedAt: null, items: value.data.map(normalizeDiagnosable) };
  }
  if (value.object === 'event') {
    const data = value.data;
    if (!isObject(data) || !isObject(data.object))
      throw new InputError('The input is a Stripe event without a "data.object".');
    const eventType = typeof value.type === 'string' ? value.type : null;
    const inner = data.object.object;
    if (typeof inner === 'string' && !isDiagnosableType(inner)) {
      return {
        wrapper: 'event',
        observedAt: null,
        items: [],
        skipped: { event: typeof value.id === 'string' ? value.id : null, type: eventType, object: inner },
      };
    }
    const created =
      typeof value.created === 'number' && Number.isInteger(value.created) && value.created >= 0 ? value.created : null;
    const apiVersion = typeof value.api_version === 'string' && value.api_version !== '' ? value.api_version : null;
    return {
      wrapper: 'event',
      observedAt: created,
      apiVersion,
      items: [normalizeDiagnosable(data.object)],
      event: value,
    };
  }
  if (value.object === 'subscription_schedule') return scheduleInput(value);
  return { wrapper: outer, observedAt: null, items: [normalizeDiagnosable(value)] };
}

/**
 * A subscription schedule: the promotion codes on its phases that have not started, each judged
 * on its phase (surface `schedule_phase`: Stripe refuses codes with a minimum amount on future
 * phases, https://docs.stripe.com/billing/subscriptions/coupons, documented). A code that is
 * only an id needs the API; a schedule without a code on a future phase has nothing to explain.
 */
function scheduleInput(value: JsonObject): ParsedInput {
  const phases = futureSchedulePhases(value);
  const items: Diagnosable[] = [];
  const judgedOn: ObjectContext[] = [];
  const idsOnly: string[] = [];
  for (const phase of phases)
    for (const code of phase.promotion_codes) {
      if (typeof code === 'string') idsOnly.push(code);
      else {
        const item = normalizeDiagnosable(code);
        items.push(item);
        // The code explained is the phase's discount itself, not one already there beside it.
        const others = phase.context.existing_discounts.filter(
          (d) => d.promotion_code !== ('id' in item ? item.id : null),
        );
        judgedOn.push({ ...phase.context, existing_discounts: others });
      }
    }
  const id = typeof value.id === 'string' ? value.id : 'subscription schedule';
  if (items.length === 0 && idsOnly.length > 0)
    throw new InputError(
      `The subscription schedule ${clipInput(id, 30)} names the promotion code ${clipInput(idsOnly[0]!, 30)} on a future phase as an id only: expand phases.discounts.promotion_code, or judge it live with promo-doctor check ${clipInput(idsOnly[0]!, 30)} --for ${clipInput(id, 30)}.`,
    );
  if (items.length === 0)
    throw new InputError(
      `The subscription schedule ${clipInput(id, 30)} has no promotion code on a phase that has not started: to judge a code for its next phase, run promo-doctor check CODE --for ${clipInput(id, 30)}.`,
    );
  return { wrapper: 'object', observedAt: null, items, judgedOn };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** V8 quotes the offending input in its message, line breaks and binary included: keep a short, printable line. */
function shortPrintable(message: string): string {
  const printable = oneLine(message.replace(/[^\x20-\x7e]+/g, ' '));
  return printable.length > 100 ? `${printable.slice(0, 99)}…` : printable;
}

type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

function tryParseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: shortPrintable(error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * The Dashboard's request log pastes as lines: "POST /v1/customers/cus_…", "Status", "200 OK",
 * …, "Response body", then the JSON, then maybe "Request POST body" and its JSON. Take the
 * balanced JSON object that follows the "Response body" line.
 */
export function extractDashboardResponse(text: string): string | null {
  return extractDashboardSection(text, /^\s*Response body\s*$/im);
}

function extractDashboardSection(text: string, heading: RegExp): string | null {
  const marker = heading.exec(text);
  if (!marker) return null;
  const start = text.indexOf('{', marker.index + marker[0].length);
  if (start === -1) return null;
  const end = endOfJsonObject(text, start);
  return end === -1 ? null : text.slice(start, end + 1);
}

/** Index of the brace that closes the object opened at `start`, honouring strings; -1 if none. */
function endOfJsonObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}
