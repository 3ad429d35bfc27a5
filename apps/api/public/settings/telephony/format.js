/** How people read phone numbers and the API's enums. */

/** "(415) 555-0100" for a +1 number of ten digits; any other E.164 number as it is. */
export function formatPhoneNumber(e164) {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : e164;
}

export const VOICE_URL_STATUS = {
  configured: {
    label: 'Routed to Loquent',
    tone: 'ok',
    help: 'Calls to this number reach its Loquent agent.',
  },
  not_configured: {
    label: 'Not configured',
    tone: 'warn',
    help: 'The number keeps its own voice URL: calls do not reach Loquent yet.',
  },
  failed: {
    label: 'Update failed',
    tone: 'error',
    help: 'Twilio did not accept the voice URL: calls do not reach Loquent. Retry it.',
  },
};

export function voiceUrlStatus(status) {
  return VOICE_URL_STATUS[status] ?? { label: status, tone: 'neutral', help: '' };
}

export const SOURCE_LABEL = { purchased: 'Purchased', imported: 'Imported' };

export function sourceLabel(source) {
  return SOURCE_LABEL[source] ?? source;
}

/** "San Francisco, CA", or whichever half Twilio knows. */
export function place(locality, region) {
  return [locality, region].filter(Boolean).join(', ');
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** A voice URL shortened to its host and path, for a line of text. */
export function shortUrl(url) {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.host}${path}`;
  } catch {
    return url;
  }
}
