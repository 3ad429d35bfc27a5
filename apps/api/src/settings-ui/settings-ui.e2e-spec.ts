import { bearer, TestApi } from '../../../../test/support/api/test-api';
import { SETTINGS_PAGE_CSP } from './settings-ui.controller';

let api: TestApi;
let demo: TestApi;

beforeAll(async () => {
  [api, demo] = await Promise.all([TestApi.start(), TestApi.start({ demoOrganization: true })]);
});

afterAll(() => Promise.all([api?.close(), demo?.close()]));

describe('GET /settings/telephony', () => {
  it('serves the page to anyone, under a strict Content-Security-Policy', async () => {
    const response = await api.http.get('/settings/telephony').expect(200);

    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(SETTINGS_PAGE_CSP);
    expect(SETTINGS_PAGE_CSP).toContain("default-src 'self'");
    expect(SETTINGS_PAGE_CSP).not.toContain('unsafe-inline');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
      // serve-static's validator: weak, from the file's size and modification time.
      etag: expect.stringMatching(/^(W\/)?"[\w-]+"$/),
    });
    expect(response.text).toContain('<script type="module" src="telephony/app.js"></script>');
  });

  it('has no inline script or style for the policy to refuse', async () => {
    const html = (await api.http.get('/settings/telephony').expect(200)).text;

    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('answers 304 to a copy it already sent', async () => {
    const first = await api.http.get('/settings/telephony').expect(200);

    await api.http.get('/settings/telephony').set('If-None-Match', first.headers.etag!).expect(304);
  });

  it('sends /settings/telephony/ to the canonical URL, relatively so that a path prefix survives', async () => {
    const response = await api.http.get('/settings/telephony/?from=docs').expect(301);

    expect(response.headers.location).toBe('../telephony?from=docs');
  });

  it('serves every file the page and its modules load, with its content type', async () => {
    const html = (await api.http.get('/settings/telephony').expect(200)).text;
    const fromHtml = [...html.matchAll(/(?:src|href)="telephony\/([^"]+)"/g)].map((m) => m[1]!);
    const seen = new Set<string>();
    const queue = [...fromHtml];
    while (queue.length) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const response = await api.http.get(`/settings/telephony/${name}`).expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-cache');
      if (name.endsWith('.js')) {
        expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
        const imports = [...response.text.matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]!);
        queue.push(...imports);
      }
    }

    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['api.js', 'app.js', 'dom.js', 'format.js', 'icon.svg', 'styles.css']),
    );
    await api.http.get('/settings/telephony/styles.css').expect('Content-Type', /^text\/css/);
    await api.http.get('/settings/telephony/icon.svg').expect('Content-Type', 'image/svg+xml');
  });

  it.each([
    ['an unknown file', 'nope.js'],
    ['the page under another name', 'index.html'],
    ['a path outside the folder', '..%2F..%2Fpackage.json'],
    ['a source file next to it', 'settings-ui.controller.ts'],
  ])('answers 404 problem+json for %s', async (_what, name) => {
    const response = await api.http.get(`/settings/telephony/${name}`).expect(404);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('is described in the OpenAPI document as public, like the demo access it offers', async () => {
    const document = (await api.http.get('/docs-json').expect(200)).body;

    const paths = Object.keys(document.paths).filter((path) => path.startsWith('/settings'));
    expect(paths.sort()).toEqual([
      '/settings/telephony',
      '/settings/telephony/demo-access',
      '/settings/telephony/{name}',
    ]);
    for (const path of paths) expect(document.paths[path].get.security).toEqual([]);
  });
});

describe('GET /settings/telephony/demo-access', () => {
  it('hands out the demo organization and its token on the embedded setup, never cached', async () => {
    const response = await demo.http.get('/settings/telephony/demo-access').expect(200);

    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      organization_id: 'de300000-0000-4000-8000-000000000001',
      token: expect.any(String),
    });
    await demo.http.get('/api/phones').set(bearer(response.body.token)).expect(200);
  });

  it('is a 404 problem where there is no demo organization', async () => {
    const response = await api.http.get('/settings/telephony/demo-access').expect(404);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'not_found' });
  });
});
