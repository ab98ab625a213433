/**
 * The one reference time of the tests that pin the clock with --at or a context:
 * 2026-06-01T00:00:00Z. Builders and generated accounts create objects from 2025 on.
 */
export const AT = Date.UTC(2026, 5, 1) / 1000;
export const AT_ISO = '2026-06-01T00:00:00Z';
export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
