import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID } from '../server/modules/vetting/vetting.form.fixtures.ts';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;
let officer: Page;
let caseUrl: string;
let applicationId: string;
let reference: string;

beforeAll(async () => {
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe('a vetting officer works a case to a refusal that a second officer agrees (demo mode)', () => {
  it('a manager sponsors a member of staff, who fills the form and submits it', async () => {
    const manager = await signedInAsDemo(browser, vigil.url, 'police.manager', { javaScript: false });
    manager.setDefaultTimeout(30_000);
    await manager.goto(`${vigil.url}/vetting/sponsor`);
    await manager.getByLabel('Member of staff').selectOption({ label: 'Priya Patel' });
    await manager.getByLabel('NPPV2').check();
    await manager.getByLabel('Why does the role need access to the register?').fill('Manages registered offenders and must read the register');
    await manager.getByRole('button', { name: 'Ask for vetting' }).click();
    await manager.waitForURL('**/vetting/unit');
    await manager.context().close();

    const applicant = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: false });
    applicant.setDefaultTimeout(30_000);
    await applicant.goto(`${vigil.url}/vetting`);
    reference = (await applicant.getByRole('link', { name: /^VET-\d{6}$/ }).innerText()).trim();
    await applicant.getByRole('link', { name: /^VET-\d{6}$/ }).click();
    await applicant.waitForURL(/\/vetting\/applications\/[0-9a-f-]{36}$/);
    const application = applicant.url();
    applicationId = application.split('/').pop()!;
    const csrf = await applicant.locator('input[name="_csrf"]').first().inputValue();
    for (const section of ['personal', 'addresses', 'family', 'associates', 'convictions', 'finances', 'employment', 'disclosure', 'declaration']) {
      const res = await applicant.request.post(`${application}/sections/${section}`, { form: { _csrf: csrf, version: '0', action: 'continue', ...VALID[section]! } });
      expect(res.url(), section).toBe(application);
    }
    await applicant.goto(`${application}/check-answers`);
    await applicant.getByRole('button', { name: 'Submit application' }).click();
    await applicant.waitForURL(application);
    expect(await applicant.getByTestId('application-state').innerText()).toBe('Submitted');
    await applicant.context().close();
  });

  it('the officer finds it in the queue with its time limit, takes it and runs the checks (Simulated)', async () => {
    officer = await signedInAsDemo(browser, vigil.url, 'vetting.officer', { javaScript: true });
    officer.setDefaultTimeout(30_000);
    await officer.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Vetting casework' }).click();
    await officer.waitForURL(`${vigil.url}/vetting/casework`);
    await expectAccessible(officer);
    const row = officer.getByTestId('queue-row').filter({ hasText: reference });
    expect(await row.innerText()).toMatch(/Priya Patel\s+NPPV2\s+Submitted\s+Not taken\s+0 days of 30/);
    await row.getByRole('link', { name: reference, exact: true }).click();
    await officer.waitForURL(/\/vetting\/casework\/[0-9a-f-]{36}$/);
    caseUrl = officer.url();
    await expectAccessible(officer);

    await officer.getByRole('button', { name: 'Take this case and start checks' }).click();
    await officer.waitForURL(caseUrl);
    expect(await officer.getByTestId('case-state').innerText()).toBe('Checks');
    expect(await officer.getByTestId('subject-checks').nth(1).innerText()).toContain('Mother: Jo Example');
    expect(await officer.getByTestId('subject-checks').nth(1).innerText()).not.toContain('Credit reference');

    await officer.getByRole('link', { name: /Record Police National Computer \(PNC\) by hand for Applicant/ }).click();
    await officer.waitForURL('**/checks/applicant/pnc');
    await expectAccessible(officer);
    await officer.goto(caseUrl);

    await officer.getByTestId('run-checks').click();
    await officer.waitForURL(caseUrl);
    expect(await officer.locator('.govuk-notification-banner').innerText()).toMatch(/\d+ checks run through the Simulated connector/);
    expect(await officer.getByTestId('missing-checks').innerText()).toBe('Every required check is recorded.');
    expect(await officer.getByTestId('subject-checks').first().innerText()).toContain('Simulated');
    await expectAccessible(officer);
  });

  it('proposes refusal on a form posted without JavaScript, after the form said what to fix', async () => {
    await officer.getByRole('link', { name: 'Record the decision' }).click();
    await officer.waitForURL('**/decision');
    await expectAccessible(officer);
    await officer.getByRole('button', { name: 'Record the decision' }).click();
    await officer.waitForLoadState();
    const summary = await officer.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Choose the outcome');
    expect(summary).toContain('Enter the rationale');
    await expectAccessible(officer);

    const plain = await signedInAsDemo(browser, vigil.url, 'vetting.officer', { javaScript: false });
    plain.setDefaultTimeout(30_000);
    await plain.goto(`${caseUrl}/decision`);
    await plain.getByLabel('Propose refusal (a second vetting officer must agree)').check();
    await plain.getByLabel('C4: Honesty and disclosure', { exact: true }).check();
    await plain.getByRole('group', { name: 'Reason codes' }).getByLabel('Failure to disclose').check();
    await plain.getByRole('group', { name: 'Reason codes' }).getByLabel('Financial circumstances').check();
    await plain.getByRole('group', { name: 'Reasons the applicant may be told' }).getByLabel('Failure to disclose').check();
    await plain.getByLabel('Rationale', { exact: true }).fill('Synthetic journey rationale: a result was not disclosed on the form.');
    await plain.getByRole('button', { name: 'Record the decision' }).click();
    await plain.waitForURL(caseUrl);
    expect(await plain.locator('.govuk-notification-banner').innerText()).toContain('Refusal proposed');
    expect(await plain.getByTestId('waiting-second-officer').innerText()).toContain('another vetting officer must answer it');
    await plain.context().close();
  });

  it('a second officer agrees; the applicant sees the outcome, the reason that may be given and how to appeal', async () => {
    const second = await signedInAsDemo(browser, vigil.url, 'vetting.second', { javaScript: true });
    second.setDefaultTimeout(30_000);
    await second.goto(caseUrl);
    await expectAccessible(second);
    await second.getByLabel('Yes, I agree: refuse the application').check();
    await second.getByRole('button', { name: 'Send your answer' }).click();
    await second.waitForURL(caseUrl);
    expect(await second.getByTestId('case-state').innerText()).toBe('Refused');
    expect(await second.getByTestId('decision').first().innerText()).toContain('agreed by a second officer');
    await expectAccessible(second);
    await second.context().close();

    const applicant = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    applicant.setDefaultTimeout(30_000);
    await applicant.goto(`${vigil.url}/vetting/applications/${applicationId}/outcome`);
    expect(await applicant.getByTestId('outcome-panel').innerText()).toContain('Clearance refused');
    expect(await applicant.getByTestId('outcome-reason').innerText()).toContain('was not disclosed on your form');
    expect(await applicant.getByTestId('outcome-withheld').innerText()).toContain('There is another reason');
    expect(await applicant.locator('main').innerText()).not.toContain('Synthetic journey rationale');
    expect(await applicant.getByRole('link', { name: 'Appeal against this decision' }).getAttribute('href')).toBe(`/vetting/applications/${applicationId}/appeal`);
    await expectAccessible(applicant);
    await applicant.context().close();
    await officer.context().close();
  });
});
