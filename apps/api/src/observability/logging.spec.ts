import { redact, redactText } from './logging';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIiwib3JnIjoiYWNtZSJ9.c2lnbmF0dXJlLXZhbHVl';
const UNSIGNED_JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyIn0.';

describe('redactText', () => {
  it.each([
    ['a JWT in a path', `/api/phones/${JWT}`, '/api/phones/[redacted jwt]'],
    ['an unsigned JWT', `token ${UNSIGNED_JWT} here`, 'token [redacted jwt] here'],
    ['a JWT in a User-Agent', `curl/8.5 (${JWT})`, 'curl/8.5 ([redacted jwt])'],
    ['a Bearer value', 'Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
    ['a Basic value', 'basic dXNlcjpwYXNz', 'basic [redacted]'],
  ])('censors %s', (_, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    ['access_token'],
    ['token'],
    ['auth_token'],
    ['AuthToken'],
    ['PASSWORD'],
    ['passwd'],
    ['client_secret'],
    ['api_key'],
    ['apiKey'],
    ['X-Amz-Signature'],
    ['sig'],
    ['session_id'],
    ['refresh_token'],
    ['access%5Ftoken'],
    ['%74oken'],
    ['CODE'],
    ['private-key'],
    ['cookie'],
    ['jwt'],
    ['user_credential'],
    ['pwd'],
  ])('censors the value of a query parameter named %s, wherever it is in the query', (name) => {
    expect(redactText(`/api/phones?limit=5&${name}=s3cr3t-value&after=x`)).toBe(
      `/api/phones?limit=5&${name}=[redacted]&after=x`,
    );
    expect(redactText(`/api/phones?${name}=s3cr3t-value`)).toBe(`/api/phones?${name}=[redacted]`);
    expect(redactText(`GET /x?${name}=s3cr3t-value failed`)).toBe(
      `GET /x?${name}=[redacted] failed`,
    );
  });

  it('censors credentials in a Referer URL, and leaves ordinary parameters alone', () => {
    expect(redactText(`https://app.example/cb?code=abc123&state=xyz&access_token=${JWT}`)).toBe(
      'https://app.example/cb?code=[redacted]&state=xyz&access_token=[redacted]',
    );
    expect(redactText('/api/phones?limit=100&after=eyJudW1iZXIiOiIrMSJ9')).toBe(
      '/api/phones?limit=100&after=eyJudW1iZXIiOiIrMSJ9',
    );
  });
});

describe('redact', () => {
  it('censors fields named like credentials at any depth, and strings everywhere', () => {
    expect(
      redact({
        msg: `call with ${JWT}`,
        authToken: 'plain',
        nested: { password: 'hunter2', list: [{ api_key: 'k' }, `?token=abc`], count: 3 },
        twilioCode: 20003,
      }),
    ).toEqual({
      msg: 'call with [redacted jwt]',
      authToken: '[redacted]',
      nested: {
        password: '[redacted]',
        list: [{ api_key: '[redacted]' }, '?token=[redacted]'],
        count: 3,
      },
      twilioCode: 20003,
    });
  });

  it('censors an error, message and stack, keeping its class', () => {
    class TwilioFailure extends Error {}
    const error = new TwilioFailure(`GET /x?access_token=${JWT} failed`);

    const redacted = redact(error) as Error;

    expect(redacted).toBeInstanceOf(TwilioFailure);
    expect(redacted.message).toBe('GET /x?access_token=[redacted] failed');
    expect(redacted.stack).not.toContain(JWT);
    expect(error.message).toContain(JWT);
  });

  it('leaves other objects to their serializer', () => {
    const date = new Date();

    expect((redact({ at: date }) as { at: Date }).at).toBe(date);
  });
});
