import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../server/modules/seed/seed.demo.ts';
import { expectAccessible, launchBrowser, newContext } from './support/browser.ts';
import { signedInAsDemo, signInPage } from './support/pages.ts';
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

describe('an administrator issues and revokes an API token (demo mode)', () => {
  it('fixes the form, sees the token once, the token works as its acting user, and revoking stops it', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${vigil.url}/sign-in`);
    await signInPage.signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForURL(`${vigil.url}/`);

    await page.getByRole('link', { name: 'API clients', exact: true }).click();
    await page.waitForURL('**/admin/api-clients');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Issue an API token' }).click();
    await page.waitForURL('**/admin/api-clients/new');
    await expectAccessible(page);

    await page.getByLabel('Name of the client').fill('case-system-journey');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toBe('Error: Issue an API token - Vigil');
    await expectAccessible(page);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select at least one scope');

    await page.getByLabel('register:read').check();
    await page.getByLabel('Acts as').selectOption({ label: 'Priya Patel (police.officer), Public Protection Unit North' });
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('API token issued');
    await expectAccessible(page);
    const token = await page.getByTestId('api-token').innerText();
    expect(token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);

    // It works only once the person it acts as approves it, on their own account pages.
    const headers = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${vigil.url}/api/v1/transfers`, { headers })).status).toBe(403);
    const person = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    await person.goto(`${vigil.url}/account`);
    await person.getByRole('link', { name: 'API clients that act as you' }).click();
    await person.waitForURL('**/account/api-clients');
    expect(await person.getByTestId('my-api-clients').innerText()).toContain('Waiting for your approval');
    await expectAccessible(person);
    await person.getByRole('button', { name: 'Approve case-system-journey' }).click();
    await person.waitForURL('**/account/api-clients');
    expect(await person.locator('.govuk-notification-banner').innerText()).toContain('You approved case-system-journey');
    await expectAccessible(person);
    await person.context().close();
    expect((await fetch(`${vigil.url}/api/v1/transfers`, { headers })).status).toBe(200);

    await page.getByRole('link', { name: 'Back to API clients' }).click();
    await page.waitForURL('**/admin/api-clients');
    expect(await page.getByTestId('api-clients-table').innerText()).toContain('case-system-journey');
    await page.getByRole('link', { name: 'Revoke case-system-journey' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.waitForURL('**/admin/api-clients');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The API client case-system-journey has been revoked');
    await expectAccessible(page);
    expect((await fetch(`${vigil.url}/api/v1/transfers`, { headers })).status).toBe(401);
    await context.close();
  });
});
