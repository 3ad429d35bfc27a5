import { requestJson } from './http';
import { nowMs, SandboxTiming, TimedSandboxRequest } from './sandbox-timing';

/** The API accepts at most this many sids per sync-numbers request. */
export const SYNC_BATCH = 1000;

export interface SyncRequestFigures {
  ms: number;
  sids: number;
  imported: number;
  /** Account pages the API fetched from the sandbox for this request. */
  pageFetches: number;
  sandboxMs: number;
}

/** CPU time (ms) of the processes doing the work, while listing and while importing. */
export interface ImportCpu {
  api: number;
  postgres: number;
}

export interface ApiImportFigures {
  totalMs: number;
  unsynced: { ms: number; numbers: number; pageFetches: number; sandboxMs: number };
  /** Where `cpu` was given: what the API's process and PostgreSQL spent in each step. */
  cpu: { unsynced: ImportCpu; sync: ImportCpu } | null;
  sync: SyncRequestFigures[];
  imported: number;
  pageFetches: number;
  sandboxMs: number;
  /** False when the time budget ran out before every number was imported. */
  complete: boolean;
}

interface UnsyncedResponse {
  numbers: { twilio_sid: string }[];
}

interface SyncResponse {
  imported: number;
  already_existed: number;
  not_in_account: string[];
}

const isPageFetch = (request: TimedSandboxRequest) =>
  request.method === 'GET' && request.url.includes('/IncomingPhoneNumbers.json');

/**
 * Imports a whole account through the API as a client would: get-unsynced-numbers, then
 * sync-numbers of every sid, 1,000 per request, in the order get-unsynced returned them.
 */
export async function importThroughApi(
  apiUrl: string,
  token: string,
  timing: SandboxTiming,
  options: {
    budgetMs?: number;
    /** Awaited between get-unsynced and the first sync; its time is not counted. */
    afterUnsynced?: () => Promise<void>;
    onSync?: (index: number, figures: SyncRequestFigures) => void;
    /** Reads the CPU time of the API's process(es) and of PostgreSQL, in ms. */
    cpu?: () => ImportCpu;
  } = {},
): Promise<ApiImportFigures> {
  const sandboxFigures = (fromMs: number, toMs: number) => {
    const requests = timing.between(fromMs, toMs);
    return {
      pageFetches: requests.filter(isPageFetch).length,
      sandboxMs: requests.reduce((sum, request) => sum + request.durationMs, 0),
    };
  };

  const cpuAtStart = options.cpu?.();
  const startedAt = nowMs();
  const unsyncedResponse = await requestJson<UnsyncedResponse>(
    `${apiUrl}/api/twilio/get-unsynced-numbers`,
    { method: 'POST', token, body: {} },
  );
  const unsyncedEnd = nowMs();
  const cpuAfterUnsynced = options.cpu?.();
  const sids = unsyncedResponse.body.numbers.map((number) => number.twilio_sid);
  const unsynced = {
    ms: unsyncedEnd - startedAt,
    numbers: sids.length,
    ...sandboxFigures(startedAt, unsyncedEnd),
  };

  let pausedMs = 0;
  if (options.afterUnsynced) {
    await options.afterUnsynced();
    pausedMs = nowMs() - unsyncedEnd;
  }
  const cpuBeforeSync = options.cpu?.();

  const sync: SyncRequestFigures[] = [];
  let imported = 0;
  let complete = true;
  for (let offset = 0; offset < sids.length; offset += SYNC_BATCH) {
    if (options.budgetMs !== undefined && nowMs() - startedAt - pausedMs > options.budgetMs) {
      complete = false;
      break;
    }
    const batch = sids.slice(offset, offset + SYNC_BATCH);
    const requestStart = nowMs();
    const { body } = await requestJson<SyncResponse>(`${apiUrl}/api/twilio/sync-numbers`, {
      method: 'POST',
      token,
      body: { twilio_sids: batch },
    });
    const requestEnd = nowMs();
    if (body.imported !== batch.length) {
      throw new Error(
        `sync-numbers imported ${body.imported} of ${batch.length} (already ${body.already_existed}, not in account ${body.not_in_account.length})`,
      );
    }
    imported += body.imported;
    const figures = {
      ms: requestEnd - requestStart,
      sids: batch.length,
      imported: body.imported,
      ...sandboxFigures(requestStart, requestEnd),
    };
    sync.push(figures);
    options.onSync?.(sync.length - 1, figures);
  }
  const totalMs = nowMs() - startedAt - pausedMs;
  const cpuAtEnd = options.cpu?.();
  const spent = (from: ImportCpu, to: ImportCpu): ImportCpu => ({
    api: to.api - from.api,
    postgres: to.postgres - from.postgres,
  });
  return {
    totalMs,
    unsynced,
    cpu:
      cpuAtStart && cpuAfterUnsynced && cpuBeforeSync && cpuAtEnd
        ? {
            unsynced: spent(cpuAtStart, cpuAfterUnsynced),
            sync: spent(cpuBeforeSync, cpuAtEnd),
          }
        : null,
    sync,
    imported,
    pageFetches: unsynced.pageFetches + sync.reduce((sum, s) => sum + s.pageFetches, 0),
    sandboxMs: unsynced.sandboxMs + sync.reduce((sum, s) => sum + s.sandboxMs, 0),
    complete,
  };
}
