import { Page } from 'playwright-core';
import {
  bearer,
  button,
  describeInBrowser,
  expectAccessible,
  focusedId,
  isFocused,
  signInWith,
  text,
  openDetail as openDetailOf,
  useBrowserSuite,
} from './support/browser-suite';

/**
 * A number's history in its detail view: every change in plain words, who made it and when,
 * oldest first and paged through the API's Link header.
 */

jest.setTimeout(30_000);

describeInBrowser('Settings → Telephony: a number’s history', () => {
  const suite = useBrowserSuite({ demoOrganization: false });
  let page: Page;

  beforeEach(() => {
    page = suite.page;
  });

  const openDetail = (e164: string) => openDetailOf(page, e164, 'History');

  it('lists the events oldest first, shows more through the Link header, and adds a rename made in the view', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Harbour');
    const number = await api.importedNumber(org, { phoneNumber: '+13475558401' });
    // The import and 20 renames: 21 events, one more than a page of the history.
    for (let i = 1; i <= 20; i += 1) {
      await api.http
        .put(`/api/phones/${number.id}`)
        .set(bearer(org.token))
        .send({ friendly_name: `Desk ${i}` })
        .expect(200);
    }
    await signInWith(suite, org.token);

    const dialog = await openDetail(number.number);
    const history = dialog.getByRole('list', { name: 'History' });
    const items = history.getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).toBe(20);
    expect(await text(items.nth(0))).toMatch(/^Imported from the Twilio account\.\s*By you, /);
    expect(await text(items.nth(1))).toContain('Renamed from “(347) 555-8401” to “Desk 1”.');
    expect(await text(items.nth(2))).toContain('Renamed from “Desk 1” to “Desk 2”.');
    const stamp = await items.nth(0).locator('time').getAttribute('datetime');
    expect(new Date(stamp ?? '').toString()).not.toBe('Invalid Date');
    expect(await text(dialog.locator('#detail-events-order'))).toBe(
      'Oldest first; “Show more” adds later changes below.',
    );
    await expectAccessible(page, 'detail view with its history');

    const more = dialog.getByRole('button', { name: 'Show more' });
    await more.click();
    await dialog.getByText('1 more event shown.').waitFor();
    expect(await items.count()).toBe(21);
    expect(await text(items.nth(20))).toContain('Renamed from “Desk 19” to “Desk 20”.');
    expect(await isFocused(items.nth(20))).toBe(true);
    expect(await more.isHidden()).toBe(true);

    await dialog.getByRole('textbox', { name: 'Name' }).fill('Reception');
    await button(page, 'Save changes').click();
    await page.getByText('Saved: named “Reception”.').waitFor();
    await history.getByText('Renamed from “Desk 20” to “Reception”.').waitFor();
    expect(await items.count()).toBe(22);
    expect(await focusedId(page)).toBe('detail-save');
    await expectAccessible(page, 'history after a rename');

    // Opened again, it starts over from the oldest, with the rename kept.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await openDetail(number.number);
    await items.first().waitFor();
    expect(await items.count()).toBe(20);
    expect(await text(items.nth(0))).toContain('Imported from the Twilio account.');
  });

  it('names who made a change when it was another token', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Lighthouse');
    const number = await api.importedNumber(org, { phoneNumber: '+13475558402' });
    const viewer = org.tokenWith('Phone:Collection:List', 'Phone:Instance:View');
    await api.http
      .put(`/api/phones/${number.id}`)
      .set(bearer(org.token))
      .send({ friendly_name: 'Front desk' })
      .expect(200);
    const events = await api.http
      .get(`/api/phones/${number.id}/events`)
      .set(bearer(org.token))
      .expect(200);
    const actor = (events.body as Array<{ actor: string }>)[1]?.actor ?? 'none';
    await signInWith(suite, viewer);

    const dialog = await openDetail(number.number);
    const items = dialog.getByRole('list', { name: 'History' }).getByRole('listitem');
    await items.nth(1).waitFor();
    const line = await text(items.nth(1));
    expect(line).toContain('Renamed from “(347) 555-8402” to “Front desk”.');
    // Each token has its own subject: the admin's rename is someone else's to the viewer.
    expect(actor).toMatch(/^cli:/);
    expect(line).toContain(`By ${actor}, `);
    expect(line).not.toContain('By you');
    await expectAccessible(page, 'history for a view-only token');
  });
});
