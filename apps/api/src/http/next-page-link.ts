import type { Response } from 'express';

/**
 * The keyset routes' next page, as the Link header (RFC 8288) declared in openapi-headers.ts:
 * the route's own URL under PUBLIC_BASE_URL with the page's query, `after` the page's cursor.
 */
export function setNextPageLink(
  response: Response,
  publicBaseUrl: string,
  path: string,
  query: Record<string, string>,
): void {
  response.setHeader(
    'Link',
    `<${publicBaseUrl}${path}?${new URLSearchParams(query).toString()}>; rel="next"`,
  );
}
