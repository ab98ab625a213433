/**
 * Stripe's error envelopes, worded as the real API words them.
 *
 * Every message below was checked against public material (Stripe's docs,
 * SDK issue threads quoting real responses, request logs). Where the wording
 * could not be confirmed the function says so, so nobody mistakes a guess for
 * Stripe's text.
 */

export interface StripeErrorBody {
  type: string;
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
}

/** An error answer: the HTTP status, Stripe's `error` object, and any extra headers. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export type KeyMode = 'test' | 'live';

function invalidRequest(status: number, message: string, extra: Partial<StripeErrorBody> = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message, ...extra };
  if (body.code !== undefined) body.doc_url = docUrl(body.code);
  return new StripeApiError(status, body);
}

/** Stripe links every coded error to its page, e.g. resource_missing -> /resource-missing. */
export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

/**
 * Dashboard link Stripe adds to errors once it knows the account and mode, e.g.
 * "https://dashboard.stripe.com/test/logs/req_IeybpNvVnJBTT8?t=1722423791" (recorded response).
 */
export function requestLogUrl(requestId: string, mode: KeyMode, unixSeconds: number): string {
  return `https://dashboard.stripe.com/${mode === 'test' ? 'test/' : ''}logs/${requestId}?t=${unixSeconds}`;
}

// ---------------------------------------------------------------- auth (401/403)

/**
 * No Authorization header at all. Stripe answers 401 with this text (quoted in
 * many integration write-ups; the response also carries `WWW-Authenticate: Basic`).
 */
export function missingApiKey(): StripeApiError {
  const error = invalidRequest(
    401,
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );
  return withHeaders(error, { 'WWW-Authenticate': 'Basic realm="Stripe"' });
}

/**
 * An unknown key: 401, type invalid_request_error (not authentication_error),
 * key masked to its prefix plus last 4 characters, e.g.
 * "Invalid API Key provided: pk_test_****...****fyDZ"
 * (flutter-stripe/flutter_stripe#2171, stripe/stripe-node#1437).
 */
export function invalidApiKey(key: string): StripeApiError {
  const error = invalidRequest(401, `Invalid API Key provided: ${maskKey(key, 4)}`);
  return withHeaders(error, { 'WWW-Authenticate': 'Basic realm="Stripe"' });
}

/**
 * A restricted key without the permission an endpoint needs: 403, type
 * invalid_request_error, no code, key masked to prefix plus last 6 characters.
 * Text as reported in stripe/stripe-node#2246:
 * "The provided key 'rk_test_***…qs8Kgd' does not have the required permissions for this endpoint
 *  on account 'acct_…'. Having the 'rak_accounts_kyc_id_numbers_read' permission would allow this
 *  request to continue."
 */
export function permissionDenied(key: string, accountId: string, rakPermission: string): StripeApiError {
  return invalidRequest(
    403,
    `The provided key '${maskKey(key, 6)}' does not have the required permissions for this endpoint on account '${accountId}'. Having the '${rakPermission}' permission would allow this request to continue.`,
  );
}

/**
 * A publishable key used on a secret-key endpoint: 403 (quoted with a real
 * request id in SiimKirjanen/seatreg#97).
 */
export function publishableKeyUsed(): StripeApiError {
  return invalidRequest(
    403,
    'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys',
  );
}

/** Stripe shows a key as its `xx_mode_` prefix, asterisks, then the last few characters. */
export function maskKey(key: string, visibleTail: number): string {
  const prefix = /^[a-z]+_(?:test|live)_/.exec(key)?.[0] ?? '';
  const secret = key.slice(prefix.length);
  const tail = secret.slice(-visibleTail);
  return prefix + '*'.repeat(Math.max(0, secret.length - tail.length)) + tail;
}

// ---------------------------------------------------------------- missing objects (404)

/**
 * "No such promotion code: 'promo_x'" with code resource_missing. The
 * promotion-code variant names `param: 'promotion_code'` (a recorded real
 * response for GET /v1/promotion_codes/promo_unknown); retrieving other
 * objects by id names `param: 'id'`.
 *
 * When the id exists in the other mode Stripe appends, e.g.
 * "No such coupon: '1kgAyNZl'; a similar object exists in live mode, but a test mode key was used
 *  to make this request." (quoted from `stripe coupons retrieve` output).
 */
export function resourceMissing(
  noun: string,
  id: string,
  param: string,
  options: { status?: number; otherModeOf?: KeyMode } = {},
): StripeApiError {
  let message = `No such ${noun}: '${id}'`;
  if (options.otherModeOf !== undefined) {
    const keyMode = options.otherModeOf;
    const objectMode: KeyMode = keyMode === 'test' ? 'live' : 'test';
    message += `; a similar object exists in ${objectMode} mode, but a ${keyMode} mode key was used to make this request.`;
  }
  return invalidRequest(options.status ?? 404, message, { code: 'resource_missing', param });
}

/**
 * A path that is not one of Stripe's endpoints. Wording as Stripe returns it for
 * unknown routes.
 */
