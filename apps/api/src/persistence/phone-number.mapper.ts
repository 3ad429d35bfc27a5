import { PhoneNumber } from '@loquent/telephony-domain';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';

/** Between the PhoneNumber aggregate and its row; analyzer links travel beside the row. */
export class PhoneNumberMapper {
  static toDomain(entity: PhoneNumberOrmEntity, analyzerIds: readonly string[]): PhoneNumber {
    return PhoneNumber.fromPrimitives({
      id: entity.id,
      organizationId: entity.organizationId,
      number: entity.number,
      twilioSid: entity.twilioSid,
      friendlyName: entity.friendlyName,
      agentId: entity.agentId,
      analyzerIds: [...analyzerIds],
      fallback: entity.fallback,
      businessHours: entity.businessHours,
      voiceUrlStatus: entity.voiceUrlStatus,
      previousVoiceUrl: entity.previousVoiceUrl,
      voiceUrlConfiguredAt: entity.voiceUrlConfiguredAt,
      voiceFallbackUrlTakenOver: entity.voiceFallbackUrlTakenOver,
      previousVoiceFallbackUrl: entity.previousVoiceFallbackUrl,
      source: entity.source,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
      version: entity.version,
    });
  }

  static toPersistence(phoneNumber: PhoneNumber): {
    entity: PhoneNumberOrmEntity;
    analyzerIds: string[];
  } {
    const { analyzerIds, ...row } = phoneNumber.toPrimitives();
    const entity = Object.assign(new PhoneNumberOrmEntity(), row);
    return { entity, analyzerIds };
  }
}
