import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  FRIENDLY_NAME_MAX_LENGTH,
  GetPhoneNumber,
  RemovePhoneNumber,
  UpdatePhoneNumber,
} from '@loquent/telephony-domain';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, ValidateIf } from 'class-validator';
import type { Response } from 'express';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import {
  BUSINESS_HOURS_SCHEMA,
  CALL_FALLBACK_SCHEMA,
  nullable,
} from '../../call-handling/call-handling.schemas';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { RequestValidationFailed } from '../../http/problem.exception';
import { IsFriendlyName } from '../friendly-name.validator';
import {
  ApiPhoneNumberOk,
  phoneNumberResponse,
  PhoneNumberResponseDto,
} from '../phone-number.response.dto';

export class UpdatePhoneRequestDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: FRIENDLY_NAME_MAX_LENGTH,
    description:
      'null or blank clears it. Stored NFC-normalised and trimmed; no control, unpaired-surrogate ' +
      'or bidirectional formatting characters.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @IsFriendlyName()
  friendly_name?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'One of the organization’s agents (GET /api/agents) answers; null for none',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', { message: 'agent_id must be a UUID or null' })
  agent_id?: string | null;

  @ApiPropertyOptional({
    ...nullable(CALL_FALLBACK_SCHEMA),
    description:
      'What a call gets when the agent does not take it; null clears it (the organization’s default then ' +
      'serves). Checked whole: a refused part is a 400 naming it (`fallback.number`)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsObject({ message: 'fallback must be an object or null' })
  fallback?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    ...nullable(BUSINESS_HOURS_SCHEMA),
    description:
      'When the agent takes calls; null: always. A refused part is a 400 naming it (`business_hours.time_zone`, ' +
      '`business_hours.weekly[0].to`)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsObject({ message: 'business_hours must be an object or null' })
  business_hours?: Record<string, unknown> | null;
}

export class DeletePhoneQueryDto {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'release must be true or false' })
  release?: 'true' | 'false';
}

/** A malformed id is bad input (400); a well-formed one this organization does not have is a 404. */
export const phoneId = new ParseUUIDPipe({
  version: 'all',
  exceptionFactory: () =>
    new RequestValidationFailed([{ field: 'id', message: 'id must be a UUID' }]),
});

@ApiTags('Phone numbers')
@ApiParam({ name: 'id', format: 'uuid', description: 'The phone number’s id' })
@Controller('api/phones')
export class PhoneController {
  constructor(
    private readonly getPhoneNumber: GetPhoneNumber,
    private readonly updatePhoneNumber: UpdatePhoneNumber,
    private readonly removePhoneNumber: RemovePhoneNumber,
  ) {}

  @Get(':id')
  @RequirePermission(Permission.PhoneInstanceView)
  @ApiOperation({ summary: 'One of the organization’s numbers' })
  @ApiPhoneNumberOk()
  @ApiProblemResponses(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', phoneId) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberResponseDto> {
    return phoneNumberResponse(
      response,
      await this.getPhoneNumber.execute({
        organizationId: principal.organizationId,
        phoneNumberId: id,
      }),
    );
  }

  @Put(':id')
  @RequirePermission(Permission.PhoneInstanceUpdate)
  @ApiOperation({
    summary:
      'Rename a number, assign the agent that answers it, or set how other calls are handled',
    description:
      'Fields left out stay as they are; null clears one. Nothing changes at Twilio. A call the agent does ' +
      'not take (outside `business_hours`, no agent, an outage, the agent’s stream ended) gets `fallback`, ' +
      'else the organization’s default, else a short apology. An agent_id ' +
      'that is not one of the organization’s agents is a 404 (agent_not_found). A change racing ' +
      'another change of the number is applied again to it; 409 (concurrent_update) only when it ' +
      'keeps colliding.',
  })
  @ApiPhoneNumberOk()
  @ApiProblemResponses(404, 409)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', phoneId) id: string,
    @Body() body: UpdatePhoneRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberResponseDto> {
    if (
      body.friendly_name === undefined &&
      body.agent_id === undefined &&
      body.fallback === undefined &&
      body.business_hours === undefined
    ) {
      throw new RequestValidationFailed([
        {
          field: 'body',
          message: 'Give at least one of friendly_name, agent_id, fallback, business_hours',
        },
      ]);
    }
    return phoneNumberResponse(
      response,
      await this.updatePhoneNumber.execute({
        organizationId: principal.organizationId,
        phoneNumberId: id,
        friendlyName: body.friendly_name,
        agentId: body.agent_id,
        fallback: body.fallback,
        businessHours: body.business_hours,
      }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.PhoneInstanceDelete)
  @ApiOperation({
    summary: 'Remove a number from Loquent',
    description:
      'The voice URL it had before Loquent is put back first; the number stays in the Twilio account. With ' +
      '`release=true` it is released at Twilio instead (it leaves the account). If Twilio fails, nothing is removed.',
  })
  @ApiQuery({ name: 'release', required: false, enum: ['true', 'false'] })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(404, 502, 503)
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', phoneId) id: string,
    @Query() query: DeletePhoneQueryDto,
  ): Promise<void> {
    await this.removePhoneNumber.execute({
      organizationId: principal.organizationId,
      phoneNumberId: id,
      release: query.release === 'true',
    });
  }
}
