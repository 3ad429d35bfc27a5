import { inspect } from 'node:util';
import { InvalidTwilioAuthToken } from './twilio-account.errors';
import { TwilioAuthToken } from './twilio-auth-token.value-object';

describe('TwilioAuthToken', () => {
  const text = 'd9b74976adf96e1fe1a6e81fb0715b5a';

  it('gives the token only to whoever asks for it by name', () => {
    expect(TwilioAuthToken.parse(text).reveal()).toBe(text);
  });

  it('renders as redacted as a string, in JSON, and when inspected or logged', () => {
    const token = TwilioAuthToken.parse(text);
    const renderings = [
      String(token),
      `${token}`,
      JSON.stringify({ authToken: token }),
      inspect(token),
      inspect({ nested: { token } }, { depth: 5 }),
    ];

    for (const rendering of renderings) {
      expect(rendering).not.toContain(text);
      expect(rendering).toContain('[redacted]');
    }
  });

  it('is equal to another token only with the same value', () => {
    expect(TwilioAuthToken.parse(text).equals(TwilioAuthToken.parse(text))).toBe(true);
    expect(TwilioAuthToken.parse(text).equals(TwilioAuthToken.parse('a'.repeat(32)))).toBe(false);
    expect(TwilioAuthToken.parse(text).equals(text)).toBe(false);
  });

  it.each(['short', text + '0', text.slice(1) + 'g', ''])(
    'refuses %j with an error that carries its length, never the value',
    (value) => {
      let error: unknown;
      try {
        TwilioAuthToken.parse(value);
      } catch (thrown) {
        error = thrown;
      }

      expect(error).toBeInstanceOf(InvalidTwilioAuthToken);
      expect(error).toMatchObject({
        code: 'invalid_twilio_auth_token',
        params: { length: value.length },
      });
      if (value) expect(JSON.stringify(error) + String(error)).not.toContain(value);
    },
  );
});
