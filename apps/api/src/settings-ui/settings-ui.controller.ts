import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../http/problem.exception';
import { DemoOrganization } from '../organizations/demo-organization';
import { SettingsUiAssets } from './settings-ui.assets';
import {
  DemoAccessDocs,
  DemoAccessDto,
  SettingsAssetDocs,
  SettingsPageDocs,
} from './settings-ui.docs';
import { StaticAsset } from './static-assets';

/**
 * Everything the page loads comes from this origin, and no inline script or style runs: the page
 * holds a bearer token, so an injected script must have nowhere to come from and nowhere to send.
 */
export const SETTINGS_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * No build step and no hashed file names, so a cached copy must be revalidated (a cheap 304 by
 * ETag) rather than trusted: a stale app.js next to a fresh api.js would break the page.
 */
const REVALIDATE = 'no-cache';

/** Settings → Telephony: a static page that talks to the public API with the user's token. */
@Public()
@Controller('settings/telephony')
export class SettingsUiController {
  constructor(
    private readonly assets: SettingsUiAssets,
    private readonly demo: DemoOrganization,
  ) {}

  @Get()
  @SettingsPageDocs()
  page(@Req() request: Request, @Res() response: Response): void {
    // Express routes are not strict, so /settings/telephony/ lands here too. One canonical URL,
    // and a relative Location keeps working behind a proxy that adds a path prefix.
    const [path = '', query] = request.originalUrl.split(/\?(.*)/s, 2);
    if (path.endsWith('/')) {
      response.redirect(301, `../telephony${query ? `?${query}` : ''}`);
      return;
    }
    const page = this.assets.page();
    if (!page) throw notFound('The settings page is not installed on this server');
    response.setHeader('Content-Security-Policy', SETTINGS_PAGE_CSP);
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    send(request, response, page);
  }

  /** The demo organization's token, offered on the sign-in form of the embedded setup only. */
  @Get('demo-access')
  @DemoAccessDocs()
  demoAccess(@Res({ passthrough: true }) response: Response): DemoAccessDto {
    response.setHeader('Cache-Control', 'no-store');
    const access = this.demo.access();
    if (!access) throw notFound('This server has no demo organization');
    return { organization_id: access.organizationId, token: access.token };
  }

  @Get(':name')
  @SettingsAssetDocs()
  asset(@Param('name') name: string, @Req() request: Request, @Res() response: Response): void {
    const asset = this.assets.asset(name);
    if (!asset) throw notFound(`No file ${name} in the settings page`);
    send(request, response, asset);
  }
}

function send(request: Request, response: Response, asset: StaticAsset): void {
  response.setHeader('Cache-Control', REVALIDATE);
  response.setHeader('ETag', asset.etag);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Type', asset.contentType);
  if (request.fresh) {
    response.status(304).end();
    return;
  }
  response.status(200).send(asset.body);
}

function notFound(detail: string): ProblemException {
  return new ProblemException({ status: 404, code: 'not_found', title: 'Not found', detail });
}
