/**
 * Colour is decided once, by the CLI, and handed down as a Chalk instance. Chalk itself
 * ignores NO_COLOR, so the decision is ours: off for --no-color, NO_COLOR, or a stdout that
 * is not a terminal (https://no-color.org).
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type Palette = ChalkInstance;

export function createPalette(enabled: boolean): Palette {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export function colourAllowed(opts: { flag: boolean; env: Record<string, string | undefined>; isTTY: boolean }): boolean {
  if (!opts.flag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  return opts.isTTY;
}
