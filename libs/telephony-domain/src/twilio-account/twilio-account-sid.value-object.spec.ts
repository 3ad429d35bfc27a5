import fc from 'fast-check';
import { InvalidTwilioAccountSid } from './twilio-account.errors';
import { TwilioAccountSid } from './twilio-account-sid.value-object';

describe('TwilioAccountSid', () => {
  it('accepts AC followed by 32 hex digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-F]{32}$/), (hex) => {
        expect(TwilioAccountSid.parse(`AC${hex}`).value).toBe(`AC${hex}`);
        expect(TwilioAccountSid.tryParse(`AC${hex}`)).toEqual(TwilioAccountSid.parse(`AC${hex}`));
      }),
    );
  });

  it.each([
    'AC' + 'a'.repeat(31),
    'AC' + 'a'.repeat(33),
    'ac' + 'a'.repeat(32),
    'PN' + 'a'.repeat(32),
    '',
  ])(
    'refuses %j with InvalidTwilioAccountSid carrying the value, and tryParse gives null',
    (value) => {
      expect(() => TwilioAccountSid.parse(value)).toThrow(
        expect.objectContaining({ code: 'invalid_twilio_account_sid', params: { value } }),
      );
      expect(() => TwilioAccountSid.parse(value)).toThrow(InvalidTwilioAccountSid);
      expect(TwilioAccountSid.tryParse(value)).toBeNull();
    },
  );

  it('gives null for a sid that is not there at all', () => {
    expect(TwilioAccountSid.tryParse(undefined)).toBeNull();
  });
});
