import { AreaCode } from '../phone-number/area-code.value-object';
import { E164Number } from '../phone-number/e164-number.value-object';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import { NumberNotInProviderAccount } from '../phone-number/phone-number.errors';
import { VoiceUrl } from '../phone-number/voice-url.value-object';
import { NumberNotAvailable } from '../ports/telephony-provider.errors';
import {
  AvailableNumber,
  IncomingNumber,
  NumberCapabilities,
  PurchaseOptions,
  TelephonyProvider,
} from '../ports/telephony-provider.port';

export type TelephonyOperation =
  | 'searchAvailableLocalNumbers'
  | 'purchase'
  | 'listIncomingNumbers'
  | 'fetchIncomingNumber'
  | 'findIncomingNumber'
  | 'updateVoiceUrl'
  | 'release';

/** Operations that change something in the account. */
export const MUTATING_TELEPHONY_OPERATIONS: readonly TelephonyOperation[] = [
  'purchase',
  'updateVoiceUrl',
  'release',
];

export interface TelephonyCall {
  operation: TelephonyOperation;
  organizationId: string;
  account: string;
}

interface OwnedNumber {
  sid: TwilioNumberSid;
  phoneNumber: E164Number;
  friendlyName: string | null;
  voiceUrl: VoiceUrl | null;
}

interface OfferedNumber {
  phoneNumber: E164Number;
  /** The voice URL the provider gives the number when it is bought. */
  voiceUrl: VoiceUrl | null;
  locality: string | null;
  region: string | null;
  capabilities: NumberCapabilities;
}

interface Account {
  owned: Map<string, OwnedNumber>;
  offered: Map<string, OfferedNumber>;
}

const PLATFORM_ACCOUNT = 'platform';

/**
 * TelephonyProvider in memory: accounts holding numbers, an inventory of numbers for sale, paging,
 * a log of every call, and failures injected per operation. Every organization uses the platform
 * account unless given its own with `useAccount`.
 */
export class InMemoryTelephonyProvider extends TelephonyProvider {
  private readonly accounts = new Map<string, Account>([[PLATFORM_ACCOUNT, emptyAccount()]]);
  private readonly accountOfOrganization = new Map<string, string>();
  private readonly failures: {
    operation: TelephonyOperation;
    skip: number;
    times: number;
    error: Error;
  }[] = [];
  private sidCounter = 0;
  private readonly pauses: {
    operation: TelephonyOperation;
    gate: Promise<void>;
    reached: () => void;
  }[] = [];
  readonly calls: TelephonyCall[] = [];

  constructor(private readonly pageSize = 50) {
    super();
  }

  /** Serves this organization from its own account from now on. */
  useAccount(organizationId: string, account: string): this {
    if (!this.accounts.has(account)) this.accounts.set(account, emptyAccount());
    this.accountOfOrganization.set(organizationId, account);
    return this;
  }

  /** Puts numbers up for sale in an account (the platform account by default). */
  offer(
    numbers: ReadonlyArray<
      | string
      | (Partial<Omit<OfferedNumber, 'phoneNumber' | 'voiceUrl'>> & {
          phoneNumber: string;
          voiceUrl?: string;
        })
    >,
    account = PLATFORM_ACCOUNT,
  ): this {
    for (const entry of numbers) {
      const spec = typeof entry === 'string' ? { phoneNumber: entry } : entry;
      const phoneNumber = E164Number.parse(spec.phoneNumber);
      this.account(account).offered.set(phoneNumber.value, {
        phoneNumber,
        voiceUrl: VoiceUrl.parseOptional(spec.voiceUrl),
        locality: spec.locality ?? null,
        region: spec.region ?? null,
        capabilities: spec.capabilities ?? { voice: true, sms: true, mms: true },
      });
    }
    return this;
  }

  /** Puts a number in an account as if it had been bought outside Loquent; returns its sid. */
  own(
    number: string,
    options: { friendlyName?: string | null; voiceUrl?: string | null; account?: string } = {},
  ): string {
    const sid = this.nextSid();
    this.account(options.account ?? PLATFORM_ACCOUNT).owned.set(sid.value, {
      sid,
      phoneNumber: E164Number.parse(number),
      friendlyName: options.friendlyName ?? null,
      voiceUrl: VoiceUrl.parseOptional(options.voiceUrl),
    });
    return sid.value;
  }

  /**
   * Makes `times` calls of an operation throw this error, after letting `after` calls succeed
   * (a listing's later page is a later call).
   */
  failNext(operation: TelephonyOperation, error: Error, { times = 1, after = 0 } = {}): this {
    this.failures.push({ operation, skip: after, times, error });
    return this;
  }

  /**
   * Holds the next call of `updateVoiceUrl` or `fetchIncomingNumber` before it does anything,
   * as a slow provider would: `reached` resolves once a call is waiting, `resume` lets it go on.
   */
  pauseNext(operation: 'updateVoiceUrl' | 'fetchIncomingNumber'): {
    reached: Promise<void>;
    resume: () => void;
  } {
    let resume!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    this.pauses.push({ operation, gate, reached });
    return { reached: reachedPromise, resume };
  }

  /** The numbers an account holds, as the provider would report them. */
  ownedNumbers(account = PLATFORM_ACCOUNT): IncomingNumber[] {
    return [...this.account(account).owned.values()].map(toIncoming);
  }

  ownedNumber(sid: string, account = PLATFORM_ACCOUNT): IncomingNumber | null {
    const owned = this.account(account).owned.get(sid);
    return owned ? toIncoming(owned) : null;
  }

