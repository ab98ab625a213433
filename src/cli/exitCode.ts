/**
 * The exit-code contract (docs/architecture.md, "The JSON document and exit codes"), as a pure
 * function of the diagnoses.
 * 0 redeemable or conditional · 1 not redeemable (or, with --strict, any conditional or
 * warning finding) · 2 bad usage or input · 3 could not diagnose · 4 the output could not be
 * written · 130 / 143 an audit
 * stopped by SIGINT / SIGTERM (128 + the signal number, as shells report it).
 */
import { DiagnosisError, InputError } from '../errors.js';
import type { Diagnosis } from '../rules/diagnose.js';

export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  failure: 3,
  /** The output could not be written (a full disk, a read-only file system): WriteError, src/cli/io.ts. */
  output: 4,
  interrupted: 130,
  terminated: 143,
} as const;

export function exitCodeFor(diagnoses: readonly Diagnosis[], strict: boolean): 0 | 1 {
  for (const d of diagnoses) {
    if (d.verdict === 'not_redeemable') return EXIT.findings;
    if (strict && d.reasons.some((f) => f.severity === 'conditional' || f.severity === 'warning')) return EXIT.findings;
  }
  return EXIT.ok;
}

/**
 * The exit code of a run that failed, for every error the layers throw; null for an error none
 * of them throws on purpose (a bug: main reports it as unexpected). The one place where errors
 * become exit codes: bad input is exit 2 whichever layer found it (the CLI's UsageError, the
 * model's and use cases' InputError, src/stripe's StripeSettingsError, all InputErrors), and a
 * diagnosis that could not be made is exit 3.
 */
export function exitCodeForError(error: unknown): number | null {
  if (error instanceof DiagnosisError) return EXIT.failure;
  if (error instanceof InputError) return EXIT.usage;
  return null;
}
