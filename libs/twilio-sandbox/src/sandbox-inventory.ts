import { createHash } from 'node:crypto';
import { EMPTY_AREA_CODE, isTollFreeAreaCode } from './area-codes';

/** Twilio's magic numbers for test credentials (https://www.twilio.com/docs/iam/test-credentials). */
export const MagicNumber = {
  Available: '+15005550006',
  Unavailable: '+15005550000',
  Invalid: '+15005550001',
} as const;

export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

const FICTIONAL_PER_AREA_CODE = 30;
const OTHERS_PER_AREA_CODE = 10;
const VANITY_PER_TOLL_FREE_CODE = 5;

/** Exchanges for bulk-seeded numbers: not 555 (the inventory's) and not N11 service codes. */
const SEED_EXCHANGES: readonly number[] = Array.from({ length: 800 }, (_, i) => 200 + i).filter(
  (exchange) => exchange !== 555 && exchange % 100 !== 11,
);
const LINES_PER_EXCHANGE = 10_000;

const inventoryCache = new Map<
  string,
  { list: readonly string[]; index: ReadonlyMap<string, number> }
>();

/**
 * The numbers Twilio has for sale in an area code before anyone buys one, always the same: the
 * fictional 555-01xx range first (safe to show in demos), then a few hash-picked exchanges.
 */
export function generatedInventory(areaCode: string): readonly string[] {
  return inventoryOf(areaCode).list;
}

export function isGeneratedInventory(phoneNumber: string): boolean {
  return inventoryIndex(phoneNumber) !== null;
}

/** Where the number comes in its area code's generated inventory; null when it is not in it. */
export function inventoryIndex(phoneNumber: string): number | null {
  const areaCode = usAreaCodeOf(phoneNumber);
  return areaCode === null ? null : (inventoryOf(areaCode).index.get(phoneNumber) ?? null);
}

/** The area code of a +1 number with ten digits after the country code, else null. */
export function usAreaCodeOf(phoneNumber: string): string | null {
  return /^\+1[2-9]\d{9}$/.test(phoneNumber) ? phoneNumber.slice(2, 5) : null;
}

/** How Twilio names a US number by default: "(415) 555-0123". */
export function formatFriendlyName(phoneNumber: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phoneNumber);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : phoneNumber;
}

/** The n-th number seedOwnedNumbers() tries in an area code. */
export function seedCandidate(areaCode: string, cursor: number): string {
  const exchange = SEED_EXCHANGES[Math.floor(cursor / LINES_PER_EXCHANGE)];
  if (exchange === undefined) throw new Error(`No more numbers to seed in area code ${areaCode}`);
  return `+1${areaCode}${exchange}${String(cursor % LINES_PER_EXCHANGE).padStart(4, '0')}`;
}

function inventoryOf(areaCode: string): {
  list: readonly string[];
  index: ReadonlyMap<string, number>;
} {
  let cached = inventoryCache.get(areaCode);
  if (!cached) {
    const list = areaCode === EMPTY_AREA_CODE ? [] : buildInventory(areaCode);
    cached = { list, index: new Map(list.map((number, i) => [number, i])) };
    inventoryCache.set(areaCode, cached);
  }
  return cached;
}

function buildInventory(areaCode: string): string[] {
  const numbers = new Set<string>();
  // Test credentials: "500 has an available number"; keep it first so a search shows it.
  if (areaCode === '500') numbers.add(MagicNumber.Available);
  for (let i = 0; i < FICTIONAL_PER_AREA_CODE; i++) {
    numbers.add(`+1${areaCode}555${String(100 + i).padStart(4, '0')}`);
  }
  for (let k = 0; numbers.size < FICTIONAL_PER_AREA_CODE + OTHERS_PER_AREA_CODE; k++) {
    const hash = createHash('sha256').update(`inventory:${areaCode}:${k}`).digest();
    const exchange = 200 + (hash.readUInt16BE(0) % 800);
    if (exchange === 555 || exchange % 100 === 11) continue;
    const line = String(hash.readUInt16BE(2) % LINES_PER_EXCHANGE).padStart(4, '0');
    numbers.add(`+1${areaCode}${exchange}${line}`);
  }
  // Toll-free lines are bought for their letters: a few spell CALL (2255) after the code.
  if (isTollFreeAreaCode(areaCode)) {
    for (let i = 0; i < VANITY_PER_TOLL_FREE_CODE; i++) numbers.add(`+1${areaCode}225${5000 + i}`);
  }
  return [...numbers];
}
