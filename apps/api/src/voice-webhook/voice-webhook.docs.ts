import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
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
        'Twilio requests this URL, set as the number’s Voice URL, when a call comes in. Within the number’s ' +
        'business hours and with an agent assigned, the TwiML answer records the call on two channels (the ' +
        'recording callback is /twilio/recording) and streams its audio to the agent inside ' +
        '`<Connect action=".../twilio/voice/after-stream">`. Outside hours, with no agent, or with the ' +
        'organization’s outage switch on, the call gets the number’s fallback, else the organization’s ' +
        'default (`<Dial>`, `<Say>` then `<Hangup>`, or `<Say>` then `<Record>`); with no fallback anywhere, ' +
        'and for a number Loquent does not know, a short apology and a hang-up. The request must be signed by ' +
        'the account that owns the number.',
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
            'recordingStatusCallback="https://api.loquent.ai/twilio/recording"/></Start>' +
            '<Connect action="https://api.loquent.ai/twilio/voice/after-stream" method="POST">' +
            '<Stream url="wss://api.loquent.ai/twilio/stream"/></Connect></Response>',
        },
      },
    }),
    ApiProblems(403, 500),
  );

const TWIML_OK = (example: string) =>
  ApiOkResponse({
    description: 'TwiML: what Twilio does with the call next',
    content: { 'text/xml': { schema: { type: 'string' }, example } },
  });

const ACTION_BODY = (extra: Record<string, unknown>) =>
  ApiBody({
    required: true,
    schema: {
      type: 'object',
      required: ['AccountSid', 'CallSid', 'From', 'To'],
      properties: { ...CALL_PARAMETERS, ...extra },
      additionalProperties: { type: 'string' },
    },
  });

/** `<Connect action>` of an agent's call: the stream ended. */
export const AfterStreamDocs = () =>
  applyDecorators(
    ApiTags('Twilio webhooks'),
    ApiOperation({
      summary: 'An agent’s stream ended (the `<Connect>` action)',
      description:
        'Twilio requests this URL when the `<Connect><Stream>` of a call an agent answered ends: the agent ' +
        'runtime closed or dropped its stream. A caller still on the line gets the fallback (the number’s, else ' +
        'the organization’s, else the apology); a call already over gets `<Hangup/>`. The agent runtime ends ' +
        'a call it is done with by completing the call (Twilio’s REST API, Status=completed), which ends it ' +
        'without this request. Signed by the account that owns the number.',
    }),
    ACTION_BODY({}),
    TWIML_OK(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="30" ' +
        'action="https://api.loquent.ai/twilio/voice/after-dial" method="POST" answerOnBridge="true">' +
        '<Number>+14155550100</Number></Dial></Response>',
    ),
    ApiProblems(403, 500),
  );

/** `<Dial action>` of a fallback that forwards the call. */
export const AfterDialDocs = () =>
  applyDecorators(
    ApiTags('Twilio webhooks'),
    ApiOperation({
      summary: 'A forwarded call ended (the `<Dial>` action of a `dial` fallback)',
      description:
        'Answered and over (`DialCallStatus=completed`): `<Hangup/>`. Busy, not answered or failed: the short ' +
        'apology, then a hang-up. Signed by the account that owns the number.',
    }),
    ACTION_BODY({
      DialCallStatus: {
        type: 'string',
        enum: ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'],
      },
    }),
    TWIML_OK('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'),
    ApiProblems(403, 500),
  );

/** `<Record action>` of a voicemail fallback. */
export const AfterVoicemailDocs = () =>
  applyDecorators(
    ApiTags('Twilio webhooks'),
    ApiOperation({
      summary: 'A voicemail was recorded (the `<Record>` action of a `voicemail` fallback)',
      description:
        'Thanks the caller and hangs up. The recording itself arrives at /twilio/recording. Signed by the ' +
        'account that owns the number.',
    }),
    ACTION_BODY({}),
    TWIML_OK(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Thank you for your message. Goodbye.</Say>' +
        '<Hangup/></Response>',
    ),
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
        'an account Loquent knows. With `voicemail_for` (set by the TwiML of a `voicemail` fallback) it is a ' +
        'voicemail of that number: signed by the account that owns it, and once completed, kept (GET ' +
        '/api/phones/{id}/voicemails); a repeated callback is kept once.',
    }),
    ApiQuery({
      name: 'voicemail_for',
      required: false,
      schema: { type: 'string', pattern: E164.source },
      description: 'The number a voicemail was left on',
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
