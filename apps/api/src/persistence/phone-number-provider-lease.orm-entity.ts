import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';

/** Who is changing a number at Twilio now (configure, restore, remove), until when. */
@Entity({ name: 'phone_number_provider_lease' })
export class PhoneNumberProviderLeaseOrmEntity {
  @PrimaryColumn('uuid', {
    name: 'phone_number_id',
    primaryKeyConstraintName: 'phone_number_provider_lease_pkey',
  })
  phoneNumberId!: string;

  @ManyToOne(() => PhoneNumberOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'phone_number_id',
    foreignKeyConstraintName: 'phone_number_provider_lease_phone_number_id_fkey',
  })
  phoneNumber?: PhoneNumberOrmEntity;

  @Column('uuid')
  holder!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