export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return invalidRequest(
    404,
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}

/**
 * Not Stripe behaviour: the fake only serves reads. The status is 405 and the
 * message says plainly that the fake refused a write, so a test that sees it
 * knows the tool tried to change data.
 */
export function writeRefused(method: string, path: string): StripeApiError {
  return invalidRequest(
    405,
    `fake-stripe is read-only: ${method} ${path} was refused (promo-doctor must never write to Stripe).`,
  );
}

// ---------------------------------------------------------------- bad parameters (400)

/** "Received unknown parameter: foo" with code parameter_unknown. */
export function unknownParameter(name: string): StripeApiError {
  return invalidRequest(400, `Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
}

/** "Invalid integer: abc" with code parameter_invalid_integer. */
export function invalidInteger(param: string, raw: string): StripeApiError {
  return invalidRequest(400, `Invalid integer: ${raw}`, { code: 'parameter_invalid_integer', param });
}

/** "Invalid boolean: yes". Unverified: wording follows Stripe's "Invalid integer" pattern. */
export function invalidBoolean(param: string, raw: string): StripeApiError {
  return invalidRequest(400, `Invalid boolean: ${raw}`, { param });
}

/**
 * `limit` outside 1..100. The bounds are documented ("between 1 and 100");
 * the message wording is taken from other Stripe emulators, not a recorded
 * response, so treat it as approximate.
 */
export function limitOutOfRange(raw: number): StripeApiError {
  const message =
    raw < 1 ? 'This value must be greater than or equal to 1.' : 'This value must be less than or equal to 100.';
  return invalidRequest(400, message, { code: 'parameter_invalid_integer', param: 'limit' });
}

/** Stripe's wording for mutually exclusive parameters (e.g. stripe/stripe-node#1464). */
export function onlyOneOf(params: string[]): StripeApiError {
  return invalidRequest(400, `You may only specify one of these parameters: ${params.join(', ')}.`);
}

/** An enum filter given a value Stripe does not know. Unverified wording. */
export function invalidEnum(param: string, _raw: string, allowed: readonly string[]): StripeApiError {
  return invalidRequest(400, `Invalid ${param}: must be one of ${allowed.join(', ')}`, {
    code: 'parameter_invalid_string',
    param,
  });
}

// ---------------------------------------------------------------- expand (400)

/**
 * A path segment that is not expandable. Stripe names the path up to and
 * including the failing segment: "This property cannot be expanded (payment_intent.b)."
 * (stripe-java integration test), "(metadata)." (Valour-Software/Valour#1533).
 * On a list it suggests the `data.` form: "This property cannot be expanded
 * (product). You may want to try expanding 'data.product' instead."
 * (stripe/stripe-dotnet#1351). No code, no param.
 */
export function cannotExpand(path: string, listSuggestion?: string): StripeApiError {
  let message = `This property cannot be expanded (${path}).`;
  if (listSuggestion !== undefined) message += ` You may want to try expanding '${listSuggestion}' instead.`;
  return invalidRequest(400, message);
}

/**
 * More than four levels ("data." counts as one on lists): code
 * property_expansion_max_depth, message naming the property, e.g.
 * "You cannot expand more than 4 levels of a property. Property: data.items.data.price.product"
 * (stripe/stripe-java#2011 and recorded responses).
 */
export function expandTooDeep(path: string): StripeApiError {
  return invalidRequest(400, `You cannot expand more than 4 levels of a property. Property: ${path}`, {
    code: 'property_expansion_max_depth',
  });
}

// ---------------------------------------------------------------- injected faults

/**
 * 429 as Stripe sends it today: type invalid_request_error, code rate_limit and
 * this message (recorded responses quoted in several projects' tests). The SDK
 * turns any 429 into StripeRateLimitError. Stripe does not send Retry-After by
 * itself; a fault can add one.
 */
export function rateLimited(): StripeApiError {
  return invalidRequest(
    429,
    'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
    { code: 'rate_limit' },
  );
}

/**
 * 409 lock_timeout, Stripe's usual conflict. Message as documented on the
 * error-codes page.
 */
export function lockTimeout(): StripeApiError {
  return invalidRequest(
    409,
    'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.',
    { code: 'lock_timeout' },
  );
}

/** A 5xx: Stripe's api_error. */
export function internalError(status: number): StripeApiError {
  return new StripeApiError(status, { type: 'api_error', message: 'An unknown error occurred' });
}

/** The envelope an injected `status` fault answers with, chosen to match the status. */
export function errorForStatus(status: number): StripeApiError {
  if (status === 429) return rateLimited();
  if (status === 409) return lockTimeout();
  if (status >= 500) return internalError(status);
  return invalidRequest(status, `fake-stripe injected HTTP ${status}.`);
}

function withHeaders(error: StripeApiError, headers: Record<string, string>): StripeApiError {
  return new StripeApiError(error.status, error.body, { ...error.headers, ...headers });
}
