/**
 * The ways a diagnosis can fail. The CLI gives each its documented exit code
 * (docs/architecture.md, "Read-only, secrets and failures"); the library throws them as they are.
 * Messages are one plain sentence that says what happened and what to do.
 */
import { oneLine } from './format/text.js';

/**
 * What Stripe said about the request that failed, as fields a program can act on (the message
 * says the same for a person). Each is null when there is nothing to say: no request reached
 * Stripe, or its answer did not carry it.
 */
export interface StripeFailureDetails {
  /** The error underneath: stripe-node's error, or the network's. */
  readonly cause?: unknown;
  /** Stripe's request id (`req_…`): the request in the Dashboard's logs. */
  readonly requestId?: string | null;
  /** The HTTP status of Stripe's answer. */
  readonly statusCode?: number | null;
  /** Stripe's error code (`resource_missing`, `rate_limit`…: https://docs.stripe.com/error-codes). */
  readonly code?: string | null;
}

/**
 * Input that cannot be diagnosed: Stripe JSON that is malformed, an id that is no id, a context
 * value out of range. Thrown by the model and the use cases, which know nothing of a command
 * line; the CLI maps it to exit 2.
 */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  /** When Stripe refused the request as invalid (400): its request id, status and code; else null. */
  readonly requestId: string | null;
  readonly statusCode: number | null;
  readonly code: string | null;
  constructor(message: string, details: StripeFailureDetails = {}) {
    super(oneLine(message), 'cause' in details ? { cause: details.cause } : undefined);
    this.requestId = details.requestId ?? null;
    this.statusCode = details.statusCode ?? null;
    this.code = details.code ?? null;
  }
}

/** Bad usage of the command line: a flag, an argument, a file. Exit 2. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
  readonly exitCode = 2 as const;
}

/**
 * The diagnosis could not be made: Stripe, network or permission failure. Exit 3. `cause` is the
 * error underneath; `requestId`, `statusCode` and `code` what Stripe answered, null when it
 * did not (a network failure has none of them).
 */
export class DiagnosisError extends Error {
  override readonly name = 'DiagnosisError';
  readonly exitCode = 3 as const;
  readonly requestId: string | null;
  readonly statusCode: number | null;
  readonly code: string | null;
  constructor(message: string, details: StripeFailureDetails = {}) {
    super(oneLine(message), 'cause' in details ? { cause: details.cause } : undefined);
    this.requestId = details.requestId ?? null;
    this.statusCode = details.statusCode ?? null;
    this.code = details.code ?? null;
  }
}
