import fc from 'fast-check';
import { InvalidTwilioNumberSid } from './phone-number.errors';
import { TwilioNumberSid } from './twilio-number-sid.value-object';

describe('TwilioNumberSid', () => {
  it('accepts PN followed by 32 hex digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-F]{32}$/), (hex) => {
        expect(TwilioNumberSid.parse(`PN${hex}`).value).toBe(`PN${hex}`);
      }),
    );
  });

  it('refuses anything else with InvalidTwilioNumberSid', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !/^PN[0-9a-fA-F]{32}$/.test(s)),
        (value) => {
          expect(() => TwilioNumberSid.parse(value)).toThrow(InvalidTwilioNumberSid);
        },
      ),
    );
  });

  it.each([
    'PN' + 'a'.repeat(31),
    'PN' + 'a'.repeat(33),
    'pn' + 'a'.repeat(32),
    'AC' + 'a'.repeat(32),
    'PN' + 'g'.repeat(32),
  ])('refuses %s', (value) => {
    expect(() => TwilioNumberSid.parse(value)).toThrow(InvalidTwilioNumberSid);
  });
});
