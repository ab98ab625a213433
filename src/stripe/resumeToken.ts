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
 *   code read in it (null if none was), newest first;
 * - `sum`: a checksum (SHA-256, first 16 hex digits) over all of the above, flags included.
 *
 * Ids are opaque (src/format/ids.ts): a cursor is any Stripe-shaped id, never matched against
 * a pattern. What protects the token is its integrity instead: a token cut, retyped or edited
 * by hand fails the checksum and is refused before any request. The checksum is no secret (it
 * guards against accidents, not against someone who recomputes it), so the windows are also
 * checked for what the audit needs: inside the range, newest first, disjoint (two identical
 * windows would read every code twice) and at most MAX_RESUME_WINDOWS (each costs a request).
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { idProblem } from '../format/ids.js';
import type { OpenWindow, SecondsRange } from './windows.js';

export const RESUME_TOKEN_VERSION = 2;

/**
 * Windows a token may hold: an audit leaves open at most one per worker (32 at most) and the
 * pending ones its plan keeps, fewer than this (src/stripe/windows.ts, MAX_OPEN_WINDOWS).
 */
export const MAX_RESUME_WINDOWS = 64;

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
  sum: string;
}

/** The checksum of every field but `sum`, in a fixed order. */
function checksum(wire: Omit<Wire, 'sum'>): string {
  const canonical = JSON.stringify([wire.v, sortedFlags(wire.flags), wire.range, wire.windows]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 16);
}

export function encodeResumeToken(state: ResumeState): string {
  const fields = {
    v: RESUME_TOKEN_VERSION,
    flags: sortedFlags(state.flags),
    range: [state.range.gte, state.range.lte] as [number, number],
    windows: state.windows.map((w): [number, number, string | null] => [w.gte, w.lte, w.cursor]),
  };
  const wire: Wire = { ...fields, sum: checksum(fields) };
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
  const version = typeof wire === 'object' && wire !== null ? (wire as { v?: unknown }).v : undefined;
  if (typeof version === 'number' && version !== RESUME_TOKEN_VERSION)
    throw new InputError(
      `--resume: the token is of format ${version}; this promo-doctor reads format ${RESUME_TOKEN_VERSION}. Resume with the version that printed it.`,
    );
  if (!isWire(wire)) throw notOurs('its fields are not those of a resume token');
  if (checksum(wire) !== wire.sum) throw notOurs('its checksum does not match: it was cut or changed');
  const [gte, lte] = wire.range;
  if (gte > lte) throw notOurs('its range ends before it begins');
  if (wire.windows.length > MAX_RESUME_WINDOWS)
    throw notOurs(`it has ${wire.windows.length} windows, more than the ${MAX_RESUME_WINDOWS} an audit leaves`);
  let below = Number.POSITIVE_INFINITY;
  for (const [wGte, wLte] of wire.windows) {
    if (wGte > wLte || wGte < gte || wLte > lte) throw notOurs('a window lies outside its range');
    // Newest first and disjoint: each window ends below the one before begins.
    if (wLte >= below) throw notOurs('its windows overlap or are out of order');
    below = wGte;
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
    typeof w.sum === 'string' &&
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
        (x[2] === null || (typeof x[2] === 'string' && idProblem(x[2]) === null)),
    )
  );
}
