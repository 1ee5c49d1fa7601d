import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, visit } from './support/browser.ts';
import { header, mfaPage, mfaSetupPage, newPasswordPage, signInPage } from './support/pages.ts';
import { demoDataDir, startVigil, vigilCommand, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;
const temporary: Record<string, string> = {};

beforeAll(async () => {
  const dataDir = await demoDataDir();
  for (const [username, name] of [['r.officer', 'Riley Officer'], ['n.officer', 'Noor Officer']]) {
    const out = vigilCommand(dataDir, ['user', 'create', '--username', username!, '--name', name!, '--email', `${username}@example.org`, '--unit', 'NPF/PPU-N', '--role', 'practitioner']);
    temporary[username!] = /temporary password: (\S+)/.exec(out)![1]!;
  }
  vigil = await startVigil(dataDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

const code = (secret: string, offsetSeconds = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

/** The whole first sign-in, as a new member of staff does it. Checks every page with axe when asked. */
async function firstSignIn(page: Page, username: string, newPassword: string, check: boolean): Promise<string> {
  const axe = check ? expectAccessible : async () => {};
  await page.goto(`${vigil.url}/`);
  expect(await page.title()).toBe('Sign in - Vigil');
  await axe(page);
  await signInPage.signIn(page, username, temporary[username]!);
  await page.waitForURL('**/sign-in/new-password');
  await axe(page);
  await newPasswordPage.choose(page, newPassword);
  await page.waitForURL('**/sign-in/mfa/setup');
  await axe(page);
  const secret = await mfaSetupPage.readSecret(page);
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await mfaSetupPage.enterCode(page, code(secret));
  await page.waitForURL('**/sign-in/mfa/recovery-codes');
  await axe(page);
  expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
  await page.getByRole('button', { name: 'I have saved my codes: continue' }).click();
  await page.waitForURL(`${vigil.url}/`);
  return secret;
}

describe('a new officer signs in for the first time', () => {
  it('chooses a password, enrols an authenticator, sees the home page, signs out, and signs in again', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    const secret = await firstSignIn(page, 'r.officer', 'quiet harbour seven lanterns', true);
    expect(await page.getByTestId('home-heading').innerText()).toBe('Welcome, Riley Officer');
    await expectAccessible(page);
    for (const path of ['/account', '/account/password', '/privacy', '/accessibility', '/cookies', '/no-such-page']) {
      await visit(page, `${vigil.url}${path}`);
    }

    await page.goto(`${vigil.url}/`);
    await header.signOut(page);
    await page.waitForURL('**/signed-out');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You have signed out');
    await expectAccessible(page);

    // Back again: the password, then a code from the next time step (a code is never accepted twice).
    await page.goto(`${vigil.url}/sign-in`);
    await signInPage.signIn(page, 'r.officer', 'quiet harbour seven lanterns');
    await page.waitForURL('**/sign-in/mfa');
    await expectAccessible(page);
    await mfaPage.enterCode(page, code(secret, 30));
    await page.waitForURL(`${vigil.url}/`);
    expect(await page.getByTestId('home-heading').innerText()).toBe('Welcome, Riley Officer');
    await context.close();
  });

  it('shows an accessible error summary for a wrong password, keeping the username', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${vigil.url}/sign-in`);
    await signInPage.signIn(page, 'r.officer', 'this is not the password');
    await page.waitForLoadState();
    expect(await page.title()).toBe('Error: Sign in - Vigil');
    await expectAccessible(page);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter a correct username and password');
    expect(await page.getByLabel('Username').inputValue()).toBe('r.officer');
    await context.close();
  });
});

describe('without JavaScript', () => {
  it('every step of signing in and out still works', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await firstSignIn(page, 'n.officer', 'copper kettle morning walk', false);
    expect(await page.getByTestId('home-heading').innerText()).toBe('Welcome, Noor Officer');
    await header.signOut(page);
    await page.waitForURL('**/signed-out');
    await context.close();
  });
});
