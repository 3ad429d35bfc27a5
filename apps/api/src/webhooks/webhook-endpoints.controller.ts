import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { DATE_TIME_SCHEMA, UUID_SCHEMA } from '../http/api-formats';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator';
import { ProblemException, RequestValidationFailed } from '../http/problem.exception';
import { PHONE_NUMBER_EVENT_TYPES, type PhoneNumberEventType } from '../events/phone-number-event';
import {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpoints,
} from './webhook-endpoints.store';
import { WebhookUrlPolicy, WebhookUrlRefused } from './webhook-url-policy';

const URL_MAX = 2048;
const DELIVERIES_PAGE_MAX = 100;

export class CreateWebhookEndpointRequestDto {
  @ApiProperty({
    format: 'uri',
    maxLength: URL_MAX,
    example: 'https://crm.example.com/hooks/loquent',
    description:
      'Where events are POSTed. https in production, and never an address inside a network ' +
      '(loopback, private, link-local, metadata)',
  })
  @IsString()
  @MaxLength(URL_MAX)
  url!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...PHONE_NUMBER_EVENT_TYPES] },
    minItems: 1,
    uniqueItems: true,
    description: 'The event types sent to it; every type when left out',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PHONE_NUMBER_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(PHONE_NUMBER_EVENT_TYPES, {
    each: true,
    message: 'each of event_types must be one of the event types',
  })
  event_types?: PhoneNumberEventType[];
}

export class WebhookEndpointDto {
  @ApiProperty(UUID_SCHEMA)
  id!: string;

  @ApiProperty({ format: 'uri' })
  url!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...PHONE_NUMBER_EVENT_TYPES] },
    nullable: true,
    description: 'null: every type',
  })
  event_types!: PhoneNumberEventType[] | null;

  @ApiProperty(DATE_TIME_SCHEMA)
  created_at!: string;

  @ApiProperty({ description: 'false once the endpoint was disabled for failing for days' })
  enabled!: boolean;

  @ApiProperty({
    ...DATE_TIME_SCHEMA,
    nullable: true,
    description: 'Failing since, without a success',
  })
  failing_since!: string | null;

  @ApiProperty({ ...DATE_TIME_SCHEMA, nullable: true })
  disabled_at!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was disabled' })
  disabled_reason!: string | null;

  static from(endpoint: WebhookEndpoint): WebhookEndpointDto {
    return {
      id: endpoint.id,
      url: endpoint.url,
      event_types: endpoint.eventTypes as PhoneNumberEventType[] | null,
      created_at: endpoint.createdAt.toISOString(),
      enabled: endpoint.disabledAt === null,
      failing_since: endpoint.failingSince?.toISOString() ?? null,
      disabled_at: endpoint.disabledAt?.toISOString() ?? null,
      disabled_reason: endpoint.disabledReason,
    };
  }
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({
    pattern: '^whsec_[A-Za-z0-9+/]{43}=$',
    description:
      'The signing secret (Standard Webhooks), shown this once: keep it to verify webhook-signature',
  })
  secret!: string;
}

export class WebhookAttemptDto {
  @ApiProperty(DATE_TIME_SCHEMA)
  attempted_at!: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The receiver’s HTTP status' })
  response_status!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why no answer came (refused, timed out, address not allowed)',
  })
  error!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 1024,
    description: 'The first kilobyte of the receiver’s answer',
  })
  response_body!: string | null;

  @ApiProperty({ ...DATE_TIME_SCHEMA, nullable: true, description: 'When it is tried again' })
  next_attempt_at!: string | null;

  static from(attempt: WebhookAttempt): WebhookAttemptDto {
    return {
      attempted_at: attempt.attemptedAt.toISOString(),
      response_status: attempt.responseStatus,
      error: attempt.error,
      response_body: attempt.responseBody,
      next_attempt_at: attempt.nextAttemptAt?.toISOString() ?? null,
    };
  }
}

export class WebhookDeliveryDto {
  @ApiProperty(UUID_SCHEMA)
  id!: string;

  @ApiProperty({ ...UUID_SCHEMA, description: 'The event, also the `webhook-id` header' })
  event_id!: string;

  @ApiProperty({ enum: PHONE_NUMBER_EVENT_TYPES })
  event_type!: string;

