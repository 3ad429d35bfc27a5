import { Global, Module } from '@nestjs/common';
import { TwilioAccountConnections } from './twilio-account-connections';
import { TwilioConnectionController } from './twilio-connection.controller';

/** Organizations' own Twilio accounts, used by every Twilio call made for them. */
@Global()
@Module({
  controllers: [TwilioConnectionController],
  providers: [TwilioAccountConnections],
  exports: [TwilioAccountConnections],
})
export class TwilioAccountsModule {}
