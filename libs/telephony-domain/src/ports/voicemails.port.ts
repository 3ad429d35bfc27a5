/** A voicemail left on a number: Twilio keeps the audio; Loquent keeps where it is. */
export interface Voicemail {
  id: string;
  organizationId: string;
  phoneNumberId: string;
  /** Twilio's RE… sid; a callback repeated by Twilio is stored once. */
  recordingSid: string;
  callSid: string;
  /** Who called, as Twilio gave it (E.164, or a SIP or client identity). */
  caller: string;
  durationSeconds: number;
  recordingUrl: string;
  receivedAt: Date;
}

export interface VoicemailPageQuery {
  organizationId: string;
  phoneNumberId: string;
  /** Only voicemails older than this one (by id of the last one of the previous page). */
  after: { receivedAt: Date; id: string } | null;
  limit: number;
}

export abstract class Voicemails {
  /** Stores it unless its recording is stored already; true when it was new. */
  abstract add(voicemail: Voicemail): Promise<boolean>;

  /** Newest first; keyset pages on (received_at, id). */
  abstract list(query: VoicemailPageQuery): Promise<Voicemail[]>;

  /** The one with this id, of this organization's number. */
  abstract find(organizationId: string, id: string): Promise<Voicemail | null>;
}
