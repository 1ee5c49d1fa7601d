import { describe, expect, it } from 'vitest';
import { CHECK_KINDS, connectorLabel, missingChecks, missingText, requiredChecks, simulatedConnector, type CheckSubject } from './vetting.checks.ts';
import { relationshipKind } from './vetting.form.questions.ts';

const subject = (n: number): CheckSubject => ({ key: `relative:${n}`, label: `Relative: Synthetic Person ${n}`, kind: 'relative', name: `Synthetic Person ${n}`, dateOfBirth: `19${50 + (n % 49)}-0${1 + (n % 9)}-1${n % 10}` });

describe('the simulated connector', () => {
  it('gives the same result for the same subject and check, every time', async () => {
    for (let n = 0; n < 20; n++) {
      for (const kind of CHECK_KINDS) {
        const first = await simulatedConnector.run(subject(n), kind);
        expect(await simulatedConnector.run({ ...subject(n) }, kind)).toEqual(first);
      }
    }
  });

  it('is decided by name and date of birth, a small share adverse, and says it is simulated', async () => {
    const results = await Promise.all(Array.from({ length: 400 }, (_, n) => simulatedConnector.run(subject(n), 'pnc')));
    const adverse = results.filter((r) => r.result === 'adverse').length;
    expect(adverse).toBeGreaterThan(0);
    expect(adverse).toBeLessThan(40);
    expect(results.filter((r) => r.result === 'no-trace').length).toBeGreaterThan(280);
    expect(results.every((r) => r.summary.includes('Simulated') && r.summary.includes('Not a real search'))).toBe(true);
    const other = await Promise.all(Array.from({ length: 50 }, (_, n) => simulatedConnector.run({ ...subject(n), dateOfBirth: '2001-01-01' }, 'pnc')));
    expect(other.map((r) => r.result)).not.toEqual(results.slice(0, 50).map((r) => r.result));
    expect(connectorLabel(simulatedConnector.name)).toBe('Simulated');
  });
});

describe('required checks', () => {
  it('credit reference only for the applicant and the partner', () => {
    expect(requiredChecks({ kind: 'applicant' })).toEqual([...CHECK_KINDS]);
    expect(requiredChecks({ kind: 'partner' })).toContain('credit');
    expect(requiredChecks({ kind: 'relative' })).toEqual(['pnc', 'pnd', 'local-intelligence', 'special-branch']);
    expect(requiredChecks({ kind: 'co-resident' })).not.toContain('credit');
  });

  it('says which checks are missing on whom', () => {
    const subjects: CheckSubject[] = [{ key: 'applicant', label: 'Applicant: Sam', kind: 'applicant' }, { key: 'relative:m', label: 'Mother: Jo', kind: 'relative' }];
    const recorded = [...CHECK_KINDS.map((kind) => ({ subject_key: 'applicant', kind })), { subject_key: 'relative:m', kind: 'pnc' }];
    const missing = missingChecks(subjects, recorded);
    expect(missing).toHaveLength(1);
    expect(missingText(missing)).toBe('Mother: Jo: Police National Database (PND), Local intelligence, Special branch (counter-terrorism)');
    expect(missingChecks(subjects, [...recorded, ...['pnd', 'local-intelligence', 'special-branch'].map((kind) => ({ subject_key: 'relative:m', kind }))])).toEqual([]);
  });
});

describe('a relative who entered their own details', () => {
  it('is checked as a partner only when they describe themselves as one, not as a partner\'s relative', () => {
    for (const words of ['Partner', 'my partner', 'Spouse', 'Wife', 'husband', 'Civil partner']) expect(relationshipKind(words), words).toBe('partner');
    for (const words of ["My partner's mother", 'Partner’s father', 'Father', "A parent's partner", 'Sister']) expect(relationshipKind(words), words).toBe('relative');
    for (const words of ['Co-resident', 'I live with them', 'Lodger']) expect(relationshipKind(words), words).toBe('co-resident');
  });
});
