/**
 * `--history`: the account's events of the 30 days Stripe keeps, read once per command in
 * parallel with its first round trip (at most two requests, src/stripe/reader.ts `events`),
 * then narrowed to the object asked about once it is known.
 */
import {
  EVENT_RETENTION_SECONDS,
  eventHistory,
  eventsAbout,
  HISTORY_EVENT_TYPES,
  type EventHistory,
  type HistorySubject,
} from '../model/events.js';
import type { EventPages, StripeReader } from '../stripe/reader.js';

/** The pages of events, or null when `--history` was not asked for. */
export function readEventPages(reader: StripeReader, wanted: boolean, readAt: number): Promise<EventPages | null> {
  return wanted ? reader.events(HISTORY_EVENT_TYPES, readAt - EVENT_RETENTION_SECONDS) : Promise.resolve(null);
}

/** The history of one subject, out of the pages read at `readAt`. */
export function historyOf(pages: EventPages | null, subject: HistorySubject, readAt: number): EventHistory | null {
  return pages === null ? null : eventHistory(eventsAbout(pages.events, subject), readAt, pages.complete);
}
