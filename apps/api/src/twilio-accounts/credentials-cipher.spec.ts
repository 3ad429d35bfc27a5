import { randomBytes } from 'node:crypto';
import { CredentialsCipher, parseEncryptionKey } from './credentials-cipher';

describe('CredentialsCipher', () => {
  const cipher = new CredentialsCipher(randomBytes(32));
  const token = 'd9b74976adf96e1fe1a6e81fb0715b5a';

  it('seals a secret so that the stored text does not contain it, and opens it again', () => {
    const sealed = cipher.encrypt(token, 'org-1');

    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(Buffer.from(token).toString('base64'));
    expect(cipher.decrypt(sealed, 'org-1')).toBe(token);
  });

  it('gives a different text each time (a fresh IV)', () => {
    expect(cipher.encrypt(token, 'org-1')).not.toBe(cipher.encrypt(token, 'org-1'));
  });

  it('refuses a sealed value moved to another owner, tampered with, or opened with another key', () => {
    const sealed = cipher.encrypt(token, 'org-1');
    const parts = sealed.split(':');
    const tampered = [...parts.slice(0, 4), Buffer.from('x' + token).toString('base64')].join(':');

    expect(() => cipher.decrypt(sealed, 'org-2')).toThrow();
    expect(() => cipher.decrypt(tampered, 'org-1')).toThrow();
    expect(() => new CredentialsCipher(randomBytes(32)).decrypt(sealed, 'org-1')).toThrow(
      /another key/,
    );
  });

  it('reads a key as 64 hex digits or base64, and refuses other lengths', () => {
    const key = randomBytes(32);

    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
    expect(parseEncryptionKey('too-short')).toBeNull();
  });
});
