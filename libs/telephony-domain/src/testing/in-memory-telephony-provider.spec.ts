import { InMemoryTelephonyProvider } from './in-memory-telephony-provider';
import { describeTelephonyProviderContract } from './telephony-provider.contract';

const ORG = '11111111-1111-4111-8111-111111111111';
const PAGE_SIZE = 10;

describeTelephonyProviderContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryTelephonyProvider',
  async () => {
    const provider = new InMemoryTelephonyProvider(PAGE_SIZE)
      .stockSampleInventory()
      .refuseAsInvalid('+15005550001');
    let next = 0;
    return {
      provider,
      organizationId: ORG,
      pageSize: PAGE_SIZE,
      ownNumber: async ({ phoneNumber, friendlyName, voiceUrl }) =>
        provider.own(phoneNumber, {
          friendlyName: friendlyName ?? null,
          voiceUrl: voiceUrl ?? null,
        }),
      ownNumbers: async (count) => {
        for (let i = 0; i < count; i++) provider.own(`+1312555${String(next++).padStart(4, '0')}`);
      },
      addAddress: async (isoCountry) => provider.addAddress(isoCountry),
      addBundle: async (isoCountry, type) => provider.addBundle(isoCountry, type),
      inventory: {
        usAreaCode: '415',
        emptyAreaCode: '533',
        addressMixed: { country: 'GB', type: 'mobile' },
        bundleRequired: { country: 'DE', type: 'local' },
        countryNotSold: 'KP',
        typeNotSold: { country: 'US', type: 'mobile' },
        invalidNumber: '+15005550001',
        unavailableNumber: '+15005550000',
      },
    };
  },
);
