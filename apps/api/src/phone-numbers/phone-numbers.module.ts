import { Module } from '@nestjs/common';
import {
  BuyNumber,
  CheckVoiceUrls,
  Clock,
  ConfigureVoiceUrl,
  DefaultAnalyzers,
  GetPhoneNumber,
  IdGenerator,
  ImportNumbers,
  ListAvailableCountries,
  ListPhoneNumbers,
  ListUnsyncedNumbers,
  PhoneNumberRepository,
  PurchaseIntents,
  ReconcilePurchases,
  RemovePhoneNumber,
  RestoreVoiceUrl,
  SearchAvailableNumbers,
  TelephonyProvider,
  UpdatePhoneNumber,
  VoiceWebhookUrls,
} from '@loquent/telephony-domain';
import { TypeOrmDefaultAnalyzers } from '../persistence/typeorm-default-analyzers';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { TypeOrmPhoneNumberRepository } from '../persistence/typeorm-phone-number.repository';
import { TypeOrmPurchaseIntents } from '../persistence/typeorm-purchase-intents';
import {
  ConfiguredVoiceWebhookUrls,
  RandomUuidGenerator,
  SystemClock,
} from '../system/system-adapters';
import { TwilioClients } from '../twilio/twilio-clients';
import { TwilioTelephonyProvider } from '../twilio/twilio-telephony-provider';
import { DEFAULT_TWILIO_RETRY } from '../twilio/twilio-retry';
import { AvailableCountriesController } from './available-countries/available-countries.controller';
import { BuyPhoneNumberController } from './buy-phone-number/buy-phone-number.controller';
import { CheckPhoneVoiceController } from './check-phone-voice/check-phone-voice.controller';
import { ConfigurePhoneVoiceController } from './configure-phone-voice/configure-phone-voice.controller';
import { GetUnsyncedNumbersController } from './get-unsynced-numbers/get-unsynced-numbers.controller';
import { ListPhonesController } from './list-phones/list-phones.controller';
import { PhoneController } from './phone/phone.controller';
import { PurchaseReconciler } from './purchase-reconciler';
import { RestorePhoneVoiceController } from './restore-phone-voice/restore-phone-voice.controller';
import { SearchAvailableNumbersController } from './search-available-numbers/search-available-numbers.controller';
import { SyncNumbersController } from './sync-numbers/sync-numbers.controller';

