import { InvalidCallHandling } from './call-handling.errors';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const BUSINESS_HOURS_LIMITS = { ranges: 70, closedDates: 400 } as const;

export interface WeeklyRange {
  day: Weekday;
  /** "HH:MM", 00:00 to 23:59. */
  from: string;
  /** "HH:MM", after `from`; 24:00 for the end of the day. */
  to: string;
}

export interface BusinessHoursPrimitives {
  timeZone: string;
  weekly: WeeklyRange[];
  closedDates: string[];
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An IANA name (Area/Location, or UTC and its aliases): Intl also takes offsets such as
// "+01:00", which have no daylight saving rules and are not what a business means.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;

/** Intl's formatter of one zone, built once per zone (building one is the slow part). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * When a number takes calls: weekly ranges in an IANA time zone, and dates it is closed. The
 * local day and time of an instant come from Intl (the platform's time zone database), so
 * daylight saving changes are the database's business, not arithmetic here.
 */
export class BusinessHours {
  private constructor(private readonly primitives: BusinessHoursPrimitives) {}

  /** Checks input (the API's snake_case) named from `field`; InvalidCallHandling names the part. */
  static parse(input: unknown, field = 'business_hours'): BusinessHours {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new InvalidCallHandling(field, input, 'must be an object or null');
    }
    const given = input as Record<string, unknown>;
    const unknown = Object.keys(given).find(
      (key) => !['time_zone', 'weekly', 'closed_dates'].includes(key),
    );
    if (unknown) {
      throw new InvalidCallHandling(
        `${field}.${unknown}`,
        given[unknown],
        'is not a field of business hours',
      );
    }
    const timeZone = parseTimeZone(given.time_zone, `${field}.time_zone`);

    if (!Array.isArray(given.weekly)) {
      throw new InvalidCallHandling(`${field}.weekly`, given.weekly, 'must be a list of ranges');
    }
    if (given.weekly.length > BUSINESS_HOURS_LIMITS.ranges) {
      throw new InvalidCallHandling(
        `${field}.weekly`,
        given.weekly.length,
        `has at most ${BUSINESS_HOURS_LIMITS.ranges} ranges`,
      );
    }
    const weekly = given.weekly.map((range: unknown, i) =>
      parseRange(range, `${field}.weekly[${i}]`),
    );

    const closed = given.closed_dates ?? [];
    if (!Array.isArray(closed)) {
      throw new InvalidCallHandling(`${field}.closed_dates`, closed, 'must be a list of dates');
    }
    if (closed.length > BUSINESS_HOURS_LIMITS.closedDates) {
      throw new InvalidCallHandling(
        `${field}.closed_dates`,
        closed.length,
        `has at most ${BUSINESS_HOURS_LIMITS.closedDates} dates`,
      );
    }
    const closedDates = closed.map((date: unknown, i) =>
      parseDate(date, `${field}.closed_dates[${i}]`),
    );
    return new BusinessHours(canonical({ timeZone, weekly, closedDates }));
  }

  static parseOptional(input: unknown, field = 'business_hours'): BusinessHours | null {
    return input === null || input === undefined ? null : BusinessHours.parse(input, field);
  }

  static fromPrimitives(primitives: BusinessHoursPrimitives | null): BusinessHours | null {
    return primitives ? new BusinessHours(canonical(primitives)) : null;
  }

  toPrimitives(): BusinessHoursPrimitives {
    return {
      timeZone: this.primitives.timeZone,
      weekly: this.primitives.weekly.map((range) => ({ ...range })),
      closedDates: [...this.primitives.closedDates],
    };
  }

  get timeZone(): string {
    return this.primitives.timeZone;
  }

  /** Whether a call at this instant is within hours: not on a closed date, inside a range of its day. */
  isOpenAt(instant: Date): boolean {
    const local = localTime(this.primitives.timeZone, instant);
    if (this.primitives.closedDates.includes(local.date)) return false;
    return this.primitives.weekly.some(
      (range) =>
        range.day === local.day &&
        minutes(range.from) <= local.minutes &&
        local.minutes < minutes(range.to),
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      time_zone: this.primitives.timeZone,
      weekly: this.primitives.weekly.map((range) => ({ ...range })),
      closed_dates: [...this.primitives.closedDates],
    };
  }

  equals(other: BusinessHours | null): boolean {
    return other !== null && JSON.stringify(other.primitives) === JSON.stringify(this.primitives);
  }

  static same(a: BusinessHours | null, b: BusinessHours | null): boolean {
    return a === null ? b === null : a.equals(b);
  }
}

/** The local date (YYYY-MM-DD), weekday and minute of the day of an instant in a zone. */
export function localTime(
  timeZone: string,
  instant: Date,
): { date: string; day: Weekday; minutes: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: parts.weekday!.toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function parseTimeZone(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 64 || !IANA_NAME.test(value)) {
    throw new InvalidCallHandling(field, value, 'must be an IANA time zone such as Europe/Paris');
  }
  try {
    // Intl refuses a name its time zone database does not know (RangeError).
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidCallHandling(field, value, 'is not a time zone Loquent knows (IANA names)');
  }
}

function parseRange(value: unknown, field: string): WeeklyRange {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCallHandling(field, value, 'must be {day, from, to}');
  }
  const given = value as Record<string, unknown>;
  const unknown = Object.keys(given).find((key) => !['day', 'from', 'to'].includes(key));
  if (unknown)
    throw new InvalidCallHandling(
      `${field}.${unknown}`,
      given[unknown],
      'is not a field of a range',
    );
  if (typeof given.day !== 'string' || !(WEEKDAYS as readonly string[]).includes(given.day)) {
    throw new InvalidCallHandling(
      `${field}.day`,
      given.day,
      `must be one of ${WEEKDAYS.join(', ')}`,
    );
  }
  if (typeof given.from !== 'string' || !TIME.test(given.from)) {
    throw new InvalidCallHandling(
      `${field}.from`,
      given.from,
      'must be a time HH:MM (00:00 to 23:59)',
    );
  }
  if (typeof given.to !== 'string' || !(TIME.test(given.to) || given.to === '24:00')) {
    throw new InvalidCallHandling(`${field}.to`, given.to, 'must be a time HH:MM (00:01 to 24:00)');
  }
  if (minutes(given.to) <= minutes(given.from)) {
    throw new InvalidCallHandling(
      `${field}.to`,
      given.to,
      `must be after from (${given.from}); split a range past midnight in two days`,
    );
  }
  return { day: given.day as Weekday, from: given.from, to: given.to };
}

function parseDate(value: unknown, field: string): string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day
    ) {
      return value as string;
    }
  }
  throw new InvalidCallHandling(field, value, 'must be a date YYYY-MM-DD');
}

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** One order for equal hours: ranges by day then time, dates sorted without repeats. */
function canonical(p: BusinessHoursPrimitives): BusinessHoursPrimitives {
  const weekly = p.weekly
    .map((range) => ({ day: range.day, from: range.from, to: range.to }))
    .sort(
      (a, b) =>
        WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) ||
        a.from.localeCompare(b.from) ||
        a.to.localeCompare(b.to),
    );
  return { timeZone: p.timeZone, weekly, closedDates: [...new Set(p.closedDates)].sort() };
}
