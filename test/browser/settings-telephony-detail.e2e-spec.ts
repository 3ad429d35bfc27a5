import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { LOQUENT_VOICE_URL } from '../support/api/test-api';
import {
  bearer,
  button,
  describeInBrowser,
  DOCS,
  expectAccessible,
  focusedId,
  formatted,
  isFocused,
  SCREENSHOTS,
  signInWith,
  text,
  useBrowserSuite,
} from './support/browser-suite';

/**
 * A number's life in the page: its detail view (rename, agent, restore, remove, release behind a
 * typed confirmation) and the check of every voice URL against Twilio, with its fix.
 */

jest.setTimeout(30_000);

describeInBrowser('Settings → Telephony: a number in detail', () => {
  const suite = useBrowserSuite({ demoOrganization: false });
  let page: Page;

  beforeEach(() => {
    page = suite.page;
  });

  const rowOf = (e164: string) =>
    page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.locator(`[title="${e164}"]`) });

  /** Twilio's own API, as someone changing the account outside Loquent uses it. */
  async function outsideLoquent(sid: string, init: { method: string; body?: string }) {
    const { sandbox } = suite.api;
    const basic = Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64');
    const response = await fetch(
      `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/IncomingPhoneNumbers/${sid}.json`,
      {
        method: init.method,
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: init.body,
      },
    );
    expect(response.ok).toBe(true);
  }

  async function configured(token: string, id: string): Promise<void> {
    await suite.api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(token))
      .send({ phone_number_id: id })
      .expect(200);
  }

  it('renames a number, assigns its agent, restores its previous voice URL, and gives focus back on close', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Harbour');
    const previous = 'https://old.example/voice';
    const number = await api.importedNumber(org, {
      phoneNumber: '+13475558101',
      voiceUrl: previous,
    });
    await configured(org.token, number.id);
    await signInWith(suite, org.token);

    const details = button(page, `Details of ${formatted(number.number)}`);
    await details.click();
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`^${formatted(number.number).replace(/[()]/g, '\\$&')}`),
    });
    await dialog.getByRole('heading', { name: 'Name and agent' }).waitFor();
    expect(await isFocused(dialog.getByRole('textbox', { name: 'Name' }))).toBe(true);
    expect(await text(dialog.locator('#detail-voice'))).toContain(previous);
    expect(await dialog.getByRole('heading', { name: 'Call handling' }).count()).toBe(1);
    expect(await dialog.getByRole('heading', { name: 'History' }).count()).toBe(1);
    await expectAccessible(page, 'detail view');
    if (SCREENSHOTS) {
      await mkdir(DOCS, { recursive: true });
      await page.screenshot({ path: join(DOCS, 'settings-telephony-detail.png') });
    }

    await dialog.getByRole('textbox', { name: 'Name' }).fill('x'.repeat(65));
    await button(page, 'Save changes').click();
    expect(await text(page.locator('#detail-name-error'))).toBe(
      'A name can be at most 64 characters; this one has 65.',
    );
    await expectAccessible(page, 'detail view with a field in error');

    await dialog.getByRole('textbox', { name: 'Name' }).fill('Reception');
    await dialog
      .getByRole('combobox', { name: 'Agent that answers' })
      .selectOption({ label: 'Harbour agent' });
    await button(page, 'Save changes').click();

    await page.getByText('Saved: named “Reception”, answered by Harbour agent.').waitFor();
    expect(await focusedId(page)).toBe('detail-save');
    const stored = await api.http
      .get(`/api/phones/${number.id}`)
      .set(bearer(org.token))
      .expect(200);
    expect(stored.body).toMatchObject({ friendly_name: 'Reception', agent_id: org.agentId });
    expect(await rowOf(number.number).innerText()).toMatch(/Reception[\s\S]*Harbour agent/);

    await button(page, 'Restore previous voice URL').click();
    await page.getByText('Previous voice URL restored: calls no longer reach Loquent.').waitFor();
    expect(api.sandbox.ownedNumbers().find((n) => n.sid === number.sid)?.voiceUrl).toBe(previous);
    expect(await focusedId(page)).toBe('[Configure voice URL]');
    await button(page, 'Configure voice URL').click();
    await page.getByText('Calls to this number now reach Loquent.').waitFor();
    expect(api.sandbox.ownedNumbers().find((n) => n.sid === number.sid)?.voiceUrl).toBe(
      LOQUENT_VOICE_URL,
    );

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await isFocused(button(page, `Details of ${formatted(number.number)}`))).toBe(true);
  });

  it('removes a number (kept at Twilio), and releases another only once its number is typed', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Lighthouse');
    const kept = await api.importedNumber(org, { phoneNumber: '+13475558201' });
    const released = await api.importedNumber(org, { phoneNumber: '+13475558202' });
    await signInWith(suite, org.token);
    const deletes: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'DELETE') deletes.push(r.url());
    });

    await button(page, `Details of ${formatted(kept.number)}`).click();
    await button(page, 'Remove…').click();
    const confirm = page.getByRole('dialog', { name: `Remove ${formatted(kept.number)}?` });
    await confirm.waitFor();
    await expectAccessible(page, 'remove dialog');
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();

    await page
      .getByText(
        `${formatted(kept.number)} was removed from Loquent; it stays in your Twilio account.`,
      )
      .waitFor();
    expect(await focusedId(page)).toBe('numbers-status');
    expect(await rowOf(kept.number).count()).toBe(0);
    expect(api.sandbox.ownedNumbers().some((n) => n.sid === kept.sid)).toBe(true);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).not.toContain('release=true');

    await button(page, `Details of ${formatted(released.number)}`).click();
    await button(page, 'Remove…').click();
    const release = page.getByRole('dialog', { name: `Remove ${formatted(released.number)}?` });
    await release.getByRole('checkbox', { name: 'Also release it at Twilio' }).check();
    const typed = release.getByRole('textbox', { name: 'Type the number to confirm' });
    await typed.fill('+13475558201');
    await release.getByRole('button', { name: 'Release and remove' }).click();

    expect(await text(page.locator('#remove-typed-error'))).toBe(
      `That is not this number. Type ${released.number} to release it.`,
    );
    expect(await isFocused(typed)).toBe(true);
    expect(deletes).toHaveLength(1);
    await expectAccessible(page, 'release dialog with a wrong number typed');

    await typed.fill(released.number);
    await release.getByRole('button', { name: 'Release and remove' }).click();

    await page
      .getByText(`${formatted(released.number)} was released at Twilio and removed from Loquent.`)
      .waitFor();
    expect(deletes).toHaveLength(2);
    expect(deletes[1]).toContain('release=true');
    expect(api.sandbox.ownedNumbers().some((n) => n.sid === released.sid)).toBe(false);
    await page.getByText('No numbers yet.').waitFor();
  });

  it('checks every voice URL: shows the drifted and the missing, and points a drifted one back at Loquent', async () => {
    const { api } = suite;
    const org = await api.createOrganization('Beacon');
    const drifting = await api.importedNumber(org, { phoneNumber: '+13475558301' });
    const leaving = await api.importedNumber(org, { phoneNumber: '+13475558302' });
    const steady = await api.importedNumber(org, { phoneNumber: '+13475558303' });
    for (const n of [drifting, leaving, steady]) await configured(org.token, n.id);
    await outsideLoquent(drifting.sid, {
      method: 'POST',
      body: 'VoiceUrl=https%3A%2F%2Felsewhere.example%2Fvoice',
    });
    await outsideLoquent(leaving.sid, { method: 'DELETE' });
    await signInWith(suite, org.token);

    await button(page, 'Check voice URLs').click();

    await page
      .getByText('Checked 3 numbers: 1 changed outside Loquent, 1 no longer in Twilio, 1 fine.')
      .waitFor();
    expect(await focusedId(page)).toBe('check-voice');
    const drifted = page.getByRole('list', { name: 'Numbers whose voice URL changed' });
    expect(await text(drifted)).toContain('Calls now go to elsewhere.example/voice, not Loquent.');
    const missing = page.getByRole('list', { name: 'Numbers no longer in Twilio' });
    expect(await missing.getByRole('listitem').count()).toBe(1);
    expect(await text(missing)).toContain(formatted(leaving.number));
    await expectAccessible(page, 'voice URL check report');

    await button(page, `Point back at Loquent: ${formatted(drifting.number)}`).click();

    await drifted.getByText('Fixed: calls reach Loquent again.').waitFor();
    expect(await isFocused(drifted.getByText('Fixed: calls reach Loquent again.'))).toBe(true);
    expect(api.sandbox.ownedNumbers().find((n) => n.sid === drifting.sid)?.voiceUrl).toBe(
      LOQUENT_VOICE_URL,
    );

    await missing.getByRole('button', { name: `Details of ${formatted(leaving.number)}` }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Remove' }).waitFor();
  });
});
