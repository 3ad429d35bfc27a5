import { Global, Module } from '@nestjs/common';
import {
  CheckTwilioAccount,
  Clock,
  ConnectTwilioAccount,
  DisconnectTwilioAccount,
  TwilioAccountConnections,
  TwilioAccountVerifier,
} from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { TwilioCallObserver } from '../observability/twilio-call-observer';
import { TypeOrmTwilioAccountConnections } from '../persistence/typeorm-twilio-account-connections';
import { SystemClock } from '../system/system-adapters';
import { TwilioApiAccountVerifier } from '../twilio/twilio-account-verifier';
import { twilioClientOptions } from '../twilio/twilio-clients';
import { CredentialsCipher } from './credentials-cipher';
import { TwilioConnectionController } from './twilio-connection.controller';
import { TwilioTokenVault } from './twilio-token-vault';

/**
 * Organizations' own Twilio accounts: connecting, checking and disconnecting one, and the stored
 * connections (with the vault that opens their tokens) for every Twilio call made for them.
 */
@Global()
@Module({
  controllers: [TwilioConnectionController],
  providers: [
    {
      provide: TwilioTokenVault,
      useFactory: (config: RuntimeConfig) =>
        new TwilioTokenVault(new CredentialsCipher(config.credentialsEncryptionKey)),
      inject: [RUNTIME_CONFIG],
    },
    {
      provide: TwilioAccountConnections,
      useFactory: (dataSource: DataSource, vault: TwilioTokenVault) =>
        new TypeOrmTwilioAccountConnections(dataSource, vault),
      inject: [DataSource, TwilioTokenVault],
    },
    {
      provide: TwilioAccountVerifier,
      useFactory: (config: RuntimeConfig, vault: TwilioTokenVault, observer?: TwilioCallObserver) =>
        new TwilioApiAccountVerifier(twilioClientOptions(config, observer), vault),
      inject: [RUNTIME_CONFIG, TwilioTokenVault, { token: TwilioCallObserver, optional: true }],
    },
    { provide: Clock, useClass: SystemClock },
    {
      provide: ConnectTwilioAccount,
      useFactory: (
        connections: TwilioAccountConnections,
        verifier: TwilioAccountVerifier,
        clock: Clock,
      ) => new ConnectTwilioAccount(connections, verifier, clock),
      inject: [TwilioAccountConnections, TwilioAccountVerifier, Clock],
    },
    {
      provide: CheckTwilioAccount,
      useFactory: (connections: TwilioAccountConnections, verifier: TwilioAccountVerifier) =>
        new CheckTwilioAccount(connections, verifier),
      inject: [TwilioAccountConnections, TwilioAccountVerifier],
    },
    {
      provide: DisconnectTwilioAccount,
      useFactory: (connections: TwilioAccountConnections) =>
        new DisconnectTwilioAccount(connections),
      inject: [TwilioAccountConnections],
    },
  ],
  exports: [TwilioAccountConnections, TwilioTokenVault],
})
export class TwilioAccountsModule {}
