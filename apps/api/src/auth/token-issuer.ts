import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';

export interface IssueTokenOptions {
  organizationId: string;
  permissions: readonly string[];
  subject?: string;
  /** Lifetime in seconds. */
  expiresInSeconds?: number;
}

/** Signs bearer tokens the API accepts (used by the CLI and the tests). */
export function issueToken(secret: string, options: IssueTokenOptions): string {
  return new JwtService().sign(
    { org: options.organizationId, permissions: [...options.permissions] },
    {
      secret,
      algorithm: 'HS256',
      subject: options.subject ?? `cli:${randomUUID()}`,
      expiresIn: options.expiresInSeconds ?? 24 * 60 * 60,
    },
  );
}
