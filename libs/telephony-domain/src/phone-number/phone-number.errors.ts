import { DomainError } from '../shared/domain-error';

export class InvalidPhoneNumber extends DomainError<'invalid_phone_number', { value: string }> {
  readonly code = 'invalid_phone_number';

  constructor(value: string, reason = 'is not a possible E.164 phone number') {
    super(`"${value}" ${reason}`, { value });
  }
}

export class InvalidAreaCode extends DomainError<'invalid_area_code', { value: string }> {
  readonly code = 'invalid_area_code';

  constructor(value: string) {
    super(`"${value}" is not a US area code: exactly 3 digits, the first 2-9`, { value });
  }
}

export class InvalidTwilioNumberSid extends DomainError<
  'invalid_twilio_number_sid',
  { value: string }
> {
  readonly code = 'invalid_twilio_number_sid';

  constructor(value: string) {
    super(`"${value}" is not a Twilio phone number sid: PN followed by 32 hex digits`, { value });
  }
}

export class InvalidVoiceUrl extends DomainError<'invalid_voice_url', { value: string }> {
  readonly code = 'invalid_voice_url';

  constructor(value: string) {
    super(`"${value}" is not an absolute http or https URL`, { value });
  }
}

const FRIENDLY_NAME_PROBLEMS = {
  too_long: (maxLength: number) => `has at most ${maxLength} characters`,
  control_character: () => 'cannot contain control characters (such as NUL, tab or a line break)',
  lone_surrogate: () => 'cannot contain unpaired UTF-16 surrogates',
  bidi_control: () =>
    'cannot contain bidirectional formatting characters (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C)',
} as const;

/** A friendly name that breaks the rule of FriendlyName; `value` is what was given. */
export class InvalidFriendlyName extends DomainError<
  'invalid_friendly_name',
  {
    field: 'friendly_name';
    value: string;
    problem: keyof typeof FRIENDLY_NAME_PROBLEMS;
    maxLength: number;
  }
> {
  readonly code = 'invalid_friendly_name';

  constructor(value: string, problem: keyof typeof FRIENDLY_NAME_PROBLEMS, maxLength: number) {
    super(`friendly_name ${FRIENDLY_NAME_PROBLEMS[problem](maxLength)}`, {
      field: 'friendly_name',
      value,
      problem,
      maxLength,
    });
  }
}

export class InvalidImportSelection extends DomainError<
  'invalid_import_selection',
  { count: number; min: number; max: number }
> {
  readonly code = 'invalid_import_selection';

  constructor(count: number, min: number, max: number) {
    super(`Select between ${min} and ${max} numbers to import, got ${count}`, { count, min, max });
  }
}

export class InvalidPageRequest extends DomainError<
  'invalid_page_request',
  { field: 'limit' | 'after'; value: string }
> {
  readonly code = 'invalid_page_request';

  constructor(field: 'limit' | 'after', value: string, reason: string) {
    super(`"${field}" ${reason}`, { field, value });
  }
}

export class PhoneNumberNotFound extends DomainError<'phone_number_not_found', { id: string }> {
  readonly code = 'phone_number_not_found';

  constructor(id: string) {
    super(`Phone number ${id} was not found`, { id });
  }
}

export class NumberAlreadyRegistered extends DomainError<
  'number_already_registered',
  { number: string }
> {
  readonly code = 'number_already_registered';

  constructor(number: string) {
    super(`${number} is already registered in Loquent`, { number });
  }
}

/**
 * The provider bought the number but Loquent could not record it. It carries the sid so the
 * purchase is never silently lost: the caller can report it and a reconciler can register it.
 */
export class PurchasedNumberNotSaved extends DomainError<
  'purchased_number_not_saved',
  { number: string; twilioSid: string }
> {
  readonly code = 'purchased_number_not_saved';

  constructor(number: string, twilioSid: string, cause: unknown) {
    super(
      `${number} was purchased (${twilioSid}) but could not be registered`,
      { number, twilioSid },
      {
        cause,
      },
    );
  }
}

/** A number Loquent has registered is no longer in the provider account. */
export class NumberNotInProviderAccount extends DomainError<
  'number_not_in_provider_account',
  { twilioSid: string }
> {
  readonly code = 'number_not_in_provider_account';

  constructor(twilioSid: string) {
    super(`${twilioSid} is no longer in the telephony account`, { twilioSid });
  }
}

export class InvalidAgentId extends DomainError<'invalid_agent_id', { value: string }> {
  readonly code = 'invalid_agent_id';

  constructor(value: string) {
    super(`"${value}" is not an agent id (a UUID)`, { value });
  }
}

/** Another purchase of this number, from this organization or another, is under way. */
export class PurchaseInProgress extends DomainError<'purchase_in_progress', { number: string }> {
  readonly code = 'purchase_in_progress';

  constructor(number: string) {
    super(`A purchase of ${number} is already under way`, { number });
  }
}

/** The agent is not one of the organization's: another organization's and none at all look alike. */
export class AgentNotFound extends DomainError<'agent_not_found', { agentId: string }> {
  readonly code = 'agent_not_found';

  constructor(agentId: string) {
    super(`Agent ${agentId} was not found`, { agentId });
  }
}

/**
 * The number changed since it was read, and the change could not be applied again to what it is
 * now (or kept colliding): nothing was saved; the caller may read it and try again.
 */
export class ConcurrentUpdate extends DomainError<'concurrent_update', { id: string }> {
  readonly code = 'concurrent_update';

  constructor(id: string) {
    super(`Phone number ${id} was changed by another request at the same time`, { id });
  }
}
