import { Fault } from './sandbox-faults';
import { SandboxOperation } from './sandbox-routes';

/** One request to the Twilio API of the sandbox (control requests are not logged). */
export interface SandboxRequestLog {
  method: string;
  path: string;
  /** The query string, without "?". */
  query: string;
  /** The form body of a POST, as sent. */
  form: Readonly<Record<string, string>> | null;
  /** null when the path is no operation the sandbox knows. */
  operation: SandboxOperation | null;
  /** null when the connection was dropped, or while the request is still being answered. */
  status: number | null;
  /** The authenticated account, null when authentication failed. */
  account: string | null;
  /** The injected fault this request met. */
  fault: Fault['kind'] | null;
}

/** A request Twilio would refuse as malformed (unknown parameter, bad value, no such route). */
export interface SandboxInvalidRequest {
  operation: string;
  problem: string;
  path: string;
  method: string;
  status: number;
  code: number;
}

export class SandboxLog {
  readonly requests: SandboxRequestLog[] = [];
  readonly invalidRequests: SandboxInvalidRequest[] = [];

  countOf(operation: SandboxOperation, status?: number): number {
    let count = 0;
    for (const request of this.requests) {
      if (request.operation === operation && (status === undefined || request.status === status)) {
        count++;
      }
    }
    return count;
  }

  clear(): void {
    this.requests.length = 0;
    this.invalidRequests.length = 0;
  }
}
