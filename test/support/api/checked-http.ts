import type request from 'supertest';
import type { Response, Test } from 'supertest';
import type { Exchange, OpenApiContract } from './openapi-contract';

type Agent = ReturnType<typeof request>;

/**
 * supertest, with every answer held to the OpenAPI document once the test's own expectations
 * passed: a route, status, header or body the document does not describe fails the request
 * with a ContractViolation, the way a failed `.expect()` does.
 */
export function checkedHttp(agent: Agent, contract: OpenApiContract): Agent {
  const checked: Record<string, unknown> = {};
  for (const [name, send] of Object.entries(agent) as [string, (url: string) => Test][]) {
    checked[name] = (url: string) => holdToContract(send(url), contract);
  }
  return checked as unknown as Agent;
}

function holdToContract(test: Test, contract: OpenApiContract): Test {
  const end = test.end.bind(test);
  test.end = (callback) =>
    end((error, response) => {
      if (!error && response) {
        try {
          contract.check(exchangeOf(test, response));
        } catch (violation) {
          return callback?.(violation, response);
        }
      }
      return callback?.(error, response);
    });
  return test;
}

function exchangeOf(test: Test, response: Response): Exchange {
  const sent = test as unknown as { method: string; url: string; _header: Record<string, string> };
  const text = typeof response.text === 'string' ? response.text : undefined;
  const body: unknown = response.body;
  return {
    method: sent.method,
    // As sent: new URL() would resolve dot segments and re-encode what the server sees raw.
    path: sent.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0]!,
    requestHeaders: sent._header,
    status: response.status,
    headers: response.headers as Exchange['headers'],
    body,
    text,
    hasBody:
      (text !== undefined && text.length > 0) ||
      (Buffer.isBuffer(body) && body.length > 0) ||
      Number(response.headers['content-length'] ?? 0) > 0,
  };
}
