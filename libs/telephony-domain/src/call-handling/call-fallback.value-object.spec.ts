import { CallFallback } from './call-fallback.value-object';
import { InvalidCallHandling } from './call-handling.errors';

function refusal(input: unknown): InvalidCallHandling {
  try {
    CallFallback.parse(input, 'fallback');
  } catch (error) {
    if (error instanceof InvalidCallHandling) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('CallFallback', () => {
  it('takes each action with its defaults spelled out', () => {
    expect(
      CallFallback.parse({ action: 'dial', number: '+33142685300' }, 'fallback').toJSON(),
    ).toEqual({
      action: 'dial',
      number: '+33142685300',
      timeout_s: 30,
    });
    expect(
      CallFallback.parse(
        { action: 'say', message: ' Caf\u0065\u0301 closed ' },
        'fallback',
      ).toJSON(),
    ).toEqual({
      action: 'say',
      message: 'Caf\u00e9 closed',
    });
    expect(CallFallback.parse({ action: 'voicemail' }, 'fallback').toJSON()).toEqual({
      action: 'voicemail',
      greeting: null,
      max_length_s: 120,
    });
  });

  it('refuses a number that is not E.164, a 10,000-character message and control characters, naming the field', () => {
    expect(refusal({ action: 'dial', number: '0142685300' }).params.field).toBe('fallback.number');
    expect(refusal({ action: 'dial', number: '+33142685300', timeout_s: 2 }).params.field).toBe(
      'fallback.timeout_s',
    );
    expect(refusal({ action: 'say', message: 'x'.repeat(10_000) }).params.field).toBe(
      'fallback.message',
    );
    expect(refusal({ action: 'say', message: 'one\nline' }).params.field).toBe('fallback.message');
    expect(refusal({ action: 'say', message: 'half \ud800' }).params.field).toBe(
      'fallback.message',
    );
    expect(refusal({ action: 'voicemail', greeting: '\u202eevil' }).params.field).toBe(
      'fallback.greeting',
    );
    expect(refusal({ action: 'hangup' }).params.field).toBe('fallback.action');
    expect(refusal({ action: 'say', message: 'hi', number: '+33142685300' }).params.field).toBe(
      'fallback.number',
    );
  });

  it('is equal to itself read back from storage', () => {
    const fallback = CallFallback.parse(
      { action: 'dial', number: '+14155550100', timeout_s: 20 },
      'f',
    );
    const stored = JSON.parse(
      JSON.stringify({ timeoutSeconds: 20, number: '+14155550100', action: 'dial' }),
    );
    expect(CallFallback.fromPrimitives(stored)!.equals(fallback)).toBe(true);
  });
});
