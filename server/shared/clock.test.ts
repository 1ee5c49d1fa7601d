import { describe, expect, it } from 'vitest';
import { addDays, fixedClock, testClock, ukMidday, ukToday } from './clock.ts';

describe('ukToday', () => {
  it('is the day in London, not in UTC', () => {
    // Summer: 23:30 UTC is already 00:30 the next day in London.
    expect(ukToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(ukToday(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
    // Winter: London is on UTC.
    expect(ukToday(new Date('2026-12-08T23:59:00Z'))).toBe('2026-12-08');
    expect(ukToday(new Date('2026-12-09T00:01:00Z'))).toBe('2026-12-09');
  });

  it('is right either side of the clocks changing', () => {
    // Forward at 01:00 UTC on 28 March 2027; back at 01:00 UTC on 25 October 2026.
    expect(ukToday(new Date('2027-03-27T23:59:00Z'))).toBe('2027-03-27');
    expect(ukToday(new Date('2027-03-28T00:59:00Z'))).toBe('2027-03-28');
    expect(ukToday(new Date('2027-03-28T23:30:00Z'))).toBe('2027-03-29');
    expect(ukToday(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(ukToday(new Date('2026-10-25T00:59:00Z'))).toBe('2026-10-25');
    expect(ukToday(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });
});

describe('addDays', () => {
  it('counts calendar days, across month ends, leap days and clock changes', () => {
    expect(addDays('2026-12-08', 180)).toBe('2027-06-06');
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('ukMidday', () => {
  it('is 12:00 in London, in winter and in summer', () => {
    expect(ukMidday('2026-12-08').toISOString()).toBe('2026-12-08T12:00:00.000Z');
    expect(ukMidday('2026-07-01').toISOString()).toBe('2026-07-01T11:00:00.000Z');
    expect(ukMidday('2027-03-28').toISOString()).toBe('2027-03-28T11:00:00.000Z');
    expect(ukMidday('2026-10-25').toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('stays on the right UK day when whole days are added as 24-hour steps across a clock change', () => {
    const noon = ukMidday('2026-12-08').getTime();
    expect(ukToday(new Date(noon + 180 * 86_400_000))).toBe(addDays('2026-12-08', 180));
    expect(ukToday(new Date(noon - 60 * 86_400_000))).toBe(addDays('2026-12-08', -60));
  });
});

describe('test clocks', () => {
  it('reads what it was set to, moves on, and can be set and advanced', () => {
    const clock = testClock('2026-12-08T12:00:00Z');
    const first = clock.now().getTime();
    expect(first - Date.parse('2026-12-08T12:00:00Z')).toBeLessThan(1_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(first);
    clock.advance(86_400_000);
    expect(ukToday(clock.now())).toBe('2026-12-09');
    clock.set('2027-03-28T00:59:00Z');
    expect(ukToday(clock.now())).toBe('2027-03-28');
  });

  it('a fixed clock never moves', () => {
    const clock = fixedClock('2026-10-25T00:59:00Z');
    expect(clock.now().toISOString()).toBe('2026-10-25T00:59:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-10-25T00:59:00.000Z');
  });
});
