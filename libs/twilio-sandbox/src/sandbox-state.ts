import { createHash } from 'node:crypto';
import { EMPTY_AREA_CODE, isAreaCode } from './area-codes';
import {
  candidateNumbers,
  NumberType,
  Offer,
  offerOf,
  ownedNumberTraits,
} from './sandbox-catalogue';
import { InvalidRequestError, SandboxErrorCode, TwilioError } from './sandbox-errors';
import {
  E164_PATTERN,
  formatFriendlyName,
  generatedInventory,
  isGeneratedInventory,
  MagicNumber,
  seedCandidate,
  usAreaCodeOf,
} from './sandbox-inventory';

/** A number in an account, as tests see it (a copy: changing it changes nothing). */
export interface SandboxNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string | null;
  voiceMethod: string;
  smsUrl: string | null;
  smsMethod: string;
  dateCreated: Date;
  dateUpdated: Date;
  accountSid: string;
}

/** The IncomingPhoneNumber settings nobody but a curious test sets: kept only when set. */
export interface NumberSettings {
  apiVersion?: string;
  voiceFallbackUrl?: string | null;
  voiceFallbackMethod?: string;
  voiceCallerIdLookup?: boolean;
  voiceApplicationSid?: string | null;
  voiceReceiveMode?: string;
  smsFallbackUrl?: string | null;
  smsFallbackMethod?: string;
  smsApplicationSid?: string | null;
  statusCallback?: string | null;
  statusCallbackMethod?: string;
  trunkSid?: string | null;
  emergencyStatus?: string;
  emergencyAddressSid?: string | null;
  addressSid?: string | null;
  identitySid?: string | null;
  bundleSid?: string | null;
}

export interface NumberRecord {
  /** Creation order within the account: paging and page tokens follow it. */
  seq: number;
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string | null;
  voiceMethod: string;
  smsUrl: string | null;
  smsMethod: string;
  createdAt: number;
  updatedAt: number;
  settings?: NumberSettings;
}

export interface NumberChanges {
  friendlyName?: string;
  voiceUrl?: string | null;
  voiceMethod?: string;
  smsUrl?: string | null;
  smsMethod?: string;
  settings?: NumberSettings;
}

/** An Address resource of an account, as far as buying numbers cares. */
export interface AddressRecord {
  sid: string;
  isoCountry: string;
  customerName: string;
}

/** A regulatory Bundle of an account: for numbers of one country and type. */
export interface BundleRecord {
  sid: string;
  isoCountry: string;
  numberType: NumberType;
  status: 'twilio-approved' | 'pending-review' | 'twilio-rejected';
}

export interface AccountRecord {
  sid: string;
  authToken: string;
  friendlyName: string;
  createdAt: number;
  nextSeq: number;
  addresses: AddressRecord[];
  bundles: BundleRecord[];
  /** Owned numbers, ascending seq. */
  numbers: NumberRecord[];
  /** The seq of every sid the account ever had, released ones too, so their page tokens resolve. */
  seqBySid: Map<string, number>;
}

export interface ListQuery {
  pageSize: number;
  page: number;
  pageToken: string | null;
  phoneNumber: string | null;
  friendlyName: string | null;
  origin: string | null;
}

export interface ListResult {
  items: NumberRecord[];
  hasNext: boolean;
}

export interface StateOptions {
  /** Time source; by default a logical clock (fixed start, one second per change). */
  clock?: () => Date;
  /** Called after every change, e.g. to save the state. */
  onChange?: () => void;
}

const FRIENDLY_NAME_MAX = 64;
const CLOCK_START = Date.UTC(2025, 0, 6, 9, 0, 0);
const SNAPSHOT_VERSION = 1;

/** Accounts, their numbers and what is for sale: Twilio's side of the world, without HTTP. */
export class SandboxState {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly owners = new Map<string, NumberRecord>();
  /** Numbers given back that the generated inventory does not already have, by area code. */
  private readonly released = new Map<string, Set<string>>();
  private readonly seedCursors = new Map<string, number>();
  private accountCounter = 0;
  private tick = 0;

  constructor(private readonly options: StateOptions = {}) {}

  now(): number {
    if (this.options.clock) return this.options.clock().getTime();
    return CLOCK_START + this.tick++ * 1000;
  }

