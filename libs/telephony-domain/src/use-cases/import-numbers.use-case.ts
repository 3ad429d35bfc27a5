import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { FriendlyName } from '../phone-number/friendly-name.value-object';
import {
  InvalidImportSelection,
  InvalidTwilioNumberSid,
} from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import { Clock } from '../ports/clock.port';
import { IdGenerator } from '../ports/id-generator.port';
import { PurchaseIntents } from '../ports/purchase-intents.port';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';

export const IMPORT_SELECTION_MIN = 1;
export const IMPORT_SELECTION_MAX = 1000;

export interface ImportNumbersCommand {
  organizationId: string;
  twilioSids: readonly string[];
}

export interface ImportNumbersResult {
  /** Newly registered to the organization, in the provider's order. */
  imported: PhoneNumber[];
  /**
   * Selected sids that were already registered, to this organization or another, or that a
   * purchase under way is about to register.
   */
  alreadyExisted: string[];
  /** Selected sids that are not in the organization's provider account. */
  notInAccount: string[];
}

export type ImportNumbersError =
  InvalidImportSelection | InvalidTwilioNumberSid | TelephonyProviderError;

/**
 * Registers numbers the organization already owns at the provider, selected by sid. Read-only on
 * the provider: it never buys, and never changes a number's configuration or voice URL. The
 * provider serves the selected numbers a page at a time (going straight to the pages holding them
 * where it can); each page is registered as it arrives with one bulk insert, so memory does not
 * grow with the account.
 */
export class ImportNumbers {
  constructor(
    private readonly provider: TelephonyProvider,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly intents: PurchaseIntents,
  ) {}

  async execute(command: ImportNumbersCommand): Promise<ImportNumbersResult> {
    const { organizationId, twilioSids } = command;
    if (twilioSids.length < IMPORT_SELECTION_MIN || twilioSids.length > IMPORT_SELECTION_MAX) {
      throw new InvalidImportSelection(
        twilioSids.length,
        IMPORT_SELECTION_MIN,
        IMPORT_SELECTION_MAX,
      );
    }
    const selection = twilioSids.map((sid) => TwilioNumberSid.parse(sid));
    const pending = new Set(selection.map((sid) => sid.value));

    const result: ImportNumbersResult = { imported: [], alreadyExisted: [], notInAccount: [] };
    const unique = [...new Map(selection.map((sid) => [sid.value, sid])).values()];
    for await (const page of this.provider.incomingNumbersWithSids(organizationId, unique)) {
      const selected = page.filter((incoming) => pending.has(incoming.sid.value));
      if (selected.length === 0) continue;
      // A number Loquent is buying belongs to the buyer: the purchase registers it.
      const beingPurchased = await this.intents.openFor(selected.map((n) => n.phoneNumber));
      const importable = selected.filter(
        (incoming) => !beingPurchased.has(incoming.phoneNumber.value),
      );
      result.alreadyExisted.push(
        ...selected
          .filter((incoming) => beingPurchased.has(incoming.phoneNumber.value))
          .map((n) => n.sid.value),
      );
      const at = this.clock.now();
      const candidates = importable.map((incoming) =>
        PhoneNumber.imported({
          id: this.ids.next(),
          organizationId,
          number: incoming.phoneNumber,
          twilioSid: incoming.sid,
          // Twilio's name, whatever it holds: an odd character must not keep a number out.
          friendlyName: FriendlyName.salvage(incoming.friendlyName),
          at,
        }),
      );
      const { inserted, alreadyExisted } = await this.unitOfWork.insertMany(candidates);
      result.imported.push(...inserted);
      result.alreadyExisted.push(...alreadyExisted.map((n) => n.twilioSid.value));
      for (const incoming of selected) pending.delete(incoming.sid.value);
      if (pending.size === 0) break;
    }
    result.notInAccount = [...pending];
    return result;
  }
}
