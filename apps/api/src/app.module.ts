import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Clock } from '@loquent/telephony-domain';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AuthGuard } from './auth/auth.guard';
import { CallHandlingModule } from './call-handling/call-handling.module';
import { OrganizationDirectory } from './auth/organization-directory';
import { TokenVerifier } from './auth/token-verifier';
import { validateEnvironment } from './config/environment';
import { RUNTIME_CONFIG, type RuntimeConfig } from './config/runtime-config';
import { HealthController } from './health/health.controller';
import { JsonInputModule } from './http/json-input.module';
import { UndeclaredBodyGuard } from './http/undeclared-body.guard';
import { BUY_THROTTLER, SEARCH_THROTTLER } from './http/organization-throttler.guard';
import { loggingOptions } from './observability/logging';
import { ObservabilityModule } from './observability/observability.module';
import { DemoOrganization } from './organizations/demo-organization';
import { OrganizationsModule } from './organizations/organizations.module';
import { EventsModule } from './events/events.module';
import { DatabaseModule } from './persistence/database.module';
import { PostgresThrottlerStorage } from './rate-limits/postgres-throttler-storage';
import { RedisThrottlerStorage } from './rate-limits/redis-throttler-storage';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { SettingsUiModule } from './settings-ui/settings-ui.module';
import { SystemClock } from './system/system-adapters';
import { TwilioAccountsModule } from './twilio-accounts/twilio-accounts.module';
import { VoiceWebhookModule } from './voice-webhook/voice-webhook.module';

@Module({})
export class AppModule {
  /** The whole application for a resolved configuration (embedded parts already started). */
  /** `clock`: what "now" is for choices that depend on it (business hours); the system's unless given. */
  static forRoot(config: RuntimeConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // The environment is validated against its schema; what the app reads is the resolved
        // configuration (embedded database and sandbox already started), under `runtime`.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: validateEnvironment,
          load: [() => ({ runtime: config })],
        }),
        LoggerModule.forRoot(loggingOptions(config)),
        // Counted where every replica sees the same counters: Redis when REDIS_URL is set, else
        // the application's PostgreSQL. The Redis client is loaded only when it is used.
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: async (dataSource: DataSource) => ({
            throttlers: [
              { name: SEARCH_THROTTLER, ttl: 60_000, limit: config.rateLimits.searchPerMinute },
              { name: BUY_THROTTLER, ttl: 60_000, limit: config.rateLimits.buyPerMinute },
            ],
            storage: config.redisUrl
              ? await RedisThrottlerStorage.connect(config.redisUrl)
              : new PostgresThrottlerStorage(dataSource),
          }),
        }),
        DatabaseModule.forRoot(config.database.url, config.database.poolSize),
        TerminusModule.forRoot({ logger: false }),
        JsonInputModule,
        ObservabilityModule,
        TwilioAccountsModule,
        OrganizationsModule,
        EventsModule,
        PhoneNumbersModule,
        CallHandlingModule,
        VoiceWebhookModule,
        SettingsUiModule,
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: RUNTIME_CONFIG,
          useFactory: (configService: ConfigService) =>
            configService.getOrThrow<RuntimeConfig>('runtime'),
          inject: [ConfigService],
        },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: TokenVerifier, useValue: new TokenVerifier(config.auth.jwtSecret) },
        OrganizationDirectory,
        DemoOrganization,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: UndeclaredBodyGuard },
      ],
      exports: [RUNTIME_CONFIG, DemoOrganization, Clock],
    };
  }
}
