import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  Body,
  CanActivate,
  ClassSerializerInterceptor,
  Controller,
  ExecutionContext,
  ForbiddenException,
  Get,
  HttpCode,
  Injectable,
  Module,
  Post,
  Query,
  Res,
  UnauthorizedException,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Exclude, Expose } from 'class-transformer';
import type { Response } from 'express';
import twilio from 'twilio';
import { Column, CreateDateColumn, Entity, In, MoreThan, PrimaryColumn, Repository } from 'typeorm';

/**
 * The peer: the phone-number list and import as a NestJS team would usually write them, following
 * the NestJS and TypeORM documentation: an entity, a Repository injected with @InjectRepository,
 * `find` with `skip`/`take`, the ClassSerializerInterceptor shaping the entity into the JSON, a
 * JwtService guard, and the Twilio SDK's `list()`. Same database, same token, same JSON as the API
 * (the bench compares the bodies), none of its tuning.
 *
 * Env: DATABASE_URL, PORT, AUTH_JWT_SECRET, PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID,
 * TWILIO_AUTH_TOKEN, TWILIO_API_BASE_URL. Prints "listening on PORT".
 */

@Entity('phone_number')
class PhoneNumber {
  // The schema's ids are made by the application (no DEFAULT in the table).
  @Expose() @PrimaryColumn('uuid') id!: string;
  @Exclude() @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Expose() @Column() number!: string;
  @Expose({ name: 'friendly_name' })
  @Column({ name: 'friendly_name', type: 'text', nullable: true })
  friendlyName!: string | null;
  @Expose({ name: 'agent_id' })
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;
  @Expose({ name: 'twilio_sid' }) @Column({ name: 'twilio_sid' }) twilioSid!: string;
  @Expose({ name: 'voice_url_status' })
  @Column({ name: 'voice_url_status', default: 'not_configured' })
  voiceUrlStatus!: string;
  @Expose() @Column() source!: string;
  @Expose({ name: 'created_at' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

interface Claims {
  org: string;
  permissions: string[];
}

@Injectable()
class JwtAuthGuard implements CanActivate {
  constructor(private readonly jwt: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; user?: Claims }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException();
    try {
      request.user = await this.jwt.verifyAsync<Claims>(token);
    } catch {
      throw new UnauthorizedException();
    }
    return true;
  }
}

const requireUser = (request: { user?: Claims }, permission: string): Claims => {
  if (!request.user?.permissions.includes(permission)) throw new ForbiddenException();
  return request.user;
};

const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? 'http://localhost';

/** The SDK's own client, sent to another origin (the Twilio sandbox) when one is given. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string | undefined) {
    super({ keepAlive: true });
  }

  override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
    const uri = this.base ? opts.uri.replace('https://api.twilio.com', this.base) : opts.uri;
    return super.request<T>({ ...opts, uri });
  }
}

@Controller('api')
@UseGuards(JwtAuthGuard)
@UseInterceptors(ClassSerializerInterceptor)
class PhonesController {
  private readonly twilio = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN, {
    httpClient: new RebasedRequestClient(process.env.TWILIO_API_BASE_URL),
  });

  constructor(@InjectRepository(PhoneNumber) private readonly phones: Repository<PhoneNumber>) {}

  @Get('phones')
  async list(
    @Res({ passthrough: true }) res: Response,
    @Query('limit') limitText?: string,
    @Query('after') after?: string,
    @Query('offset') offset?: string,
  ): Promise<PhoneNumber[]> {
    const request = res.req as unknown as { user?: Claims };
    const user = requireUser(request, 'Phone:Collection:List');
    const limit = limitText === undefined ? undefined : Number(limitText);
    const found = await this.phones.find({
      where: {
        organizationId: user.org,
        ...(after ? { number: MoreThan(`+${after}`) } : {}),
      },
      order: { number: 'ASC' },
      skip: offset ? Number(offset) : 0,
      take: limit === undefined ? undefined : limit + 1,
    });
    const items = limit !== undefined && found.length > limit ? found.slice(0, limit) : found;
    if (limit !== undefined && found.length > limit) {
      const next = new URLSearchParams({
        limit: String(limit),
        after: items.at(-1)!.number.slice(1),
      });
      res.setHeader('Link', `<${publicBaseUrl}/api/phones?${next.toString()}>; rel="next"`);
    }
    return items;
  }

  @Post('twilio/get-unsynced-numbers')
  @HttpCode(200)
  async unsynced(@Res({ passthrough: true }) res: Response) {
    const user = requireUser(res.req as unknown as { user?: Claims }, 'Phone:Collection:Create');
    const [incoming, known] = await Promise.all([
      this.twilio.incomingPhoneNumbers.list({ pageSize: 1000 }),
      this.phones.find({ where: { organizationId: user.org }, select: { twilioSid: true } }),
    ]);
    const registered = new Set(known.map((phone) => phone.twilioSid));
    return {
      numbers: incoming
        .filter((number) => !registered.has(number.sid))
        .map((number) => ({
          twilio_sid: number.sid,
          phone_number: number.phoneNumber,
          friendly_name: number.friendlyName,
          voice_url: number.voiceUrl || null,
        })),
    };
  }

  @Post('twilio/sync-numbers')
  @HttpCode(200)
  async sync(@Res({ passthrough: true }) res: Response, @Body() body: { twilio_sids: string[] }) {
    const user = requireUser(res.req as unknown as { user?: Claims }, 'Phone:Collection:Create');
    const wanted = new Set(body.twilio_sids);
    const incoming = (await this.twilio.incomingPhoneNumbers.list({ pageSize: 1000 })).filter(
      (number) => wanted.has(number.sid),
    );
    const existing = await this.phones.find({
      where: { twilioSid: In(incoming.map((number) => number.sid)) },
      select: { twilioSid: true },
    });
    const known = new Set(existing.map((phone) => phone.twilioSid));
    const created = await this.phones.save(
      incoming
        .filter((number) => !known.has(number.sid))
        .map((number) =>
          this.phones.create({
            id: randomUUID(),
            organizationId: user.org,
            number: number.phoneNumber,
            twilioSid: number.sid,
            friendlyName: number.friendlyName,
            source: 'imported',
          }),
        ),
    );
    const found = new Set(incoming.map((number) => number.sid));
    return {
      imported: created.length,
      already_existed: known.size,
      not_in_account: body.twilio_sids.filter((sid) => !found.has(sid)),
      numbers: created,
    };
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [PhoneNumber],
      synchronize: false,
      poolSize: 10,
    }),
    TypeOrmModule.forFeature([PhoneNumber]),
    JwtModule.register({ secret: process.env.AUTH_JWT_SECRET }),
  ],
  controllers: [PhonesController],
})
class PeerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(PeerModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT);
  await app.listen(port, '127.0.0.1');
  console.log(`listening on ${port}`);
}

void main();
