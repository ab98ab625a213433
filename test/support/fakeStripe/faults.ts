/** Injected misbehaviour, matched against requests in the order faults were added. */

export type FaultKind = 'latency' | 'status' | 'hang' | 'reset' | 'malformed_json' | 'empty_body' | 'html';

export interface Fault {
  method?: string;
  /** A string must equal the request's path (no query string); a RegExp is tested against it. */
  path?: string | RegExp;
  /** How many matching requests the fault applies to. Default 1; Infinity allowed. */
  times?: number;
  kind: FaultKind;
  /** Delay before answering normally (kind 'latency'). */
  ms?: number;
  /** Status for 'status' (default 500) and 'html' (default 502). */
  status?: number;
  /** Seconds, sent as a Retry-After header. */
  retryAfter?: number;
}

interface PendingFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: Fault): void {
    this.pending.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  /** The first fault still in force that matches the request, consuming one of its uses. */
  take(method: string, path: string): Fault | undefined {
    const entry = this.pending.find((candidate) => candidate.remaining > 0 && matches(candidate.fault, method, path));
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.path === undefined) return true;
  if (typeof fault.path === 'string') return fault.path === path;
  fault.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
  return fault.path.test(path);
}
