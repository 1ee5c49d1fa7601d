import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext } from './support/browser.ts';
import { signedInAsDemo } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;

beforeAll(async () => {
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

// Each step its own test, so that a slow machine gets time per step. axe needs JavaScript in the
// page, so the relative's pages are checked in a context with it, and the form is sent from one
// without it (the relative's form must work as a plain form post).
let applicant: Page;
let applicationUrl: string;
let link: string;

describe("a relative gives their own details through the applicant's private link (demo mode)", () => {
  it('a manager asks for vetting and the applicant starts the form', async () => {
    const manager = await signedInAsDemo(browser, vigil.url, 'police.manager');
    manager.setDefaultTimeout(30_000);
    await manager.goto(`${vigil.url}/vetting/sponsor`);
    await manager.getByLabel('Member of staff').selectOption({ label: 'Priya Patel' });
    await manager.getByLabel('NPPV2').check();
    await manager.getByLabel('Why does the role need access to the register?').fill('Offender manager who reads and updates register records every day.');
    await manager.getByRole('button', { name: 'Ask for vetting' }).click();
    await manager.waitForURL('**/vetting/unit');
    await manager.context().close();

    applicant = await signedInAsDemo(browser, vigil.url, 'police.officer');
    applicant.setDefaultTimeout(30_000);
    await applicant.goto(`${vigil.url}/vetting`);
    await applicant.getByRole('link', { name: /^VET-\d{6}$/ }).first().click();
    await applicant.waitForURL(/\/vetting\/applications\/[0-9a-f-]{36}$/);
    applicationUrl = applicant.url();
    // The first save starts the form, which is when links can be made.
    await applicant.locator('.govuk-task-list a').first().click();
    await applicant.getByRole('button', { name: 'Save and come back later' }).click();
    await applicant.waitForURL(applicationUrl);
  });

  it('the applicant makes a link for their father, shown once', async () => {
    await applicant.getByRole('link', { name: 'Send a relative or co-resident a private link' }).click();
    await applicant.waitForURL('**/relatives');
    await expectAccessible(applicant);
    await applicant.getByRole('button', { name: 'Make a link' }).click();
    await applicant.waitForLoadState();
    expect(await applicant.locator('.govuk-error-summary').innerText()).toContain('Enter who the link is for');
    await expectAccessible(applicant);
    await applicant.getByLabel('Who is the link for?').fill('my father');
    await applicant.getByRole('button', { name: 'Make a link' }).click();
    await applicant.getByRole('heading', { name: 'Link made' }).waitFor();
    await expectAccessible(applicant);
    link = (await applicant.getByTestId('relative-link').innerText()).trim();
    expect(link).toMatch(/\/vetting\/relative\/[A-Za-z0-9_-]{43}$/);
  });

  it('the relative, with no account, reads the privacy notice and sends their details without JavaScript', async () => {
    const checked = await (await newContext(browser, { javaScript: true })).newPage();
    await checked.goto(link);
    await expect(checked.getByRole('heading', { name: 'How we use your information' }).isVisible()).resolves.toBe(true);
    await expectAccessible(checked);
    await checked.context().close();

    const relative = await (await newContext(browser, { javaScript: false })).newPage();
    relative.setDefaultTimeout(30_000);
    await relative.goto(link);
    for (const heading of ['Who we are', 'Our lawful basis', 'What checks we make', 'Who sees it', 'How long we keep it', 'Your rights', 'How to object']) {
      expect(await relative.getByRole('heading', { name: heading }).count()).toBe(1);
    }
    await relative.getByRole('button', { name: 'Send my details' }).click();
    await relative.waitForLoadState();
    expect(await relative.locator('.govuk-error-summary').innerText()).toContain('Enter your family name (surname)');
    await relative.getByLabel('Family name (surname)').fill('Patel');
    await relative.getByLabel('Given names').fill('Ravi');
    await relative.getByLabel('Names you have used before').fill('None');
    const dob = relative.getByRole('group', { name: 'Date of birth' });
    await dob.getByLabel('Day').fill('12');
    await dob.getByLabel('Month').fill('6');
    await dob.getByLabel('Year').fill('1955');
    await relative.getByLabel('Place of birth').fill('Leicester, England');
    await relative.getByLabel('Your current address').fill('2 Synthetic Close, Exampletown');
    await relative.getByLabel('Postcode').fill('EX2 2BB');
    await relative.getByLabel('Nationality').fill('British');
    await relative.getByRole('button', { name: 'Send my details' }).click();
    await relative.waitForURL('**/vetting/relative-sent');
    expect(await relative.getByRole('heading', { name: 'Details sent' }).count()).toBe(1);

    const again = await relative.goto(link);
    expect(again?.status()).toBe(410);
    expect(await relative.getByTestId('link-problem').innerText()).toBe('This link has already been used');
    await relative.context().close();

    const reused = await (await newContext(browser, { javaScript: true })).newPage();
    await reused.goto(link);
    await expectAccessible(reused);
    await reused.context().close();
  });

  it('the applicant sees only that the link was used, never the details', async () => {
    await applicant.goto(`${applicationUrl}/relatives`);
    const links = await applicant.getByTestId('relative-links').innerText();
    expect(links).toContain('my father');
    expect(links).toContain('Used on');
    expect(await applicant.content()).not.toContain('Ravi');
    await expectAccessible(applicant);
  });

  it('the applicant answers the optional equality questions, and the equality lead sees counts only', async () => {
    await applicant.goto(`${applicationUrl}/equality`);
    await expectAccessible(applicant);
    await applicant.getByRole('group', { name: 'What is your sex?' }).getByLabel('Female').check();
    await applicant.getByRole('group', { name: 'What is your religion?' }).getByLabel('Prefer not to say').check();
    await applicant.getByRole('button', { name: 'Save' }).click();
    await applicant.getByText('Equality answers saved').waitFor();
    await expectAccessible(applicant);

    const lead = await signedInAsDemo(browser, vigil.url, 'equality.lead');
    await lead.goto(`${vigil.url}/equality/summary`);
    await expectAccessible(lead);
    expect(await lead.getByTestId('summary-sex').innerText()).toContain('Female');
    expect(await lead.content()).not.toContain('Priya');
  });
});
