import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import express, { type Request, type RequestHandler, type Response } from 'express';

export const TELEPHONY_PAGE_DIRECTORY = 'settings/telephony';

/**
 * No build step and no hashed file names, so a cached copy must be revalidated (a cheap 304 by
 * ETag) rather than trusted: a stale app.js next to a fresh api.js would break the page.
 */
const REVALIDATE = 'no-cache';

/**
 * The files of the Settings → Telephony page (apps/api/public/settings/telephony), served by
 * Express's serve-static: ETags, Last-Modified and 304s, no dotfiles, nothing outside the folder.
 * No ranges: the files are a few kilobytes, and a 206 would be one more answer to document.
 */
@Injectable()
export class SettingsUiAssets {
  private readonly files: RequestHandler | null;

  constructor() {
    const directory = findPublicDirectory(TELEPHONY_PAGE_DIRECTORY);
    if (!directory) {
      // The API works without its page (an image that copied dist/ only): say so, do not fail.
      new Logger('SettingsUi').warn(
        `apps/api/public/${TELEPHONY_PAGE_DIRECTORY} not found: /settings/telephony answers 404`,
      );
    }
    this.files = directory
      ? express.static(directory, {
          index: false,
          redirect: false,
          acceptRanges: false,
          dotfiles: 'ignore',
          setHeaders: (response) => {
            response.setHeader('Cache-Control', REVALIDATE);
            response.setHeader('X-Content-Type-Options', 'nosniff');
          },
        })
      : null;
  }

  /**
   * Sends the file `name` of the page's folder; false (nothing sent) when there is no such file
   * there. serve-static looks the request's path up in its folder, so for the call the request's
   * path is the file's, as if serve-static were mounted on the page's URL.
   */
  send(name: string, request: Request, response: Response): Promise<boolean> {
    const files = this.files;
    if (!files) return Promise.resolve(false);
    return new Promise((resolve, reject) => {
      response.once('close', () => resolve(true));
      const url = request.url;
      request.url = `/${encodeURIComponent(name)}`;
      try {
        files(request, response, (error?: unknown) => (error ? reject(error) : resolve(false)));
      } finally {
        request.url = url;
      }
    });
  }
}

/**
 * The directory `apps/api/public/<relative>` of the checkout, found by walking up from `from`:
 * the same code runs from apps/api/src (Jest) and from dist/apps/api (the build), and the build
 * does not copy static files.
 */
export function findPublicDirectory(relative: string, from: string = __dirname): string | null {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, 'apps', 'api', 'public', relative);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(directory) === directory) return null;
  }
}
