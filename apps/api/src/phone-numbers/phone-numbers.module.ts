import { Module } from '@nestjs/common';
import {
  AgentDirectory,
  BuyNumber,
  CheckVoiceUrls,
  Clock,
  ConfigureVoiceUrl,
  GetPhoneNumber,
  IdGenerator,
  ImportNumbers,
  ListAvailableCountries,
  ListPhoneNumbers,
  ListUnsyncedNumbers,
  PhoneNumberRepository,
  ProviderChangeLocks,
  PurchaseIntents,
  PurchasePreconditions,
  ReconcilePurchases,
  RemovePhoneNumber,
  RestoreVoiceUrl,
  SearchAvailableNumbers,
  TelephonyProvider,
  UnitOfWork,
  UpdatePhoneNumber,
  VoiceWebhookUrls,
} from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { AgentsModule } from '../agents/agents.module';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { TypeOrmPhoneNumberRepository } from '../persistence/typeorm-phone-number.repository';
import { TypeOrmProviderChangeLocks } from '../persistence/typeorm-provider-change-locks';
import { TypeOrmPurchaseIntents } from '../persistence/typeorm-purchase-intents';
import { TypeOrmPurchasePreconditions } from '../persistence/typeorm-purchase-preconditions';
import { DriftMonitor } from '../events/drift-monitor';
import { PhoneNumberEventLog } from '../events/phone-number-event-log';
import { TypeOrmUnitOfWork } from '../persistence/typeorm-unit-of-work';
import { DomainEventPublisher } from '../system/domain-event-publisher';
import {
  ConfiguredVoiceWebhookUrls,
  TimeOrderedUuidGenerator,
  SystemClock,
} from '../system/system-adapters';
import { useCase } from '../system/use-case.provider';
import { AccountPageIndex } from '../twilio/account-page-index';
import { LayeredPageHints, PostgresPageHints } from '../twilio/postgres-page-hints';
import { TwilioClients } from '../twilio/twilio-clients';
import { TwilioTelephonyProvider } from '../twilio/twilio-telephony-provider';
import { DEFAULT_TWILIO_RETRY } from '../twilio/twilio-retry';
import { AvailableCountriesController } from './available-countries/available-countries.controller';
import { BuyPhoneNumberController } from './buy-phone-number/buy-phone-number.controller';
import { CheckPhoneVoiceController } from './check-phone-voice/check-phone-voice.controller';
import { ConfigurePhoneVoiceController } from './configure-phone-voice/configure-phone-voice.controller';
import { GetUnsyncedNumbersController } from './get-unsynced-numbers/get-unsynced-numbers.controller';
import { ListPhonesController } from './list-phones/list-phones.controller';
import { PhoneListQuery } from './list-phones/phone-list.query';
import { PhoneController } from './phone/phone.controller';
import { PurchaseReconciler } from './purchase-reconciler';
import { RestorePhoneVoiceController } from './restore-phone-voice/restore-phone-voice.controller';
import { SearchAvailableNumbersController } from './search-available-numbers/search-available-numbers.controller';
import { SyncNumbersController } from './sync-numbers/sync-numbers.controller';

/** The adapters behind the domain's ports, and the use cases built on them. */
@Module({
  imports: [AgentsModule],
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
    PhoneListQuery,
    DriftMonitor,
    {
      provide: PhoneNumberRepository,
      useFactory: (dataSource: DataSource) => new TypeOrmPhoneNumberRepository(dataSource),
      inject: [DataSource],
    },
    {
      provide: UnitOfWork,
      useFactory: (
        dataSource: DataSource,
        events: DomainEventPublisher,
        log: PhoneNumberEventLog,
      ) => new TypeOrmUnitOfWork(dataSource, events, log),
      inject: [DataSource, DomainEventPublisher, PhoneNumberEventLog],
    },
    {
      provide: ProviderChangeLocks,
      useFactory: (dataSource: DataSource) => new TypeOrmProviderChangeLocks(dataSource),
      inject: [DataSource],
    },
    { provide: PurchaseIntents, useClass: TypeOrmPurchaseIntents },
    {
      provide: TelephonyProvider,
      useFactory: (clients: TwilioClients, config: RuntimeConfig, dataSource: DataSource) =>
        new TwilioTelephonyProvider(
          clients,
          { ...DEFAULT_TWILIO_RETRY, attempts: config.twilio.retryAttempts },
          undefined,
          // Shared by the replicas: an import may continue on another one.
          new LayeredPageHints(new AccountPageIndex(), new PostgresPageHints(dataSource)),
        ),
      inject: [TwilioClients, RUNTIME_CONFIG, DataSource],
    },
    { provide: PurchasePreconditions, useClass: TypeOrmPurchasePreconditions },
    { provide: VoiceWebhookUrls, useClass: ConfiguredVoiceWebhookUrls },
    { provide: Clock, useClass: SystemClock },
    { provide: IdGenerator, useClass: TimeOrderedUuidGenerator },
    useCase(SearchAvailableNumbers, TelephonyProvider),
    useCase(ListAvailableCountries, TelephonyProvider),
    useCase(
      BuyNumber,
      UnitOfWork,
      TelephonyProvider,
      PurchasePreconditions,
      VoiceWebhookUrls,
      Clock,
      IdGenerator,
      PurchaseIntents,
    ),
    useCase(
      ReconcilePurchases,
      PurchaseIntents,
      TelephonyProvider,
      UnitOfWork,
      PurchasePreconditions,
      VoiceWebhookUrls,
      Clock,
      IdGenerator,
    ),
    useCase(ListUnsyncedNumbers, TelephonyProvider, PhoneNumberRepository, PurchaseIntents),
    useCase(ImportNumbers, TelephonyProvider, UnitOfWork, Clock, IdGenerator, PurchaseIntents),
    useCase(
      ConfigureVoiceUrl,
      UnitOfWork,
      TelephonyProvider,
      VoiceWebhookUrls,
      Clock,
      ProviderChangeLocks,
    ),
    useCase(ListPhoneNumbers, PhoneNumberRepository),
    useCase(GetPhoneNumber, PhoneNumberRepository),
    useCase(UpdatePhoneNumber, UnitOfWork, AgentDirectory, Clock),
    useCase(
      RestoreVoiceUrl,
      UnitOfWork,
      TelephonyProvider,
      VoiceWebhookUrls,
      Clock,
      ProviderChangeLocks,
    ),
    useCase(
      RemovePhoneNumber,
      UnitOfWork,
      TelephonyProvider,
      VoiceWebhookUrls,
      Clock,
      ProviderChangeLocks,
    ),
    useCase(CheckVoiceUrls, PhoneNumberRepository, TelephonyProvider, VoiceWebhookUrls),
  ],
  exports: [PhoneNumberRepository],
})
export class PhoneNumbersModule {}
