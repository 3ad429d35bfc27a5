import { Module } from '@nestjs/common';
import {
  BuyNumber,
  Clock,
  ConfigureVoiceUrl,
  DefaultAnalyzers,
  IdGenerator,
  ImportNumbers,
  ListPhoneNumbers,
  ListUnsyncedNumbers,
  PhoneNumberRepository,
  SearchAvailableNumbers,
  TelephonyProvider,
  VoiceWebhookUrls,
} from '@loquent/telephony-domain';
import { TypeOrmDefaultAnalyzers } from '../persistence/typeorm-default-analyzers';
import { TypeOrmPhoneNumberRepository } from '../persistence/typeorm-phone-number.repository';
import {
  ConfiguredVoiceWebhookUrls,
  RandomUuidGenerator,
  SystemClock,
} from '../system/system-adapters';
import { TwilioClients } from '../twilio/twilio-clients';
import { TwilioTelephonyProvider } from '../twilio/twilio-telephony-provider';
import { BuyPhoneNumberController } from './buy-phone-number/buy-phone-number.controller';
import { ConfigurePhoneVoiceController } from './configure-phone-voice/configure-phone-voice.controller';
import { GetUnsyncedNumbersController } from './get-unsynced-numbers/get-unsynced-numbers.controller';
import { ListPhonesController } from './list-phones/list-phones.controller';
import { SearchAvailableNumbersController } from './search-available-numbers/search-available-numbers.controller';
import { SyncNumbersController } from './sync-numbers/sync-numbers.controller';

/** The adapters behind the domain's ports, and the use cases built on them. */
@Module({
  controllers: [
    SearchAvailableNumbersController,
    BuyPhoneNumberController,
    GetUnsyncedNumbersController,
    SyncNumbersController,
    ConfigurePhoneVoiceController,
    ListPhonesController,
  ],
  providers: [
    TwilioClients,
    { provide: PhoneNumberRepository, useClass: TypeOrmPhoneNumberRepository },
    { provide: TelephonyProvider, useClass: TwilioTelephonyProvider },
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
      provide: BuyNumber,
      useFactory: (
        phoneNumbers: PhoneNumberRepository,
        provider: TelephonyProvider,
        analyzers: DefaultAnalyzers,
        urls: VoiceWebhookUrls,
        clock: Clock,
        ids: IdGenerator,
      ) => new BuyNumber(phoneNumbers, provider, analyzers, urls, clock, ids),
      inject: [
        PhoneNumberRepository,
        TelephonyProvider,
        DefaultAnalyzers,
        VoiceWebhookUrls,
        Clock,
        IdGenerator,
      ],
    },
    {
      provide: ListUnsyncedNumbers,
      useFactory: (provider: TelephonyProvider, phoneNumbers: PhoneNumberRepository) =>
        new ListUnsyncedNumbers(provider, phoneNumbers),
      inject: [TelephonyProvider, PhoneNumberRepository],
    },
    {
      provide: ImportNumbers,
      useFactory: (
        provider: TelephonyProvider,
        phoneNumbers: PhoneNumberRepository,
        clock: Clock,
        ids: IdGenerator,
      ) => new ImportNumbers(provider, phoneNumbers, clock, ids),
      inject: [TelephonyProvider, PhoneNumberRepository, Clock, IdGenerator],
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
  ],
})
export class PhoneNumbersModule {}
