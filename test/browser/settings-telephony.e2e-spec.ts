import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ORGANIZATION_ID } from '../../apps/api/src/organizations/demo-organization';
import { bearer, LOQUENT_VOICE_URL, TestApi } from '../support/api/test-api';
import {
  describeInBrowser,
  DOCS,
  expectAccessible,
  focusedId,
  SCREENSHOTS,
  useBrowserSuite,
} from './support/browser-suite';

/**
 * Settings → Telephony in a real Chromium, against the real API on PostgreSQL and the Twilio
 * sandbox. The page is driven the way people use it: by role and accessible name.
 */

// Inside page.evaluate() callbacks, which run in the page: this Node program has no DOM types.
interface PageNode {
  getAttribute(name: string): string | null;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
}
declare const document: {
  activeElement: PageNode | null;
  body: PageNode;
  scrollingElement: { scrollWidth: number } | null;
  getElementById(id: string): PageNode | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
};
interface PageElement {
  tagName: string;
  id: string;
  className: string;
  getBoundingClientRect(): { right: number };
}
declare const sessionStorage: { length: number };
declare const location: { hash: string };
declare const window: { scrollTo(x: number, y: number): void };
declare const navigator: { clipboard: { readText(): Promise<string> } };
declare function getComputedStyle(node: PageNode): { outlineStyle: string; outlineWidth: string };

jest.setTimeout(30_000);

