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
  async page(@Req() request: Request, @Res() response: Response): Promise<void> {
    // Express routes are not strict, so /settings/telephony/ lands here too. One canonical URL,
    // and a relative Location keeps working behind a proxy that adds a path prefix.
    const [path = '', query] = request.originalUrl.split(/\?(.*)/s, 2);
    if (path.endsWith('/')) {
      response.redirect(301, `../telephony${query ? `?${query}` : ''}`);
      return;
    }
    response.setHeader('Content-Security-Policy', SETTINGS_PAGE_CSP);
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (!(await this.assets.send('index.html', request, response))) {
      throw notFound('The settings page is not installed on this server');
    }
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

  /** A file the page loads; the page itself is only served at its own URL. */
  @Get(':name')
  @SettingsAssetDocs()
  async asset(
    @Param('name') name: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (name === 'index.html' || !(await this.assets.send(name, request, response))) {
      throw notFound(`No file ${name} in the settings page`);
    }
  }
}

function notFound(detail: string): ProblemException {
  return new ProblemException({ status: 404, code: 'not_found', title: 'Not found', detail });
}
