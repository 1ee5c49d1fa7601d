import { describe, expect, it } from 'vitest';
import { DEFAULT_CLEARANCE_YEARS } from './vetting.clearance.ts';
import { DEFAULT_RETENTION_YEARS, retentionDue, type RetentionFacts } from './vetting.retention.ts';

const d = (iso: string) => new Date(`${iso}T12:00:00Z`);
const facts = (over: Partial<RetentionFacts>): RetentionFacts => ({ state: 'granted', level: 'NPPV2', decided_at: d('2020-01-10'), last_move_at: d('2020-01-10'), clearance_expires_at: null, clearance_withdrawn_at: null, override_expires_at: null, last_appeal_decided_at: null, ...over });
const due = (over: Partial<RetentionFacts>) => {
  const r = retentionDue(facts(over), DEFAULT_RETENTION_YEARS, DEFAULT_CLEARANCE_YEARS);
  return r && { rule: r.rule, due: r.due.toISOString().slice(0, 10) };
};

describe('the retention schedule', () => {
  it('keeps a granted application a year after its clearance ends: expiry, withdrawal, or its own term once renewed', () => {
    expect(due({ clearance_expires_at: d('2023-01-10') })).toEqual({ rule: 'granted', due: '2024-01-10' });
    expect(due({ clearance_expires_at: d('2023-01-10'), clearance_withdrawn_at: d('2021-06-01') })).toEqual({ rule: 'granted', due: '2022-06-01' });
    expect(due({ state: 'granted-with-conditions', level: 'NPPV3' })).toEqual({ rule: 'granted', due: '2026-01-10' });
  });

  it('keeps a refusal two years after the later of the decision and the appeal', () => {
    expect(due({ state: 'refused' })).toEqual({ rule: 'refused', due: '2022-01-10' });
    expect(due({ state: 'appeal-dismissed', last_move_at: d('2020-03-01'), last_appeal_decided_at: d('2020-03-01') })).toEqual({ rule: 'refused', due: '2022-03-01' });
  });

  it('keeps withdrawn and discontinued applications a year; an override six years after its clearance ends', () => {
    expect(due({ state: 'withdrawn', decided_at: null, last_move_at: d('2020-05-05') })).toEqual({ rule: 'withdrawn', due: '2021-05-05' });
    expect(due({ state: 'discontinued' })).toEqual({ rule: 'withdrawn', due: '2021-01-10' });
    expect(due({ state: 'appeal-dismissed', override_expires_at: d('2021-01-10') })).toEqual({ rule: 'override', due: '2027-01-10' });
  });

  it('never erases an application still in progress', () => {
    for (const state of ['sponsored', 'in-progress', 'submitted', 'returned', 'checks', 'refusal-proposed', 'appealed']) expect(due({ state })).toBeNull();
  });
});
