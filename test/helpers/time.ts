/**
 * The one reference time of the tests that pin the clock with --at or a context:
 * 2026-06-01T00:00:00Z. Builders and generated accounts create objects from 2025 on.
 */
export const AT = Date.UTC(2026, 5, 1) / 1000;
export const AT_ISO = '2026-06-01T00:00:00Z';

/** The flag that pins a command's clock: `['--at', when]`, by default at AT_ISO. */
export function atFlag(when: string = AT_ISO): readonly ['--at', string] {
  return ['--at', when];
}

/** `--at 2026-06-01T00:00:00Z`, spread into a command line (`[...AT_FLAG]`); files import it as AT. */
export const AT_FLAG = atFlag();
export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
