/** Who is calling, from a verified bearer token: every query is scoped to `organizationId`. */
export interface Principal {
  subject: string;
  organizationId: string;
  permissions: ReadonlySet<string>;
}

/** The claims of Loquent's bearer tokens. */
export interface TokenClaims {
  sub: string;
  org: string;
  permissions: string[];
}
