import type { LookupAddress } from 'node:dns';
import { WebhookUrlPolicy, WebhookUrlRefused } from './webhook-url-policy';

const resolvingTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('WebhookUrlPolicy', () => {
  it.each([
    'http://hooks.example.com/',
    'https://10.0.0.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00:ec2::254]/',
    'https://[::ffff:10.0.0.1]/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://user:pass@hooks.example.com/',
    'ftp://hooks.example.com/',
    'not a url',
  ])('refuses %s in production', async (url) => {
    const policy = new WebhookUrlPolicy(true, resolvingTo('93.184.215.14'));
    await expect(policy.check(url)).rejects.toBeInstanceOf(WebhookUrlRefused);
  });

  it('refuses a name that resolves inside a network, on any of its addresses', async () => {
    const policy = new WebhookUrlPolicy(true, resolvingTo('93.184.215.14', '192.168.1.20'));
    await expect(policy.check('https://hooks.example.com/')).rejects.toThrow(
      'url resolves to 192.168.1.20, inside a private network',
    );
  });

  it('takes a public https URL in production', async () => {
    const policy = new WebhookUrlPolicy(
      true,
      resolvingTo('93.184.215.14', '2606:2800:21f:cb07::1'),
    );
    await expect(policy.check('https://hooks.example.com/x')).resolves.toEqual(
      new URL('https://hooks.example.com/x'),
    );
  });

  it('takes loopback and http outside production, but still no private or metadata address', async () => {
    const policy = new WebhookUrlPolicy(false, resolvingTo('127.0.0.1'));
    await expect(policy.check('http://127.0.0.1:4000/hooks')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://localhost:4000/hooks')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://169.254.169.254/')).rejects.toBeInstanceOf(WebhookUrlRefused);
    await expect(policy.check('http://10.0.0.1/')).rejects.toBeInstanceOf(WebhookUrlRefused);
  });

  it('refuses, when connecting, a name DNS now resolves to loopback (production)', async () => {
    const policy = new WebhookUrlPolicy(true);
    const error = await new Promise<Error | null>((resolve) =>
      policy.lookup('localhost', {}, (e) => resolve(e)),
    );
    expect(error).toBeInstanceOf(WebhookUrlRefused);
  });
});
