import { FRIENDLY_NAME_MAX_LENGTH, FriendlyName } from './friendly-name.value-object';
import { InvalidFriendlyName } from './phone-number.errors';

const refusal = (value: string) => {
  try {
    FriendlyName.parse(value);
  } catch (error) {
    return error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
};

describe('FriendlyName', () => {
  it('trims, and takes a blank name as no name', () => {
    expect(FriendlyName.parse('  Front desk  ')?.value).toBe('Front desk');
    expect(FriendlyName.parse('')).toBeNull();
    expect(FriendlyName.parse('   ')).toBeNull();
    expect(FriendlyName.parse('\u3000\u00a0')).toBeNull();
    expect(FriendlyName.parseOptional(null)).toBeNull();
    expect(FriendlyName.parseOptional(undefined)).toBeNull();
  });

  it('stores the NFC form, so one name typed two ways is one name', () => {
    const composed = FriendlyName.parse('Caf\u00e9 Ren\u00e9e')!;
    const decomposed = FriendlyName.parse('Cafe\u0301 Rene\u0301e')!;

    expect(decomposed.value).toBe('Caf\u00e9 Ren\u00e9e');
    expect(decomposed.equals(composed)).toBe(true);
    expect(FriendlyName.parse('\u212b ngstr\u00f6m')!.value).toBe('\u00c5 ngstr\u00f6m');
    expect(FriendlyName.parse('\ud55c\uad6d')!.value).toBe(
      FriendlyName.parse('\u1112\u1161\u11ab\u1100\u116e\u11a8')!.value,
    );
  });

  it('keeps letters of every script, emoji and punctuation', () => {
    for (const name of [
      'Support — EU',
      '東京オフィス',
      'مكتب دبي',
      'Sales 🚀 #2',
      "O'Brien & Co.",
    ]) {
      expect(FriendlyName.parse(name)?.value).toBe(name);
    }
  });

  it('counts 64 characters after normalising, as code points', () => {
    expect(FRIENDLY_NAME_MAX_LENGTH).toBe(64);
    expect(FriendlyName.parse('x'.repeat(64))?.value).toHaveLength(64);
    // 128 UTF-16 units that compose to 64 characters.
    expect(FriendlyName.parse('e\u0301'.repeat(64))?.value).toBe('\u00e9'.repeat(64));
    // Emoji are two UTF-16 units but one character.
    expect(FriendlyName.parse('🚀'.repeat(64))?.value).toBe('🚀'.repeat(64));
    expect(FriendlyName.parse(`  ${'x'.repeat(64)}  `)?.value).toBe('x'.repeat(64));
  });

  it.each([
    ['65 characters', 'x'.repeat(65)],
    ['65 emoji', '🚀'.repeat(65)],
    ['combining marks with nothing to compose into', 'x\u0301'.repeat(33)],
  ])('refuses a name too long: %s', (_, value) => {
    expect(refusal(value)).toEqual(new InvalidFriendlyName(value, 'too_long', 64));
  });

  it.each([
    ['NUL', 'Front\u0000desk'],
    ['NUL at the end', 'Front desk\u0000'],
    ['a tab inside', 'Front\tdesk'],
    ['a line feed', 'Front\ndesk'],
    ['a carriage return at the end', 'Front desk\r'],
    ['escape', '\u001b[31mred'],
    ['DEL', 'Front\u007fdesk'],
    ['a C1 control (NEL)', 'Front\u0085desk'],
    ['a C1 control (CSI)', 'Front\u009bdesk'],
    ['a line separator', 'Front\u2028desk'],
    ['a paragraph separator', 'Front\u2029desk'],
  ])('refuses a control character: %s', (_, value) => {
    const error = refusal(value);
    expect(error).toEqual(new InvalidFriendlyName(value, 'control_character', 64));
    expect(error).toMatchObject({
      code: 'invalid_friendly_name',
      params: { field: 'friendly_name', value, problem: 'control_character' },
    });
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'Front\udc00desk'],
    ['a high surrogate at the end', 'Front desk\udbff'],
    ['two high surrogates', '\ud83d\ud83d'],
    ['pairs in the wrong order', '\ude80\ud83d'],
  ])('refuses a lone surrogate: %s', (_, value) => {
    expect(refusal(value)).toEqual(new InvalidFriendlyName(value, 'lone_surrogate', 64));
  });

  it.each([
    ['right-to-left override', 'invoice\u202eexe.pdf'],
    ['left-to-right override', '\u202dSales'],
    ['right-to-left embedding', '\u202bSales\u202c'],
    ['left-to-right embedding', '\u202aSales'],
    ['pop directional formatting', 'Sales\u202c'],
    ['right-to-left isolate', '\u2067Sales\u2069'],
    ['first strong isolate', '\u2068Sales'],
    ['left-to-right isolate', '\u2066Sales'],
    ['right-to-left mark', 'Sales\u200f'],
    ['left-to-right mark', '\u200eSales'],
    ['Arabic letter mark', 'Sales\u061c'],
  ])('refuses a bidirectional formatting character: %s', (_, value) => {
    expect(refusal(value)).toEqual(new InvalidFriendlyName(value, 'bidi_control', 64));
  });

  it('names the field and what is wrong in its message', () => {
    expect(refusal('a\u0000b')).toHaveProperty(
      'message',
      'friendly_name cannot contain control characters (such as NUL, tab or a line break)',
    );
    expect(refusal('x'.repeat(65))).toHaveProperty(
      'message',
      'friendly_name has at most 64 characters',
    );
  });

  it("salvages a name nobody checked (Twilio's): what the rule refuses is dropped, the rest kept", () => {
    expect(FriendlyName.salvage(' Front\u0000desk\u202e ')?.value).toBe('Frontdesk');
    expect(FriendlyName.salvage('Sales\ud800 line')?.value).toBe('Sales line');
    expect(FriendlyName.salvage('Cafe\u0301')?.value).toBe('Caf\u00e9');
    expect(FriendlyName.salvage('x'.repeat(80))?.value).toBe('x'.repeat(64));
    expect(FriendlyName.salvage('🚀'.repeat(80))?.value).toBe('🚀'.repeat(64));
    expect(FriendlyName.salvage('\u0000\u202e ')).toBeNull();
    expect(FriendlyName.salvage(null)).toBeNull();
    expect(FriendlyName.salvage('(415) 555-0100')?.value).toBe('(415) 555-0100');
    // Plain ASCII: trimmed, then cut to 64, then trimmed again where the cut left a space.
    expect(FriendlyName.salvage(`  ${'a'.repeat(70)}  `)?.value).toBe('a'.repeat(64));
    expect(FriendlyName.salvage(`${'a'.repeat(63)} b`)?.value).toBe('a'.repeat(63));
    expect(FriendlyName.salvage('   ')).toBeNull();
    expect(FriendlyName.salvage('Front\tdesk')?.value).toBe('Frontdesk');
  });

  it('compares by value, and two absent names are the same', () => {
    expect(FriendlyName.same(FriendlyName.parse('A'), FriendlyName.parse(' A '))).toBe(true);
    expect(FriendlyName.same(null, null)).toBe(true);
    expect(FriendlyName.same(FriendlyName.parse('A'), null)).toBe(false);
    expect(FriendlyName.same(null, FriendlyName.parse('A'))).toBe(false);
  });
});