  createAccount(friendlyName?: string): AccountRecord {
    const n = this.accountCounter++;
    const account: AccountRecord = {
      sid: 'AC' + hex(`twilio-sandbox:account:${n}`),
      authToken: hex(`twilio-sandbox:auth-token:${n}`),
      friendlyName: friendlyName ?? (n === 0 ? 'Loquent sandbox' : `Sandbox account ${n}`),
      createdAt: this.now(),
      nextSeq: 0,
      addresses: [],
      bundles: [],
      numbers: [],
      seqBySid: new Map(),
    };
    this.accounts.set(account.sid, account);
    this.changed();
    return account;
  }

  account(sid: string): AccountRecord | undefined {
    return this.accounts.get(sid);
  }

  requireAccount(sid: string): AccountRecord {
    const account = this.accounts.get(sid);
    if (!account) throw new Error(`The sandbox has no account ${sid}`);
    return account;
  }

  authenticate(username: string, password: string): AccountRecord | null {
    const account = this.accounts.get(username);
    return account && account.authToken === password ? account : null;
  }

  setAuthToken(accountSid: string, authToken: string): void {
    this.requireAccount(accountSid).authToken = authToken;
    this.changed();
  }

  /** An Address in the account (created in the console, say), for numbers that need one. */
  addAddress(
    account: AccountRecord,
    input: { isoCountry: string; customerName?: string },
  ): AddressRecord {
    if (!/^[A-Z]{2}$/.test(input.isoCountry)) {
      throw new Error(`${input.isoCountry} is not an ISO country code`);
    }
    const n = account.addresses.length + account.bundles.length;
    const address: AddressRecord = {
      sid: 'AD' + hex(`${account.sid}:address:${n}`),
      isoCountry: input.isoCountry,
      customerName: input.customerName ?? 'Loquent sandbox customer',
    };
    account.addresses.push(address);
    this.changed();
    return address;
  }

  /** A regulatory Bundle in the account for numbers of a country and type (approved by default). */
  addBundle(
    account: AccountRecord,
    input: { isoCountry: string; numberType: NumberType; status?: BundleRecord['status'] },
  ): BundleRecord {
    if (!/^[A-Z]{2}$/.test(input.isoCountry)) {
      throw new Error(`${input.isoCountry} is not an ISO country code`);
    }
    if (!['local', 'toll_free', 'mobile'].includes(input.numberType)) {
      throw new Error(`${String(input.numberType)} is not local, toll_free or mobile`);
    }
    const n = account.addresses.length + account.bundles.length;
    const bundle: BundleRecord = {
      sid: 'BU' + hex(`${account.sid}:bundle:${n}`),
      isoCountry: input.isoCountry,
      numberType: input.numberType,
      status: input.status ?? 'twilio-approved',
    };
    account.bundles.push(bundle);
    this.changed();
    return bundle;
  }

  /** Every number a search of this country and type (and area code) would go through, in order. */
  forSale(country: string, type: NumberType, areaCode: string | null): Offer[] {
    return candidateNumbers(country, type, areaCode, (code) => this.available(code)).flatMap(
      (number) => {
        if (this.owners.has(number)) return [];
        return [offerOf(number) ?? ownedNumberTraits(number)];
      },
    );
  }

  /** What a search in the area code offers now, in the order it offers it. */
  available(areaCode: string): string[] {
    if (!isAreaCode(areaCode) || areaCode === EMPTY_AREA_CODE) return [];
    const result: string[] = [];
    for (const number of generatedInventory(areaCode)) {
      if (!this.owners.has(number)) result.push(number);
    }
    for (const number of this.released.get(areaCode) ?? []) {
      if (!this.owners.has(number)) result.push(number);
    }
    return result;
  }

  purchase(
    account: AccountRecord,
    wanted: { phoneNumber: string | null; areaCode: string | null },
    changes: NumberChanges,
  ): NumberRecord {
    const phoneNumber = wanted.phoneNumber ?? this.firstAvailable(wanted.areaCode!);
    if (phoneNumber === MagicNumber.Invalid || !E164_PATTERN.test(phoneNumber)) {
      throw new TwilioError(400, SandboxErrorCode.InvalidPhoneNumber, 'PhoneNumber is invalid');
    }
    if (phoneNumber === MagicNumber.Unavailable || !this.isForSale(phoneNumber)) {
      throw new TwilioError(
        400,
        SandboxErrorCode.PhoneNumberUnavailable,
        'PhoneNumber is unavailable',
      );
    }
    refuseUnmetRequirements(account, ownedNumberTraits(phoneNumber), changes.settings ?? {});
    const record = this.addNumber(account, phoneNumber, this.now());
    applyChanges(record, changes);
    this.changed();
    return record;
  }

