import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { AuthGuard } from './auth/auth.guard';
import { OrganizationDirectory } from './auth/organization-directory';
import { RUNTIME_CONFIG, type RuntimeConfig } from './config/runtime-config';
import { HealthController } from './health/health.controller';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { DemoOrganization } from './organizations/demo-organization';
import { DatabaseModule } from './persistence/database.module';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { TwilioAccountsModule } from './twilio-accounts/twilio-accounts.module';
import { VoiceWebhookModule } from './voice-webhook/voice-webhook.module';
import { SettingsUiModule } from './settings-ui/settings-ui.module';

@Module({})
export class AppModule implements NestModule {
  /** The whole application for a resolved configuration (embedded parts already started). */
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config.database.url, config.database.poolSize),
        JwtModule.register({}),
        TerminusModule.forRoot({ logger: false }),
        TwilioAccountsModule,
        PhoneNumbersModule,
        VoiceWebhookModule,
        SettingsUiModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        OrganizationDirectory,
        DemoOrganization,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [RUNTIME_CONFIG, DemoOrganization],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes('*path');
  }
}
