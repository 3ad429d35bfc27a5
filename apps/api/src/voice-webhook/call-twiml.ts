import type { CallFallback, PhoneNumber } from '@loquent/telephony-domain';
import twilio from 'twilio';

const APOLOGY = 'Sorry, this number cannot take your call right now. Goodbye.';
const VOICEMAIL_GREETING = 'Please leave a message after the tone.';
const VOICEMAIL_THANKS = 'Thank you for your message. Goodbye.';

/** The paths Twilio requests once a verb of Loquent's TwiML ends (each a `action` URL). */
export const AFTER_STREAM_PATH = '/twilio/voice/after-stream';
export const AFTER_DIAL_PATH = '/twilio/voice/after-dial';
export const AFTER_VOICEMAIL_PATH = '/twilio/voice/after-voicemail';

/**
 * TwiML for a call an agent answers: the call is recorded on two channels (caller and agent
 * apart), with Twilio telling /twilio/recording when the recording is ready, and its audio is
 * streamed to /twilio/stream, where the agent runtime picks it up from the stream parameters.
 * `<Connect action>`: when the stream ends (the agent runtime closed it, or dropped) while the
 * caller is still on the line, Twilio requests the action, and the caller gets the fallback.
 */
export function agentTwiml(
  publicBaseUrl: string,
  call: { from: string; to: string; phoneNumber: PhoneNumber; agentId: string },
): string {
  const response = new twilio.twiml.VoiceResponse();
  response.start().recording({
    channels: 'dual',
    recordingStatusCallback: `${publicBaseUrl}/twilio/recording`,
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed'],
  });
  const stream = response
    .connect({ action: `${publicBaseUrl}${AFTER_STREAM_PATH}`, method: 'POST' })
    .stream({ url: `${publicBaseUrl.replace(/^http/, 'ws')}/twilio/stream` });
  stream.parameter({ name: 'from', value: call.from });
  stream.parameter({ name: 'to', value: call.to });
  stream.parameter({ name: 'phone_number_id', value: call.phoneNumber.id });
  stream.parameter({ name: 'agent_id', value: call.agentId });
  return response.toString();
}

/**
 * TwiML for a call the agent does not take. `dial` forwards it, and Twilio says how that went at
 * after-dial; `say` reads the message and hangs up; `voicemail` records after a greeting, the
 * recording reported (signed) to /twilio/recording with the number called in the URL, so the
 * callback is known as this number's voicemail.
 */
export function fallbackTwiml(
  publicBaseUrl: string,
  fallback: CallFallback,
  phoneNumber: PhoneNumber,
): string {
  const response = new twilio.twiml.VoiceResponse();
  const primitives = fallback.toPrimitives();
  switch (primitives.action) {
    case 'dial':
      response
        .dial({
          timeout: primitives.timeoutSeconds,
          action: `${publicBaseUrl}${AFTER_DIAL_PATH}`,
          method: 'POST',
          answerOnBridge: true,
        })
        .number(primitives.number);
      break;
    case 'say':
      response.say(primitives.message);
      response.hangup();
      break;
    case 'voicemail': {
      response.say(primitives.greeting ?? VOICEMAIL_GREETING);
      const callback = new URLSearchParams({ voicemail_for: phoneNumber.number.value });
      response.record({
        maxLength: primitives.maxLengthSeconds,
        playBeep: true,
        action: `${publicBaseUrl}${AFTER_VOICEMAIL_PATH}`,
        method: 'POST',
        recordingStatusCallback: `${publicBaseUrl}/twilio/recording?${callback.toString()}`,
        recordingStatusCallbackMethod: 'POST',
        recordingStatusCallbackEvent: ['completed'],
      });
      break;
    }
  }
  return response.toString();
}

/** After a voicemail: thanks, then hang up (without it Twilio would request the call's URL again). */
export function voicemailThanksTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICEMAIL_THANKS);
  response.hangup();
  return response.toString();
}

/** The call is over (the caller hung up, or the person dialled answered and it ended). */
export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

/** For a number nobody answers, or one Loquent does not know: a short apology, then hang up. */
export function apologyTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(APOLOGY);
  response.hangup();
  return response.toString();
}
