/**
 * The resume token an interrupted audit prints: everything a second run needs to read
 * exactly the codes the first did not, as base64url JSON (safe to paste in a shell).
 *
 * - `v`: the format version;
 * - `flags`: the flags that decide which codes are read and how they are judged, as the
 *   first run had them; a run with other flags would give a union that is no audit, so
 *   `--resume` refuses it and names the difference;
 * - `range`: the `created` range of the audit, whose upper end was fixed when the first run
 *   started (codes created since are out of scope, in the second run too);
 * - `windows`: every window still open, [gte, lte, cursor]: its range and the id of the last
 *   code read in it (null if none was).
 */
import { InputError } from '../errors.js';
import type { OpenWindow, SecondsRange } from './windows.js';

export const RESUME_TOKEN_VERSION = 1;

/** Flag name (as typed, e.g. "--coupon") -> its value as given, or "" for a switch. */
export type FlagFingerprint = Readonly<Record<string, string>>;

export interface ResumeState {
  readonly flags: FlagFingerprint;
  readonly range: SecondsRange;
  readonly windows: readonly OpenWindow[];
}

interface Wire {
  v: number;
  flags: Record<string, string>;
  range: [number, number];
  windows: Array<[number, number, string | null]>;
}

export function encodeResumeToken(state: ResumeState): string {
  const wire: Wire = {
    v: RESUME_TOKEN_VERSION,
    flags: sortedFlags(state.flags),
    range: [state.range.gte, state.range.lte],
    windows: state.windows.map((w) => [w.gte, w.lte, w.cursor]),
  };
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

const notOurs = (why: string): InputError =>
  new InputError(
    `--resume: this is not a token that promo-doctor audit printed (${why}); copy the whole token printed after --resume when the audit stopped.`,
  );

export function decodeResumeToken(token: string): ResumeState {
  const text = token.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw notOurs('it has characters base64url does not use');
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw notOurs('it does not decode to JSON');
  }
  if (!isWire(wire)) throw notOurs('its fields are not those of a resume token');
  if (wire.v !== RESUME_TOKEN_VERSION)
    throw new InputError(
      `--resume: the token is of format ${wire.v}; this promo-doctor reads format ${RESUME_TOKEN_VERSION}. Resume with the version that printed it.`,
    );
  const [gte, lte] = wire.range;
  for (const [wGte, wLte] of wire.windows) {
    if (wGte > wLte || wGte < gte || wLte > lte) throw notOurs('a window lies outside its range');
  }
  return {
    flags: wire.flags,
    range: { gte, lte },
    windows: wire.windows.map(([wGte, wLte, cursor]) => ({ gte: wGte, lte: wLte, cursor })),
  };
}

/** Refuses a token made with other flags, naming each difference. */
export function assertSameFlags(token: FlagFingerprint, current: FlagFingerprint): void {
  const names = [...new Set([...Object.keys(token), ...Object.keys(current)])].sort();
  const differences = names
    .filter((name) => token[name] !== current[name])
    .map((name) => `${name} ${describe(token[name])} then, ${describe(current[name])} now`);
  if (differences.length > 0) {
    throw new InputError(
      `--resume: the token was made with other flags (${differences.join('; ')}); give the same flags as the audit that printed it.`,
    );
  }
}

const describe = (value: string | undefined): string =>
  value === undefined ? 'absent' : value === '' ? 'given' : `"${value}"`;

function sortedFlags(flags: FlagFingerprint): Record<string, string> {
  return Object.fromEntries(Object.entries(flags).sort(([a], [b]) => a.localeCompare(b)));
}

const isSecond = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isWire(value: unknown): value is Wire {
  if (typeof value !== 'object' || value === null) return false;
  const w = value as Partial<Wire>;
  return (
    typeof w.v === 'number' &&
    typeof w.flags === 'object' &&
    w.flags !== null &&
    Object.values(w.flags).every((v) => typeof v === 'string') &&
    Array.isArray(w.range) &&
    w.range.length === 2 &&
    w.range.every(isSecond) &&
    Array.isArray(w.windows) &&
    w.windows.every(
      (x) =>
        Array.isArray(x) &&
        x.length === 3 &&
        isSecond(x[0]) &&
        isSecond(x[1]) &&
        (x[2] === null || (typeof x[2] === 'string' && /^promo_[A-Za-z0-9]+$/.test(x[2]))),
    )
  );
}
