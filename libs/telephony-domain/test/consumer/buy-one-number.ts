// A project that installed @loquent/telephony-domain: wires BuyNumber with the in-memory adapters
// of ./testing, buys one number and prints what it got.
import * as domain from '@loquent/telephony-domain';
import { BuyNumber, NumberNotAvailable, PhoneNumberRepository } from '@loquent/telephony-domain';
import {
  FixedClock,
  InMemoryPurchasePreconditions,
  InMemoryPhoneNumberRepository,
  InMemoryPurchaseIntents,
  InMemoryTelephonyProvider,
  InMemoryUnitOfWork,
  SequentialIdGenerator,
  StaticVoiceWebhookUrls,
} from '@loquent/telephony-domain/testing';

const ORGANIZATION = '11111111-1111-4111-8111-111111111111';

async function main(): Promise<void> {
  const store = new InMemoryPhoneNumberRepository();
  const phoneNumbers: PhoneNumberRepository = store;
  const provider = new InMemoryTelephonyProvider().offer(['+14155550100']);
  const buyNumber = new BuyNumber(
    new InMemoryUnitOfWork(store),
    provider,
    new InMemoryPurchasePreconditions(store).setDefaultAnalyzers(ORGANIZATION, [
      'analyzer-summary',
    ]),
    new StaticVoiceWebhookUrls('https://consumer.example/voice'),
    new FixedClock(new Date('2026-05-01T10:00:00.000Z')),
    new SequentialIdGenerator(),
    new InMemoryPurchaseIntents(),
  );

  const result = await buyNumber.execute({
    organizationId: ORGANIZATION,
    phoneNumber: '+14155550100',
    friendlyName: 'Front desk',
  });
  if (result.outcome !== 'registered') throw new Error(`Not registered: ${result.outcome}`);
  const saved = await phoneNumbers.findById(ORGANIZATION, result.phoneNumber.id);
  // An error thrown by a fake of ./testing is the class the main entry exports.
  const refused: unknown = await buyNumber
    .execute({ organizationId: ORGANIZATION, phoneNumber: '+14155550199' })
    .catch((error: unknown) => error);

  console.log(
    JSON.stringify({
      bought: result.phoneNumber.toPrimitives(),
      saved: saved?.toPrimitives() ?? null,
      refusedWith: refused instanceof NumberNotAvailable ? 'NumberNotAvailable' : String(refused),
      mainEntry: Object.keys(domain).sort(),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
