import { Body, Controller, HttpCode, Post, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IncomingNumber, ListUnsyncedNumbers } from '@loquent/telephony-domain';
import { Readable } from 'node:stream';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import {
  GetUnsyncedNumbersRequestDto,
  GetUnsyncedNumbersResponseDto,
  UnsyncedNumberDto,
} from './get-unsynced-numbers.dto';

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class GetUnsyncedNumbersController {
  constructor(private readonly listUnsyncedNumbers: ListUnsyncedNumbers) {}

  /**
   * Streamed a Twilio page at a time, so an account of 100,000 numbers is never held whole. The
   * first page is read before anything is sent: a bad credential or a Twilio outage is still a
   * problem+json answer. A failure on a later page cuts the connection (the body is then
   * incomplete JSON), rather than ending a list that would look complete.
   */
  @Post('get-unsynced-numbers')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneCollectionCreate)
  @ApiOperation({ summary: "The numbers of the organization's Twilio account not yet in Loquent" })
  @ApiBody({ type: GetUnsyncedNumbersRequestDto, required: false, description: 'None, or `{}`' })
  @ApiOkResponse({ type: GetUnsyncedNumbersResponseDto })
  @ApiProblemResponses(502, 503)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Body() _body: GetUnsyncedNumbersRequestDto,
  ): Promise<StreamableFile> {
    const pages = this.listUnsyncedNumbers
      .pages({ organizationId: principal.organizationId })
      [Symbol.asyncIterator]();
    const first = await pages.next();
    return new StreamableFile(Readable.from(unsyncedNumbersJson(first, pages)), {
      type: 'application/json; charset=utf-8',
    });
  }
}

/** `{"numbers":[...]}`, the same bytes JSON.stringify gives for the whole response, in pieces. */
async function* unsyncedNumbersJson(
  first: IteratorResult<IncomingNumber[]>,
  rest: AsyncIterator<IncomingNumber[]>,
): AsyncGenerator<string> {
  let separator = '';
  try {
    yield '{"numbers":[';
    for (let page = first; !page.done; page = await rest.next()) {
      if (page.value.length === 0) continue;
      yield separator + page.value.map((n) => JSON.stringify(UnsyncedNumberDto.from(n))).join(',');
      separator = ',';
    }
    yield ']}';
  } finally {
    // The client went away mid-list: stop reading Twilio.
    await rest.return?.();
  }
}
