/**
 * The two ways a run can fail, each with its documented exit code (docs/architecture.md,
 * "Read-only, secrets and failures").
 * Messages are one plain sentence that says what happened and what to do.
 */
import { oneLine } from './format/text.js';

/** Bad usage or bad input: a flag, an id, a file. Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2 as const;
  constructor(message: string) {
    super(oneLine(message));
  }
}

/** The diagnosis could not be made: Stripe, network or permission failure. Exit 3. */
export class DiagnosisError extends Error {
  override readonly name = 'DiagnosisError';
  readonly exitCode = 3 as const;
  constructor(message: string) {
    super(oneLine(message));
  }
}
