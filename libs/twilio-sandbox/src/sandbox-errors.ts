/**
 * Twilio error codes the sandbox answers with (https://www.twilio.com/docs/api/errors). Twilio does
 * not document which code a malformed parameter gets on every resource; where it is unclear the
 * sandbox uses 20001 (invalid parameter) and says so in the message.
 */
export const SandboxErrorCode = {
  InvalidParameter: 20001,
  Authenticate: 20003,
  MethodNotAllowed: 20004,
  NotFound: 20404,
  TooManyRequests: 20429,
  InternalServerError: 20500,
  ServiceUnavailable: 20503,
  InvalidPhoneNumber: 21421,
  PhoneNumberUnavailable: 21422,
  InvalidAreaCode: 21451,
  NoNumbersInAreaCode: 21452,
  InvalidUrl: 21502,
  /** No AddressSid, or one that does not satisfy the number's address requirement. */
  AddressRequired: 21631,
  /** No BundleSid, or one not approved for the number's country and type. */
  BundleRequired: 21649,
} as const;

/** The JSON body of every Twilio error response. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** A Twilio error answer: thrown by the state and the validation, rendered by the server. */
export class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioError';
  }

  toBody(): TwilioErrorBody {
    return errorBody(this.status, this.code, this.message);
  }
}

/** A request Twilio would refuse as malformed; the sandbox also records it in invalidRequests. */
export class InvalidRequestError extends TwilioError {
  constructor(code: number, message: string, status = 400) {
    super(status, code, message);
    this.name = 'InvalidRequestError';
  }
}

export function errorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function notFound(path: string): TwilioError {
  return new TwilioError(
    404,
    SandboxErrorCode.NotFound,
    `The requested resource ${path} was not found`,
  );
}

export function authenticate(): TwilioError {
  return new TwilioError(401, SandboxErrorCode.Authenticate, 'Authenticate');
}

/** The code Twilio uses for an HTTP status when a fault names only the status. */
export function defaultCodeFor(status: number): number {
  switch (status) {
    case 401:
      return SandboxErrorCode.Authenticate;
    case 404:
      return SandboxErrorCode.NotFound;
    case 405:
      return SandboxErrorCode.MethodNotAllowed;
    case 429:
      return SandboxErrorCode.TooManyRequests;
    case 503:
      return SandboxErrorCode.ServiceUnavailable;
    default:
      return status >= 500
        ? SandboxErrorCode.InternalServerError
        : SandboxErrorCode.InvalidParameter;
  }
}

export function defaultMessageFor(status: number): string {
  const messages: Record<number, string> = {
    400: 'Bad Request',
    401: 'Authenticate',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  return messages[status] ?? `HTTP ${status}`;
}
