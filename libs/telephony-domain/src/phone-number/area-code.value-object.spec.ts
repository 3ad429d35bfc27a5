import fc from 'fast-check';
import { AreaCode } from './area-code.value-object';
import { InvalidAreaCode } from './phone-number.errors';

describe('AreaCode', () => {
  it('accepts every three digits starting 2-9', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[2-9][0-9]{2}$/), (value) => {
        expect(AreaCode.parse(value).value).toBe(value);
      }),
    );
  });

  it('refuses anything else with InvalidAreaCode carrying the value', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[2-9][0-9]{2}$/.test(s)),
        (value) => {
          expect(() => AreaCode.parse(value)).toThrow(InvalidAreaCode);
        },
      ),
    );
  });

  it.each(['', '41', '4155', '015', '115', '41a', ' 415', '４１５'])('refuses %j', (value) => {
    expect(() => AreaCode.parse(value)).toThrow(new InvalidAreaCode(value));
  });
});
