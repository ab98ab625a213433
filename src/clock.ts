/**
 * Time as the CLI sees it: one object handed down from the process shell, so every wait
 * (--max-rps spacing, retry back-off, Retry-After) and every duration (the audit's rate and
 * summary) reads the same clock, and a test can run them on a virtual one.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
