/**
 * Times as a person reads them: ISO 8601 in UTC, with a hint relative to the evaluation
 * time ("3 days ago", "in 5 hours"). Inputs are unix seconds, as Stripe writes them.
 */

export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days" for 259200 seconds; whole units, the largest that fits at least once (months only past 60 days). */
export function spanText(seconds: number): string {
  const abs = Math.abs(seconds);
  for (const [unit, size] of UNITS) {
    // Below two months, weeks and days read better than "1 month".
    if (unit === 'month' && abs < 60 * 86400) continue;
    if (unit === 'week' && abs < 14 * 86400) continue;
    if (abs >= size) {
      const count = Math.floor(abs / size);
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return 'less than a minute';
}

/** "3 days ago" / "in 3 days" / "now", relative to `at`. */
export function relativeTime(unixSeconds: number, at: number): string {
  const delta = unixSeconds - at;
  if (Math.abs(delta) < 60) return 'now';
  return delta < 0 ? `${spanText(delta)} ago` : `in ${spanText(delta)}`;
}

/** A configured duration, stated exactly: "36 hours", "7 days", "2 weeks", "90 minutes". */
export function durationText(seconds: number): string {
  const units: ReadonlyArray<readonly [string, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const [unit, size] = units.find(([, s]) => seconds % s === 0 && seconds >= s) ?? ['second', 1];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "2026-11-22", or "2026-07-14 11:36 UTC" when the time is not midnight UTC: a date as a person writes it. */
export function dayText(unixSeconds: number): string {
  const iso = isoTime(unixSeconds);
  return iso.endsWith('T00:00:00Z') ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2026-03-01 (8 months ago)". */
export function dayWithHint(unixSeconds: number, at: number): string {
  return `${dayText(unixSeconds)} (${relativeTime(unixSeconds, at)})`;
}

/** "2026-03-01T00:00:00Z (8 months ago)". */
export function timeWithHint(unixSeconds: number, at: number): string {
  return `${isoTime(unixSeconds)} (${relativeTime(unixSeconds, at)})`;
}

/** A `--warn-within` style duration ("7d", "36h", "2w", "90m", "45s") in seconds; null if malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*(s|m|h|d|w)$/i.exec(text.trim());
  if (!match) return null;
  const factor = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[match[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * factor;
}
