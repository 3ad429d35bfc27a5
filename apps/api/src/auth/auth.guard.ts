import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ProblemException } from '../http/problem.exception';
import { PERMISSION_KEY, PUBLIC_KEY } from './auth.decorators';
import { OrganizationDirectory } from './organization-directory';
import { Permission } from './permissions';
import type { Principal, TokenClaims } from './principal';
import { TokenVerifier } from './token-verifier';

/**
 * Every route needs `Authorization: Bearer <JWT>` (HS256, unexpired, with sub, org and
 * permissions claims) unless marked @Public(); a route marked @RequirePermission also needs that
 * permission in the token. Permissions the API does not know are ignored.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.authenticate(request);
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION_KEY,
      targets,
    );
    if (required && !principal.permissions.has(required)) {
      throw new ProblemException({
        status: 403,
        code: 'missing_permission',
        title: 'Missing permission',
        detail: `This action needs the ${required} permission`,
        extensions: { permission: required },
      });
    }
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) throw unauthenticated('A bearer token is required (Authorization: Bearer <token>)');

    const verification = this.tokens.verify(match[1]!);
    if (!verification.valid) {
      throw unauthenticated(
        verification.reason === 'expired'
          ? 'The bearer token has expired'
          : 'The bearer token is not valid',
      );
    }
    const claims = verification.claims as Partial<TokenClaims> & { exp?: unknown };
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.org !== 'string' ||
      !Array.isArray(claims.permissions) ||
      typeof claims.exp !== 'number'
    ) {
      throw unauthenticated('The bearer token lacks the sub, org, permissions or exp claim');
    }
    if (!(await this.organizations.exists(claims.org))) {
      throw unauthenticated("The bearer token's organization does not exist");
    }
    return {
      subject: claims.sub,
      organizationId: claims.org,
      permissions: new Set(claims.permissions.filter((p): p is string => typeof p === 'string')),
    };
  }
}

function unauthenticated(detail: string): ProblemException {
  return new ProblemException({
    status: 401,
    code: 'unauthenticated',
    title: 'Authentication required',
    detail,
    headers: { 'WWW-Authenticate': 'Bearer realm="loquent"' },
  });
}