/** The adapters behind the domain's ports, and the use cases built on them. */
@Module({
  controllers: [
    SearchAvailableNumbersController,
    AvailableCountriesController,
    BuyPhoneNumberController,
    GetUnsyncedNumbersController,
    SyncNumbersController,
    ConfigurePhoneVoiceController,
    ListPhonesController,
    PhoneController,
    RestorePhoneVoiceController,
    CheckPhoneVoiceController,
  ],
  providers: [
    TwilioClients,
    IdempotencyStore,
    IdempotencyInterceptor,
    PurchaseReconciler,
    { provide: PhoneNumberRepository, useClass: TypeOrmPhoneNumberRepository },
    { provide: PurchaseIntents, useClass: TypeOrmPurchaseIntents },
    {
      provide: TelephonyProvider,
      useFactory: (clients: TwilioClients, config: RuntimeConfig) =>
        new TwilioTelephonyProvider(clients, {
          ...DEFAULT_TWILIO_RETRY,
          attempts: config.twilio.retryAttempts,
        }),
      inject: [TwilioClients, RUNTIME_CONFIG],
    },
    { provide: DefaultAnalyzers, useClass: TypeOrmDefaultAnalyzers },
    { provide: VoiceWebhookUrls, useClass: ConfiguredVoiceWebhookUrls },
    { provide: Clock, useClass: SystemClock },
    { provide: IdGenerator, useClass: RandomUuidGenerator },
    {
      provide: SearchAvailableNumbers,
      useFactory: (provider: TelephonyProvider) => new SearchAvailableNumbers(provider),
      inject: [TelephonyProvider],
    },
    {
      provide: ListAvailableCountries,
      useFactory: (provider: TelephonyProvider) => new ListAvailableCountries(provider),
      inject: [TelephonyProvider],
    },
    {
      provide: BuyNumber,
      useFactory: (
        phoneNumbers: PhoneNumberRepository,
        provider: TelephonyProvider,
        analyzers: DefaultAnalyzers,
        urls: VoiceWebhookUrls,
        clock: Clock,
        ids: IdGenerator,
        intents: PurchaseIntents,
      ) => new BuyNumber(phoneNumbers, provider, analyzers, urls, clock, ids, intents),
      inject: [
        PhoneNumberRepository,
        TelephonyProvider,
        DefaultAnalyzers,
        VoiceWebhookUrls,
        Clock,
        IdGenerator,
        PurchaseIntents,
      ],
    },
    {
      provide: ReconcilePurchases,
      useFactory: (
        intents: PurchaseIntents,
        provider: TelephonyProvider,
        phoneNumbers: PhoneNumberRepository,
        analyzers: DefaultAnalyzers,
        urls: VoiceWebhookUrls,
        clock: Clock,
        ids: IdGenerator,
      ) => new ReconcilePurchases(intents, provider, phoneNumbers, analyzers, urls, clock, ids),
      inject: [
        PurchaseIntents,
        TelephonyProvider,
        PhoneNumberRepository,
        DefaultAnalyzers,
        VoiceWebhookUrls,
        Clock,
        IdGenerator,
      ],
    },
    {
      provide: ListUnsyncedNumbers,
      useFactory: (
        provider: TelephonyProvider,
        phoneNumbers: PhoneNumberRepository,
        intents: PurchaseIntents,
      ) => new ListUnsyncedNumbers(provider, phoneNumbers, intents),
      inject: [TelephonyProvider, PhoneNumberRepository, PurchaseIntents],
    },
    {
      provide: ImportNumbers,
      useFactory: (
        provider: TelephonyProvider,
        phoneNumbers: PhoneNumberRepository,
        clock: Clock,
        ids: IdGenerator,
        intents: PurchaseIntents,
      ) => new ImportNumbers(provider, phoneNumbers, clock, ids, intents),
      inject: [TelephonyProvider, PhoneNumberRepository, Clock, IdGenerator, PurchaseIntents],
    },
    {
      provide: ConfigureVoiceUrl,
      useFactory: (
        phoneNumbers: PhoneNumberRepository,
        provider: TelephonyProvider,
        urls: VoiceWebhookUrls,
        clock: Clock,
      ) => new ConfigureVoiceUrl(phoneNumbers, provider, urls, clock),
      inject: [PhoneNumberRepository, TelephonyProvider, VoiceWebhookUrls, Clock],
    },
    {
      provide: ListPhoneNumbers,
      useFactory: (phoneNumbers: PhoneNumberRepository) => new ListPhoneNumbers(phoneNumbers),
      inject: [PhoneNumberRepository],
    },
    {
      provide: GetPhoneNumber,
      useFactory: (phoneNumbers: PhoneNumberRepository) => new GetPhoneNumber(phoneNumbers),
      inject: [PhoneNumberRepository],
    },
    {
      provide: UpdatePhoneNumber,
      useFactory: (phoneNumbers: PhoneNumberRepository, clock: Clock) =>
        new UpdatePhoneNumber(phoneNumbers, clock),
      inject: [PhoneNumberRepository, Clock],
    },
    {
      provide: RestoreVoiceUrl,
      useFactory: (
        phoneNumbers: PhoneNumberRepository,
        provider: TelephonyProvider,
        urls: VoiceWebhookUrls,
        clock: Clock,
      ) => new RestoreVoiceUrl(phoneNumbers, provider, urls, clock),
      inject: [PhoneNumberRepository, TelephonyProvider, VoiceWebhookUrls, Clock],
    },
    {
      provide: RemovePhoneNumber,
      useFactory: (
        phoneNumbers: PhoneNumberRepository,
        provider: TelephonyProvider,
        urls: VoiceWebhookUrls,
        clock: Clock,
      ) => new RemovePhoneNumber(phoneNumbers, provider, urls, clock),
      inject: [PhoneNumberRepository, TelephonyProvider, VoiceWebhookUrls, Clock],
    },
    {
      provide: CheckVoiceUrls,
      useFactory: (
        phoneNumbers: PhoneNumberRepository,
        provider: TelephonyProvider,
        urls: VoiceWebhookUrls,
      ) => new CheckVoiceUrls(phoneNumbers, provider, urls),
      inject: [PhoneNumberRepository, TelephonyProvider, VoiceWebhookUrls],
    },
  ],
  exports: [PhoneNumberRepository],
})
export class PhoneNumbersModule {}
