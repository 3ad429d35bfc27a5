import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AnalyzerOrmEntity } from './analyzer.orm-entity';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';

/** Which analyzers run on a number's calls. */
@Entity({ name: 'phone_number_analyzer' })
@Index('phone_number_analyzer_analyzer_idx', ['analyzerId'])
export class PhoneNumberAnalyzerOrmEntity {
  @PrimaryColumn('uuid', {
    name: 'phone_number_id',
    primaryKeyConstraintName: 'phone_number_analyzer_pkey',
  })
  phoneNumberId!: string;

  @PrimaryColumn('uuid', {
    name: 'analyzer_id',
    primaryKeyConstraintName: 'phone_number_analyzer_pkey',
  })
  analyzerId!: string;

  @ManyToOne(() => PhoneNumberOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'phone_number_id',
    foreignKeyConstraintName: 'phone_number_analyzer_phone_number_id_fkey',
  })
  phoneNumber?: PhoneNumberOrmEntity;

  @ManyToOne(() => AnalyzerOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'analyzer_id',
    foreignKeyConstraintName: 'phone_number_analyzer_analyzer_id_fkey',
  })
  analyzer?: AnalyzerOrmEntity;
}
