import { Page } from 'playwright-core';
import {
  bearer,
  button,
  describeInBrowser,
  expectAccessible,
  focusedId,
  formatted,
  signInWith,
  text,
  openDetail as openDetailOf,
  useBrowserSuite,
} from './support/browser-suite';

/**
 * A number's call handling in its detail view: its own fallback and business hours, set and
 * cleared in the page, checked in plain words before any request; its recent voicemails.
 */

jest.setTimeout(30_000);

describeInBrowser('Settings → Telephony: a number’s call handling', () => {
  const suite = useBrowserSuite({ demoOrganization: false });
  let page: Page;

  beforeEach(() => {
    page = suite.page;
  });

  const openDetail = async (e164: string) => {
    const dialog = await openDetailOf(page, e164, 'Call handling');
    await dialog.getByRole('textbox', { name: 'Name' }).waitFor();
    return dialog;
  };

  it('sets a spoken fallback and business hours, keeps them through a reload, and clears the hours', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Harbour');
    const number = await api.importedNumber(org, { phoneNumber: '+13475558501' });
    await signInWith(suite, org.token);

    let dialog = await openDetail(number.number);
    const facts = dialog.locator('#detail-calls-facts');
    expect(await text(facts)).toContain('Always open');
    await dialog.getByText('No voicemails yet.').waitFor();

    await dialog
      .getByRole('combobox', { name: 'When the agent does not take a call' })
      .selectOption('say');
    await dialog
      .getByRole('textbox', { name: 'Message to say' })
      .fill('We are closed, call again tomorrow.');
    await dialog.getByRole('combobox', { name: 'Time zone' }).fill('America/Los_Angeles');
    await dialog.getByRole('checkbox', { name: 'Open Monday' }).check();
    await dialog.getByRole('textbox', { name: 'Monday closes' }).fill('17:30');
    await dialog.getByRole('checkbox', { name: 'Open Tuesday' }).check();
    await dialog.getByRole('textbox', { name: 'Closed dates' }).fill('2026-12-25');
    await expectAccessible(page, 'call handling form filled');
    await button(page, 'Save call handling').click();

    await dialog
      .getByText(/^Saved: fallback: Told “We are closed, call again tomorrow\.”/)
      .waitFor();
    expect(await focusedId(page)).toBe('calls-save');
    const stored = await api.http
      .get(`/api/phones/${number.id}`)
      .set(bearer(org.token))
      .expect(200);
    expect(stored.body).toMatchObject({
      fallback: { action: 'say', message: 'We are closed, call again tomorrow.' },
      business_hours: {
        time_zone: 'America/Los_Angeles',
        weekly: [
          { day: 'mon', from: '09:00', to: '17:30' },
          { day: 'tue', from: '09:00', to: '17:00' },
        ],
        closed_dates: ['2026-12-25'],
      },
    });
    await dialog
      .getByRole('list', { name: 'History' })
      .getByText(/^Call handling changed: fallback set/)
      .waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Phone numbers' }).waitFor();
    dialog = await openDetail(number.number);
    await dialog.locator('#detail-calls-facts dd').first().waitFor();
    expect(await text(dialog.locator('#detail-calls-facts'))).toMatch(
      /Told “We are closed, call again tomorrow\.”[\s\S]*Monday 09:00–17:30; Tuesday 09:00–17:00 \(America\/Los_Angeles\); closed 2026-12-25/,
    );
    expect(await dialog.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe(
      'America/Los_Angeles',
    );
    expect(await dialog.getByRole('checkbox', { name: 'Open Monday' }).isChecked()).toBe(true);
    await expectAccessible(page, 'call handling set');

    await button(page, 'Clear business hours').click();
    await dialog.getByText('Saved: business hours cleared, always open.').waitFor();
    expect(await focusedId(page)).toBe('calls-save');
    const cleared = await api.http
      .get(`/api/phones/${number.id}`)
      .set(bearer(org.token))
      .expect(200);
    expect(cleared.body).toMatchObject({ business_hours: null, fallback: { action: 'say' } });
  });

  it('refuses a bad time zone, an offset and a bad forward number in plain words, without a request', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Lighthouse');
    const number = await api.importedNumber(org, { phoneNumber: '+13475558502' });
    await signInWith(suite, org.token);
    const dialog = await openDetail(number.number);
    const puts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT') puts.push(r.url());
    });

    const zone = dialog.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('Mars/Olympus_Mons');
    await dialog.getByRole('checkbox', { name: 'Open Monday' }).check();
    await button(page, 'Save call handling').click();
    expect(await text(dialog.locator('#hours-zone-error'))).toBe(
      '“Mars/Olympus_Mons” is not a time zone. Pick one from the list, like America/Los_Angeles.',
    );
    expect(await focusedId(page)).toBe('hours-zone');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'call handling with a bad time zone');

    await zone.fill('+01:00');
    await button(page, 'Save call handling').click();
    expect(await text(dialog.locator('#hours-zone-error'))).toContain('not an offset');

    await zone.fill('Europe/Paris');
    await dialog
      .getByRole('combobox', { name: 'When the agent does not take a call' })
      .selectOption('dial');
    await dialog.getByRole('textbox', { name: 'Forward to' }).fill('555-0142');
    await button(page, 'Save call handling').click();
    expect(await text(dialog.locator('#fallback-number-error'))).toBe(
      'Write the number with + and its country code, digits only, like +14155550142.',
    );
    expect(await focusedId(page)).toBe('fallback-number');
    expect(puts).toEqual([]);
    const stored = await api.http
      .get(`/api/phones/${number.id}`)
      .set(bearer(org.token))
      .expect(200);
    expect(stored.body).toMatchObject({ fallback: null, business_hours: null });
  });

  it('shows the call handling without the form to a token that may not change numbers', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Beacon');
    const number = await api.importedNumber(org, { phoneNumber: '+13475558503' });
    await signInWith(suite, org.tokenWith('Phone:Collection:List', 'Phone:Instance:View'));
    await button(page, `Details of ${formatted(number.number)}`).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('#detail-calls-note')
      .getByText(/Phone:Instance:Update permission/)
      .waitFor();
    expect(await button(page, 'Save call handling').isHidden()).toBe(true);
    expect(await text(dialog.locator('#detail-calls-facts'))).toContain('Always open');
    await expectAccessible(page, 'call handling, view only');
  });
});
