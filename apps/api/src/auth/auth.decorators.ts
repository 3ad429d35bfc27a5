import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Permission } from './permissions';
import { Principal } from './principal';

export const PERMISSION_KEY = 'loquent:permission';
export const PUBLIC_KEY = 'loquent:public';

/** The permission a route needs; the guard refuses a token without it (403). */
export const RequirePermission = (permission: Permission) =>
  SetMetadata(PERMISSION_KEY, permission);

/** A route anyone may call (health, docs, Twilio's webhooks which carry their own signature). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, set by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context
      .switchToHttp()
      .getRequest<Request & { principal?: Principal }>().principal;
    if (!principal)
      throw new Error('CurrentPrincipal used on a route the AuthGuard did not authenticate');
    return principal;
  },
);
