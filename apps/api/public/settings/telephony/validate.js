/**
 * Checks of what people type, before any request, in plain words. Each returns null when the
 * value is fine, else the message to show next to the field. The API checks again.
 */

export const FRIENDLY_NAME_MAX = 64;

export function checkToken(value) {
  if (!value) return 'Paste a token first.';
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
    return 'This does not look like an access token: a token is three parts separated by dots.';
  }
  return null;
}

export function checkAreaCode(value) {
  if (!value) return null;
  if (!/^\d+$/.test(value)) return 'An area code is digits only, like 415.';
  if (value.length !== 3) return 'An area code is 3 digits, like 415.';
  if (!/^[2-9]/.test(value)) return 'An area code never starts with 0 or 1. Try one like 415.';
  return null;
}

export function checkPattern(value) {
  if (!value) return null;
  if (!/^[0-9A-Za-z*]+$/.test(value)) {
    return 'A pattern is digits or letters only, with * for any one digit, like 2255 or 555*.';
  }
  if (value.length < 2 || value.length > 15) return 'A pattern is 2 to 15 digits or letters.';
  return null;
}

export function checkPostalCode(value) {
  if (!value) return null;
  if (!/^[A-Za-z0-9][A-Za-z0-9 -]{1,19}$/.test(value)) {
    return 'A postal code is letters and digits, like 94103 or K1A 0B1.';
  }
  return null;
}

export function checkLocality(value) {
  if (value.length > 100) return 'A city name can be at most 100 characters.';
  return null;
}

export function checkFriendlyName(value) {
  const length = [...value].length;
  if (length > FRIENDLY_NAME_MAX) {
    return `A name can be at most ${FRIENDLY_NAME_MAX} characters; this one has ${length}.`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(value)) {
    return 'A name cannot contain line breaks, tabs or hidden formatting characters.';
  }
  return null;
}

export function checkAccountSid(value) {
  if (!value) return 'Paste the Account SID, from the Twilio console.';
  if (!/^AC[0-9a-fA-F]{32}$/.test(value)) {
    return 'An Account SID is AC followed by 32 letters and digits (0-9, a-f), as in the Twilio console.';
  }
  return null;
}

export function checkAuthToken(value) {
  if (!value) return 'Paste the auth token, from the Twilio console.';
  if (!/^[0-9a-fA-F]{32}$/.test(value)) {
    return 'An auth token is 32 letters and digits (0-9, a-f), as in the Twilio console.';
  }
  return null;
}

export function checkAddressSid(value, required) {
  if (!value) {
    return required
      ? 'Twilio sells this number only with an address: paste the Address SID of one in your Twilio account.'
      : null;
  }
  if (!/^AD[0-9a-fA-F]{32}$/.test(value)) {
    return 'An Address SID is AD followed by 32 letters and digits (0-9, a-f).';
  }
  return null;
}

export function checkBundleSid(value) {
  if (!value) return null;
  if (!/^BU[0-9a-fA-F]{32}$/.test(value)) {
    return 'A bundle SID is BU followed by 32 letters and digits (0-9, a-f).';
  }
  return null;
}

/** Whether what was typed is the number: the same digits, with or without +, spaces or dashes. */
export function typedNumberMatches(typed, e164) {
  const digits = typed.replace(/[\s().-]/g, '').replace(/^\+/, '');
  return /^\d+$/.test(digits) && `+${digits}` === e164;
}

export const CALL_MESSAGE_MAX = 1000;

/** A number to forward calls to: E.164, a + and the country code, then the number. */
export function checkForwardNumber(value) {
  if (!value) return 'Type the number to forward calls to, like +14155550142.';
  if (!/^\+[1-9]\d{7,14}$/.test(value)) {
    return 'Write the number with + and its country code, digits only, like +14155550142.';
  }
  return null;
}

/** A message said to callers, or a voicemail greeting (optional when `required` is false). */
export function checkCallMessage(value, what, required = true) {
  if (!value) return required ? `Type the ${what}.` : null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    return `The ${what} must be one paragraph: no line breaks or tabs.`;
  }
  if (value.length > CALL_MESSAGE_MAX) {
    return `The ${what} can be at most ${CALL_MESSAGE_MAX} characters; this one has ${value.length}.`;
  }
  return null;
}

/** An IANA time zone name this browser knows, like America/Los_Angeles (not an offset). */
export function checkTimeZone(value, known) {
  if (!value) return 'Choose the time zone the hours are in, like America/Los_Angeles.';
  if (/^(?:[+-]|utc[+-]|gmt[+-])/i.test(value)) {
    return 'Use a place’s time zone, like Europe/Paris, not an offset: an offset has no daylight saving.';
  }
  if (known.has(value)) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return null;
  } catch {
    return `“${value}” is not a time zone. Pick one from the list, like America/Los_Angeles.`;
  }
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** A day's opening range, HH:MM to HH:MM (24:00 ends the day), `to` after `from`. */
export function checkOpeningRange(day, from, to) {
  if (!TIME.test(from)) return `${day} opens at a time like 09:00 (24-hour clock).`;
  if (!TIME.test(to) && to !== '24:00') return `${day} closes at a time like 17:30, or 24:00.`;
  if (to <= from) return `${day} must close after it opens; past midnight, open the next day too.`;
  return null;
}

/** Closed dates: YYYY-MM-DD, separated by commas or spaces. Returns the message or the dates. */
export function parseClosedDates(value) {
  const dates = value.split(/[\s,]+/).filter(Boolean);
  for (const date of dates) {
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      return {
        error: `“${date}” is not a date. Write dates like 2026-12-25, separated by commas.`,
      };
    }
  }
  return { dates: [...new Set(dates)].sort() };
}
