import { applyDecorators } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { UUID_SCHEMA } from '../http/api-formats';
import { ApiProblems } from '../http/api-problem-responses.decorator';
import { headerRef } from '../http/openapi-headers';

export class DemoAccessDto {
  @ApiProperty({ ...UUID_SCHEMA, description: 'The demo organization' })
  organization_id!: string;

  @ApiProperty({ description: 'A bearer token of the demo organization with every permission' })
  token!: string;
}

const VALIDATORS = {
  'Cache-Control': headerRef('Cache-Control'),
  ETag: {
    required: true,
    description: 'The version of the file, for If-None-Match',
    schema: { type: 'string' },
  },
  'Last-Modified': {
    required: true,
    description: 'When the file last changed, for If-Modified-Since',
    schema: { type: 'string', example: 'Tue, 01 Dec 2026 09:00:00 GMT' },
  },
};

const NOT_MODIFIED = ApiResponse({
  status: 304,
  description: 'Not modified since the ETag given in If-None-Match',
  headers: VALIDATORS,
});

/** The Content-Types serve-static sends the page's files as, each a string (text) or bytes. */
const ASSET_TYPES = ['text/html', 'text/javascript', 'text/css', 'image/svg+xml'];
const assetContent = Object.fromEntries(
  ASSET_TYPES.map((type) => [
    type,
    {
      schema: {
        type: 'string',
        ...(/^(text\/|application\/json)|\+xml$/.test(type) ? {} : { format: 'binary' }),
      },
    },
  ]),
);

export const SettingsPageDocs = () =>
  applyDecorators(
    ApiTags('Settings page'),
    ApiOperation({
      summary: 'The Settings → Telephony page',
      description:
        'An HTML page that runs the public API from the browser with the user’s token. `/settings/telephony/` ' +
        'redirects here (301, relative Location).',
    }),
    ApiOkResponse({
      description: 'The page',
      headers: VALIDATORS,
      content: { 'text/html': { schema: { type: 'string' } } },
    }),
    ApiResponse({
      status: 301,
      description: 'The canonical URL, without the trailing slash',
      headers: {
        Location: {
          required: true,
          description: 'Relative: ../telephony',
          schema: { type: 'string' },
        },
      },
      content: {
        'text/plain': { schema: { type: 'string' } },
        'text/html': { schema: { type: 'string' } },
      },
    }),
    NOT_MODIFIED,
    ApiProblems(404, 500),
  );

export const SettingsAssetDocs = () =>
  applyDecorators(
    ApiTags('Settings page'),
    ApiOperation({
      summary: 'A file of the Settings → Telephony page (script, style sheet, icon)',
    }),
    ApiParam({
      name: 'name',
      description: 'The file name, like app.js',
      schema: { type: 'string' },
    }),
    ApiOkResponse({ description: 'The file', headers: VALIDATORS, content: assetContent }),
    NOT_MODIFIED,
    ApiProblems(404, 500),
  );

export const DemoAccessDocs = () =>
  applyDecorators(
    ApiTags('Settings page'),
    ApiOperation({
      summary: 'The demo organization’s token, for the sign-in form of the embedded setup',
      description:
        'Only where the server runs with its demo organization (the embedded setup); a 404 elsewhere.',
    }),
    ApiOkResponse({
      type: DemoAccessDto,
      headers: { 'Cache-Control': headerRef('Cache-Control') },
    }),
    ApiProblems({ status: 404, headers: { 'Cache-Control': headerRef('Cache-Control') } }, 500),
  );
