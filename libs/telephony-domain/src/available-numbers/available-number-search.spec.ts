import { AvailableNumberSearch } from './available-number-search';
import { InvalidSearchCriteria } from './available-numbers.errors';

describe('AvailableNumberSearch', () => {
  it('searches US local numbers, 20 of them, when told nothing else', () => {
    const search = AvailableNumberSearch.parse({});

    expect(search).toMatchObject({
      country: expect.objectContaining({ value: 'US' }),
      type: 'local',
      areaCode: null,
      contains: null,
      nearNumber: null,
      distanceMiles: null,
      capabilities: { voice: false, sms: false, mms: false },
      excludeAddressRequired: null,
      beta: null,
      limit: 20,
    });
  });

  it('keeps every criterion of a complete search', () => {
    const search = AvailableNumberSearch.parse({
      country: 'ca',
      type: 'local',
      areaCode: '416',
      contains: '55*',
      inLocality: ' Toronto ',
      inRegion: 'ON',
      inPostalCode: 'M5H',
      nearNumber: '+14165550100',
      distance: 50,
      capabilities: { voice: true, sms: false },
      excludeAddressRequired: 'foreign',
      beta: false,
      limit: 50,
    });

    expect(search).toMatchObject({
      country: expect.objectContaining({ value: 'CA' }),
      areaCode: expect.objectContaining({ value: '416' }),
      contains: expect.objectContaining({ value: '55*' }),
      inLocality: 'Toronto',
      inRegion: 'ON',
      inPostalCode: 'M5H',
      nearNumber: expect.objectContaining({ value: '+14165550100' }),
      distanceMiles: 50,
      capabilities: { voice: true, sms: false, mms: false },
      excludeAddressRequired: 'foreign',
      beta: false,
      limit: 50,
    });
    expect(
      AvailableNumberSearch.parse({ excludeAddressRequired: true }).excludeAddressRequired,
    ).toBe('all');
  });

  it.each([
    [{ country: 'XX' }, 'country'],
    [{ type: 'national' }, 'type'],
    [{ areaCode: '015' }, 'area_code'],
    [{ country: 'GB', areaCode: '207' }, 'area_code'],
    [{ contains: '2' }, 'contains'],
    [{ inLocality: '   ' }, 'in_locality'],
    [{ inRegion: 'x'.repeat(101) }, 'in_region'],
    [{ country: 'GB', inRegion: 'London' }, 'in_region'],
    [{ country: 'DE', inPostalCode: '10115' }, 'in_postal_code'],
    [{ country: 'GB', type: 'mobile', nearNumber: '+447700900100' }, 'near_number'],
    [{ nearNumber: '+1415' }, 'near_number'],
    [{ distance: 25 }, 'distance'],
    [{ nearNumber: '+14155550100', distance: 0 }, 'distance'],
    [{ nearNumber: '+14155550100', distance: 501 }, 'distance'],
    [{ nearNumber: '+14155550100', distance: 2.5 }, 'distance'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 51 }, 'limit'],
    [{ excludeAddressRequired: 'any' }, 'exclude_address_required'],
  ])('refuses %j with InvalidSearchCriteria naming %s', (criteria, field) => {
    expect(() => AvailableNumberSearch.parse(criteria as never)).toThrow(
      expect.objectContaining({
        constructor: InvalidSearchCriteria,
        params: expect.objectContaining({ field }),
        message: expect.stringMatching(new RegExp(`^${field}: `)),
      }),
    );
  });

  it('says why an area code does not apply outside NANP', () => {
    expect(() => AvailableNumberSearch.parse({ country: 'GB', areaCode: '207' })).toThrow(
      'area_code: applies only in NANP countries (+1, such as US and CA), not in GB',
    );
  });
});
