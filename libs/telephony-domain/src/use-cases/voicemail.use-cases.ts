import { InvalidPageRequest, PhoneNumberNotFound } from '../phone-number/phone-number.errors';
import { IdGenerator } from '../ports/id-generator.port';
import { Clock } from '../ports/clock.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { Voicemail, Voicemails } from '../ports/voicemails.port';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { isUuid } from '../shared/uuid';

export interface RecordVoicemailCommand {
  phoneNumber: PhoneNumber;
  recordingSid: string;
  callSid: string;
  caller: string;
  durationSeconds: number;
  recordingUrl: string;
}

/** Keeps a voicemail Twilio recorded on a number; a callback Twilio repeats is kept once. */
export class RecordVoicemail {
  constructor(
    private readonly voicemails: Voicemails,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(command: RecordVoicemailCommand): Promise<boolean> {
    return this.voicemails.add({
      id: this.ids.next(),
      organizationId: command.phoneNumber.organizationId,
      phoneNumberId: command.phoneNumber.id,
      recordingSid: command.recordingSid,
      callSid: command.callSid,
      caller: command.caller,
      durationSeconds: command.durationSeconds,
      recordingUrl: command.recordingUrl,
      receivedAt: this.clock.now(),
    });
  }
}

export const VOICEMAIL_PAGE = { default: 50, max: 200 } as const;

export interface ListVoicemailsQuery {
  organizationId: string;
  phoneNumberId: string;
  /** The id of the last voicemail of the previous page. */
  after?: string;
  limit?: number;
}

export type ListVoicemailsError = PhoneNumberNotFound | InvalidPageRequest;

/** A number's voicemails, newest first, a keyset page at a time (limit + 1 tells if more follow). */
export class ListVoicemails {
  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly voicemails: Voicemails,
  ) {}

  async execute(
    query: ListVoicemailsQuery,
  ): Promise<{ voicemails: Voicemail[]; hasMore: boolean }> {
    const limit = query.limit ?? VOICEMAIL_PAGE.default;
    if (!Number.isInteger(limit) || limit < 1 || limit > VOICEMAIL_PAGE.max) {
      throw new InvalidPageRequest(
        'limit',
        String(query.limit),
        `must be 1 to ${VOICEMAIL_PAGE.max}`,
      );
    }
    const phoneNumber = await this.phoneNumbers.findById(query.organizationId, query.phoneNumberId);
    if (!phoneNumber) throw new PhoneNumberNotFound(query.phoneNumberId);
    let after: { receivedAt: Date; id: string } | null = null;
    if (query.after !== undefined) {
      const last = isUuid(query.after)
        ? await this.voicemails.find(query.organizationId, query.after)
        : null;
      if (!last || last.phoneNumberId !== phoneNumber.id) {
        throw new InvalidPageRequest('after', query.after, 'is not a voicemail of this number');
      }
      after = { receivedAt: last.receivedAt, id: last.id };
    }
    const page = await this.voicemails.list({
      organizationId: query.organizationId,
      phoneNumberId: phoneNumber.id,
      after,
      limit: limit + 1,
    });
    return { voicemails: page.slice(0, limit), hasMore: page.length > limit };
  }
}
