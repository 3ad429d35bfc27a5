import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ACCOUNT_SID, CALL_SID, E164, RECORDING_SID } from '../http/api-formats';
import { ApiProblems } from '../http/api-problem-responses.decorator';

const twilioSid = (pattern: RegExp, description: string) => ({
  type: 'string',
  pattern: pattern.source,
  description,
});

/** What Twilio sends with every call webhook (its "request parameters"); it may add others. */
const CALL_PARAMETERS = {
  AccountSid: twilioSid(ACCOUNT_SID, 'The Twilio account of the number called'),
  CallSid: twilioSid(CALL_SID, 'The call'),
  From: { type: 'string', description: 'The caller: E.164, or a SIP or client identity' },
  To: { type: 'string', pattern: E164.source, description: 'The number called' },
  CallStatus: {
    type: 'string',
    enum: [
      'queued',
      'ringing',
      'in-progress',
      'completed',
      'busy',
      'failed',
      'no-answer',
      'canceled',
    ],
  },
  Direction: { type: 'string', example: 'inbound' },
  ApiVersion: { type: 'string', example: '2010-04-01' },
};

/** Twilio's voice webhook, as Twilio sends it, and the TwiML Loquent answers. */
export const VoiceWebhookDocs = () =>
  applyDecorators(
    ApiTags('Twilio webhooks'),
    ApiOperation({
      summary: 'A call to one of Loquent’s numbers (Twilio’s voice webhook)',
      description:
        'Twilio requests this URL, set as the number’s Voice URL, when a call comes in. The TwiML answer ' +
        'records the call on two channels (the recording callback is /twilio/recording) and streams its audio to ' +
        'the agent assigned to the number; a number with no agent, or one Loquent does not know, gets a short ' +
        'apology and a hang-up. The request must be signed by the account that owns the number.',
    }),
    ApiBody({
      required: true,
      schema: {
        type: 'object',
        required: ['AccountSid', 'CallSid', 'From', 'To'],
        properties: CALL_PARAMETERS,
        additionalProperties: { type: 'string' },
      },
    }),
    ApiOkResponse({
      description: 'TwiML: what Twilio does with the call',
      content: {
        'text/xml': {
          schema: { type: 'string' },
          example:
            '<?xml version="1.0" encoding="UTF-8"?><Response><Start><Recording channels="dual" ' +
            'recordingStatusCallback="https://api.loquent.ai/twilio/recording"/></Start><Connect>' +
            '<Stream url="wss://api.loquent.ai/twilio/stream"/></Connect></Response>',
        },
      },
    }),
    ApiProblems(403, 500),
  );

/** Twilio's recording status callback, named in the TwiML of a call an agent answers. */
export const RecordingWebhookDocs = () =>
  applyDecorators(
    ApiTags('Twilio webhooks'),
    ApiOperation({
      summary: 'A call’s recording is ready (Twilio’s recording status callback)',
      description:
        'Twilio requests this URL, named in the TwiML of a call an agent answered, when the recording ' +
        'completes. Loquent acknowledges it; the recording is the agent runtime’s. The request must be signed by ' +
        'an account Loquent knows.',
    }),
    ApiBody({
      required: true,
      schema: {
        type: 'object',
        required: ['AccountSid', 'CallSid', 'RecordingSid'],
        properties: {
          AccountSid: CALL_PARAMETERS.AccountSid,
          CallSid: CALL_PARAMETERS.CallSid,
          RecordingSid: twilioSid(RECORDING_SID, 'The recording'),
          RecordingUrl: { type: 'string', format: 'uri' },
          RecordingStatus: {
            type: 'string',
            enum: ['in-progress', 'completed', 'absent', 'failed'],
          },
          RecordingDuration: { type: 'string', pattern: '^[0-9]+$', description: 'Seconds' },
          RecordingChannels: { type: 'string', enum: ['1', '2'] },
          RecordingSource: { type: 'string', example: 'StartCallRecordingTwiML' },
        },
        additionalProperties: { type: 'string' },
      },
    }),
    ApiNoContentResponse({ description: 'Acknowledged' }),
    ApiProblems(403, 500),
  );
