import { Injectable, Logger } from '@nestjs/common';
import { findPublicDirectory, loadStaticAssets, StaticAsset } from './static-assets';

export const TELEPHONY_PAGE_DIRECTORY = 'settings/telephony';

/** The files of the Settings → Telephony page (apps/api/public/settings/telephony). */
@Injectable()
export class SettingsUiAssets {
  private readonly assets: ReadonlyMap<string, StaticAsset>;

  constructor() {
    const directory = findPublicDirectory(TELEPHONY_PAGE_DIRECTORY);
    if (!directory) {
      // The API works without its page (an image that copied dist/ only): say so, do not fail.
      new Logger('SettingsUi').warn(
        `apps/api/public/${TELEPHONY_PAGE_DIRECTORY} not found: /settings/telephony answers 404`,
      );
    }
    this.assets = directory ? loadStaticAssets(directory) : new Map();
  }

  page(): StaticAsset | undefined {
    return this.assets.get('index.html');
  }

  /** A file the page loads; the page itself is only served at its own URL. */
  asset(name: string): StaticAsset | undefined {
    return name === 'index.html' ? undefined : this.assets.get(name);
  }
}