describeInBrowser('Settings → Telephony in a browser', () => {
  const suite = useBrowserSuite({ demoOrganization: true });
  let api: TestApi;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(() => {
    api = suite.api;
    baseUrl = suite.baseUrl;
  });

  beforeEach(() => {
    context = suite.context;
    page = suite.page;
  });

  const open = () => page.goto(`${baseUrl}/settings/telephony`);
  const button = (name: string | RegExp) => page.getByRole('button', { name, exact: true });
  const numbersTable = () => page.getByRole('table');
  const rowOf = (e164: string) =>
    numbersTable()
      .getByRole('row')
      .filter({ has: page.locator(`[title="${e164}"]`) });
  const formatted = (e164: string) => e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');

  async function signInWithDemoToken(): Promise<void> {
    await open();
    await button('Use the demo token').click();
    await page.getByRole('heading', { name: 'Phone numbers' }).waitFor();
  }

  /** The demo organization's token, as the page gets it. */
  async function demoToken(): Promise<string> {
    return (await api.http.get('/settings/telephony/demo-access').expect(200)).body.token;
  }

  /** At least one number in the demo organization's list, for tests that run alone. */
  async function ensureDemoNumbers(): Promise<void> {
    const token = await demoToken();
    const listed = await api.http.get('/api/phones?limit=1').set(bearer(token)).expect(200);
    if (listed.body.length > 0) return;
    const last = api.sandbox.ownedNumbers().at(-1)!;
    await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(token))
      .send({ twilio_sids: [last.sid] })
      .expect(200);
  }

  async function search(areaCode: string): Promise<Locator> {
    await page.getByRole('textbox', { name: 'Area code' }).fill(areaCode);
    await button('Search').click();
    const offers = page.getByRole('list', { name: 'Numbers for sale' }).getByRole('listitem');
    await page.getByText(/for sale in United States in area code/).waitFor();
    return offers.filter({ has: page.getByRole('button', { name: /^Buy / }) });
  }

  const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

  it('offers the demo token in sandbox mode, keeps the session for the tab, and signs out', async () => {
    await open();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByText('Sandbox mode.').isVisible()).toBe(true);
    await expectAccessible(page, 'signed out');

    await button('Use the demo token').click();

    await page.getByText('No numbers yet.').waitFor();
    expect(await text(page.locator('#session-label'))).toBe('Demo organization');
    await page.reload();
    await page.getByText('No numbers yet.').waitFor();

    await button('Sign out').click();

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(
      await page.getByRole('textbox', { name: 'Access token' }).evaluate((input) => {
        return input === document.activeElement;
      }),
    ).toBe(true);
  });

  it('imports selected numbers: live count, select all, "Imported N, M already existed", then configures one', async () => {
    const owned = api.sandbox.ownedNumbers();
    await signInWithDemoToken();

    await button('Fetch Numbers').click();

    const boxes = page.getByRole('group', { name: /Numbers in Twilio not yet in Loquent/ });
    await boxes.getByRole('checkbox').first().waitFor();
    const checkboxOf = (e164: string) => boxes.getByRole('checkbox', { name: formatted(e164) });
    expect(await boxes.getByRole('checkbox').count()).toBe(owned.length + 1); // + select all
    const importButton = page.getByRole('button', { name: /^Import Selected/ });
    expect(await text(importButton)).toBe('Import Selected (0)');
    expect(await importButton.isDisabled()).toBe(true);

    await expectAccessible(page, 'import picker');
    const listed = await boxes
      .locator('.picker__item .number')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title')));
    expect(listed).toEqual([...listed].sort());
    await checkboxOf(owned[0]!.phoneNumber).check();
    await checkboxOf(owned[1]!.phoneNumber).check();
    expect(await text(importButton)).toBe('Import Selected (2)');
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    expect(await text(importButton)).toBe(`Import Selected (${owned.length})`);
    await page.getByRole('checkbox', { name: 'Select all' }).uncheck();
    expect(await text(importButton)).toBe('Import Selected (0)');

    const selected = owned.slice(0, 5);
    for (const number of selected) await checkboxOf(number.phoneNumber).check();
    expect(await text(importButton)).toBe('Import Selected (5)');
    // Meanwhile, someone else imports two of them.
    await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(await demoToken()))
      .send({ twilio_sids: selected.slice(3).map((n) => n.sid) })
      .expect(200);

    await importButton.click();

    await page.getByText('Imported 3, 2 already existed.').waitFor();
    expect(await text(page.locator('#import-result'))).toContain('Nothing changed in Twilio');
    expect(await boxes.getByRole('checkbox').count()).toBe(owned.length - 5 + 1);
    for (const number of selected) {
      const row = rowOf(number.phoneNumber);
      await row.waitFor();
      expect(await text(row.getByRole('cell').nth(3))).toBe('Not configured');
      expect(await text(row.getByRole('cell').nth(4))).toBe('Imported');
    }
    expect(api.sandbox.ownedNumbers()).toEqual(owned);

    const first = selected[0]!;
    await button(`Configure voice URL for ${formatted(first.phoneNumber)}`).click();

    await rowOf(first.phoneNumber).getByText('Routed to Loquent').waitFor();
    await expectAccessible(page, 'list after an import');
    expect(api.sandbox.ownedNumbers().find((n) => n.sid === first.sid)?.voiceUrl).toBe(
      LOQUENT_VOICE_URL,
    );
    expect(await button(`Configure voice URL for ${formatted(first.phoneNumber)}`).count()).toBe(0);

    if (SCREENSHOTS) {
      await mkdir(DOCS, { recursive: true });
      await rowOf(first.phoneNumber).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(DOCS, 'settings-telephony-desktop.png'), fullPage: true });
      await page.setViewportSize({ width: 375, height: 812 });
      await page.screenshot({ path: join(DOCS, 'settings-telephony-narrow.png'), fullPage: true });
    }
  });

  it('searches an area code, confirms in a dialog that names the number, and lists the number bought', async () => {
    await signInWithDemoToken();
    const purchasesBefore = api.sandbox.countOf('purchaseNumber');

    const offers = await search('415');

    expect(await offers.count()).toBeGreaterThan(0);
    const offer = offers.first();
    const e164 = (await offer.locator('.number').getAttribute('title'))!;
    expect(api.sandbox.availableNumbers('415')).toContain(e164);
    expect(await text(offer)).toContain('San Francisco, CA');
    expect(await offer.getByRole('list', { name: 'Capabilities' }).innerText()).toMatch(
      /Voice\s+SMS\s+MMS/,
    );

    await offer.getByRole('button', { name: `Buy ${formatted(e164)}` }).click();
    const dialog = page.getByRole('dialog', { name: `Buy ${formatted(e164)}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchasesBefore);

    await offer.getByRole('button', { name: `Buy ${formatted(e164)}` }).click();
    await expectAccessible(page, 'buy dialog');
    await dialog.getByRole('textbox', { name: /Name/ }).fill('Front desk');
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    await page.getByText(`Bought ${formatted(e164)}.`).waitFor();
    expect(await dialog.isVisible()).toBe(false);
    const row = rowOf(e164);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Front desk[\s\S]*Routed to Loquent[\s\S]*Purchased/);
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchasesBefore + 1);
    // The count said is the count left, and the bought number is highlighted alone.
    const left = await offers.count();
    expect(await text(page.locator('#search-status'))).toMatch(
      new RegExp(`^${left} local numbers for sale`),
    );
    expect(await numbersTable().locator('tr.is-fresh').count()).toBe(1);
    expect(await offers.filter({ has: page.locator(`[title="${e164}"]`) }).count()).toBe(0);

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await row.getByRole('button', { name: `Copy ${e164}` }).click();
    await page.getByText(`Copied ${e164}`).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(e164);
  });

  it('says in plain words, before any request, that an area code is wrong, at its field', async () => {
    await signInWithDemoToken();
    const input = page.getByRole('textbox', { name: 'Area code' });
    const searches: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/twilio/search-available-numbers')) searches.push(r.url());
    });
    await input.fill('015');

    await button('Search').click();

    const error = page.locator('#area-code-error');
    await error.waitFor();
    expect(await text(error)).toBe('An area code never starts with 0 or 1. Try one like 415.');
    expect(searches).toEqual([]);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain('area-code-error');
    expect(await input.evaluate((node) => node === document.activeElement)).toBe(true);
    await expectAccessible(page, 'a search field in error');

    await page.getByRole('textbox', { name: 'Pattern' }).fill('55-5');
    await input.fill('212');
    await button('Search').click();
    expect(await text(page.locator('#pattern-error'))).toMatch(
      /^A pattern is digits or letters only/,
    );
    expect(await error.isVisible()).toBe(false);
    expect(searches).toEqual([]);

    await page.getByRole('textbox', { name: 'Pattern' }).fill('');
    await button('Search').click();
    await page.getByText(/for sale in United States in area code 212/).waitFor();
    expect(searches).toHaveLength(1);
    expect(await input.getAttribute('aria-invalid')).toBeNull();
  });

  it('buys once when Buy and Confirm are double-clicked while the purchase is in flight', async () => {
    await signInWithDemoToken();
    const offer = (await search('212')).first();
    const e164 = (await offer.locator('.number').getAttribute('title'))!;
    api.sandbox.faults.setLatency(800, 'purchaseNumber');
    const purchasesBefore = api.sandbox.countOf('purchaseNumber');
    const buyRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/twilio/buy-phone-number')) buyRequests.push(request.url());
    });

    await offer.getByRole('button', { name: `Buy ${formatted(e164)}` }).dblclick();
    const dialog = page.getByRole('dialog', { name: `Buy ${formatted(e164)}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).dblclick();
    await page.keyboard.press('Enter');

    await page.getByText(`Bought ${formatted(e164)}.`).waitFor();
    expect(buyRequests).toHaveLength(1);
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchasesBefore + 1);
    await rowOf(e164).waitFor();
  });

  it('says the purchase is being confirmed when Twilio does not answer (202)', async () => {
    await signInWithDemoToken();
    const offer = (await search('312')).first();
    const e164 = (await offer.locator('.number').getAttribute('title'))!;
    api.sandbox.faults.dropNext('purchaseNumber');

    await offer.getByRole('button', { name: `Buy ${formatted(e164)}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

    await page.getByText(`Confirming the purchase of ${formatted(e164)}.`).waitFor();
    expect(await text(page.locator('#buy-result'))).toContain('never bought twice');
    expect(await rowOf(e164).count()).toBe(0);
  });

  it('is usable at 375 px: no horizontal scrolling, the dialog fits', async () => {
    await ensureDemoNumbers();
    await page.setViewportSize({ width: 375, height: 812 });
    await signInWithDemoToken();
    await numbersTable().getByRole('row').nth(1).waitFor();
    await button('Fetch Numbers').click();
    await page.getByRole('checkbox', { name: 'Select all' }).waitFor();
    const offers = await search('415');

    const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((n) => n.getBoundingClientRect().right > 375.5)
        .map((n) => `${n.tagName.toLowerCase()}#${n.id}.${n.className}`),
    );
    expect({ scrollWidth, wide }).toEqual({ scrollWidth: 375, wide: [] });

    await offers.first().getByRole('button', { name: /^Buy / }).click();
    const box = await page.getByRole('dialog').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('at 375 px keeps the sign-in command whole and 25 numbers compact, with links to import and buy', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await open();
    const pieces = await page
      .locator('#token-hint .command span')
      .evaluateAll((nodes) =>
        nodes.map((n) => ({ text: n.textContent, lines: n.getClientRects().length })),
      );
    expect(pieces).toEqual([
      { text: 'npm run cli --', lines: 1 },
      { text: 'token:create', lines: 1 },
      { text: '--org <id>', lines: 1 },
    ]);

    const org = await api.createOrganization('Compact');
    const before = new Set(api.sandbox.ownedNumbers().map((n) => n.sid));
    api.sandbox.seedOwnedNumbers(25, { areaCodes: ['602'] });
    await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({
        twilio_sids: api.sandbox
          .ownedNumbers()
          .filter((n) => !before.has(n.sid))
          .map((n) => n.sid),
      })
      .expect(200);
    await page.getByRole('textbox', { name: 'Access token' }).fill(org.token);
    await button('Sign in').click();
    await page.getByText('25 numbers').waitFor();

    const importTop = await page.locator('#import').evaluate((n) => n.getBoundingClientRect().top);
    expect(importTop).toBeLessThan(3_000);
    const jump = page.getByRole('navigation', { name: 'Sections of this page' });
    await jump.getByRole('link', { name: 'Buy' }).click();
    await page.waitForFunction(() => location.hash === '#buy');
    const buyTop = await page.locator('#buy').evaluate((n) => n.getBoundingClientRect().top);
    expect(Math.abs(buyTop)).toBeLessThan(2);
    await expectAccessible(page, '375 px list of 25');
    if (SCREENSHOTS) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(DOCS, 'settings-telephony-narrow-list.png') });
    }
  });

  it('reaches the main controls with Tab, each with an accessible name and a visible focus', async () => {
    await ensureDemoNumbers();
    await signInWithDemoToken();
    await numbersTable().getByRole('row').nth(1).waitFor();
    for (const [role, name] of [
      ['banner', undefined],
      ['main', undefined],
      ['region', 'Phone numbers'],
      ['region', 'Import from Twilio'],
      ['region', 'Buy a number'],
    ] as const) {
      expect(await page.getByRole(role, name ? { name } : {}).count()).toBe(1);
    }

    // From the top of the page, as after a reload (the session is kept for the tab).
    await page.reload();
    await numbersTable().getByRole('row').nth(1).waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const node = document.activeElement;
        if (!node || node === document.body) return null;
        const labelled = node.getAttribute('aria-labelledby');
        const name =
          node.getAttribute('aria-label') ??
          (labelled ? document.getElementById(labelled)?.textContent : null) ??
          node.labels?.[0]?.textContent ??
          node.textContent;
        const style = getComputedStyle(node);
        return {
          name: (name ?? '').replace(/\s+/g, ' ').trim(),
          outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1,
        };
      });
      if (!focused) break;
      expect(focused.name).not.toBe('');
      expect(focused.outlined).toBe(true);
      reached.push(focused.name);
    }

    const expected = [
      'Skip to content',
      'Sign out',
      'Refresh',
      'Copy +',
      'Fetch Numbers',
      'Area code',
      'Search',
    ];
    const positions = expected.map((name) => reached.findIndex((n) => n.startsWith(name)));
    expect({ reached, positions }).toEqual({
      reached,
      positions: expect.not.arrayContaining([-1]),
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    // The whole purchase path by keyboard alone: Enter searches, Escape cancels and gives focus back.
    await page.getByRole('textbox', { name: 'Area code' }).focus();
    await page.keyboard.type('503');
    await page.keyboard.press('Enter');
    await page.getByText('for sale in United States in area code 503', { exact: false }).waitFor();
    const buy = page.getByRole('button', { name: /^Buy / }).first();
    await buy.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await buy.evaluate((node) => node === document.activeElement)).toBe(true);
  });

  it('signs in with a pasted token, refuses a bad one at the field, and pages with the Link header', async () => {
    const org = await api.createOrganization('Paging');
    const before = new Set(api.sandbox.ownedNumbers().map((n) => n.sid));
    api.sandbox.seedOwnedNumbers(30, { areaCodes: ['650'] });
    const seeded = api.sandbox.ownedNumbers().filter((n) => !before.has(n.sid));
    await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: seeded.map((n) => n.sid) })
      .expect(200);
    const sorted = seeded.map((n) => n.phoneNumber).sort();

    await open();
    const tokenInput = page.getByRole('textbox', { name: 'Access token' });
    await tokenInput.fill('not-a-token');
    await button('Sign in').click();
    await page.locator('#token-error').waitFor();
    expect(await text(page.locator('#token-error'))).toBe(
      'This does not look like an access token: a token is three parts separated by dots.',
    );
    await tokenInput.fill('not.a.token');
    await button('Sign in').click();
    await page.getByText(/^This token was refused/).waitFor();
    expect(await tokenInput.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'signed out, with a refused token');

    await tokenInput.fill(org.token);
    await button('Sign in').click();

    const rows = numbersTable().locator('tbody').getByRole('row');
    await page.getByText('Numbers 1–25').waitFor();
    expect(await rows.count()).toBe(25);
    expect(await rows.first().locator('.number').getAttribute('title')).toBe(sorted[0]);
    await page.locator('#session-label').getByText('Paging', { exact: true }).waitFor();
    expect(await page.locator('#session-label').getAttribute('title')).toBe(
      `Organization ${org.id}`,
    );
    expect(org.id).not.toBe(DEMO_ORGANIZATION_ID);

    const [next] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/phones?') && r.url().includes('after=')),
      button('Next').click(),
    ]);
    expect(new URL(next.url()).origin).toBe(baseUrl);
    await page.getByText('Numbers 26–30').waitFor();
    // Focus stays on Next, now inactive (aria-disabled keeps it focusable), not on <body>.
    expect(await focusedId(page)).toBe('next-page');
    expect(await rows.count()).toBe(5);
    expect(await rows.first().locator('.number').getAttribute('title')).toBe(sorted[25]);
    expect(await button('Next').isDisabled()).toBe(true);

    await button('Previous').click();
    await page.getByText('Numbers 1–25').waitFor();
    expect(await rows.first().locator('.number').getAttribute('title')).toBe(sorted[0]);
  });

  it('signs out with the reason, at the token field, when the token expires during the session', async () => {
    const org = await api.createOrganization('Short session');
    const token = api.token(org.id, undefined, 2);
    await open();
    await page.getByRole('textbox', { name: 'Access token' }).fill(token);
    await button('Sign in').click();
    await page.getByText('No numbers yet.').waitFor();

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await button('Refresh').click();

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await text(page.locator('#token-error'))).toMatch(/^Signed out: .+\. Sign in again\.$/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