  /** A number that arrived in the account some other way (bought in the console, ported). */
  own(
    account: AccountRecord,
    input: {
      phoneNumber: string;
      friendlyName?: string;
      voiceUrl?: string | null;
      smsUrl?: string | null;
    },
  ): NumberRecord {
    if (!E164_PATTERN.test(input.phoneNumber)) {
      throw new Error(`${input.phoneNumber} is not an E.164 number`);
    }
    const owner = this.owners.get(input.phoneNumber);
    if (owner) throw new Error(`${input.phoneNumber} is already in account ${owner.accountSid}`);
    const record = this.addNumber(account, input.phoneNumber, this.now());
    applyChanges(record, {
      ...(input.friendlyName !== undefined ? { friendlyName: input.friendlyName } : {}),
      voiceUrl: input.voiceUrl ?? null,
      smsUrl: input.smsUrl ?? null,
    });
    this.changed();
    return record;
  }

  /** Bulk numbers for benchmarks: round-robin over the area codes, outside the inventory. */
  seed(account: AccountRecord, count: number, areaCodes: readonly string[]): void {
    if (!Number.isInteger(count) || count < 0) throw new Error(`Cannot seed ${count} numbers`);
    if (areaCodes.length === 0) throw new Error('Seeding needs at least one area code');
    for (const areaCode of areaCodes) {
      if (!isAreaCode(areaCode)) throw new Error(`${areaCode} is not a US area code`);
    }
    const createdAt = this.now();
    for (let i = 0; i < count; i++) {
      const areaCode = areaCodes[i % areaCodes.length]!;
      let cursor = this.seedCursors.get(areaCode) ?? 0;
      let candidate = seedCandidate(areaCode, cursor);
      while (this.owners.has(candidate) || isGeneratedInventory(candidate)) {
        candidate = seedCandidate(areaCode, ++cursor);
      }
      this.seedCursors.set(areaCode, cursor + 1);
      this.addNumber(account, candidate, createdAt);
    }
    this.changed();
  }

  get(account: AccountRecord, sid: string): NumberRecord | undefined {
    const seq = account.seqBySid.get(sid);
    if (seq === undefined) return undefined;
    const index = lowerBound(account.numbers, seq);
    const record = account.numbers[index];
    return record && record.seq === seq ? record : undefined;
  }

  update(account: AccountRecord, sid: string, changes: NumberChanges): NumberRecord | undefined {
    const record = this.get(account, sid);
    if (!record) return undefined;
    applyChanges(record, changes);
    record.updatedAt = this.now();
    this.changed();
    return record;
  }

  release(account: AccountRecord, sid: string): boolean {
    const record = this.get(account, sid);
    if (!record) return false;
    account.numbers.splice(lowerBound(account.numbers, record.seq), 1);
    this.owners.delete(record.phoneNumber);
    const areaCode = usAreaCodeOf(record.phoneNumber);
    if (areaCode && areaCode !== EMPTY_AREA_CODE && offerOf(record.phoneNumber) === null) {
      let pool = this.released.get(areaCode);
      if (!pool) this.released.set(areaCode, (pool = new Set()));
      pool.add(record.phoneNumber);
    }
    this.changed();
    return true;
  }

  /**
   * One page of the account's numbers in creation order. Without a token, Page is an offset (as
   * Twilio's legacy paging); PageToken "PA<sid>" continues after that sid, "PB<sid>" ends before it.
   */
  list(account: AccountRecord, query: ListQuery): ListResult {
    const matches = matcher(query);
    const numbers = account.numbers;
    const { pageSize } = query;
    if (query.pageToken) {
      const direction = query.pageToken.slice(0, 2);
      const seq = account.seqBySid.get(query.pageToken.slice(2));
      if ((direction !== 'PA' && direction !== 'PB') || seq === undefined) {
        throw new InvalidRequestError(
          SandboxErrorCode.InvalidParameter,
          `Invalid PageToken: ${query.pageToken}`,
        );
      }
      if (direction === 'PA') return forward(numbers, upperBound(numbers, seq), pageSize, matches);
      const items: NumberRecord[] = [];
      const end = lowerBound(numbers, seq);
      for (let i = end - 1; i >= 0 && items.length < pageSize; i--) {
        if (!matches || matches(numbers[i]!)) items.unshift(numbers[i]!);
      }
      return { items, hasNext: forward(numbers, end, 0, matches).hasNext };
    }
    const offset = query.page * pageSize;
    if (!matches) return forward(numbers, offset, pageSize, null);
    let skipped = 0;
    let index = 0;
    for (; index < numbers.length && skipped < offset; index++) {
      if (matches(numbers[index]!)) skipped++;
    }
    return forward(numbers, index, pageSize, matches);
  }

