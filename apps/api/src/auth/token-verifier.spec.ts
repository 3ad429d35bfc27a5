import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { issueToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

const SECRET = 'a-secret-of-the-api';
const verifier = new TokenVerifier(SECRET);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token signed by hand, so its header and payload can be anything. */
function handSigned(header: unknown, payload: unknown, secret = SECRET): string {
  const body = `${b64(header)}.${typeof payload === 'string' ? payload : b64(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** What jsonwebtoken (through @nestjs/jwt, as the API used it) says of the same token. */
function reference(token: string): 'valid' | 'expired' | 'invalid' {
  try {
    new JwtService().verify(token, { secret: SECRET, algorithms: ['HS256'] });
    return 'valid';
  } catch (error) {
    return (error as { name?: string }).name === 'TokenExpiredError' ? 'expired' : 'invalid';
  }
}

function verdict(token: string): 'valid' | 'expired' | 'invalid' {
  const result = verifier.verify(token);
  return result.valid ? 'valid' : result.reason;
}

const valid = issueToken(SECRET, { organizationId: 'org', permissions: ['Phone:Collection:List'] });
const [head, payload, signature] = valid.split('.') as [string, string, string];

describe('TokenVerifier', () => {
  it('accepts a token the issuer signed, with its claims', () => {
    const result = verifier.verify(valid);

    expect(result).toEqual({
      valid: true,
      claims: expect.objectContaining({ org: 'org', permissions: ['Phone:Collection:List'] }),
    });
  });

  it.each<[string, () => string]>([
    ['a valid token', () => valid],
    [
      'an expired token',
      () => issueToken(SECRET, { organizationId: 'o', permissions: [], expiresInSeconds: -10 }),
    ],
    ['another secret', () => issueToken('other', { organizationId: 'o', permissions: [] })],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
    ['alg HS512', () => handSigned({ alg: 'HS512' }, { sub: 's', exp: now() + 60 })],
    ['no alg', () => handSigned({ typ: 'JWT' }, { sub: 's', exp: now() + 60 })],
    ['a signature with one more character', () => `${valid}A`],
    [
      'a signature with a non-base64url character',
      () => `${head}.${payload}.${signature.slice(0, -1)}Ł`,
    ],
    ['a signature in base64 padding', () => `${valid}=`],
    ['a payload changed after signing', () => `${head}.${b64({ org: 'other' })}.${signature}`],
    ['two segments', () => `${head}.${payload}`],
    ['four segments', () => `${valid}.x`],
    ['an empty header', () => `.${payload}.${signature}`],
    ['a header that is not JSON', () => `bm90IGpzb24.${payload}.${signature}`],
    ['a not-yet-valid token', () => handSigned({ alg: 'HS256' }, { sub: 's', nbf: now() + 60 })],
    ['nbf now', () => handSigned({ alg: 'HS256' }, { sub: 's', nbf: now() - 1 })],
    ['a string nbf', () => handSigned({ alg: 'HS256' }, { sub: 's', nbf: 'soon' })],
    ['a string exp', () => handSigned({ alg: 'HS256' }, { sub: 's', exp: 'later' })],
    ['no exp', () => handSigned({ alg: 'HS256' }, { sub: 's' })],
    ['garbage', () => 'not.a.jwt'],
  ])('judges %s as jsonwebtoken does', (_, token) => {
    expect(verdict(token())).toBe(reference(token()));
  });

  it('refuses a signed payload that is not a JSON object (jsonwebtoken hands it on as text)', () => {
    for (const text of [Buffer.from('not json').toString('base64url'), b64([1]), b64('s')]) {
      expect(verdict(handSigned({ alg: 'HS256' }, text))).toBe('invalid');
    }
  });
});
