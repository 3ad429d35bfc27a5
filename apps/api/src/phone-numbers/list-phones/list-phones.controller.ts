import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { LIST_PAGE_MAX } from '@loquent/telephony-domain';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../../config/runtime-config';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { headerRef } from '../../http/openapi-headers';
import { PhoneNumberListItemDto } from '../phone-number.response.dto';
import { PhoneListQuery } from './phone-list.query';
import { setNextPageLink } from '../../http/next-page-link';
import { sendJsonText } from '../../http/json-text';

export class ListPhonesQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: LIST_PAGE_MAX,
    description: 'Page size; the whole list when omitted',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'The cursor of the next page, from the Link header' })
  @IsOptional()
  @IsString()
  after?: string;
}

@ApiTags('Phone numbers')
@Controller('api/phones')
export class ListPhonesController {
  constructor(
    private readonly phoneList: PhoneListQuery,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Get()
  @RequirePermission(Permission.PhoneCollectionList)
  @ApiOperation({
    summary: "The organization's numbers in E.164 order",
    description:
      'With `limit`, one keyset page at a time; the next page is in the Link header (rel="next").',
  })
  @ApiOkResponse({
    type: [PhoneNumberListItemDto],
    headers: { Link: headerRef('Link') },
  })
  @ApiProblemResponses()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPhonesQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.phoneList.page({
      organizationId: principal.organizationId,
      limit: query.limit ?? null,
      after: query.after ?? null,
    });
    if (page.nextCursor !== null && query.limit !== undefined) {
      setNextPageLink(response, this.config.publicBaseUrl, '/api/phones', {
        limit: String(query.limit),
        after: page.nextCursor,
      });
    }
    sendJsonText(response, page.json);
  }
}
