import { Page } from 'playwright-core';
import {
  button,
  describeInBrowser,
  expectAccessible,
  focusedId,
  isFocused,
  signInWith,
  text,
  useBrowserSuite,
} from './support/browser-suite';

/**
 * The organization's own Twilio account in the page (connect, status, disconnect), a large
 * import from it (filter, selection across pages, batches with progress), and what a token
 * without permissions sees.
 */

jest.setTimeout(60_000);

describeInBrowser('Settings → Telephony: Twilio account, large imports and permissions', () => {
  const suite = useBrowserSuite({ demoOrganization: false });
  let page: Page;

  beforeEach(() => {
    page = suite.page;
  });

  const accountSection = () => page.getByRole('region', { name: 'Twilio account' });

  it('connects the organization’s own Twilio account in the sandbox, never shows the token again, imports 2,501 numbers from it in batches, and disconnects', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Own account');
    const account = api.sandbox.createAccount('Own account at Twilio');
    api.sandbox.seedOwnedNumbers(2500, { accountSid: account.accountSid, areaCodes: ['720'] });
    const desk = api.sandbox.ownNumber(
      { phoneNumber: '+13035550999', friendlyName: 'Front desk' },
      account.accountSid,
    );
    await signInWith(suite, org.token);
    const section = accountSection();
    await section.getByText('Not connected').waitFor();
    const sid = section.getByRole('textbox', { name: 'Account SID' });
    const token = section.getByLabel('Auth token');

    await sid.fill('AC123');
    await token.fill('not-hex');
    await button(page, 'Connect account').click();
    expect(await text(page.locator('#account-sid-error'))).toMatch(
      /^An Account SID is AC followed/,
    );
    expect(await text(page.locator('#auth-token-error'))).toMatch(/^An auth token is 32/);
    expect(await token.inputValue()).toBe('');
    expect(await isFocused(sid)).toBe(true);
    await expectAccessible(page, 'Twilio account form in error');

    await sid.fill(account.accountSid);
    await token.fill('0'.repeat(32));
    await button(page, 'Connect account').click();
    await page
      .locator('#account-error')
      .getByText(/^Twilio did not accept these credentials/)
      .waitFor();
    expect(await token.inputValue()).toBe('');
    expect(await isFocused(token)).toBe(true);

    await token.fill(account.authToken);
    await button(page, 'Connect account').click();

    await section.getByText('Connected and working').waitFor();
    const masked = `AC${'*'.repeat(28)}${account.accountSid.slice(-4)}`;
    expect(await text(section.locator('.sid'))).toBe(masked);
    expect(await section.getByText('Own account at Twilio').count()).toBe(1);
    expect(await page.content()).not.toContain(account.authToken);
    expect(await page.content()).not.toContain(account.accountSid);
    expect(await focusedId(page)).toBe('account-state');
    await expectAccessible(page, 'Twilio account connected');

    // The numbers to import now come from the connected account.
    await button(page, 'Fetch Numbers').click();
    await page.getByText('2501 numbers in your Twilio account are not in Loquent yet.').waitFor();
    const picker = page.getByRole('group', { name: /Numbers in Twilio not yet in Loquent/ });
    expect(await picker.locator('.picker__item').count()).toBe(100);
    expect(await text(page.locator('#picker-shown'))).toBe('Showing 100 of 2501');

    const filter = page.getByRole('searchbox', { name: 'Filter by number or name' });
    await filter.fill('front');
    expect(await picker.locator('.picker__item').count()).toBe(1);
    expect(await text(picker.locator('legend'))).toBe(
      'Numbers in Twilio not yet in Loquent (1 of 2501 match)',
    );
    await picker.getByRole('checkbox', { name: /Front desk/ }).check();
    await filter.fill('zzz');
    await picker.getByText('No number or name matches “zzz”.').waitFor();
    await filter.fill('');
    await page.getByRole('checkbox', { name: 'Select all 2501' }).check();
    const importButton = page.getByRole('button', { name: /^Import Selected/ });
    expect(await text(importButton)).toBe('Import Selected (2501)');
    await expectAccessible(page, 'large import picker, all selected');

    await importButton.click();

    await page.getByText('Imported 2501.').waitFor({ timeout: 30_000 });
    expect(await text(page.locator('#import-progress-label'))).toBe(
      'Imported batch 3 of 3: 2501 of 2501 numbers',
    );
    expect(await page.locator('#import-progress-bar').getAttribute('value')).toBe('2501');
    expect(await focusedId(page)).toBe('import-result');
    const listed = await api.http
      .get('/api/phones?limit=200')
      .set({ Authorization: `Bearer ${org.token}` })
      .expect(200);
    expect(listed.body.some((n: { twilio_sid: string }) => n.twilio_sid === desk.sid)).toBe(true);
    await page.getByText('Numbers 1–25 of more than 25').waitFor();

    await section.getByRole('button', { name: 'Disconnect', exact: true }).click();
    expect(await focusedId(page)).toBe('disconnect-yes');
    await button(page, 'Disconnect now').click();
    await section.getByText('Not connected').waitFor();
    expect(await isFocused(sid)).toBe(true);
    const state = await api.http
      .get('/api/twilio/connection')
      .set({ Authorization: `Bearer ${org.token}` })
      .expect(200);
    expect(state.body).toEqual({ connected: false });
  });

  it('shows a list-only token no buy, import, account or number actions, and says what the missing permissions would unlock', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Read only');
    await api.importedNumber(org, { phoneNumber: '+13475558401' });
    await signInWith(suite, org.tokenWith('Phone:Collection:List'));
    await page.getByRole('table').getByRole('row').nth(1).waitFor();
    await page.locator('#session-label').getByText('Read only', { exact: true }).waitFor();

    for (const name of [
      'Fetch Numbers',
      'Search',
      'Connect account',
      'Check voice URLs',
      /^Details of/,
      /^Configure voice URL/,
      /^Buy /,
    ]) {
      expect({
        name: String(name),
        count: await page.getByRole('button', { name }).count(),
      }).toEqual({
        name: String(name),
        count: 0,
      });
    }
    expect(await page.getByRole('textbox', { name: 'Area code' }).count()).toBe(0);
    expect(await text(page.locator('#import-permission'))).toMatch(
      /^Importing needs a token that may add numbers \(the Phone:Collection:Create permission\)/,
    );
    expect(await text(page.locator('#buy-permission'))).toMatch(
      /you could search Twilio's numbers/,
    );
    expect(await text(page.locator('#account-permission'))).toMatch(/Twilio:Collection:Create/);
    expect(await text(page.locator('#list-permission'))).toBe(
      'With more permissions you could also open a number or check voice URLs (Phone:Instance:View), rename, assign or configure numbers (Phone:Instance:Update) and remove numbers (Phone:Instance:Delete).',
    );
    await expectAccessible(page, 'list-only token');
  });

  it('lets a token that may view but not change open a number without editing it', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Viewer');
    const number = await api.importedNumber(org, { phoneNumber: '+13475558501' });
    await signInWith(suite, org.tokenWith('Phone:Collection:List', 'Phone:Instance:View'));

    await page.getByRole('button', { name: /^Details of/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Voice URL' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Remove…' }).count()).toBe(0);
    expect(await dialog.getByRole('textbox', { name: 'Name' }).getAttribute('readonly')).toBe('');
    expect(await text(dialog.locator('#detail-agent-hint'))).toMatch(/Agent:Collection:List/);
    expect(await text(dialog)).toContain(number.sid);
    expect(await isFocused(dialog.getByRole('button', { name: 'Close' }))).toBe(true);
    await expectAccessible(page, 'read-only detail view');
  });
});
