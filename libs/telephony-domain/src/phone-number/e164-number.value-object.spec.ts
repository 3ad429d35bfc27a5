import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { E164Number } from './e164-number.value-object';
import { InvalidPhoneNumber } from './phone-number.errors';

describe('E164Number', () => {
  it.each([
    '+15551234567',
    '+14155550100',
    '+15005550006', // Twilio's magic test number: valid for Twilio, not in libphonenumber's ranges
    '+442071838750',
    '+447700900100', // a UK mobile of Ofcom's drama range: no carrier, a possible length
    '+493023125000',
    '+4915123455000',
    '+61491570100',
    '+611800160500',
    '+14165550100',
    '+8613800138000',
    '+882123456789',
  ])('accepts %s', (value) => {
    expect(E164Number.parse(value).value).toBe(value);
  });

  it.each([
    ['', 'empty'],
    ['15551234567', 'no plus'],
    ['+05551234567', 'leading zero'],
    ['+1 555 123 4567', 'spaces'],
    ['+1-555-123-4567', 'dashes'],
    ['+1234567890123456', 'sixteen digits'],
    ['+1415555010', 'nine digits after +1'],
    ['+999123456', 'unknown country code'],
    ['+44207183875012345', 'too long for the UK'],
  ])('refuses %j (%s) with InvalidPhoneNumber carrying the value', (value) => {
    expect(() => E164Number.parse(value)).toThrow(
      expect.objectContaining({
        constructor: InvalidPhoneNumber,
        code: 'invalid_phone_number',
        params: { value },
      }),
    );
  });

  it('accepts every 10-digit NANP number, whatever its range', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), (digits) => {
        expect(E164Number.parse(`+1${digits}`).value).toBe(`+1${digits}`);
      }),
    );
  });

  it('takes +1 and ten digits without asking libphonenumber only where the library would agree', () => {
    // parse() skips the library for this shape; the library must find every such number possible.
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), (digits) => {
        const parsed = parsePhoneNumberFromString(`+1${digits}`);
        expect(parsed?.isPossible()).toBe(true);
        expect(parsed?.countryCallingCode).toBe('1');
        expect(E164Number.parse(`+1${digits}`).countryCallingCode).toBe('1');
      }),
      { numRuns: 2_000 },
    );
    expect(E164Number.parse('+442071838750').countryCallingCode).toBe('44');
  });

  it('refuses anything that is not a + and 2 to 15 digits, never throwing anything else', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\+[1-9]\d{1,14}$/.test(s)),
        (value) => {
          expect(() => E164Number.parse(value)).toThrow(InvalidPhoneNumber);
        },
      ),
    );
  });

  it('either parses or throws InvalidPhoneNumber for any digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[0-9]{0,17}$/), (value) => {
        try {
          expect(E164Number.parse(value).value).toBe(value);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPhoneNumber);
        }
      }),
    );
  });

  it('compares by value and class', () => {
    expect(E164Number.parse('+14155550100').equals(E164Number.parse('+14155550100'))).toBe(true);
    expect(E164Number.parse('+14155550100').equals(E164Number.parse('+14155550101'))).toBe(false);
    expect(E164Number.parse('+14155550100').equals('+14155550100')).toBe(false);
    expect(E164Number.parse('+14155550100').countryCallingCode).toBe('1');
  });
});
