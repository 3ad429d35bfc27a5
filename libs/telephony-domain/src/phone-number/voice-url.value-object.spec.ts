import fc from 'fast-check';
import { InvalidVoiceUrl } from './phone-number.errors';
import { VoiceUrl } from './voice-url.value-object';

describe('VoiceUrl', () => {
  it.each([
    'https://api.loquent.ai/twilio/voice',
    'http://localhost:3000/twilio/voice',
    'https://handler.twilio.com/twiml/EH0123456789abcdef0123456789abcdef?x=1',
  ])('accepts %s as given', (value) => {
    expect(VoiceUrl.parse(value).value).toBe(value);
  });

  it.each([
    '',
    'not a url',
    '/twilio/voice',
    'ftp://example.com/voice',
    'javascript:alert(1)',
    'mailto:a@b.c',
    ' https://example.com',
    'https://',
  ])('refuses %j', (value) => {
    expect(() => VoiceUrl.parse(value)).toThrow(new InvalidVoiceUrl(value));
  });

  it('accepts any web URL fast-check can make', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (value) => {
        expect(VoiceUrl.parse(value).value).toBe(value);
      }),
    );
  });

  it('reads an empty provider value as no URL', () => {
    expect(VoiceUrl.parseOptional('')).toBeNull();
    expect(VoiceUrl.parseOptional(null)).toBeNull();
    expect(VoiceUrl.parseOptional('https://example.com/v')?.value).toBe('https://example.com/v');
  });
});
