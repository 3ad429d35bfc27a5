import type { NumberType } from '../available-numbers/available-number-search';
import type { OfferSpec } from './in-memory-telephony-provider';

// InMemoryTelephonyProvider.stockSampleInventory(): numbers in the ranges regulators keep for
// fiction (NANP 555-01xx, Ofcom's drama ranges, ACMA's), so they are safe to show anywhere.

export const SAMPLE_COUNTRIES: Readonly<Record<string, { name: string; types: NumberType[] }>> = {
  US: { name: 'United States', types: ['local', 'toll_free'] },
  CA: { name: 'Canada', types: ['local', 'toll_free'] },
  GB: { name: 'United Kingdom', types: ['local', 'mobile', 'toll_free'] },
  DE: { name: 'Germany', types: ['local', 'mobile', 'toll_free'] },
  AU: { name: 'Australia', types: ['local', 'mobile', 'toll_free'] },
};

type Attributes = Omit<Exclude<OfferSpec, string>, 'phoneNumber'>;

function block(
  prefix: string,
  count: number,
  attributes: Attributes,
  each: (i: number) => Partial<Attributes> = () => ({}),
): OfferSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    phoneNumber: `${prefix}${String(i).padStart(2, '0')}`,
    ...attributes,
    ...each(i),
  }));
}

const ALL = { voice: true, sms: true, mms: true };
const VOICE_AND_SMS = { voice: true, sms: true, mms: false };
const VOICE = { voice: true, sms: false, mms: false };

const sanFrancisco: Attributes = {
  isoCountry: 'US',
  locality: 'San Francisco',
  region: 'CA',
  postalCode: '94103',
  rateCenter: 'SNFC CNTL',
  latitude: 37.7749,
  longitude: -122.4194,
};

export const SAMPLE_OFFERS: readonly OfferSpec[] = [
  // Every fifth lacks MMS, the last two are new to the platform.
  ...block('+141555501', 25, sanFrancisco, (i) => ({
    capabilities: i % 5 === 4 ? VOICE_AND_SMS : ALL,
    beta: i >= 23,
  })),
  ...block('+165055501', 5, {
    isoCountry: 'US',
    locality: 'San Mateo',
    region: 'CA',
    postalCode: '94401',
    rateCenter: 'SNMT SNMT',
    latitude: 37.563,
    longitude: -122.3255,
  }),
  ...block(
    '+121255501',
    10,
    {
      isoCountry: 'US',
      locality: 'New York',
      region: 'NY',
      postalCode: '10001',
      rateCenter: 'NWYRCYZN01',
      latitude: 40.7506,
      longitude: -73.9972,
    },
    (i) => ({ beta: i === 9 }),
  ),
  ...block('+180055501', 10, { isoCountry: 'US', type: 'toll_free' }),
  ...block('+188855501', 5, { isoCountry: 'US', type: 'toll_free', capabilities: VOICE_AND_SMS }),
  ...block('+141655501', 10, {
    isoCountry: 'CA',
    locality: 'Toronto',
    region: 'ON',
    postalCode: 'M5H',
    rateCenter: 'TORONTO',
    latitude: 43.6532,
    longitude: -79.3832,
  }),
  ...block('+183355502', 5, { isoCountry: 'CA', type: 'toll_free' }),
  // Half the UK mobiles need an address (anywhere); London numbers a UK one and a bundle.
  ...block(
    '+4477009001',
    10,
    { isoCountry: 'GB', type: 'mobile', capabilities: VOICE_AND_SMS },
    (i) => ({ addressRequirements: i % 2 === 0 ? 'none' : 'any' }),
  ),
  ...block('+4420794600', 10, {
    isoCountry: 'GB',
    locality: 'London',
    capabilities: VOICE,
    addressRequirements: 'local',
    bundleRequired: true,
  }),
  ...block('+4480815700', 5, { isoCountry: 'GB', type: 'toll_free', capabilities: VOICE }),
  ...block('+4930231250', 10, {
    isoCountry: 'DE',
    locality: 'Berlin',
    capabilities: VOICE,
    addressRequirements: 'local',
    bundleRequired: true,
  }),
  ...block('+4915123455', 5, {
    isoCountry: 'DE',
    type: 'mobile',
    capabilities: VOICE_AND_SMS,
    addressRequirements: 'any',
    bundleRequired: true,
  }),
  ...block('+4980055500', 5, {
    isoCountry: 'DE',
    type: 'toll_free',
    capabilities: VOICE,
    addressRequirements: 'foreign',
  }),
  ...block('+612555001', 10, {
    isoCountry: 'AU',
    locality: 'Sydney',
    capabilities: VOICE,
    addressRequirements: 'local',
    bundleRequired: true,
  }),
  ...block('+614915701', 10, {
    isoCountry: 'AU',
    type: 'mobile',
    capabilities: ALL,
    addressRequirements: 'any',
    bundleRequired: true,
  }),
  ...block('+6118001605', 5, { isoCountry: 'AU', type: 'toll_free', capabilities: VOICE }),
];
