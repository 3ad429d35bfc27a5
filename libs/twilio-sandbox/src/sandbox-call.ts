import twilio from 'twilio';

/** What the caller met, verb by verb, as Twilio would play the TwiML. */
export type SandboxCallStep =
  | { verb: 'say'; text: string }
  | { verb: 'record-call'; recordingStatusCallback: string | null }
  | { verb: 'stream'; url: string; parameters: Record<string, string>; ended: boolean }
  | { verb: 'dial'; number: string; status: SandboxDialStatus }
  | { verb: 'record'; maxLength: number | null; recordingSid: string }
  | { verb: 'hangup' }
  | { verb: 'request'; url: string; status: number };

export type SandboxDialStatus = 'completed' | 'busy' | 'no-answer' | 'failed';

export interface SandboxCallControls {
  /** The agent's stream drops at once (the `<Connect action>` is then requested); else it holds. */
  dropStream?: boolean;
  /** How a `<Dial>` goes; `no-answer` unless told. */
  dialStatus?: SandboxDialStatus;
  /** Seconds a `<Record>` records; 7 unless told. */
  recordingSeconds?: number;
}

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/** Documents followed at most, so TwiML pointing back at itself cannot loop for ever. */
const MAX_DOCUMENTS = 10;

/**
 * Follows TwiML as Twilio does, far enough to tell what a caller meets: `<Say>`, `<Dial>`,
 * `<Record>`, `<Start><Recording>`, `<Connect><Stream>`, `<Hangup>`, and the `action` (and
 * recording callback) requests their end makes, each signed with the account's token.
 */
export class SandboxCallFollower {
  readonly steps: SandboxCallStep[] = [];
  private documents = 0;
  private recordings = 0;

  constructor(
    private readonly authToken: string,
    private readonly callParams: Record<string, string>,
    private readonly controls: SandboxCallControls,
  ) {}

  /** Plays a TwiML document; resolves when the call ends or is left with an agent. */
  async follow(twiml: string): Promise<void> {
    if (++this.documents > MAX_DOCUMENTS) return;
    const response = parse(twiml);
    if (!response || response.name !== 'Response') return;
    for (const verb of response.children) {
      const next = await this.play(verb);
      if (next === 'ended') return;
      if (typeof next === 'string') return this.follow(next);
    }
    // The end of a document ends the call.
    this.steps.push({ verb: 'hangup' });
  }

  /** 'ended', the TwiML of an action request, or undefined to go on to the next verb. */
  private async play(verb: Element): Promise<'ended' | string | undefined> {
    const a = verb.attributes;
    switch (verb.name) {
      case 'Say':
        this.steps.push({ verb: 'say', text: verb.text });
        return undefined;
      case 'Hangup':
        this.steps.push({ verb: 'hangup' });
        return 'ended';
      case 'Start':
        for (const child of verb.children) {
          if (child.name === 'Recording') {
            this.steps.push({
              verb: 'record-call',
              recordingStatusCallback: child.attributes.recordingStatusCallback ?? null,
            });
          }
        }
        return undefined;
      case 'Connect': {
        const stream = verb.children.find((child) => child.name === 'Stream');
        if (!stream) return undefined;
        const parameters = Object.fromEntries(
          stream.children
            .filter((child) => child.name === 'Parameter')
            .map((child) => [child.attributes.name ?? '', child.attributes.value ?? '']),
        );
        const ended = this.controls.dropStream === true;
        this.steps.push({ verb: 'stream', url: stream.attributes.url ?? '', parameters, ended });
        if (!ended) return 'ended';
        return a.action ? this.request(a.action, {}) : undefined;
      }
      case 'Dial': {
        const number = verb.children.find((child) => child.name === 'Number')?.text ?? verb.text;
        const status = this.controls.dialStatus ?? 'no-answer';
        this.steps.push({ verb: 'dial', number, status });
        return a.action ? this.request(a.action, { DialCallStatus: status }) : undefined;
      }
      case 'Record': {
        this.recordings++;
        const recordingSid = `RE${this.callParams.CallSid!.slice(2, 26)}${this.recordings.toString(16).padStart(8, '0')}`;
        const seconds = this.controls.recordingSeconds ?? 7;
        this.steps.push({
          verb: 'record',
          maxLength: a.maxLength ? Number(a.maxLength) : null,
          recordingSid,
        });
        const recording = {
          RecordingSid: recordingSid,
          RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.callParams.AccountSid}/Recordings/${recordingSid}`,
          RecordingDuration: String(seconds),
        };
        if (a.recordingStatusCallback) {
          await this.request(a.recordingStatusCallback, {
            ...recording,
            RecordingStatus: 'completed',
            RecordingChannels: '1',
            RecordingSource: 'RecordVerb',
          });
        }
        // Without an action Twilio requests the document's own URL again; the sandbox stops.
        return a.action ? this.request(a.action, recording) : 'ended';
      }
      default:
        return undefined;
    }
  }

  /** POSTs a webhook as Twilio does (form, signed); the TwiML it answers, or 'ended'. */
  private async request(url: string, extra: Record<string, string>): Promise<string | 'ended'> {
    const params = { ...this.callParams, CallStatus: 'in-progress', ...extra };
    const body = new URLSearchParams(params).toString();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(this.authToken, url, params),
      },
      body,
    });
    const text = await response.text();
    this.steps.push({ verb: 'request', url, status: response.status });
    const xml = (response.headers.get('content-type') ?? '').includes('xml');
    return response.ok && xml ? text : 'ended';
  }
}

const TOKEN = /<\/?([A-Za-z]+)((?:\s+[A-Za-z]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([A-Za-z]+)="([^"]*)"/g;

/** Enough XML for TwiML: elements, attributes, text, the five entities. */
function parse(xml: string): Element | null {
  const root: Element = { name: '#root', attributes: {}, children: [], text: '' };
  const stack = [root];
  for (const match of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(TOKEN)) {
    const [token, name, attributes, selfClosing, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) {
      top.text += unescape(text);
    } else if (token.startsWith('</')) {
      if (stack.length > 1) stack.pop();
    } else {
      const element: Element = {
        name: name!,
        attributes: Object.fromEntries(
          [...(attributes ?? '').matchAll(ATTRIBUTE)].map(([, key, value]) => [
            key!,
            unescape(value!),
          ]),
        ),
        children: [],
        text: '',
      };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  return root.children[0] ?? null;
}

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
