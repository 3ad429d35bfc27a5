import { Controller, Header, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { agentTwiml, apologyTwiml } from './call-twiml';
import { param } from './twilio-signature';
import { TwilioWebhook, Verified, type VerifiedWebhook } from './twilio-webhook.guard';
import { RecordingWebhookDocs, VoiceWebhookDocs } from './voice-webhook.docs';

/**
 * The URLs Twilio calls: the voice webhook Loquent sets on its numbers, and the recording callback
 * of the TwiML it answers. Every request is verified (X-Twilio-Signature) by the guard before
 * these handlers run.
 */
@Controller('twilio')
export class VoiceWebhookController {
  private readonly logger = new Logger('VoiceWebhook');

  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {}

  @Post('voice')
  @TwilioWebhook('voice')
  @VoiceWebhookDocs()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  voice(@Verified() { params, call }: VerifiedWebhook): string {
    const from = param(params, 'From') ?? '';
    const to = param(params, 'To') ?? '';
    if (call?.kind === 'agent') {
      return agentTwiml(this.config.publicBaseUrl, {
        from,
        to,
        phoneNumber: call.phoneNumber,
        agentId: call.agentId,
      });
    }
    this.logger.warn(
      call?.kind === 'no_agent'
        ? `Call to ${to} (${call.phoneNumber.id}): no agent is assigned`
        : `Call to ${to}: not a number of Loquent`,
    );
    return apologyTwiml();
  }

  @Post('recording')
  @TwilioWebhook('recording')
  @RecordingWebhookDocs()
  @HttpCode(204)
  recording(@Verified() { params }: VerifiedWebhook): void {
    // The recording itself is the agent runtime's business; Loquent telephony acknowledges it.
    this.logger.log(
      `Recording ${param(params, 'RecordingSid') ?? '?'} of call ${param(params, 'CallSid') ?? '?'}: ${param(params, 'RecordingStatus') ?? '?'}`,
    );
  }
}
