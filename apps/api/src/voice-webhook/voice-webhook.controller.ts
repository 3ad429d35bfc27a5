import { Controller, Header, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { AnswerCall, CallAnswer, RecordVoicemail } from '@loquent/telephony-domain';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { CALL_SID, RECORDING_SID } from '../http/api-formats';
import { Metrics } from '../observability/metrics';
import {
  agentTwiml,
  apologyTwiml,
  fallbackTwiml,
  hangupTwiml,
  voicemailThanksTwiml,
} from './call-twiml';
import { param } from './twilio-signature';
import { TwilioWebhook, Verified, type VerifiedWebhook } from './twilio-webhook.guard';
import {
  AfterDialDocs,
  AfterStreamDocs,
  AfterVoicemailDocs,
  RecordingWebhookDocs,
  VoiceWebhookDocs,
} from './voice-webhook.docs';

/** Twilio's statuses of a call that is over: nothing more can be played to it. */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * The URLs Twilio calls: the voice webhook Loquent sets on its numbers, the `action` URLs of the
 * TwiML it answers, and the recording callback. Every request is verified (X-Twilio-Signature)
 * by the guard before these handlers run. A call never meets silence: an agent, else a
 * fallback, else the apology.
 */
@Controller('twilio')
export class VoiceWebhookController {
  private readonly logger = new Logger('VoiceWebhook');

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly answerCall: AnswerCall,
    private readonly recordVoicemail: RecordVoicemail,
    private readonly metrics: Metrics,
  ) {}

  @Post('voice')
  @TwilioWebhook('voice')
  @VoiceWebhookDocs()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async voice(@Verified() webhook: VerifiedWebhook): Promise<string> {
    return this.answer(webhook, false);
  }

  @Post('voice/after-stream')
  @TwilioWebhook('voice')
  @AfterStreamDocs()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async afterStream(@Verified() webhook: VerifiedWebhook): Promise<string> {
    if (ENDED.has(param(webhook.params, 'CallStatus') ?? '')) return hangupTwiml();
    return this.answer(webhook, true);
  }

  @Post('voice/after-dial')
  @TwilioWebhook('voice')
  @AfterDialDocs()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  afterDial(@Verified() { params }: VerifiedWebhook): string {
    // Answered and over: hang up. Not answered (busy, no answer, failed): the apology.
    return param(params, 'DialCallStatus') === 'completed' ? hangupTwiml() : apologyTwiml();
  }

  @Post('voice/after-voicemail')
  @TwilioWebhook('voice')
  @AfterVoicemailDocs()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  afterVoicemail(): string {
    return voicemailThanksTwiml();
  }

  @Post('recording')
  @TwilioWebhook('recording')
  @RecordingWebhookDocs()
  @HttpCode(204)
  async recording(@Verified() { params, call }: VerifiedWebhook): Promise<void> {
    const recordingSid = param(params, 'RecordingSid') ?? '';
    const callSid = param(params, 'CallSid') ?? '';
    const status = param(params, 'RecordingStatus');
    if (call && call.kind !== 'unknown_number') {
      const url = param(params, 'RecordingUrl') ?? '';
      const duration = Number(param(params, 'RecordingDuration') ?? 'NaN');
      if (
        status === 'completed' &&
        RECORDING_SID.test(recordingSid) &&
        CALL_SID.test(callSid) &&
        /^https?:\/\//.test(url) &&
        Number.isInteger(duration) &&
        duration >= 0
      ) {
        await this.recordVoicemail.execute({
          phoneNumber: call.phoneNumber,
          recordingSid,
          callSid,
          caller: param(params, 'From') ?? param(params, 'Caller') ?? '',
          durationSeconds: duration,
          recordingUrl: url,
        });
      }
      return;
    }
    // A call's recording is the agent runtime's business; Loquent telephony acknowledges it.
    this.logger.log(`Recording ${recordingSid || '?'} of call ${callSid || '?'}: ${status ?? '?'}`);
  }

  private async answer({ params, call }: VerifiedWebhook, streamEnded: boolean): Promise<string> {
    const from = param(params, 'From') ?? '';
    const to = param(params, 'To') ?? '';
    if (!call || call.kind === 'unknown_number') {
      this.logger.warn(`Call to ${to}: not a number of Loquent`);
      this.count({ outcome: 'apology', reason: 'unknown_number' });
      return apologyTwiml();
    }
    const answer = await this.answerCall.execute({ phoneNumber: call.phoneNumber, streamEnded });
    this.count(answer);
    switch (answer.outcome) {
      case 'agent':
        return agentTwiml(this.config.publicBaseUrl, {
          from,
          to,
          phoneNumber: call.phoneNumber,
          agentId: answer.agentId,
        });
      case 'fallback':
        return fallbackTwiml(this.config.publicBaseUrl, answer.fallback, call.phoneNumber);
      case 'apology':
        this.logger.warn(
          `Call to ${to} (${call.phoneNumber.id}): ${answer.reason}, and no fallback is set`,
        );
        return apologyTwiml();
    }
  }

  private count(answer: CallAnswer | { outcome: 'apology'; reason: 'unknown_number' }): void {
    this.metrics.calls.inc({
      outcome: answer.outcome,
      reason: answer.outcome === 'agent' ? 'none' : answer.reason,
    });
  }
}
