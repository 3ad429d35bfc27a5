import { InvalidAreaCode } from '../phone-number/phone-number.errors';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { SearchAvailableNumbers } from './search-available-numbers.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';

describe('SearchAvailableNumbers', () => {
  it('returns the numbers for sale in the area code with where they are and what they can do', async () => {
    const provider = new InMemoryTelephonyProvider().offer([
      {
        phoneNumber: '+14155550100',
        locality: 'San Francisco',
        region: 'CA',
        capabilities: { voice: true, sms: true, mms: false },
      },
      '+12125550100',
    ]);

    const numbers = await new SearchAvailableNumbers(provider).execute({
      organizationId: ORG,
      areaCode: '415',
    });

    expect(numbers).toEqual([
      {
        phoneNumber: expect.objectContaining({ value: '+14155550100' }),
        friendlyName: '(415) 555-0100',
        locality: 'San Francisco',
        region: 'CA',
        capabilities: { voice: true, sms: true, mms: false },
      },
    ]);
  });

  it.each(['41', '015', '4155', 'abc'])(
    'refuses the area code %j without calling the provider',
    async (areaCode) => {
      const provider = new InMemoryTelephonyProvider();

      await expect(
        new SearchAvailableNumbers(provider).execute({ organizationId: ORG, areaCode }),
      ).rejects.toThrow(new InvalidAreaCode(areaCode));
      expect(provider.calls).toEqual([]);
    },
  );
});
