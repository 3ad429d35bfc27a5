import type { PhoneNumber } from '@loquent/telephony-domain';
import twilio from 'twilio';

const APOLOGY = 'Sorry, this number cannot take your call right now. Goodbye.';

/**
 * TwiML for a call an agent answers: the call is recorded on two channels (caller and agent
 * apart), with Twilio telling /twilio/recording when the recording is ready, and its audio is
 * streamed to /twilio/stream, where the agent runtime picks it up from the stream parameters.
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
    .connect()
    .stream({ url: `${publicBaseUrl.replace(/^http/, 'ws')}/twilio/stream` });
  stream.parameter({ name: 'from', value: call.from });
  stream.parameter({ name: 'to', value: call.to });
  stream.parameter({ name: 'phone_number_id', value: call.phoneNumber.id });
  stream.parameter({ name: 'agent_id', value: call.agentId });
  return response.toString();
}

/** For a number nobody answers, or one Loquent does not know: a short apology, then hang up. */
export function apologyTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(APOLOGY);
  response.hangup();
  return response.toString();
}
