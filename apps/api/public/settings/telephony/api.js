/**
 * The public API of this server, called with the user's bearer token. The page may be served
 * under a path prefix (PUBLIC_BASE_URL), so API paths are resolved against the page's own
 * location: this file is at <prefix>/settings/telephony/api.js.
 */
const API_BASE = new URL('../../', import.meta.url);

export const PAGE_SIZE = 25;
/** Events of a number in one page of its history. */
export const EVENTS_PAGE_SIZE = 20;

/** A failed call, with the problem+json body the API answered (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** `errors: [{field, message}]` of a validation failure. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }

  messageFor(field) {
    const messages = this.fieldErrors.filter((e) => e.field === field).map((e) => e.message);
    return messages.length ? messages.join('. ') : null;
  }
}

export class Api {
  constructor(token, { onUnauthenticated } = {}) {
    this.token = token;
    this.onUnauthenticated = onUnauthenticated;
  }

  async call(path, { method = 'GET', body, idempotencyKey } = {}) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

    let response;
    try {
      response = await fetch(new URL(path, API_BASE), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, {
        title: 'Network error',
        detail: 'The server could not be reached. Check the connection and try again.',
      });
    }
    const data = await readJson(response);
    if (!response.ok) {
      const problem =
        data && typeof data === 'object'
          ? data
          : { title: response.statusText, detail: `The server answered ${response.status}.` };
      const error = new ApiError(response.status, problem);
      if (response.status === 401 && this.token) this.onUnauthenticated?.(error);
      throw error;
    }
    return { status: response.status, data, headers: response.headers };
  }

  /** The number's most recent voicemails, newest first. */
  async listPhoneVoicemails(id, limit = 5) {
    const query = new URLSearchParams({ limit: String(limit) });
    const { data } = await this.call(`api/phones/${encodeURIComponent(id)}/voicemails?${query}`);
    return data;
  }

  /** One keyset page of a number's events, oldest first, and the cursor of the next one. */
  async listPhoneEvents(id, after = null) {
    const query = new URLSearchParams({ limit: String(EVENTS_PAGE_SIZE) });
    if (after) query.set('after', after);
    const { data, headers } = await this.call(
      `api/phones/${encodeURIComponent(id)}/events?${query}`,
    );
    return { items: data, nextCursor: nextCursor(headers.get('Link')) };
  }

  /** One keyset page of the organization's numbers, and the cursor of the next one. */
  async listPhones(after = null) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (after) query.set('after', after);
    const { data, headers } = await this.call(`api/phones?${query}`);
    return { items: data, nextCursor: nextCursor(headers.get('Link')) };
  }

  /** `criteria`: the search's JSON body (country, type, area_code, contains, ...). */
  searchAvailableNumbers(criteria) {
    return this.call('api/twilio/search-available-numbers', { method: 'POST', body: criteria });
  }

  availableCountries() {
    return this.call('api/twilio/available-countries');
  }

  buyPhoneNumber(phoneNumber, { friendlyName, addressSid, bundleSid } = {}, idempotencyKey) {
    const body = { phone_number: phoneNumber };
    if (friendlyName) body.friendly_name = friendlyName;
    if (addressSid) body.address_sid = addressSid;
    if (bundleSid) body.bundle_sid = bundleSid;
    return this.call('api/twilio/buy-phone-number', { method: 'POST', body, idempotencyKey });
  }

  getPhone(id) {
    return this.call(`api/phones/${encodeURIComponent(id)}`);
  }

  /** `changes`: friendly_name and/or agent_id; null clears one. */
  updatePhone(id, changes) {
    return this.call(`api/phones/${encodeURIComponent(id)}`, { method: 'PUT', body: changes });
  }

  removePhone(id, { release = false } = {}) {
    const query = release ? '?release=true' : '';
    return this.call(`api/phones/${encodeURIComponent(id)}${query}`, { method: 'DELETE' });
  }

  restorePhoneVoice(phoneNumberId) {
    return this.call('api/twilio/restore-phone-voice', {
      method: 'POST',
      body: { phone_number_id: phoneNumberId },
    });
  }

  checkPhoneVoice() {
    return this.call('api/twilio/check-phone-voice', { method: 'POST', body: {} });
  }

  /** The token's organization (id, name) and the permissions it grants that the API knows. */
  currentOrganization() {
    return this.call('api/organization/current');
  }

  listAgents() {
    return this.call('api/agents');
  }

  twilioConnection() {
    return this.call('api/twilio/connection');
  }

  connectTwilio(accountSid, authToken) {
    return this.call('api/twilio/connect', {
      method: 'POST',
      body: { account_sid: accountSid, auth_token: authToken },
    });
  }

  disconnectTwilio() {
    return this.call('api/twilio/disconnect', { method: 'POST', body: {} });
  }

  getUnsyncedNumbers() {
    return this.call('api/twilio/get-unsynced-numbers', { method: 'POST', body: {} });
  }

  syncNumbers(twilioSids, idempotencyKey) {
    return this.call('api/twilio/sync-numbers', {
      method: 'POST',
      body: { twilio_sids: twilioSids },
      idempotencyKey,
    });
  }

  configurePhoneVoice(phoneNumberId) {
    return this.call('api/twilio/configure-phone-voice', {
      method: 'POST',
      body: { phone_number_id: phoneNumberId },
    });
  }
}

/** The demo organization's token on the embedded setup; null anywhere else. */
export async function fetchDemoAccess() {
  try {
    const response = await fetch(new URL('demo-access', import.meta.url), {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) return null;
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * The `after` cursor of `Link: <…>; rel="next"`. Only the cursor is taken: the link is built on
 * PUBLIC_BASE_URL, which need not be the origin this page was loaded from.
 */
export function nextCursor(linkHeader) {
  if (!linkHeader) return null;
  for (const part of linkHeader.split(',')) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!match || !/\brel="?next"?/i.test(match[2])) continue;
    try {
      return new URL(match[1], API_BASE).searchParams.get('after');
    } catch {
      return null;
    }
  }
  return null;
}

/** A fresh key per user action: a retry of that action may reuse it, a new action never does. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; a page served over plain http on a LAN address is not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The claims of a JWT: who is signed in and what the token may do, so the page shows only what
 * it allows. The API still decides; this is never a check.
 */
export function tokenClaims(token) {
  try {
    const payload = token.split('.')[1];
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
