import { createHash } from 'node:crypto';
import { NumberType } from './sandbox-catalogue';
import { AccountRecord, SandboxState } from './sandbox-state';

const twimlBin = (name: string) =>
  `https://handler.twilio.com/twiml/EH${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;

/**
 * The numbers a believable existing Twilio account already has, ready to import: some answer
 * through their own webhooks or TwiML Bins, some have SMS webhooks (which Loquent must never
 * touch), some nothing at all. All are in the fictional 555-01xx range.
 */
const DEMO_NUMBERS: readonly {
  phoneNumber: string;
  friendlyName?: string;
  voiceUrl?: string;
  voiceMethod?: 'GET' | 'POST';
  smsUrl?: string;
}[] = [
  {
    phoneNumber: '+14155550100',
    friendlyName: 'Main line',
    voiceUrl: 'https://demo.twilio.com/welcome/voice/',
    smsUrl: 'https://demo.twilio.com/welcome/sms/reply/',
  },
  { phoneNumber: '+14155550101', friendlyName: 'Support', voiceUrl: twimlBin('support') },
  { phoneNumber: '+14155550102' },
  {
    phoneNumber: '+12125550100',
    friendlyName: 'New York office',
    voiceUrl: 'https://ivr.acme-corp.example/twilio/voice',
    smsUrl: 'https://ivr.acme-corp.example/twilio/sms',
  },
  { phoneNumber: '+12125550101', friendlyName: 'Sales', smsUrl: 'https://crm.example.com/sms' },
  { phoneNumber: '+12125550102' },
  { phoneNumber: '+13125550100', friendlyName: 'Chicago branch', voiceUrl: twimlBin('chicago') },
  {
    phoneNumber: '+13125550101',
    friendlyName: 'After hours',
    voiceUrl: 'https://demo.twilio.com/welcome/voice/',
    voiceMethod: 'GET',
  },
  { phoneNumber: '+13125550102', smsUrl: 'https://demo.twilio.com/welcome/sms/reply/' },
  { phoneNumber: '+15125550100', friendlyName: 'Marketing campaign' },
  {
    phoneNumber: '+15125550101',
    friendlyName: 'Recruiting',
    voiceUrl: 'https://hooks.example.org/recruiting/voice',
    smsUrl: 'https://hooks.example.org/recruiting/sms',
  },
  { phoneNumber: '+15125550102', friendlyName: 'Front desk' },
];

export function seedDemoNumbers(state: SandboxState, account: AccountRecord): void {
  for (const demo of DEMO_NUMBERS) {
    const record = state.own(account, {
      phoneNumber: demo.phoneNumber,
      ...(demo.friendlyName ? { friendlyName: demo.friendlyName } : {}),
      voiceUrl: demo.voiceUrl ?? null,
      smsUrl: demo.smsUrl ?? null,
    });
    if (demo.voiceMethod) state.update(account, record.sid, { voiceMethod: demo.voiceMethod });
  }
}

/**
 * What the demo account has on file to buy regulated numbers: an address in each country the
 * sandbox sells in, and an approved bundle for each country and type that needs one. Their sids
 * are the same on every start (listed by GET /__sandbox/accounts/{sid}/addresses and /bundles).
 */
export function seedDemoCompliance(state: SandboxState, account: AccountRecord): void {
  for (const isoCountry of ['US', 'CA', 'GB', 'DE', 'AU']) {
    state.addAddress(account, { isoCountry, customerName: 'Acme Corp' });
  }
  const bundles: [string, NumberType][] = [
    ['GB', 'local'],
    ['DE', 'local'],
    ['DE', 'mobile'],
    ['AU', 'local'],
    ['AU', 'mobile'],
  ];
  for (const [isoCountry, numberType] of bundles) {
    state.addBundle(account, { isoCountry, numberType });
  }
}
