import { Module } from '@nestjs/common';
import { SettingsUiAssets } from './settings-ui.assets';
import { SettingsUiController } from './settings-ui.controller';

/** The Settings → Telephony page at /settings/telephony, and the files it loads. */
@Module({
  controllers: [SettingsUiController],
  providers: [SettingsUiAssets],
})
export class SettingsUiModule {}
