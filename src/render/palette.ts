/**
 * Colour is decided once, by the CLI, and handed down as a Chalk instance. Chalk itself
 * ignores NO_COLOR, so the decision is ours: off for --no-color, NO_COLOR, or a stdout that
 * is not a terminal (https://no-color.org).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckStatus } from '../rules/diagnose.js';

export type Palette = ChalkInstance;

/** The one colour of each check status and severity, for every human output. */
export function paintStatus(p: Palette, status: CheckStatus, text: string): string {
  switch (status) {
    case 'blocking':
      return p.red(text);
    case 'conditional':
    case 'warning':
      return p.yellow(text);
    case 'info':
      return p.cyan(text);
    case 'pass':
      return p.green(text);
    case 'not_applicable':
      return p.dim(text);
  }
}

export function createPalette(enabled: boolean): Palette {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export function colourAllowed(opts: { flag: boolean; env: Record<string, string | undefined>; isTTY: boolean }): boolean {
  if (!opts.flag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  return opts.isTTY;
}
