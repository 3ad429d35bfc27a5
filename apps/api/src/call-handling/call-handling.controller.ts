import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ChangeCallHandling,
  GetCallHandling,
  OrganizationCallHandling,
} from '@loquent/telephony-domain';
import { IsBoolean, IsObject, IsOptional, ValidateIf } from 'class-validator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { DATE_TIME_SCHEMA } from '../http/api-formats';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator';
import { RequestValidationFailed } from '../http/problem.exception';
import { CALL_FALLBACK_SCHEMA, nullable } from './call-handling.schemas';

export class CallHandlingResponseDto {
  @ApiProperty({
    ...nullable(CALL_FALLBACK_SCHEMA),
    description: 'The fallback of every number with none of its own; null: none (the apology)',
  })
  default_fallback!: Record<string, unknown> | null;

  @ApiProperty({
    type: Boolean,
    description: 'On: every call of the organization goes straight to its fallback',
  })
  outage!: boolean;

  @ApiProperty({ ...DATE_TIME_SCHEMA, nullable: true, description: 'Last changed; null: never' })
  updated_at!: string | null;

  static from(handling: OrganizationCallHandling): CallHandlingResponseDto {
    return {
      default_fallback: handling.defaultFallback?.toJSON() ?? null,
      outage: handling.outage,
      updated_at: handling.updatedAt?.toISOString() ?? null,
    };
  }
}

export class UpdateCallHandlingRequestDto {
  @ApiPropertyOptional({
    ...nullable(CALL_FALLBACK_SCHEMA),
    description: 'null clears it. A refused part is a 400 naming it (`default_fallback.message`)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsObject({ message: 'default_fallback must be an object or null' })
  default_fallback?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsBoolean({ message: 'outage must be true or false' })
  outage?: boolean;
}

@ApiTags('Call handling')
@Controller('api/call-handling')
export class CallHandlingController {
  constructor(
    private readonly getCallHandling: GetCallHandling,
    private readonly changeCallHandling: ChangeCallHandling,
  ) {}

  @Get()
  @RequirePermission(Permission.OrganizationInstanceView)
  @ApiOperation({ summary: 'The organization’s default fallback and outage switch' })
  @ApiOkResponse({ type: CallHandlingResponseDto })
  @ApiProblemResponses()
  async get(@CurrentPrincipal() principal: Principal): Promise<CallHandlingResponseDto> {
    return CallHandlingResponseDto.from(
      await this.getCallHandling.execute({ organizationId: principal.organizationId }),
    );
  }

  @Put()
  @RequirePermission(Permission.OrganizationInstanceUpdate)
  @ApiOperation({
    summary: 'Set the organization’s default fallback or its outage switch',
    description:
      'Fields left out stay as they are. With `outage: true`, every call to every number of the organization ' +
      'gets the number’s fallback, else `default_fallback`, else the apology, until it is switched off.',
  })
  @ApiOkResponse({ type: CallHandlingResponseDto })
  @ApiProblemResponses()
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateCallHandlingRequestDto,
  ): Promise<CallHandlingResponseDto> {
    if (body.default_fallback === undefined && body.outage === undefined) {
      throw new RequestValidationFailed([
        { field: 'body', message: 'Give default_fallback, outage or both' },
      ]);
    }
    return CallHandlingResponseDto.from(
      await this.changeCallHandling.execute({
        organizationId: principal.organizationId,
        defaultFallback: body.default_fallback,
        outage: body.outage,
      }),
    );
  }
}
