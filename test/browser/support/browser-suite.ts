import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { bearer, TestApi } from '../../support/api/test-api';

/**
 * What every Settings → Telephony browser suite shares: Debian's Chromium driven by
 * playwright-core against the real API (PostgreSQL, Twilio sandbox), a fresh context per test,
 * no script error or CSP violation allowed, and axe-core on demand.
 */

// Inside page.evaluate() callbacks, which run in the page: this Node program has no DOM types.
export interface PageNode {
  id: string;
  getAttribute(name: string): string | null;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
}
declare const document: {
  activeElement: PageNode | null;
  body: PageNode;
};

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
export const DOCS = join(__dirname, '..', '..', '..', 'docs');

function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const absolute = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = absolute.find((path) => existsSync(path));
  if (found) return found;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  for (const directory of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const hit = names.map((name) => join(directory, name)).find((path) => existsSync(path));
    if (hit) return hit;
  }
  return null;
}

const executablePath = findChromium();
const INSTALL_HINT =
  'Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) or point CHROMIUM_PATH at a ' +
  'Chrome or Chromium binary.';

/** `describe` when a Chromium is there; otherwise a skip (or, in CI, a failing test). */
export function describeInBrowser(name: string, body: () => void): void {
  if (executablePath) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    it(`${name}: finds a Chromium to run the browser suite`, () => {
      throw new Error(
        `No Chromium found for the browser suite, and CI must run it. ${INSTALL_HINT}`,
      );
    });
  } else {
    console.warn(`Skipping ${name}: no Chromium found. ${INSTALL_HINT}`);
    describe.skip(name, body);
  }
}

export interface BrowserSuite {
  readonly api: TestApi;
  readonly baseUrl: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

/** Starts the API and Chromium once per file and a fresh browser context per test. */
export function useBrowserSuite(
  options: Parameters<typeof TestApi.start>[0] = { demoOrganization: true },
): BrowserSuite {
  let api: TestApi;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [api, browser] = await Promise.all([
      TestApi.start(options),
      chromium.launch({ executablePath: executablePath!, headless: true, args: CHROMIUM_ARGS }),
    ]);
    baseUrl = await api.listen();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(5_000);
    page = await context.newPage();
    problems = [];
    // A CSP violation or a script error is a bug of the page; an API error answer is not.
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${message.text()}`);
      }
    });
  });

  afterEach(async () => {
    await context.close();
    api.sandbox.faults.reset();
    expect(problems).toEqual([]);
  });

  return {
    get api() {
      return api;
    },
    get baseUrl() {
      return baseUrl;
    },
    get context() {
      return context;
    },
    get page() {
      return page;
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The serious and critical axe-core violations of the page as it is now ("rule: target" lines).
 * axe is evaluated through the DevTools protocol, not added as a <script>: the page's CSP allows
 * only its own scripts, and that is part of what is tested.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    `window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`,
  )) as { id: string; impact: string | null; targets: string[] }[];
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 5).join(', ')}`);
}

/** Asserts that the page, in the state it is in, has no serious or critical axe violation. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}

export const button = (page: Page, name: string | RegExp) =>
  page.getByRole('button', { name, exact: true });

export const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

export const formatted = (e164: string) => e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');

/** The id of the focused element, or "body" / its tag when it has none. */
/** Opens a number's detail view from the list, once its section `heading` is drawn. */
export async function openDetail(page: Page, e164: string, heading: string): Promise<Locator> {
  await button(page, `Details of ${formatted(e164)}`).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: heading }).waitFor();
  return dialog;
}

export async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const node = document.activeElement;
    if (!node || node === document.body) return 'body';
    return node.id || `[${node.getAttribute('aria-label') ?? node.textContent?.trim() ?? ''}]`;
  });
}

export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => node === (document.activeElement as unknown));
}

export async function openPage(suite: BrowserSuite): Promise<void> {
  await suite.page.goto(`${suite.baseUrl}/settings/telephony`);
}

/** Signs in by pasting a token, and waits for the workspace. */
export async function signInWith(suite: BrowserSuite, token: string): Promise<void> {
  await openPage(suite);
  await suite.page.getByRole('textbox', { name: 'Access token' }).fill(token);
  await button(suite.page, 'Sign in').click();
  await suite.page.getByRole('heading', { name: 'Phone numbers' }).waitFor();
}

export async function signInWithDemoToken(suite: BrowserSuite): Promise<void> {
  await openPage(suite);
  await button(suite.page, 'Use the demo token').click();
  await suite.page.getByRole('heading', { name: 'Phone numbers' }).waitFor();
}

export async function demoToken(suite: BrowserSuite): Promise<string> {
  return (await suite.api.http.get('/settings/telephony/demo-access').expect(200)).body.token;
}

export { bearer };