  @ApiProperty({
    enum: ['pending', 'delivered', 'failed', 'cancelled'],
    description: 'failed: given up after retrying for a day; cancelled: its endpoint was disabled',
  })
  status!: WebhookDelivery['status'];

  @ApiProperty(DATE_TIME_SCHEMA)
  created_at!: string;

  @ApiProperty({ ...DATE_TIME_SCHEMA, nullable: true })
  delivered_at!: string | null;

  @ApiProperty({ ...DATE_TIME_SCHEMA, nullable: true, description: 'The next try, while pending' })
  next_attempt_at!: string | null;

  @ApiProperty({ type: [WebhookAttemptDto], description: 'Every attempt, oldest first' })
  attempts!: WebhookAttemptDto[];
}

export class WebhookDeliveriesQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: DELIVERIES_PAGE_MAX,
    default: 50,
    description: 'How many of the latest deliveries',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(DELIVERIES_PAGE_MAX)
  limit?: number;
}

const endpointId = new ParseUUIDPipe({
  version: 'all',
  exceptionFactory: () =>
    new RequestValidationFailed([{ field: 'id', message: 'id must be a UUID' }]),
});

function endpointNotFound(id: string): ProblemException {
  return new ProblemException({
    status: 404,
    code: 'webhook_endpoint_not_found',
    title: 'Webhook endpoint not found',
    detail: `Webhook endpoint ${id} was not found`,
    extensions: { id },
  });
}

/** The organization's webhook endpoints (Standard Webhooks), and what was delivered to them. */
@ApiTags('Webhooks')
@Controller('api/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly policy: WebhookUrlPolicy,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(Permission.WebhookCollectionCreate)
  @ApiOperation({
    summary: 'Add a webhook endpoint; its signing secret is in this answer only',
    description:
      'Events of the organization’s numbers are POSTed to it from now on, signed as Standard Webhooks ' +
      'specify. A URL that is not https in production, or resolves to an address inside a network, ' +
      'is a 422 (`webhook_url_refused`, naming `field` and `value`).',
  })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiProblemResponses(422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWebhookEndpointRequestDto,
  ): Promise<CreatedWebhookEndpointDto> {
    try {
      await this.policy.check(body.url);
    } catch (error) {
      if (!(error instanceof WebhookUrlRefused)) throw error;
      throw new ProblemException({
        status: 422,
        code: 'webhook_url_refused',
        title: 'Webhook URL refused',
        detail: error.message,
        extensions: { field: 'url', value: body.url },
      });
    }
    const { endpoint, secret } = await this.endpoints.create(
      principal.organizationId,
      body.url,
      body.event_types ?? null,
    );
    return { ...WebhookEndpointDto.from(endpoint), secret };
  }

  @Get()
  @RequirePermission(Permission.WebhookCollectionList)
  @ApiOperation({ summary: 'The organization’s webhook endpoints, oldest first (no secrets)' })
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  @ApiProblemResponses()
  async list(@CurrentPrincipal() principal: Principal): Promise<WebhookEndpointDto[]> {
    return (await this.endpoints.list(principal.organizationId)).map(WebhookEndpointDto.from);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.WebhookInstanceDelete)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The endpoint’s id' })
  @ApiOperation({ summary: 'Remove a webhook endpoint; nothing more is sent to it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(404)
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', endpointId) id: string,
  ): Promise<void> {
    if (!(await this.endpoints.delete(principal.organizationId, id))) throw endpointNotFound(id);
  }

  @Get(':id/deliveries')
  @RequirePermission(Permission.WebhookCollectionList)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The endpoint’s id' })
  @ApiOperation({
    summary: 'The latest deliveries to an endpoint, newest event first, each with every attempt',
  })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  @ApiProblemResponses(404)
  async deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', endpointId) id: string,
    @Query() query: WebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryDto[]> {
    if (!(await this.endpoints.find(principal.organizationId, id))) throw endpointNotFound(id);
    const deliveries = await this.endpoints.deliveries(id, query.limit ?? 50);
    return deliveries.map((d) => ({
      id: d.id,
      event_id: d.eventId,
      event_type: d.eventType,
      status: d.status,
      created_at: d.createdAt.toISOString(),
      delivered_at: d.deliveredAt?.toISOString() ?? null,
      next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
      attempts: d.attempts.map(WebhookAttemptDto.from),
    }));
  }
}
