import { assertNever, TelephonyDomainError } from '@loquent/telephony-domain';

export interface DomainErrorResponse {
  status: number;
  title: string;
  /** Extension members for the problem body, beyond type/title/status/detail/code. */
  extensions: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Every domain error's HTTP face, in one place. A new error fails to compile until it is here. */
export function domainErrorResponse(error: TelephonyDomainError): DomainErrorResponse {
  switch (error.code) {
    case 'invalid_phone_number':
      return invalid('Invalid phone number', { value: error.params.value });
    case 'invalid_area_code':
      return invalid('Invalid area code', { value: error.params.value });
    case 'invalid_twilio_number_sid':
      return invalid('Invalid Twilio number sid', { value: error.params.value });
    case 'invalid_voice_url':
      return invalid('Invalid voice URL', { value: error.params.value });
    case 'invalid_friendly_name':
      return invalid('Invalid friendly name', {
        errors: [{ field: error.params.field, message: error.message }],
        problem: error.params.problem,
        max_length: error.params.maxLength,
      });
    case 'invalid_call_handling':
      // Not the value: a message can be 10,000 characters of something nobody should echo.
      return invalid('Invalid call handling', {
        errors: [{ field: error.params.field, message: error.message }],
      });
    case 'invalid_agent_id':
      return invalid('Invalid agent id', { value: error.params.value });
    case 'invalid_import_selection':
      return invalid('Invalid selection of numbers to import', {
        count: error.params.count,
        min: error.params.min,
        max: error.params.max,
      });
    case 'invalid_page_request':
      return invalid('Invalid page request', {
        field: error.params.field,
        value: error.params.value,
      });
    case 'phone_number_not_found':
      return { status: 404, title: 'Phone number not found', extensions: { id: error.params.id } };
    case 'agent_not_found':
      // The same answer for another organization's agent and for none at all.
      return {
        status: 404,
        title: 'Agent not found',
        extensions: { agent_id: error.params.agentId },
      };
    case 'concurrent_update':
      return {
        status: 409,
        title: 'Changed by another request',
        extensions: { id: error.params.id },
        headers: { 'Retry-After': '1' },
      };
    case 'purchase_in_progress':
      return {
        status: 409,
        title: 'Purchase already under way',
        extensions: { phone_number: error.params.number },
        headers: { 'Retry-After': '5' },
      };
    case 'number_already_registered':
      return {
        status: 409,
        title: 'Number already registered',
        extensions: { phone_number: error.params.number },
      };
    case 'number_not_in_provider_account':
      return {
        status: 409,
        title: 'Number no longer in the Twilio account',
        extensions: { twilio_sid: error.params.twilioSid },
      };
    case 'purchased_number_not_saved':
      // The money is spent: say exactly which number was bought so it can be recovered.
      return {
        status: 500,
        title: 'Number bought but not registered',
        extensions: { phone_number: error.params.number, twilio_sid: error.params.twilioSid },
      };
    case 'number_not_available':
      return {
        status: 409,
        title: 'Number not available',
        extensions: { phone_number: error.params.number, ...twilio(error.params) },
      };
    case 'telephony_provider_unavailable':
      // 502 when Twilio answered with a failure, 503 when it could not be reached in time.
      return {
        status: error.params.providerStatus === null ? 503 : 502,
        title: 'Twilio is unavailable',
        extensions: twilio(error.params),
      };
    case 'telephony_provider_rate_limited': {
      const retryAfter = error.params.retryAfterSeconds ?? 1;
      return {
        status: 503,
        title: 'Twilio is rate limiting requests',
        extensions: { ...twilio(error.params), retry_after: retryAfter },
        headers: { 'Retry-After': String(retryAfter) },
      };
    }
    case 'telephony_provider_authentication_failed':
      return {
        status: 502,
        title: 'Twilio refused the account credentials',
        extensions: twilio(error.params),
      };
    case 'telephony_provider_rejected':
      return {
        status: 502,
        title: 'Twilio refused the request',
        extensions: { ...twilio(error.params), twilio_message: error.params.providerMessage },
      };
    case 'invalid_twilio_account_sid':
      return invalid('Invalid Twilio account sid', { value: error.params.value });
    case 'invalid_twilio_auth_token':
      // Never the value: it may be a real token with a typo.
      return invalid('Invalid Twilio auth token', { length: error.params.length });
    case 'twilio_credentials_refused':
      return {
        status: 422,
        title: 'Twilio refused these credentials',
        extensions: twilio(error.params),
      };
    case 'twilio_account_not_active':
      return {
        status: 422,
        title: 'Twilio account not active',
        extensions: { twilio_account_status: error.params.status },
      };
    case 'invalid_country_code':
      return invalid('Invalid country code', { value: error.params.value });
    case 'invalid_number_pattern':
      return invalid('Invalid number pattern', { value: error.params.value });
    case 'invalid_address_sid':
      return invalid('Invalid address sid', { value: error.params.value });
    case 'invalid_bundle_sid':
      return invalid('Invalid bundle sid', { value: error.params.value });
    case 'invalid_search_criteria':
      return invalid('Invalid search', { field: error.params.field, value: error.params.value });
    case 'address_required':
      return regulatoryRefusal('The number needs an address', error.params, {
        address_sid: error.params.addressSid,
      });
    case 'bundle_required':
      return regulatoryRefusal('The number needs a regulatory bundle', error.params, {
        bundle_sid: error.params.bundleSid,
      });
    default:
      return assertNever(error, 'Unmapped domain error');
  }
}

/** Twilio would not sell the number without what the purchase lacked: nothing was bought. */
function regulatoryRefusal(
  title: string,
  params: {
    number: string;
    providerStatus: number | null;
    providerCode: number | null;
    providerMessage: string;
  },
  given: Record<string, string | null>,
): DomainErrorResponse {
  return {
    status: 422,
    title,
    extensions: {
      phone_number: params.number,
      ...given,
      ...twilio(params),
      twilio_message: params.providerMessage,
    },
  };
}

function invalid(title: string, extensions: Record<string, unknown>): DomainErrorResponse {
  return { status: 400, title, extensions };
}

function twilio(params: {
  providerStatus: number | null;
  providerCode: number | null;
}): Record<string, unknown> {
  return {
    ...(params.providerCode === null ? {} : { twilio_code: params.providerCode }),
    ...(params.providerStatus === null ? {} : { twilio_status: params.providerStatus }),
  };
}
