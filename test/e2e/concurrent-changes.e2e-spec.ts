import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { OrganizationAdmin } from '../../apps/api/src/organizations/organization-admin';
import { bearer, LOQUENT_VOICE_URL, TestApi, TestOrganization } from '../support/api/test-api';

jest.setTimeout(60_000);

let api: TestApi;
let org: TestOrganization;
let counter = 0;

beforeAll(async () => {
  api = await TestApi.start({ twilioTimeoutMs: 10_000 });
  org = await api.createOrganization();
});

afterAll(() => api.close());

/** A number already in the account with a voice URL of its own, imported (not configured yet). */
const importedNumber = (voiceUrl: string) =>
  api.importedNumber(org, {
    phoneNumber: `+1646555${(++counter).toString().padStart(4, '0')}`,
    voiceUrl,
  });

const inTwilio = (sid: string) => api.sandbox.ownedNumbers().find((n) => n.sid === sid)!;
const versionOf = (response: Response) => Number(JSON.parse(response.headers.etag!));

/** Until the sandbox holds a request of this operation it has not answered yet. */
async function untilTwilioIsAnswering(
  operation: 'updateIncomingNumber' | 'fetchIncomingNumber',
): Promise<void> {
  while (!api.sandbox.requests.some((r) => r.operation === operation && r.status === null)) {
    await sleep(5);
  }
}

describe('a configure-phone-voice waiting on a slow Twilio', () => {
  it('keeps the rename and the agent that land meanwhile, and the URL that was on Twilio first', async () => {
    const first = 'https://old-ivr.example/first';
    const { id, sid } = await importedNumber(first);
    api.sandbox.faults.delayNext('updateIncomingNumber', { ms: 1_500 });

    const configuring = api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .then((response) => response);
    await untilTwilioIsAnswering('updateIncomingNumber');
    const renamed = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ friendly_name: 'Reception' })
      .expect(200);
    const assigned = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ agent_id: org.agentId })
      .expect(200);
    const configured = await configuring;

    expect(configured.status).toBe(200);
    // Saved after both: its answer holds them, and comes last.
    expect(configured.body).toMatchObject({
      friendly_name: 'Reception',
      agent_id: org.agentId,
      voice_url_status: 'configured',
      previous_voice_url: first,
    });
    expect(versionOf(renamed)).toBeLessThan(versionOf(assigned));
    expect(versionOf(assigned)).toBeLessThan(versionOf(configured));
    const stored = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    expect(stored.body).toEqual(configured.body);
    expect(inTwilio(sid).voiceUrl).toBe(LOQUENT_VOICE_URL);
  });

  it('keeps them too when Twilio is slow to answer the fetch before the update', async () => {
    const first = 'https://old-ivr.example/fetch-first';
    const { id } = await importedNumber(first);
    api.sandbox.faults.delayNext('fetchIncomingNumber', { ms: 1_000 });

    const configuring = api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .then((response) => response);
    await untilTwilioIsAnswering('fetchIncomingNumber');
    await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ friendly_name: 'Night line', agent_id: org.agentId })
      .expect(200);
    const configured = await configuring;

    expect(configured.body).toMatchObject({
      friendly_name: 'Night line',
      agent_id: org.agentId,
      voice_url_status: 'configured',
      previous_voice_url: first,
    });
  });
});

describe('many numbers configured at once', () => {
  afterEach(() => api.sandbox.faults.reset());

  it('configures three times as many numbers as the pool has connections, Twilio slow, all at once', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 15 }, (_, i) => importedNumber(`https://old-ivr.example/${i}`)),
    );
    api.sandbox.faults.setLatency(200);

    const responses = await Promise.all(
      numbers.map(({ id }) =>
        api.http
          .post('/api/twilio/configure-phone-voice')
          .set(bearer(org.token))
          .send({ phone_number_id: id }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(numbers.map(() => 200));
    numbers.forEach(({ sid }, i) => {
      expect(responses[i]!.body.previous_voice_url).toBe(`https://old-ivr.example/${i}`);
      expect(inTwilio(sid).voiceUrl).toBe(LOQUENT_VOICE_URL);
    });
  });
});

type Change =
  | { kind: 'rename'; friendlyName: string }
  | { kind: 'assign'; agentId: string }
  | { kind: 'configure' }
  | { kind: 'restore' };

interface State {
  friendly_name: string | null;
  agent_id: string | null;
  voice_url_status: string;
  previous_voice_url: string | null;
}

const stateOf = (body: State): State => ({
  friendly_name: body.friendly_name,
  agent_id: body.agent_id,
  voice_url_status: body.voice_url_status,
  previous_voice_url: body.previous_voice_url,
});

