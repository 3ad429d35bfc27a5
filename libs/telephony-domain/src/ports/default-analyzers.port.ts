/** The analyzers an organization attaches to every number it buys. */
export abstract class DefaultAnalyzers {
  abstract forOrganization(organizationId: string): Promise<string[]>;
}
