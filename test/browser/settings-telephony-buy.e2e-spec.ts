import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import {
  button,
  describeInBrowser,
  DOCS,
  expectAccessible,
  focusedId,
  formatted,
  SCREENSHOTS,
  signInWith,
  text,
  useBrowserSuite,
} from './support/browser-suite';

/**
 * Search and buy across countries and types (P5): country and type from available-countries,
 * pattern, capabilities, the address badge and the confirmation that asks for one; and import
 * and buy done by keyboard alone, with focus asserted after each step.
 */

jest.setTimeout(40_000);

describeInBrowser('Settings → Telephony: search and buy in any country', () => {
  const suite = useBrowserSuite({ demoOrganization: false });
  let page: Page;

  beforeEach(() => {
    page = suite.page;
  });

  const offers = () =>
    page
      .getByRole('list', { name: 'Numbers for sale' })
      .getByRole('listitem')
      .filter({
        has: page.getByRole('button', { name: /^Buy / }),
      });

  /** Tab (or Shift+Tab) until the element with this id has focus; fails after `limit` presses. */
  async function tabTo(id: string, limit = 40, key = 'Tab'): Promise<void> {
    const seen: string[] = [];
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      const focused = await focusedId(page);
      if (focused === id) return;
      seen.push(focused);
    }
    throw new Error(`${key} never reached #${id}; focus went through ${seen.join(', ')}`);
  }

  it('searches a US toll-free number with a pattern and buys it', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Toll free');
    const target = api.sandbox.numbersForSale({
      country: 'US',
      type: 'toll_free',
      areaCode: '888',
    })[3]!;
    const pattern = target.phoneNumber.slice(-5);
    await signInWith(suite, org.token);
    const country = page.getByRole('combobox', { name: 'Country' });
    await country.locator('option[value="GB"]').waitFor({ state: 'attached' });
    expect(await country.inputValue()).toBe('US');

    await page.getByRole('combobox', { name: 'Type' }).selectOption('toll_free');
    await page.getByRole('textbox', { name: 'Pattern' }).fill(pattern);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/twilio/search-available-numbers')),
      button(page, 'Search').click(),
    ]);
    expect(request.postDataJSON()).toEqual({ country: 'US', type: 'toll_free', contains: pattern });
    await page.getByText(/toll-free numbers? for sale/).waitFor();
    expect(await focusedId(page)).toBe('search');

    await page
      .getByText(
        new RegExp(`toll-free numbers? for sale in United States containing ${pattern}\\.`),
      )
      .waitFor();
    const found = await offers()
      .locator('.number')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
    expect(found).toContain(target.phoneNumber);
    for (const number of found) expect(number).toContain(pattern);
    const offer = offers().filter({ has: page.locator(`[title="${target.phoneNumber}"]`) });
    expect(await text(offer)).toContain('Toll-free');
    expect(await offer.getByText('Needs an address').count()).toBe(0);
    await expectAccessible(page, 'toll-free search results');

    await offer.getByRole('button', { name: `Buy ${formatted(target.phoneNumber)}` }).click();
    const dialog = page.getByRole('dialog', { name: `Buy ${formatted(target.phoneNumber)}?` });
    expect(await dialog.locator('#buy-address-note').isVisible()).toBe(false);
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    await page.getByText(`Bought ${formatted(target.phoneNumber)}.`).waitFor();
    const listed = await api.http
      .get('/api/phones')
      .set({ Authorization: `Bearer ${org.token}` })
      .expect(200);
    expect(listed.body.map((n: { number: string }) => n.number)).toEqual([target.phoneNumber]);
  });

  it('badges the UK mobile numbers that need an address and asks for one before buying', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Mobile UK');
    const address = api.sandbox.createAddress({ isoCountry: 'GB', customerName: 'Mobile UK' });
    const purchases = api.sandbox.countOf('purchaseNumber');
    await signInWith(suite, org.token);
    await page
      .getByRole('combobox', { name: 'Country' })
      .locator('option[value="GB"]')
      .waitFor({ state: 'attached' });

    await page.getByRole('combobox', { name: 'Country' }).selectOption('GB');
    expect(await page.getByRole('textbox', { name: 'Area code' }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Type' }).selectOption('mobile');
    await page.getByRole('checkbox', { name: 'SMS' }).check();
    await button(page, 'Search').click();

    await page.getByText(/mobile numbers for sale in United Kingdom\./).waitFor();
    const needing = offers().filter({ hasText: 'Needs an address' });
    expect(await needing.count()).toBeGreaterThan(0);
    expect(await offers().filter({ hasNotText: 'Needs an address' }).count()).toBeGreaterThan(0);
    const e164 = (await needing.first().locator('.number').getAttribute('title'))!;
    expect(
      api.sandbox
        .numbersForSale({ country: 'GB', type: 'mobile' })
        .find((o) => o.phoneNumber === e164)?.addressRequirements,
    ).toBe('any');
    await expectAccessible(page, 'UK mobile results with address badges');
    if (SCREENSHOTS) {
      await mkdir(DOCS, { recursive: true });
      await page.locator('#buy').screenshot({ path: join(DOCS, 'settings-telephony-buy.png') });
    }

    await needing.first().getByRole('button', { name: /^Buy / }).click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog.locator('#buy-address-note'))).toBe(
      'An address is required: Twilio sells this number only with an address. Give the SID of one saved in your Twilio account.',
    );
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    expect(await text(page.locator('#buy-address-error'))).toMatch(
      /^Twilio sells this number only with an address/,
    );
    expect(await focusedId(page)).toBe('buy-address');
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchases);
    await expectAccessible(page, 'buy dialog asking for an address');

    await dialog.getByRole('textbox', { name: 'Address SID' }).fill(address.sid);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/twilio/buy-phone-number')),
      dialog.getByRole('button', { name: 'Confirm' }).click(),
    ]);
    expect(request.postDataJSON()).toEqual({ phone_number: e164, address_sid: address.sid });
    await page.getByText(`Bought ${e164}.`).waitFor();
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchases + 1);
  });

  it('imports and buys by keyboard alone, with focus where the next step starts', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Keyboard');
    await api.importedNumber(org, { phoneNumber: '+13475558601' });
    api.sandbox.ownNumber({ phoneNumber: '+13475558602', friendlyName: 'Keyboard one' });
    api.sandbox.ownNumber({ phoneNumber: '+13475558603', friendlyName: 'Keyboard two' });
    await signInWith(suite, org.token);
    expect(await focusedId(page)).toBe('main');

    await tabTo('fetch-numbers', 60);
    await page.keyboard.press('Enter');
    await page.getByText(/in your Twilio account (is|are) not in Loquent yet\./).waitFor();
    expect(await focusedId(page)).toBe('fetch-numbers');

    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('unsynced-filter');
    await page.keyboard.type('keyboard');
    await page.getByText('Select all 2 matching').waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('select-all');
    await page.keyboard.press('Space');
    expect(await text(page.getByRole('button', { name: /^Import Selected/ }))).toBe(
      'Import Selected (2)',
    );
    await tabTo('import-selected', 5);
    await page.keyboard.press('Enter');
    await page.getByText('Imported 2.').waitFor();
    expect(await focusedId(page)).toBe('import-result');

    await tabTo('area-code', 20);
    await page.keyboard.type('415');
    await page.keyboard.press('Enter');
    await page.getByText(/local numbers for sale in United States in area code 415\./).waitFor();
    expect(await focusedId(page)).toBe('area-code');

    await tabTo('search', 10);
    await page.keyboard.press('Tab');
    const buyName = (await focusedId(page)).replace(/^\[|\]$/g, '');
    expect(buyName).toMatch(/^Buy \(415\)/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await focusedId(page)).toBe('buy-name');
    await page.keyboard.type('Keyboard line');
    await page.keyboard.press('Enter');
    const e164 = buyName.replace(/^Buy /, '');
    await page.getByText(`Bought ${e164}.`).waitFor();
    expect(await focusedId(page)).toBe('buy-result');
    await page.getByRole('table').getByText('Keyboard line').waitFor();
  });
});
