import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import twilio from 'twilio';
import {
  DEMO_AGENT_ID,
  DemoOrganization,
} from '../../apps/api/src/organizations/demo-organization';
import { OrganizationAdmin } from '../../apps/api/src/organizations/organization-admin';
import { REPOSITORY_ROOT } from '../support/process/api-process';
import { createTestDatabase } from '../support/postgres/test-database';
import { bearer, PUBLIC_BASE_URL, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization('Acme');
  other = await api.createOrganization('Globex');
});

afterAll(() => api.close());

let counter = 0;

const importedNumber = () =>
  api.importedNumber(org, {
    phoneNumber: `+1718555${(++counter).toString().padStart(4, '0')}`,
    friendlyName: 'Lobby',
  });

const rowOf = async (id: string) =>
  (await api.dataSource.query('SELECT * FROM phone_number WHERE id = $1', [id]))[0];

describe('GET /api/agents', () => {
  it("lists the organization's own agents by name, and only them", async () => {
    const admin = new OrganizationAdmin(api.dataSource.manager);
    const zed = await admin.createAgent(org.id, 'Zed');
    const amy = await admin.createAgent(org.id, 'Amy');

    const mine = await api.http.get('/api/agents').set(bearer(org.token)).expect(200);
    const theirs = await api.http.get('/api/agents').set(bearer(other.token)).expect(200);

    expect(mine.body).toEqual([
      { id: org.agentId, name: 'Acme agent' },
      { id: amy.id, name: 'Amy' },
      { id: zed.id, name: 'Zed' },
    ]);
    expect(theirs.body).toEqual([{ id: other.agentId, name: 'Globex agent' }]);
  });

  it('needs Agent:Collection:List', async () => {
    await api.http
      .get('/api/agents')
      .set(bearer(org.tokenWith('Phone:Collection:List')))
      .expect(403);
    await api.http
      .get('/api/agents')
      .set(bearer(org.tokenWith('Agent:Collection:List')))
      .expect(200);
  });
});

describe('PUT /api/phones/:id with an agent_id', () => {
  it.each([
    ["another organization's agent", () => other.agentId],
    ['a random UUID', () => '3b241101-e2bb-4255-8caf-4136c566a962'],
    ['the nil UUID', () => '00000000-0000-0000-0000-000000000000'],
    ['an upper-case UUID of nobody', () => 'C56A4180-65AA-42EC-A945-5FD21DEC0538'],
  ])('answers 404 agent_not_found for %s, changing nothing', async (_, agentOf) => {
    const { id } = await importedNumber();
    const before = await rowOf(id);
    const agentId = agentOf();

    for (const body of [{ agent_id: agentId }, { agent_id: agentId, friendly_name: 'Sneaky' }]) {
      const response = await api.http.put(`/api/phones/${id}`).set(bearer(org.token)).send(body);

      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 404,
        code: 'agent_not_found',
        agent_id: agentId.toLowerCase(),
      });
    }
    expect(await rowOf(id)).toEqual(before);
  });

  it('answers the same for an agent of another organization as for one that does not exist', async () => {
    const { id } = await importedNumber();

    const foreign = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ agent_id: other.agentId });
    const missing = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ agent_id: '3b241101-e2bb-4255-8caf-4136c566a962' });

    const shape = (body: Record<string, unknown>) => ({ ...body, detail: null, agent_id: null });
    expect(foreign.status).toBe(missing.status);
    expect(shape(foreign.body)).toEqual(shape(missing.body));
  });

  it('takes an agent id in capitals as the same agent, and answers what it stored', async () => {
    const { id } = await importedNumber();

    const assigned = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ agent_id: org.agentId.toUpperCase() })
      .expect(200);

    expect(assigned.body.agent_id).toBe(org.agentId);
    expect((await rowOf(id)).agent_id).toBe(org.agentId);
  });

  it("assigns the organization's own agent, and a call to the number is streamed to that agent", async () => {
    const { id, number } = await importedNumber();
    await api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .expect(200);

    const assigned = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ agent_id: org.agentId })
      .expect(200);
    expect(assigned.body.agent_id).toBe(org.agentId);
    expect((await rowOf(id)).agent_id).toBe(org.agentId);

    const params = {
      AccountSid: api.sandbox.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: 'CA' + '2'.repeat(32),
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: '+15005550006',
      To: number,
    };
    const call = await api.http
      .post('/twilio/voice')
      .type('form')
      .set(
        'X-Twilio-Signature',
        twilio.getExpectedTwilioSignature(
          api.sandbox.authToken,
          `${PUBLIC_BASE_URL}/twilio/voice`,
          params,
        ),
      )
      .send(params)
      .expect(200);
    expect(call.text).toContain(`<Parameter name="agent_id" value="${org.agentId}"/>`);
    expect(call.text).toContain(`<Parameter name="phone_number_id" value="${id}"/>`);
  });
});

describe('the demo organization', () => {
  it('has an agent of its own, made once however often the server starts', async () => {
    const demoApi = await TestApi.start({ demoOrganization: true });
    try {
      const demo = demoApi.app.get(DemoOrganization);
      await demo.onApplicationBootstrap();
      const access = demo.access()!;

      const agents = await demoApi.http.get('/api/agents').set(bearer(access.token)).expect(200);

      expect(agents.body).toEqual([{ id: DEMO_AGENT_ID, name: 'Demo agent' }]);
      expect(access.agentId).toBe(DEMO_AGENT_ID);
    } finally {
      await demoApi.close();
    }
  });
});

describe('npm run cli -- agent:create', () => {
  const cli = join(REPOSITORY_ROOT, 'dist', 'apps', 'api', 'cli', 'cli.js');
  const run = promisify(execFile);

  it('adds an agent to an organization and prints it as JSON', async () => {
    const database = await createTestDatabase();
    try {
      const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url };
      const organization = JSON.parse(
        (await run(process.execPath, [cli, 'org:create', '--name', 'Initech'], { env })).stdout,
      );

      const { stdout } = await run(
        process.execPath,
        [cli, 'agent:create', '--org', organization.id, '--name', '  Front desk  '],
        { env },
      );

      const agent = JSON.parse(stdout);
      expect(agent).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organization_id: organization.id,
        name: 'Front desk',
      });
      await expect(
        run(process.execPath, [cli, 'agent:create', '--org', organization.id], { env }),
      ).rejects.toMatchObject({ code: 64, stderr: expect.stringContaining('--name is required') });
      await expect(
        run(
          process.execPath,
          [cli, 'agent:create', '--org', '3b241101-e2bb-4255-8caf-4136c566a962', '--name', 'X'],
          { env },
        ),
      ).rejects.toMatchObject({ code: 64, stderr: expect.stringContaining('No organization') });
    } finally {
      await database.drop();
    }
  });
});