  callsOf(operation: TelephonyOperation): TelephonyCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  async searchAvailableLocalNumbers(
    organizationId: string,
    areaCode: AreaCode,
  ): Promise<AvailableNumber[]> {
    const account = this.enter('searchAvailableLocalNumbers', organizationId);
    return [...account.offered.values()]
      .filter((offered) => offered.phoneNumber.value.startsWith(`+1${areaCode.value}`))
      .map((offered) => ({
        phoneNumber: offered.phoneNumber,
        friendlyName: formatUsNumber(offered.phoneNumber.value),
        locality: offered.locality,
        region: offered.region,
        capabilities: { ...offered.capabilities },
      }));
  }

  async purchase(
    organizationId: string,
    number: E164Number,
    options: PurchaseOptions,
  ): Promise<IncomingNumber> {
    const account = this.enter('purchase', organizationId);
    const offered = account.offered.get(number.value);
    if (!offered) {
      throw new NumberNotAvailable({
        operation: 'purchase',
        providerStatus: 400,
        providerCode: 21422,
        number: number.value,
      });
    }
    const owned: OwnedNumber = {
      sid: this.nextSid(),
      phoneNumber: number,
      friendlyName: options.friendlyName ?? formatUsNumber(number.value),
      voiceUrl: offered.voiceUrl,
    };
    account.offered.delete(number.value);
    account.owned.set(owned.sid.value, owned);
    return toIncoming(owned);
  }

  async *incomingNumberPages(organizationId: string): AsyncIterable<IncomingNumber[]> {
    const account = this.enter('listIncomingNumbers', organizationId);
    const all = [...account.owned.values()].map(toIncoming);
    for (let start = 0; start < all.length; start += this.pageSize) {
      if (start > 0) this.enter('listIncomingNumbers', organizationId);
      yield all.slice(start, start + this.pageSize);
    }
  }

  /** The pages of the account holding these sids (as a provider that knows where they are). */
  async *incomingNumbersWithSids(
    organizationId: string,
    sids: readonly TwilioNumberSid[],
  ): AsyncIterable<IncomingNumber[]> {
    const wanted = new Set(sids.map((sid) => sid.value));
    const account = this.enter('listIncomingNumbers', organizationId);
    const all = [...account.owned.values()].map(toIncoming);
    let first = true;
    for (let start = 0; start < all.length && wanted.size > 0; start += this.pageSize) {
      const found = all.slice(start, start + this.pageSize).filter((n) => wanted.has(n.sid.value));
      if (found.length === 0) continue;
      if (!first) this.enter('listIncomingNumbers', organizationId);
      first = false;
      found.forEach((n) => wanted.delete(n.sid.value));
      yield found;
    }
  }

  async fetchIncomingNumber(
    organizationId: string,
    sid: TwilioNumberSid,
  ): Promise<IncomingNumber | null> {
    await this.pausedAt('fetchIncomingNumber');
    const owned = this.enter('fetchIncomingNumber', organizationId).owned.get(sid.value);
    return owned ? toIncoming(owned) : null;
  }

  async findIncomingNumber(
    organizationId: string,
    number: E164Number,
  ): Promise<IncomingNumber | null> {
    const account = this.enter('findIncomingNumber', organizationId);
    const owned = [...account.owned.values()].find((n) => n.phoneNumber.equals(number));
    return owned ? toIncoming(owned) : null;
  }

  async updateVoiceUrl(
    organizationId: string,
    sid: TwilioNumberSid,
    voiceUrl: VoiceUrl | null,
  ): Promise<IncomingNumber> {
    await this.pausedAt('updateVoiceUrl');
    const owned = this.enter('updateVoiceUrl', organizationId).owned.get(sid.value);
    if (!owned) throw new NumberNotInProviderAccount(sid.value);
    owned.voiceUrl = voiceUrl;
    return toIncoming(owned);
  }

  async release(organizationId: string, sid: TwilioNumberSid): Promise<void> {
    const account = this.enter('release', organizationId);
    const owned = account.owned.get(sid.value);
    if (!owned) throw new NumberNotInProviderAccount(sid.value);
    account.owned.delete(sid.value);
  }

  private async pausedAt(operation: TelephonyOperation): Promise<void> {
    const index = this.pauses.findIndex((pause) => pause.operation === operation);
    if (index < 0) return;
    const [pause] = this.pauses.splice(index, 1);
    pause!.reached();
    await pause!.gate;
  }

  private enter(operation: TelephonyOperation, organizationId: string): Account {
    const accountName = this.accountOfOrganization.get(organizationId) ?? PLATFORM_ACCOUNT;
    this.calls.push({ operation, organizationId, account: accountName });
    const failure = this.failures.find((f) => f.operation === operation && f.times > 0);
    if (failure && failure.skip > 0) {
      failure.skip--;
    } else if (failure) {
      failure.times--;
      throw failure.error;
    }
    return this.account(accountName);
  }

  private account(name: string): Account {
    const account = this.accounts.get(name);
    if (!account) throw new Error(`Unknown test account "${name}"`);
    return account;
  }

  private nextSid(): TwilioNumberSid {
    this.sidCounter++;
    return TwilioNumberSid.parse(`PN${this.sidCounter.toString(16).padStart(32, '0')}`);
  }
}

function emptyAccount(): Account {
  return { owned: new Map(), offered: new Map() };
}

function toIncoming(owned: OwnedNumber): IncomingNumber {
  return {
    sid: owned.sid,
    phoneNumber: owned.phoneNumber,
    friendlyName: owned.friendlyName,
    voiceUrl: owned.voiceUrl,
  };
}

/** Twilio's friendly name for a US number: (415) 555-0100. */
function formatUsNumber(e164: string): string {
  const digits = e164.slice(2);
  return e164.startsWith('+1') && digits.length === 10
    ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    : e164;
}
