import { Module } from '@nestjs/common';
import {
  AnswerCall,
  ChangeCallHandling,
  Clock,
  GetCallHandling,
  IdGenerator,
  ListVoicemails,
  OrganizationCallHandlings,
  PhoneNumberRepository,
  RecordVoicemail,
  Voicemails,
} from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { TypeOrmOrganizationCallHandlings } from '../persistence/typeorm-organization-call-handlings';
import { TypeOrmVoicemails } from '../persistence/typeorm-voicemails';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { TimeOrderedUuidGenerator } from '../system/system-adapters';
import { useCase } from '../system/use-case.provider';
import { CallHandlingController } from './call-handling.controller';
import { VoicemailsController } from './voicemails.controller';

/**
 * What calls get when the agent does not take them: the organization's default and outage
 * switch, the choice of each call (AnswerCall) and the voicemails. Its Clock is the app's
 * (AppModule), which tests fix to an instant.
 */
@Module({
  imports: [PhoneNumbersModule],
  controllers: [CallHandlingController, VoicemailsController],
  providers: [
    {
      provide: OrganizationCallHandlings,
      useFactory: (dataSource: DataSource) => new TypeOrmOrganizationCallHandlings(dataSource),
      inject: [DataSource],
    },
    {
      provide: Voicemails,
      useFactory: (dataSource: DataSource) => new TypeOrmVoicemails(dataSource),
      inject: [DataSource],
    },
    { provide: IdGenerator, useClass: TimeOrderedUuidGenerator },
    useCase(GetCallHandling, OrganizationCallHandlings),
    useCase(ChangeCallHandling, OrganizationCallHandlings, Clock),
    useCase(AnswerCall, OrganizationCallHandlings, Clock),
    useCase(RecordVoicemail, Voicemails, IdGenerator, Clock),
    useCase(ListVoicemails, PhoneNumberRepository, Voicemails),
  ],
  exports: [AnswerCall, RecordVoicemail],
})
export class CallHandlingModule {}
