import { AddressSid } from './address-sid.value-object';
import {
  InvalidAddressSid,
  InvalidBundleSid,
  InvalidCountryCode,
  InvalidNumberPattern,
} from './available-numbers.errors';
import { BundleSid } from './bundle-sid.value-object';
import { CountryCode } from './country-code.value-object';
import { NumberPattern } from './number-pattern.value-object';

describe('CountryCode', () => {
  it.each([
    ['US', 'US', true, true],
    ['ca', 'CA', true, true],
    ['PR', 'PR', true, false],
    ['GB', 'GB', false, false],
    ['de', 'DE', false, false],
    ['AU', 'AU', false, false],
  ])('takes %j as %s (NANP: %s, geographic search: %s)', (input, value, nanp, geographic) => {
    const country = CountryCode.parse(input);

    expect(country.value).toBe(value);
    expect(country.isNanp).toBe(nanp);
    expect(country.hasGeographicSearch).toBe(geographic);
  });

  it.each(['', 'U', 'USA', 'ZZ', '12', 'U$', ' US'])(
    'refuses %j with InvalidCountryCode carrying the value',
    (value) => {
      expect(() => CountryCode.parse(value)).toThrow(
        expect.objectContaining({ constructor: InvalidCountryCode, params: { value } }),
      );
    },
  );

  it('gives the calling code of the country', () => {
    expect(CountryCode.parse('GB').callingCode).toBe('44');
    expect(CountryCode.parse('AU').callingCode).toBe('61');
  });
});

describe('NumberPattern', () => {
  it.each(['22', '2255', 'STORM', '*0100', '415***0100', 'a1b2c3d4e5f6g7h'])('accepts %j', (p) => {
    expect(NumberPattern.parse(p).value).toBe(p);
  });

  it.each(['', '2', '+1415', '22-55', '22 55', '1234567890123456', '%%'])(
    'refuses %j with InvalidNumberPattern',
    (value) => {
      expect(() => NumberPattern.parse(value)).toThrow(InvalidNumberPattern);
    },
  );
});

describe('AddressSid and BundleSid', () => {
  const hex = 'a1B2'.repeat(8);

  it('take their prefix and 32 hex digits, or nothing at all', () => {
    expect(AddressSid.parse(`AD${hex}`).value).toBe(`AD${hex}`);
    expect(BundleSid.parse(`BU${hex}`).value).toBe(`BU${hex}`);
    expect(AddressSid.parseOptional(null)).toBeNull();
    expect(BundleSid.parseOptional(undefined)).toBeNull();
  });

  it.each([`BU${hex}`, `AD${hex}0`, 'AD', `ad${hex}`, `AD${'g'.repeat(32)}`])(
    'refuse %j as an address sid',
    (value) => {
      expect(() => AddressSid.parse(value)).toThrow(
        expect.objectContaining({ constructor: InvalidAddressSid, params: { value } }),
      );
    },
  );

  it.each([`AD${hex}`, `BU${hex.slice(1)}`, ''])('refuse %j as a bundle sid', (value) => {
    expect(() => BundleSid.parse(value)).toThrow(InvalidBundleSid);
  });
});
