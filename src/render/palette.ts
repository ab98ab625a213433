/**
 * Colour is decided once, by the CLI, and handed down as a Chalk instance. Chalk itself
 * ignores NO_COLOR, so the decision is ours, in this order:
 * - `--no-color`, or `NO_COLOR` set and not empty: no colour (https://no-color.org);
 * - `FORCE_COLOR` (not "0" or "false") or `CLICOLOR_FORCE` (not "0"): colour, even into a
 *   pipe, as chalk users and the Stripe CLI expect (https://bixense.com/clicolors/);
 * - `CLICOLOR=0`, or `FORCE_COLOR=0`: no colour;
 * - otherwise colour only when stdout is a terminal.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { RuleStatus } from '../rules/diagnose.js';

export type Palette = ChalkInstance;

/** The one colour of each check status and severity, for every human output. */
export function paintStatus(p: Palette, status: RuleStatus | 'none', text: string): string {
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
    case 'none':
      return p.dim(text);
  }
}

export function createPalette(enabled: boolean): Palette {
  return new Chalk({ level: enabled ? 1 : 0 });
}

const set = (value: string | undefined): value is string => value !== undefined && value !== '';

export function colourAllowed(opts: {
  flag: boolean;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}): boolean {
  const { env } = opts;
  if (!opts.flag) return false;
  if (set(env.NO_COLOR)) return false;
  const forceColor = env.FORCE_COLOR;
  if (forceColor !== undefined && forceColor !== '0' && forceColor.toLowerCase() !== 'false') return true;
  if (set(env.CLICOLOR_FORCE) && env.CLICOLOR_FORCE !== '0') return true;
  if (forceColor === '0' || forceColor?.toLowerCase() === 'false' || env.CLICOLOR === '0') return false;
  return opts.isTTY;
}
