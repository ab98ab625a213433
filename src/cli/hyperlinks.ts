/**
 * Whether the terminal shows OSC 8 hyperlinks. Ours to decide first: never off a terminal and
 * never without colour (--no-color, NO_COLOR, a pipe), since a terminal that is told to keep
 * plain text should get plain text. Then the terminal's support, as `supports-hyperlinks`
 * (sindresorhus, the detection chalk's ecosystem uses) reads it from TERM_PROGRAM, VTE_VERSION,
 * WT_SESSION, CI and FORCE_HYPERLINK. It reads `process.env` itself, which is the Runtime's
 * environment in the binary. Loaded only when the first two say yes, so a pipe never pays for it.
 */
import type { Writable } from 'node:stream';

export async function hyperlinksAllowed(stream: Writable & { isTTY?: boolean }, colour: boolean): Promise<boolean> {
  if (!colour || stream.isTTY !== true) return false;
  const { createSupportsHyperlinks } = await import('supports-hyperlinks');
  return createSupportsHyperlinks(stream as NodeJS.WriteStream);
}