  snapshotOf(record: NumberRecord): SandboxNumber {
    return {
      sid: record.sid,
      phoneNumber: record.phoneNumber,
      friendlyName: record.friendlyName,
      voiceUrl: record.voiceUrl,
      voiceMethod: record.voiceMethod,
      smsUrl: record.smsUrl,
      smsMethod: record.smsMethod,
      dateCreated: new Date(record.createdAt),
      dateUpdated: new Date(record.updatedAt),
      accountSid: record.accountSid,
    };
  }

  /** Everything, as JSON-ready data, for the state file. */
  toSnapshot(): StateSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      tick: this.tick,
      accountCounter: this.accountCounter,
      accounts: [...this.accounts.values()].map((account) => ({
        sid: account.sid,
        authToken: account.authToken,
        friendlyName: account.friendlyName,
        createdAt: account.createdAt,
        nextSeq: account.nextSeq,
        addresses: account.addresses,
        bundles: account.bundles,
        numbers: account.numbers.map(({ accountSid: _accountSid, ...rest }) => rest),
      })),
      released: Object.fromEntries([...this.released].map(([code, pool]) => [code, [...pool]])),
      seedCursors: Object.fromEntries(this.seedCursors),
    };
  }

  static fromSnapshot(snapshot: StateSnapshot, options: StateOptions = {}): SandboxState {
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new Error(`Unknown Twilio sandbox state version ${String(snapshot.version)}`);
    }
    const state = new SandboxState(options);
    state.tick = snapshot.tick;
    state.accountCounter = snapshot.accountCounter;
    for (const saved of snapshot.accounts) {
      const account: AccountRecord = {
        ...saved,
        // Files written before addresses and bundles existed have none.
        addresses: saved.addresses ?? [],
        bundles: saved.bundles ?? [],
        numbers: [],
        seqBySid: new Map(),
      };
      for (const number of saved.numbers) {
        const record: NumberRecord = { ...number, accountSid: account.sid };
        account.numbers.push(record);
        account.seqBySid.set(record.sid, record.seq);
        state.owners.set(record.phoneNumber, record);
      }
      state.accounts.set(account.sid, account);
    }
    for (const [code, pool] of Object.entries(snapshot.released)) {
      state.released.set(code, new Set(pool));
    }
    for (const [code, cursor] of Object.entries(snapshot.seedCursors)) {
      state.seedCursors.set(code, cursor);
    }
    return state;
  }

  private firstAvailable(areaCode: string): string {
    if (!isAreaCode(areaCode)) {
      throw new InvalidRequestError(
        SandboxErrorCode.InvalidAreaCode,
        `Invalid AreaCode: ${areaCode}`,
      );
    }
    const [first] = this.available(areaCode);
    if (!first) throw noNumbersIn(areaCode);
    return first;
  }

  private isForSale(phoneNumber: string): boolean {
    if (this.owners.has(phoneNumber)) return false;
    const areaCode = usAreaCodeOf(phoneNumber);
    if (areaCode === EMPTY_AREA_CODE) return false;
    return (
      offerOf(phoneNumber) !== null ||
      (areaCode !== null && (this.released.get(areaCode)?.has(phoneNumber) ?? false))
    );
  }

  private addNumber(account: AccountRecord, phoneNumber: string, at: number): NumberRecord {
    const seq = account.nextSeq++;
    const record: NumberRecord = {
      seq,
      sid: 'PN' + hex(`${account.sid}:${seq}`),
      accountSid: account.sid,
      phoneNumber,
      friendlyName: formatFriendlyName(phoneNumber),
      voiceUrl: null,
      voiceMethod: 'POST',
      smsUrl: null,
      smsMethod: 'POST',
      createdAt: at,
      updatedAt: at,
    };
    account.numbers.push(record);
    account.seqBySid.set(record.sid, seq);
    this.owners.set(phoneNumber, record);
    return record;
  }

  private changed(): void {
    this.options.onChange?.();
  }
}

export interface StateSnapshot {
  version: number;
  tick: number;
  accountCounter: number;
  accounts: {
    sid: string;
    authToken: string;
    friendlyName: string;
    createdAt: number;
    nextSeq: number;
    addresses?: AddressRecord[];
    bundles?: BundleRecord[];
    numbers: Omit<NumberRecord, 'accountSid'>[];
  }[];
  released: Record<string, string[]>;
  seedCursors: Record<string, number>;
}

export function noNumbersIn(areaCode: string): TwilioError {
  return new TwilioError(
    400,
    SandboxErrorCode.NoNumbersInAreaCode,
    `No phone numbers found in area code ${areaCode}`,
  );
}

