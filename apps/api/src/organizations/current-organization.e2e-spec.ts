import { bearer, TestApi, TestOrganization } from '../../../../test/support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization('Northwind Telephony');
});

afterAll(() => api.close());

describe('GET /api/organization/current', () => {
  it("answers the token's organization by name, with every permission of an all-permissions token", async () => {
    const response = await api.http
      .get('/api/organization/current')
      .set(bearer(org.token))
      .expect(200);

    expect(response.body).toEqual({
      id: org.id,
      name: 'Northwind Telephony',
      permissions: [
        'Phone:Collection:List',
        'Phone:Collection:Create',
        'Phone:Instance:View',
        'Phone:Instance:Update',
        'Phone:Instance:Delete',
        'Twilio:Collection:Create',
        'Agent:Collection:List',
        'Organization:Instance:View',
        'Organization:Instance:Update',
        'Webhook:Collection:Create',
        'Webhook:Collection:List',
        'Webhook:Instance:Delete',
      ],
    });
  });

  it('lists only the permissions the API knows, in its own order, and needs none itself', async () => {
    const token = org.tokenWith('Nonsense', 'Phone:Instance:View', 'Phone:Collection:List');

    const response = await api.http.get('/api/organization/current').set(bearer(token)).expect(200);

    expect(response.body.permissions).toEqual(['Phone:Collection:List', 'Phone:Instance:View']);
    const none = await api.http
      .get('/api/organization/current')
      .set(bearer(org.tokenWith()))
      .expect(200);
    expect(none.body).toMatchObject({ name: 'Northwind Telephony', permissions: [] });
  });

  it("never tells another organization's name", async () => {
    const other = await api.createOrganization('Contoso');

    const response = await api.http
      .get('/api/organization/current')
      .set(bearer(other.token))
      .expect(200);

    expect(response.body).toMatchObject({ id: other.id, name: 'Contoso' });
  });
});
