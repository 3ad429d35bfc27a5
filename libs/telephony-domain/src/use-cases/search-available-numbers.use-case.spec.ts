import { InvalidSearchCriteria } from '../available-numbers/available-numbers.errors';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { ListAvailableCountries } from './list-available-countries.use-case';
import { SearchAvailableNumbers } from './search-available-numbers.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';

describe('SearchAvailableNumbers', () => {
  it('returns the numbers for sale in the area code with where they are, what they can do and need', async () => {
    const provider = new InMemoryTelephonyProvider().offer([
      {
        phoneNumber: '+14155550100',
        locality: 'San Francisco',
        region: 'CA',
        postalCode: '94103',
        capabilities: { voice: true, sms: true, mms: false },
      },
      '+12125550100',
    ]);

    const result = await new SearchAvailableNumbers(provider).execute({
      organizationId: ORG,
      areaCode: '415',
    });

    expect(result).toEqual({
      outcome: 'found',
      numbers: [
        {
          phoneNumber: expect.objectContaining({ value: '+14155550100' }),
          friendlyName: '(415) 555-0100',
          isoCountry: 'US',
          type: 'local',
          locality: 'San Francisco',
          region: 'CA',
          postalCode: '94103',
          rateCenter: null,
          latitude: null,
          longitude: null,
          beta: false,
          addressRequirements: 'none',
          capabilities: { voice: true, sms: true, mms: false },
        },
      ],
    });
  });

  it('searches the country and type asked for, with every criterion', async () => {
    const provider = new InMemoryTelephonyProvider().stockSampleInventory();

    const result = await new SearchAvailableNumbers(provider).execute({
      organizationId: ORG,
      country: 'gb',
      type: 'mobile',
      contains: '90010*',
      inLocality: null,
      capabilities: { sms: true },
      excludeAddressRequired: true,
      beta: false,
      limit: 3,
    });

    expect(result.outcome).toBe('found');
    expect(result.numbers.map((n) => n.phoneNumber.value)).toEqual([
      '+447700900100',
      '+447700900102',
      '+447700900104',
    ]);
  });

  it('says when the provider sells no numbers of the type in the country', async () => {
    const provider = new InMemoryTelephonyProvider().stockSampleInventory();

    await expect(
      new SearchAvailableNumbers(provider).execute({
        organizationId: ORG,
        country: 'US',
        type: 'mobile',
      }),
    ).resolves.toEqual({
      outcome: 'type_not_sold',
      numbers: [],
      country: 'US',
      type: 'mobile',
      typesSold: ['local', 'toll_free'],
    });
  });

  it.each([
    [{ areaCode: '41' }, 'area_code'],
    [{ country: 'GB', areaCode: '415' }, 'area_code'],
    [{ distance: 10 }, 'distance'],
    [{ country: 'ZZ' }, 'country'],
  ])('refuses %j naming %s, without calling the provider', async (criteria, field) => {
    const provider = new InMemoryTelephonyProvider();

    await expect(
      new SearchAvailableNumbers(provider).execute({ organizationId: ORG, ...criteria }),
    ).rejects.toEqual(
      expect.objectContaining({
        constructor: InvalidSearchCriteria,
        params: expect.objectContaining({ field }),
      }),
    );
    expect(provider.calls).toEqual([]);
  });
});

describe('ListAvailableCountries', () => {
  it('lists the countries the provider sells numbers in by name, with their types', async () => {
    const provider = new InMemoryTelephonyProvider().stockSampleInventory();

    const countries = await new ListAvailableCountries(provider).execute({ organizationId: ORG });

    expect(countries.map((c) => c.name)).toEqual([
      'Australia',
      'Canada',
      'Germany',
      'United Kingdom',
      'United States',
    ]);
    expect(countries.find((c) => c.countryCode === 'GB')).toEqual({
      countryCode: 'GB',
      name: 'United Kingdom',
      beta: false,
      types: ['local', 'toll_free', 'mobile'],
    });
  });
});
