import {
  applyDecorators,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Principal } from '../auth/principal';
import { ProblemException } from './problem.exception';

/** The rate limits of routes that reach Twilio: per organization (from the token), not per IP. */
export const SEARCH_THROTTLER = 'search';
export const BUY_THROTTLER = 'buy';
const THROTTLERS = [SEARCH_THROTTLER, BUY_THROTTLER] as const;
export type ThrottlerName = (typeof THROTTLERS)[number];

export const RATE_LIMIT_KEY = 'loquent:rate-limit';

/**
 * The route counts against one of the organization's rate limits (and not the others), and says
 * so in its answers' X-RateLimit-*-<name> headers and, once over it, a 429 with Retry-After.
 */
export const RateLimited = (name: ThrottlerName) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, name),
    UseGuards(OrganizationThrottlerGuard),
    SkipThrottle(Object.fromEntries(THROTTLERS.filter((t) => t !== name).map((t) => [t, true]))),
  );

/**
 * @nestjs/throttler, keyed by organization: one organization's burst cannot use up Twilio for
 * the others. Runs after the AuthGuard (route guards follow global ones), so the token is checked.
 * Counters are in a store every replica shares (PostgreSQL, or Redis), so the limit is one total.
 */
@Injectable()
export class OrganizationThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;
    return principal ? `org:${principal.organizationId}` : `ip:${String(request.ip)}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new ProblemException({
      status: 429,
      code: 'rate_limited',
      title: 'Too many requests',
      detail: `At most ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s for this organization; retry in ${retryAfter} s`,
      extensions: { retry_after: retryAfter },
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
}
