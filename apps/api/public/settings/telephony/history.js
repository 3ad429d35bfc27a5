import { formatPhoneNumber, shortUrl } from './format.js';

/**
 * A number's events and call handling in plain words: what each change did, by whom. Pure (no
 * DOM), so the page and its tests read the same sentences.
 */

const DAY_NAMES = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

function quoted(value) {
  return `“${value}”`;
}

function renamed(before, after) {
  const from = before?.friendly_name ?? null;
  const to = after?.friendly_name ?? null;
  if (from && to) return `Renamed from ${quoted(from)} to ${quoted(to)}`;
  if (to) return `Named ${quoted(to)}`;
  if (from) return `Name ${quoted(from)} cleared`;
  return 'Renamed';
}

function agentAssigned(before, after, agentName) {
  const name = (id) => agentName(id) ?? `agent ${id.slice(0, 8)}`;
  const from = before?.agent_id ?? null;
  const to = after?.agent_id ?? null;
  if (from && to) return `Agent changed from ${name(from)} to ${name(to)}`;
  if (to) return `Answered by ${name(to)}`;
  if (from) return `Agent ${name(from)} taken off: no agent answers`;
  return 'Agent changed';
}

/** The fallback in a few words: what a caller the agent does not take gets. */
export function describeFallback(fallback) {
  if (!fallback) return 'None of its own (the organization’s default, else a short apology)';
  switch (fallback.action) {
    case 'dial':
      return `Forwarded to ${formatPhoneNumber(fallback.number)}, ringing ${fallback.timeout_s ?? 30} s`;
    case 'say':
      return `Told ${quoted(fallback.message)}`;
    case 'voicemail':
      return fallback.greeting
        ? `Voicemail after ${quoted(fallback.greeting)}, up to ${fallback.max_length_s ?? 120} s`
        : `Voicemail, up to ${fallback.max_length_s ?? 120} s`;
    default:
      return String(fallback.action);
  }
}

/** Business hours in a few words: the zone and the weekly ranges, or always open. */
export function describeHours(hours) {
  if (!hours) return 'Always open';
  const days = new Map();
  for (const range of hours.weekly ?? []) {
    const list = days.get(range.day) ?? [];
    list.push(`${range.from}–${range.to}`);
    days.set(range.day, list);
  }
  const weekly = [...days].map(([day, ranges]) => `${DAY_NAMES[day] ?? day} ${ranges.join(', ')}`);
  const closed = hours.closed_dates?.length ? `; closed ${hours.closed_dates.join(', ')}` : '';
  return `${weekly.length ? weekly.join('; ') : 'Closed every day'} (${hours.time_zone})${closed}`;
}

function callHandlingChanged(before, after) {
  const said = [];
  if (JSON.stringify(before?.fallback ?? null) !== JSON.stringify(after?.fallback ?? null)) {
    said.push(
      after?.fallback
        ? `fallback set: ${describeFallback(after.fallback)}`
        : 'own fallback cleared',
    );
  }
  if (
    JSON.stringify(before?.business_hours ?? null) !== JSON.stringify(after?.business_hours ?? null)
  ) {
    said.push(
      after?.business_hours
        ? `business hours set: ${describeHours(after.business_hours)}`
        : 'business hours cleared: always open',
    );
  }
  return said.length ? `Call handling changed: ${said.join('; ')}` : 'Call handling changed';
}

/** What an event did, in a sentence without its final stop. */
export function describeEvent(event, agentName = () => null) {
  const before = event.data?.before ?? null;
  const after = event.data?.after ?? null;
  switch (event.type) {
    case 'phone_number.purchased':
      return 'Bought at Twilio and added to Loquent';
    case 'phone_number.imported':
      return 'Imported from the Twilio account';
    case 'phone_number.renamed':
      return renamed(before, after);
    case 'phone_number.agent_assigned':
      return agentAssigned(before, after, agentName);
    case 'phone_number.call_handling_changed':
      return callHandlingChanged(before, after);
    case 'phone_number.voice_url_configured':
      return before?.voice_url
        ? `Voice URL pointed at Loquent (it was ${shortUrl(before.voice_url)})`
        : 'Voice URL pointed at Loquent';
    case 'phone_number.voice_url_configuration_failed':
      return 'Pointing the voice URL at Loquent failed';
    case 'phone_number.voice_url_restored':
      return after?.voice_url
        ? `Previous voice URL restored: calls go to ${shortUrl(after.voice_url)}`
        : 'Previous voice URL restored: it had none';
    case 'phone_number.removed':
      return 'Removed from Loquent, kept in the Twilio account';
    case 'phone_number.released':
      return 'Released at Twilio and removed from Loquent';
    case 'phone_number.voice_url_drifted':
      return after?.voice_url
        ? `Voice URL changed outside Loquent, to ${shortUrl(after.voice_url)}`
        : 'Voice URL removed outside Loquent';
    case 'phone_number.missing_from_account':
      return 'No longer found in the Twilio account';
    default:
      return `Event ${event.type}`;
  }
}

/** Who did it: you, the system's own work, or the token's subject. */
export function describeActor(actor, self) {
  if (!actor) return 'unknown';
  if (self && actor === self) return 'you';
  if (actor === 'system:reconciler') return 'Loquent, finishing an interrupted purchase';
  if (actor === 'system:drift-check') return 'the scheduled voice URL check';
  return actor;
}
