import { PhoneNumberRepository, PhoneNumberSummary } from '../ports/phone-number.repository.port';
import type { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';

export interface CheckVoiceUrlsQuery {
  organizationId: string;
}

export interface CheckVoiceUrlsReport {
  /** How many of the organization's numbers were checked. */
  checked: number;
  /** Configured to call Loquent, but the provider now has another voice URL. */
  drifted: (PhoneNumberSummary & { voiceUrl: string | null; voiceFallbackUrl: string | null })[];
  /** Registered in Loquent but no longer in the provider account at all. */
  missing: PhoneNumberSummary[];
}

export type CheckVoiceUrlsError = TelephonyProviderError;

/**
 * Compares the organization's numbers with its provider account, walking the account once a page
 * at a time: which numbers Loquent thinks call it but no longer do, and which have left the
 * account. Reports only; it changes nothing.
 */
export class CheckVoiceUrls {
  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly provider: TelephonyProvider,
    private readonly webhookUrls: VoiceWebhookUrls,
  ) {}

  async execute(query: CheckVoiceUrlsQuery): Promise<CheckVoiceUrlsReport> {
    const registered = await this.phoneNumbers.list({
      organizationId: query.organizationId,
      after: null,
      limit: null,
    });
    const bySid = new Map(registered.map((summary) => [summary.twilioSid, summary]));
    const loquentUrl = this.webhookUrls.voiceUrl();
    const loquentFallbackUrl = this.webhookUrls.voiceFallbackUrl();
    const report: CheckVoiceUrlsReport = { checked: registered.length, drifted: [], missing: [] };
    if (registered.length === 0) return report;

    const seen = new Set<string>();
    for await (const page of this.provider.incomingNumberPages(query.organizationId)) {
      for (const incoming of page) {
        const summary = bySid.get(incoming.sid.value);
        if (!summary) continue;
        seen.add(summary.twilioSid);
        const fallback = incoming.voiceFallbackUrl ?? null;
        const drifted =
          !loquentUrl.equals(incoming.voiceUrl) ||
          (loquentFallbackUrl !== null && !loquentFallbackUrl.equals(fallback));
        if (summary.voiceUrlStatus === 'configured' && drifted) {
          report.drifted.push({
            ...summary,
            voiceUrl: incoming.voiceUrl?.value ?? null,
            voiceFallbackUrl: fallback?.value ?? null,
          });
        }
      }
    }
    report.missing = registered.filter((summary) => !seen.has(summary.twilioSid));
    return report;
  }
}