/**
 * Twilio's refusal of a number whose Address or Bundle requirement the purchase does not meet:
 * 21631 for the address (none given, unknown, or in the wrong country), 21649 for the bundle
 * (none given, unknown, for another country or type, or not approved). The address comes first.
 */
function refuseUnmetRequirements(
  account: AccountRecord,
  offer: Offer,
  settings: NumberSettings,
): void {
  const requirement = offer.addressRequirements;
  if (requirement !== 'none') {
    const sid = settings.addressSid ?? null;
    if (sid === null) {
      throw new TwilioError(
        400,
        SandboxErrorCode.AddressRequired,
        'Phone Number Requires an Address',
      );
    }
    const address = account.addresses.find((a) => a.sid === sid);
    const local = address?.isoCountry === offer.isoCountry;
    if (!address || (requirement === 'local' && !local) || (requirement === 'foreign' && local)) {
      const kind =
        requirement === 'any' ? 'an' : `a ${requirement === 'local' ? 'Local' : 'Foreign'}`;
      throw new TwilioError(
        400,
        SandboxErrorCode.AddressRequired,
        `Could not find Address with sid ${sid} for account ${account.sid} to satisfy ${kind} Address requirement`,
      );
    }
  }
  if (offer.bundleRequired) {
    const sid = settings.bundleSid ?? null;
    const bundle = sid === null ? undefined : account.bundles.find((b) => b.sid === sid);
    const fits =
      bundle?.isoCountry === offer.isoCountry &&
      bundle.numberType === offer.type &&
      bundle.status === 'twilio-approved';
    if (!fits) {
      throw new TwilioError(
        400,
        SandboxErrorCode.BundleRequired,
        sid === null
          ? `Phone Number Requires a Bundle: ${offer.isoCountry} ${offer.type} numbers need an approved BundleSid`
          : `Bundle ${sid} is not an approved Bundle for ${offer.isoCountry} ${offer.type} numbers`,
      );
    }
  }
}

function applyChanges(record: NumberRecord, changes: NumberChanges): void {
  if (changes.friendlyName !== undefined) {
    // Twilio keeps 64 characters, and an empty name falls back to the formatted number.
    record.friendlyName =
      changes.friendlyName === ''
        ? formatFriendlyName(record.phoneNumber)
        : [...changes.friendlyName].slice(0, FRIENDLY_NAME_MAX).join('');
  }
  if (changes.voiceUrl !== undefined) record.voiceUrl = changes.voiceUrl;
  if (changes.voiceMethod !== undefined) record.voiceMethod = changes.voiceMethod;
  if (changes.smsUrl !== undefined) record.smsUrl = changes.smsUrl;
  if (changes.smsMethod !== undefined) record.smsMethod = changes.smsMethod;
  if (changes.settings && Object.keys(changes.settings).length > 0) {
    record.settings = { ...record.settings, ...changes.settings };
  }
}

function matcher(query: ListQuery): ((record: NumberRecord) => boolean) | null {
  const digits = query.phoneNumber === null ? null : query.phoneNumber.replace(/\D/g, '');
  const { friendlyName, origin } = query;
  if (digits === null && friendlyName === null && origin === null) return null;
  return (record) =>
    // Twilio matches PhoneNumber as "contains": +1415 finds every 415 number.
    (digits === null || record.phoneNumber.replace(/\D/g, '').includes(digits)) &&
    (friendlyName === null || record.friendlyName === friendlyName) &&
    (origin === null || origin === 'twilio');
}

/** Up to `size` matching records from `index`, and whether one more follows. */
function forward(
  numbers: readonly NumberRecord[],
  index: number,
  size: number,
  matches: ((record: NumberRecord) => boolean) | null,
): ListResult {
  if (!matches) {
    return { items: numbers.slice(index, index + size), hasNext: index + size < numbers.length };
  }
  const items: NumberRecord[] = [];
  for (let i = index; i < numbers.length; i++) {
    if (!matches(numbers[i]!)) continue;
    if (items.length === size) return { items, hasNext: true };
    items.push(numbers[i]!);
  }
  return { items, hasNext: false };
}

/** First index whose seq is >= seq. */
function lowerBound(numbers: readonly NumberRecord[], seq: number): number {
  let low = 0;
  let high = numbers.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (numbers[mid]!.seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose seq is > seq. */
function upperBound(numbers: readonly NumberRecord[], seq: number): number {
  return lowerBound(numbers, seq + 1);
}

function hex(input: string): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}
