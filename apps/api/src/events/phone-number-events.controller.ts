import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { PhoneNumberNotFound } from '@loquent/telephony-domain';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { DATE_TIME_SCHEMA, UUID_SCHEMA } from '../http/api-formats';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator';
import { headerRef } from '../http/openapi-headers';
import { phoneId } from '../phone-numbers/phone/phone.controller';
import { EventPage, PhoneNumberEvents } from './phone-number-events.query';
import { PHONE_NUMBER_EVENT_TYPES, type PhoneNumberEventType } from './phone-number-event';
import { setNextPageLink } from '../http/next-page-link';

export const EVENTS_PAGE_MAX = 1000;
const EVENTS_PAGE_DEFAULT = 100;

const CHANGE_SCHEMA = {
  type: 'object',
  nullable: true,
  additionalProperties: true,
  description:
    'The fields the event changed; null when there were none (before a purchase, after a removal)',
} as const;

export class EventChangeDto {
  @ApiProperty(CHANGE_SCHEMA)
  before!: Record<string, unknown> | null;

  @ApiProperty(CHANGE_SCHEMA)
  after!: Record<string, unknown> | null;
}

export class PhoneNumberEventDto {
  @ApiProperty({ ...UUID_SCHEMA, description: 'Also the `webhook-id` of its webhook deliveries' })
  id!: string;

  @ApiProperty({ enum: PHONE_NUMBER_EVENT_TYPES })
  type!: PhoneNumberEventType;

  @ApiProperty(UUID_SCHEMA)
  phone_number_id!: string;

  @ApiProperty(DATE_TIME_SCHEMA)
  occurred_at!: string;

  @ApiProperty({
    example: 'user-42',
    description: "Who: the token's `sub`, or `system:reconciler`, `system:drift-check`",
  })
  actor!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The X-Request-Id of the request that made the change; null for the system’s work',
  })
  request_id!: string | null;

  @ApiProperty({ type: EventChangeDto })
  data!: EventChangeDto;
}

export class PhoneEventsQueryDto {
  @ApiPropertyOptional({
    ...UUID_SCHEMA,
    description: 'The id of the last event already seen: the page starts after it',
  })
  @IsOptional()
  @IsUUID('all', { message: 'after must be an event id (a UUID)' })
  after?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: EVENTS_PAGE_MAX,
    default: EVENTS_PAGE_DEFAULT,
    description: 'Page size',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(EVENTS_PAGE_MAX)
  limit?: number;
}

export class ListEventsQueryDto extends PhoneEventsQueryDto {
  @ApiPropertyOptional({ enum: PHONE_NUMBER_EVENT_TYPES, description: 'Only events of this type' })
  @IsOptional()
  @IsIn(PHONE_NUMBER_EVENT_TYPES, { message: 'type must be one of the event types' })
  type?: PhoneNumberEventType;
}

/** The audit log of the organization's numbers, oldest first, a keyset page at a time. */
@ApiTags('Events')
@Controller('api')
export class PhoneNumberEventsController {
  constructor(
    private readonly events: PhoneNumberEvents,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Get('events')
  @RequirePermission(Permission.PhoneCollectionList)
  @ApiOperation({
    summary: 'Every change to the organization’s numbers, oldest first',
    description:
      'Who changed what, and when. One page of `limit` events; the next page is in the Link header ' +
      '(rel="next"). An `after` that is not one of the organization’s events is a 400.',
  })
  @ApiOkResponse({ type: [PhoneNumberEventDto], headers: { Link: headerRef('Link') } })
  @ApiProblemResponses()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListEventsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberEventDto[]> {
    const limit = query.limit ?? EVENTS_PAGE_DEFAULT;
    const page = await this.events.page({
      organizationId: principal.organizationId,
      type: query.type ?? null,
      phoneNumberId: null,
      after: query.after ?? null,
      limit,
    });
    const next = { ...(query.type ? { type: query.type } : {}), limit: String(limit) };
    return this.answer(page, '/api/events', next, response);
  }

  @Get('phones/:id/events')
  @RequirePermission(Permission.PhoneInstanceView)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The phone number’s id' })
  @ApiOperation({
    summary: 'Every change to one number, oldest first',
    description:
      'Kept after the number is removed. One page of `limit` events; the next page is in the Link ' +
      'header (rel="next"). A number the organization never had is a 404.',
  })
  @ApiOkResponse({ type: [PhoneNumberEventDto], headers: { Link: headerRef('Link') } })
  @ApiProblemResponses(404)
  async listForPhone(
    @CurrentPrincipal() principal: Principal,
    @Param('id', phoneId) id: string,
    @Query() query: PhoneEventsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberEventDto[]> {
    const limit = query.limit ?? EVENTS_PAGE_DEFAULT;
    const page = await this.events.page({
      organizationId: principal.organizationId,
      type: null,
      phoneNumberId: id,
      after: query.after ?? null,
      limit,
    });
    if (
      page.items.length === 0 &&
      query.after === undefined &&
      !(await this.events.phoneExists(principal.organizationId, id))
    ) {
      throw new PhoneNumberNotFound(id);
    }
    return this.answer(page, `/api/phones/${id}/events`, { limit: String(limit) }, response);
  }

  private answer(
    page: EventPage,
    path: string,
    params: Record<string, string>,
    response: Response,
  ): PhoneNumberEventDto[] {
    if (page.hasMore) {
      setNextPageLink(response, this.config.publicBaseUrl, path, {
        ...params,
        after: page.items.at(-1)!.id,
      });
    }
    return page.items.map((event) => ({
      id: event.id,
      type: event.type,
      phone_number_id: event.phoneNumberId,
      occurred_at: event.occurredAt.toISOString(),
      actor: event.actor,
      request_id: event.requestId,
      data: event.data,
    }));
  }
}
