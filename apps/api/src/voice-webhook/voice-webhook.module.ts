import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PhoneNumberRepository, RouteIncomingCall } from '@loquent/telephony-domain';
import { CallHandlingModule } from '../call-handling/call-handling.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { FormBodyMiddleware } from './form-body.middleware';
import { TwilioSignature } from './twilio-signature';
import { TwilioWebhookGuard } from './twilio-webhook.guard';
import { VoiceWebhookController } from './voice-webhook.controller';

@Module({
  imports: [PhoneNumbersModule, CallHandlingModule],
  controllers: [VoiceWebhookController],
  providers: [
    TwilioSignature,
    TwilioWebhookGuard,
    {
      provide: RouteIncomingCall,
      useFactory: (phoneNumbers: PhoneNumberRepository) => new RouteIncomingCall(phoneNumbers),
      inject: [PhoneNumberRepository],
    },
  ],
})
export class VoiceWebhookModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FormBodyMiddleware).forRoutes(VoiceWebhookController);
  }
}
