import { BusinessHours } from '../call-handling/business-hours.value-object';
import { CallFallback } from '../call-handling/call-fallback.value-object';
import { aPhoneNumber } from '../testing/phone-number.builder';
import { InMemoryOrganizationCallHandlings } from '../testing/in-memory-organization-call-handlings';
import { FixedClock } from '../testing/simple-adapters';
import { AnswerCall } from './answer-call.use-case';

const AGENT = '00000000-0000-4000-b000-000000000001';
const ORG = '00000000-0000-4000-a000-000000000001';
const OTHER_ORG = '00000000-0000-4000-a000-000000000002';
const dial = CallFallback.parse({ action: 'dial', number: '+14155550100' }, 'fallback');
const apologiseLater = CallFallback.parse({ action: 'say', message: 'We are closed.' }, 'fallback');
// Tuesday 09:00 to 17:00 in New York.
const hours = BusinessHours.parse({
  time_zone: 'America/New_York',
  weekly: [{ day: 'tue', from: '09:00', to: '17:00' }],
});

function setup(at: string) {
  const handlings = new InMemoryOrganizationCallHandlings();
  const clock = new FixedClock(new Date(at));
  return { handlings, answer: new AnswerCall(handlings, clock) };
}

const number = (agentId: string | null, organizationId = ORG) => {
  const phoneNumber = aPhoneNumber().with({ agentId, organizationId }).build();
  phoneNumber.changeCallHandling({ fallback: dial, businessHours: hours }, new Date());
  return phoneNumber;
};

describe('AnswerCall', () => {
  it('gives the call to the agent within hours', async () => {
    const { answer } = setup('2026-12-01T15:00:00Z'); // Tue 10:00 EST
    await expect(answer.execute({ phoneNumber: number(AGENT) })).resolves.toEqual({
      outcome: 'agent',
      agentId: AGENT,
    });
  });

  it('gives the fallback outside hours, and when the stream ended', async () => {
    const { answer } = setup('2026-12-01T22:00:00Z'); // Tue 17:00 EST
    await expect(answer.execute({ phoneNumber: number(AGENT) })).resolves.toEqual({
      outcome: 'fallback',
      reason: 'outside_hours',
      fallback: dial,
    });
    const within = setup('2026-12-01T15:00:00Z');
    await expect(
      within.answer.execute({ phoneNumber: number(AGENT), streamEnded: true }),
    ).resolves.toMatchObject({ outcome: 'fallback', reason: 'stream_ended' });
  });

  it("with no agent: the number's fallback, else the organization's, else the apology", async () => {
    const { answer, handlings } = setup('2026-12-01T15:00:00Z');
    const bare = aPhoneNumber().with({ organizationId: ORG }).build();
    await expect(answer.execute({ phoneNumber: bare })).resolves.toEqual({
      outcome: 'apology',
      reason: 'no_agent',
    });
    await handlings.change(ORG, { defaultFallback: apologiseLater }, new Date());
    await expect(answer.execute({ phoneNumber: bare })).resolves.toEqual({
      outcome: 'fallback',
      reason: 'no_agent',
      fallback: apologiseLater,
    });
    await expect(answer.execute({ phoneNumber: number(null) })).resolves.toMatchObject({
      fallback: dial,
    });
  });

  it("sends every call of an organization in outage to its fallback, and no other organization's", async () => {
    const { answer, handlings } = setup('2026-12-01T15:00:00Z');
    await handlings.change(ORG, { outage: true }, new Date());
    await expect(answer.execute({ phoneNumber: number(AGENT) })).resolves.toMatchObject({
      outcome: 'fallback',
      reason: 'outage',
    });
    await expect(answer.execute({ phoneNumber: number(AGENT, OTHER_ORG) })).resolves.toMatchObject({
      outcome: 'agent',
    });
  });
});
