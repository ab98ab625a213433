/**
 * Stripe SDK errors -> one sentence and an exit code. Read by duck typing (the SDK's
 * `type`, `statusCode`, `requestId`, `headers`), so this module does not load the SDK.
 */
import { DiagnosisError, InputError, type StripeFailureDetails } from '../errors.js';
import { MAX_RESPONSE_BYTES, RESPONSE_TOO_LARGE } from './httpLimits.js';
import type { KeyFacts } from './key.js';

interface StripeErrorFacts {
  type: string;
  message: string;
  statusCode?: number;
  code?: string;
  requestId?: string;
  headers?: Record<string, string>;
  /** For connection errors: the system error code underneath (ECONNREFUSED, ECONNRESET…). */
  causeCode?: string;
}

export function stripeErrorFacts(error: unknown): StripeErrorFacts | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as Partial<StripeErrorFacts>;
  if (typeof e.type !== 'string' || !e.type.startsWith('Stripe')) return null;
  return {
    type: e.type,
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.requestId === 'string' ? { requestId: e.requestId } : {}),
    ...(e.headers && typeof e.headers === 'object' ? { headers: e.headers } : {}),
    ...causeCodeOf(error),
  };
}

/** stripe-node keeps the underlying network error in `detail`. */
function causeCodeOf(error: object): { causeCode?: string } {
  const detail = (error as { detail?: unknown }).detail;
  const code = typeof detail === 'object' && detail !== null ? (detail as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? { causeCode: code } : {};
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
};

/** What was being read, to name the permission a restricted key lacks. */
export type Resource =
  | 'promotion_codes'
  | 'coupons'
  | 'customers'
  | 'charges'
  | 'payment_intents'
  | 'invoices'
  | 'subscriptions'
  | 'subscription_schedules'
  | 'prices'
  | 'checkout_sessions'
  | 'payment_links'
  | 'billing_portal_configurations'
  | 'invoice_preview'
  | 'events';

/** Restricted-key permissions as the Dashboard names them (Developers → API keys → restricted key). */
const READ_PERMISSIONS: Record<Resource, string> = {
  promotion_codes: 'Promotion codes: Read',
  coupons: 'Coupons: Read',
  customers: 'Customers: Read',
  charges: 'Charges: Read',
  payment_intents: 'PaymentIntents: Read',
  invoices: 'Invoices: Read',
  subscriptions: 'Subscriptions: Read',
  // --for sub_sched_… only. Unverified: the key editor's name for schedules was not found; Stripe's
  // 403 names the permission it wants, which the message quotes as well.
  subscription_schedules: 'Subscription schedules: Read',
  prices: 'Prices: Read',
  checkout_sessions: 'Checkout Sessions: Read',
  payment_links: 'Payment Links: Read',
  // https://docs.stripe.com/api/customer_portal/configurations/list: the portal is "Customer portal" in the key editor.
  billing_portal_configurations: 'Customer portal: Read',
  // POST /v1/invoices/create_preview, --ask-stripe only: a POST on invoices, so the key needs
  // write access to Invoices although the preview creates nothing (src/stripe/askStripe.ts).
  invoice_preview: 'Invoices: Write',
  // GET /v1/events, --history only: "Events" in the restricted key editor (unverified wording).
  events: 'Events: Read',
};

/**
 * Stripe's 403 names the permission: "Having the 'rak_coupon_read' permission would allow
 * this request to continue." (stripe/stripe-node#2246). It may be another resource than the
 * one requested: expanding a promotion code's coupon needs the coupon permission.
 */
const RAK_RESOURCES: Record<string, Resource> = {
  rak_promotion_code_read: 'promotion_codes',
  rak_coupon_read: 'coupons',
  rak_customer_read: 'customers',
  rak_charge_read: 'charges',
  rak_payment_intent_read: 'payment_intents',
  rak_invoice_read: 'invoices',
  rak_subscription_read: 'subscriptions',
  rak_price_read: 'prices',
  rak_checkout_session_read: 'checkout_sessions',
  rak_payment_link_read: 'payment_links',
  rak_billing_portal_configuration_read: 'billing_portal_configurations',
  rak_invoice_write: 'invoice_preview',
};

function missingPermission(message: string, requested: Resource): string {
  const named = /'(rak_[a-z_]+)'/.exec(message)?.[1];
  if (named === undefined) return READ_PERMISSIONS[requested];
  const resource = RAK_RESOURCES[named];
  return resource ? READ_PERMISSIONS[resource] : named;
}

/** "a similar object exists in live mode, but a test mode key was used to make this request." */
export function otherModeOf(message: string): 'test' | 'live' | null {
  const match = /similar object exists in (live|test) mode/i.exec(message);
  return match ? (match[1] as 'test' | 'live') : null;
}

export function isNotFound(error: unknown): boolean {
  const facts = stripeErrorFacts(error);
  return facts?.statusCode === 404 || facts?.code === 'resource_missing';
}

interface Situation {
  key: KeyFacts;
  apiBase: string;
  resource: Resource;
  timeoutSeconds: number;
  attempts: number;
  /** What sets the timeout and the API address, for the advice: the CLI's flags by default. */
  settings?: ConnectionSettingNames;
}

export interface ConnectionSettingNames {
  readonly timeout: string;
  readonly apiBase: string;
}

const CLI_SETTINGS: ConnectionSettingNames = { timeout: '--timeout', apiBase: '--api-base' };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const withRequestId = (facts: StripeErrorFacts): string => (facts.requestId ? ` (request ${facts.requestId})` : '');

/** The error a failed read ends in, once retries are spent. */
export function failureFor(error: unknown, s: Situation): DiagnosisError | InputError {
  const facts = stripeErrorFacts(error);
  if (!facts)
    return new DiagnosisError(
      `Reading ${s.resource.replace(/_/g, ' ')} failed: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  const details: StripeFailureDetails = {
    cause: error,
    requestId: facts.requestId ?? null,
    statusCode: facts.statusCode ?? null,
    code: facts.code ?? null,
  };
  const stripeMessage = facts.message.replace(/\s+$/, '').replace(/\.$/, '');
  if (facts.statusCode === 401 || facts.type === 'StripeAuthenticationError') {
    return new DiagnosisError(
      `Authentication failed: Stripe refused the ${s.key.mode ? `${s.key.mode} mode ` : ''}key from ${s.key.source}${withRequestId(facts)}; ${s.key.source.startsWith('the Stripe CLI profile') ? 'run `stripe login` again to get a new one' : 'check that the key is current (Dashboard → Developers → API keys)'}.`,
      details,
    );
  }
  if (facts.statusCode === 403 || facts.type === 'StripePermissionError') {
    return new DiagnosisError(
      `Permission denied: the ${s.key.kind ? `${s.key.kind} ` : ''}key from ${s.key.source} lacks "${missingPermission(facts.message, s.resource)}"${withRequestId(facts)}; add that permission to the restricted key.`,
      details,
    );
  }
  if (facts.statusCode === 429) {
    return new DiagnosisError(
      `Stripe kept rate-limiting the requests (429) after ${plural(s.attempts, 'attempt')}${withRequestId(facts)}: ${stripeMessage}; try again later or lower the request rate.`,
      details,
    );
  }
  if (facts.statusCode !== undefined && facts.statusCode >= 500) {
    return new DiagnosisError(
      `Stripe answered ${facts.statusCode} after ${plural(s.attempts, 'attempt')}${withRequestId(facts)}: ${stripeMessage || 'server error'}; try again later (status: https://status.stripe.com).`,
      details,
    );
  }
  if (facts.causeCode === RESPONSE_TOO_LARGE) {
    return new DiagnosisError(
      `Stripe at ${s.apiBase} sent a response larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB${withRequestId(facts)}; it was not read (no Stripe object or page is that large): check ${(s.settings ?? CLI_SETTINGS).apiBase} or any proxy in between.`,
      details,
    );
  }
  if (facts.type === 'StripeConnectionError') {
    const timedOut = /timeout/i.test(facts.message);
    return new DiagnosisError(
      timedOut
        ? `Stripe at ${s.apiBase} did not answer within ${s.timeoutSeconds} s (${(s.settings ?? CLI_SETTINGS).timeout}), ${plural(s.attempts, 'attempt')}.`
        : `Could not reach Stripe at ${s.apiBase} after ${plural(s.attempts, 'attempt')} (${NETWORK_ERRORS[facts.causeCode ?? ''] ?? facts.causeCode ?? 'network error'}); check the network, or ${(s.settings ?? CLI_SETTINGS).apiBase}.`,
      details,
    );
  }
  if (facts.type === 'StripeAPIError' && facts.statusCode === undefined) {
    return new DiagnosisError(
      `Stripe at ${s.apiBase} sent a response that is not valid JSON after ${plural(s.attempts, 'attempt')}${withRequestId(facts)}; check ${(s.settings ?? CLI_SETTINGS).apiBase} or any proxy in between.`,
      details,
    );
  }
  if (facts.statusCode === 400) {
    return new InputError(`Stripe refused the request${withRequestId(facts)}: ${stripeMessage}.`, details);
  }
  return new DiagnosisError(
    `Stripe answered ${facts.statusCode ?? 'an error'}${withRequestId(facts)}: ${stripeMessage}.`,
    details,
  );
}
