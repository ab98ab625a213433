/**
 * The ways a diagnosis can fail. The CLI gives each its documented exit code
 * (docs/architecture.md, "Read-only, secrets and failures"); the library throws them as they are.
 * Messages are one plain sentence that says what happened and what to do.
 */
import { oneLine } from './format/text.js';

/**
 * Input that cannot be diagnosed: Stripe JSON that is malformed, an id that is no id, a context
 * value out of range. Thrown by the model and the use cases, which know nothing of a command
 * line; the CLI maps it to exit 2.
 */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(message: string) {
    super(oneLine(message));
  }
}

/** Bad usage of the command line: a flag, an argument, a file. Exit 2. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
  readonly exitCode = 2 as const;
}

/** The diagnosis could not be made: Stripe, network or permission failure. Exit 3. */
export class DiagnosisError extends Error {
  override readonly name = 'DiagnosisError';
  readonly exitCode = 3 as const;
  constructor(message: string) {
    super(oneLine(message));
  }
}
