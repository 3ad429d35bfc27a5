import { Permission } from '../../auth/permissions';
import { bearer, TestApi, TestOrganization } from '../../../../../test/support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());
afterEach(() => api.sandbox.faults.reset());

const countries = (token = org.token) =>
  api.http.get('/api/twilio/available-countries').set(bearer(token));

describe('GET /api/twilio/available-countries', () => {
  it('lists the countries Twilio sells numbers in, by name, with the types of each', async () => {
    const response = await countries().expect(200);

    expect(response.body).toEqual({
      countries: [
        {
          country_code: 'AU',
          name: 'Australia',
          beta: false,
          types: ['local', 'toll_free', 'mobile'],
        },
        { country_code: 'CA', name: 'Canada', beta: false, types: ['local', 'toll_free'] },
        {
          country_code: 'DE',
          name: 'Germany',
          beta: false,
          types: ['local', 'toll_free', 'mobile'],
        },
        {
          country_code: 'GB',
          name: 'United Kingdom',
          beta: false,
          types: ['local', 'toll_free', 'mobile'],
        },
        { country_code: 'US', name: 'United States', beta: false, types: ['local', 'toll_free'] },
      ],
    });
  });

  it('asks Twilio once for a while, whoever asks in the account', async () => {
    const other = await api.createOrganization('Other');
    const before = api.sandbox.countOf('listAvailableCountries');

    await countries().expect(200);
    await countries(other.token).expect(200);
    await countries().expect(200);

    expect(api.sandbox.countOf('listAvailableCountries') - before).toBeLessThanOrEqual(1);
  });

  it('needs the permission to buy numbers', async () => {
    await countries(org.tokenWith(Permission.PhoneCollectionList)).expect(403);
    await countries(org.tokenWith(Permission.PhoneCollectionCreate)).expect(200);
  });
});
