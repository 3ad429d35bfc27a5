import { BusinessHours, localTime } from './business-hours.value-object';
import { InvalidCallHandling } from './call-handling.errors';

const weekdays = (from: string, to: string) =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, from, to }));

const paris = BusinessHours.parse({
  time_zone: 'Europe/Paris',
  weekly: weekdays('09:00', '17:30'),
  closed_dates: ['2026-12-25'],
});

function refusal(input: unknown): InvalidCallHandling {
  try {
    BusinessHours.parse(input);
  } catch (error) {
    if (error instanceof InvalidCallHandling) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('BusinessHours', () => {
  it('is open inside a range of the local weekday and closed outside it', () => {
    // Tuesday 1 December 2026: Paris is UTC+1 in winter.
    expect(paris.isOpenAt(new Date('2026-12-01T08:00:00Z'))).toBe(true); // 09:00 local
    expect(paris.isOpenAt(new Date('2026-12-01T07:59:00Z'))).toBe(false); // 08:59
    expect(paris.isOpenAt(new Date('2026-12-01T16:29:00Z'))).toBe(true); // 17:29
    expect(paris.isOpenAt(new Date('2026-12-01T16:30:00Z'))).toBe(false); // 17:30, the end
    expect(paris.isOpenAt(new Date('2026-12-05T10:00:00Z'))).toBe(false); // Saturday
  });

  it('is closed all day on a closed date, by the local date', () => {
    expect(paris.isOpenAt(new Date('2026-12-25T10:00:00Z'))).toBe(false); // Friday, Christmas
    expect(paris.isOpenAt(new Date('2026-12-24T10:00:00Z'))).toBe(true);
  });

  it('follows the zone across a daylight saving change: 09:00 local moves in UTC', () => {
    // Paris goes from UTC+1 to UTC+2 on Sunday 29 March 2026.
    expect(paris.isOpenAt(new Date('2026-03-27T08:00:00Z'))).toBe(true); // Fri 09:00 CET
    expect(paris.isOpenAt(new Date('2026-03-30T07:30:00Z'))).toBe(true); // Mon 09:30 CEST
    expect(paris.isOpenAt(new Date('2026-03-30T06:30:00Z'))).toBe(false); // Mon 08:30 CEST, 07:30 CET
    // New York's change is on 8 March: for two weeks it is 5 hours from Paris, not 6.
    const newYork = BusinessHours.parse({
      time_zone: 'America/New_York',
      weekly: weekdays('09:00', '17:00'),
    });
    expect(newYork.isOpenAt(new Date('2026-03-06T14:00:00Z'))).toBe(true); // Fri 09:00 EST
    expect(newYork.isOpenAt(new Date('2026-03-09T13:00:00Z'))).toBe(true); // Mon 09:00 EDT
    expect(newYork.isOpenAt(new Date('2026-03-09T12:59:00Z'))).toBe(false); // Mon 08:59 EDT
  });

  it('reads the local weekday and date where they differ from UTC', () => {
    expect(localTime('Pacific/Auckland', new Date('2026-12-04T12:30:00Z'))).toEqual({
      date: '2026-12-05',
      day: 'sat',
      minutes: 90, // 01:30 NZDT
    });
  });

  it('ends a day at 24:00 and is open all week with seven full days', () => {
    const always = BusinessHours.parse({
      time_zone: 'UTC',
      weekly: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
        day,
        from: '00:00',
        to: '24:00',
      })),
    });
    expect(always.isOpenAt(new Date('2026-06-07T23:59:00Z'))).toBe(true);
    expect(always.isOpenAt(new Date('2026-06-08T00:00:00Z'))).toBe(true);
  });

  it('refuses an unknown time zone, an offset, from after to and a date that does not exist, naming the field', () => {
    expect(refusal({ time_zone: 'Mars/Olympus_Mons', weekly: [] }).params.field).toBe(
      'business_hours.time_zone',
    );
    expect(refusal({ time_zone: '+01:00', weekly: [] }).params.field).toBe(
      'business_hours.time_zone',
    );
    expect(
      refusal({
        time_zone: 'UTC',
        weekly: [...weekdays('09:00', '17:00'), { day: 'sat', from: '18:00', to: '09:00' }],
      }).params.field,
    ).toBe('business_hours.weekly[5].to');
    expect(
      refusal({ time_zone: 'UTC', weekly: [{ day: 'mon', from: '9:00', to: '17:00' }] }).params
        .field,
    ).toBe('business_hours.weekly[0].from');
    expect(
      refusal({ time_zone: 'UTC', weekly: [{ day: 'monday', from: '09:00', to: '17:00' }] }).params
        .field,
    ).toBe('business_hours.weekly[0].day');
    expect(
      refusal({ time_zone: 'UTC', weekly: [], closed_dates: ['2026-02-30'] }).params.field,
    ).toBe('business_hours.closed_dates[0]');
    expect(refusal({ time_zone: 'UTC', weekly: [], open: true }).params.field).toBe(
      'business_hours.open',
    );
  });

  it('keeps equal hours equal whatever the order they were given in', () => {
    const a = BusinessHours.parse({
      time_zone: 'UTC',
      weekly: [
        { day: 'tue', from: '09:00', to: '12:00' },
        { day: 'mon', from: '09:00', to: '12:00' },
      ],
      closed_dates: ['2026-12-26', '2026-12-25', '2026-12-25'],
    });
    const b = BusinessHours.fromPrimitives(a.toPrimitives())!;
    expect(a.equals(b)).toBe(true);
    expect(a.toJSON()).toEqual({
      time_zone: 'UTC',
      weekly: [
        { day: 'mon', from: '09:00', to: '12:00' },
        { day: 'tue', from: '09:00', to: '12:00' },
      ],
      closed_dates: ['2026-12-25', '2026-12-26'],
    });
  });
});