describe('50 mixed changes of one number at the same time', () => {
  it('answers none with a 5xx and loses none: the answers replay, in version order, to the final number', async () => {
    const original = 'https://old-ivr.example/original';
    const { id, sid } = await importedNumber(original);
    const admin = new OrganizationAdmin(api.dataSource.manager);
    const agents = [
      org.agentId,
      (await admin.createAgent(org.id, 'Second')).id,
      (await admin.createAgent(org.id, 'Third')).id,
    ];
    const start = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    const kinds = ['rename', 'assign', 'configure', 'restore'] as const;
    const changes: Change[] = Array.from({ length: 50 }, (_, i) => {
      const kind = kinds[(i * 7) % 4]!;
      if (kind === 'rename') return { kind, friendlyName: `Name ${i}` };
      if (kind === 'assign') return { kind, agentId: agents[i % 3]! };
      return { kind };
    });

    const responses = await Promise.all(
      changes.map((change) => {
        const auth = bearer(org.token);
        switch (change.kind) {
          case 'rename':
            return api.http
              .put(`/api/phones/${id}`)
              .set(auth)
              .send({ friendly_name: change.friendlyName });
          case 'assign':
            return api.http.put(`/api/phones/${id}`).set(auth).send({ agent_id: change.agentId });
          case 'configure':
            return api.http
              .post('/api/twilio/configure-phone-voice')
              .set(auth)
              .send({ phone_number_id: id });
          case 'restore':
            return api.http
              .post('/api/twilio/restore-phone-voice')
              .set(auth)
              .send({ phone_number_id: id });
        }
      }),
    );

    for (const response of responses) {
      expect([200, 409]).toContain(response.status);
      if (response.status === 409) {
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 409, code: 'concurrent_update' });
      }
    }
    const answered = responses
      .map((response, i) => ({ change: changes[i]!, response }))
      .filter(({ response }) => response.status === 200)
      .map((answer) => ({ ...answer, version: versionOf(answer.response) }))
      .sort((a, b) => a.version - b.version);
    // Most of them land; a refusal is the exception, not the way out.
    expect(answered.length).toBeGreaterThanOrEqual(40);

    // Each answer is the number just after its own change, and holds its change.
    for (const { change, response } of answered) {
      const body = response.body as State;
      if (change.kind === 'rename') expect(body.friendly_name).toBe(change.friendlyName);
      if (change.kind === 'assign') expect(body.agent_id).toBe(change.agentId);
      if (change.kind === 'configure') {
        expect(body).toMatchObject({
          voice_url_status: 'configured',
          previous_voice_url: original,
        });
      }
      if (change.kind === 'restore') {
        expect(body).toMatchObject({
          voice_url_status: 'not_configured',
          previous_voice_url: null,
        });
      }
    }

    // Replayed in version order, the answers are the states the changes before them made: a
    // change lost by a later write would show as a field going back to an older value.
    let expected = stateOf(start.body);
    let lastVersion = versionOf(start);
    for (const group of byVersion(answered)) {
      const state = stateOf(group[0]!.response.body);
      for (const { response } of group) expect(stateOf(response.body)).toEqual(state);
      // A new version was made by one of them; the others had nothing to write (a restore of a
      // number not configured, the agent it already had) and answered the number as it was.
      const writers = group.filter(({ change }) => !isNoOp(change, expected));
      if (group[0]!.version === lastVersion) {
        expect(writers).toEqual([]);
      } else {
        expect(group[0]!.version).toBe(lastVersion + 1);
        expect(writers.map(({ change }) => applied(expected, change, original))).toContainEqual(
          state,
        );
        for (const { change } of group) expect(applied(state, change, original)).toEqual(state);
      }
      expected = state;
      lastVersion = group[0]!.version;
    }

    const final = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    expect(versionOf(final)).toBe(lastVersion);
    expect(stateOf(final.body)).toEqual(expected);
    // And Twilio agrees with what Loquent remembers.
    expect(inTwilio(sid).voiceUrl).toBe(
      expected.voice_url_status === 'configured' ? LOQUENT_VOICE_URL : original,
    );
  });
});

function byVersion<T extends { version: number }>(sorted: T[]): T[][] {
  const groups: T[][] = [];
  for (const item of sorted) {
    const last = groups.at(-1);
    if (last && last[0]!.version === item.version) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** Whether the change leaves this state as it is (then nothing is written). */
function isNoOp(change: Change, state: State): boolean {
  if (change.kind === 'configure') return false;
  return JSON.stringify(applied(state, change, '')) === JSON.stringify(state);
}

/** The number after one change, as the API promises it. */
function applied(state: State, change: Change, original: string): State {
  switch (change.kind) {
    case 'rename':
      return { ...state, friendly_name: change.friendlyName };
    case 'assign':
      return { ...state, agent_id: change.agentId };
    case 'configure':
      return {
        ...state,
        voice_url_status: 'configured',
        // Only the first takeover remembers what was there; a restore had put it back.
        previous_voice_url:
          state.voice_url_status === 'configured' ? state.previous_voice_url : original,
      };
    case 'restore':
      return { ...state, voice_url_status: 'not_configured', previous_voice_url: null };
  }
}
