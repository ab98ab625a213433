/**
 * How wide human output may be. On a terminal: its width, read from the stream. Not on a
 * terminal (a pipe, a file, a ticket): no wrapping, so each sentence stays on one line for
 * grep, and the page or editor that shows it wraps it to its own width; COLUMNS, when set,
 * asks for a width anyway (as `ls` honours it).
 */
export function outputWidth(
  stdout: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): number | null {
  if (stdout.isTTY) return typeof stdout.columns === 'number' && stdout.columns > 0 ? Math.max(stdout.columns, 40) : 80;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? Math.max(columns, 40) : null;
}
