import {
  Api,
  ApiError,
  fetchDemoAccess,
  newIdempotencyKey,
  PAGE_SIZE,
  tokenClaims,
} from './api.js';
import { byId, el, icon, setFieldError, showMessage, whileBusy } from './dom.js';
import {
  formatPhoneNumber,
  place,
  plural,
  shortUrl,
  sourceLabel,
  voiceUrlStatus,
} from './format.js';

const TOKEN_KEY = 'loquent.settings.token';
/** sync-numbers takes at most this many sids per request. */
const IMPORT_BATCH = 1000;
/** After a 202, look again once the reconciler has had time to confirm the purchase. */
const PENDING_REFRESH_MS = 15_000;

const ui = {
  session: byId('session'),
  sessionLabel: byId('session-label'),
  signOut: byId('sign-out'),
  signIn: byId('sign-in'),
  signInForm: byId('sign-in-form'),
  signInSubmit: byId('sign-in-submit'),
  token: byId('token'),
  tokenError: byId('token-error'),
  demoOffer: byId('demo-offer'),
  useDemo: byId('use-demo'),
  workspace: byId('workspace'),

  refresh: byId('refresh'),
  numbersStatus: byId('numbers-status'),
  numbersError: byId('numbers-error'),
  numbersEmpty: byId('numbers-empty'),
  numbersTableWrap: byId('numbers-table-wrap'),
  numbersTable: byId('numbers-table'),
  numbersCaption: byId('numbers-caption'),
  numbersBody: byId('numbers-body'),
  pager: byId('pager'),
  previousPage: byId('previous-page'),
  nextPage: byId('next-page'),
  pageLabel: byId('page-label'),

  fetchNumbers: byId('fetch-numbers'),
  importError: byId('import-error'),
  unsyncedStatus: byId('unsynced-status'),
  unsynced: byId('unsynced'),
  unsyncedLegend: byId('unsynced-legend'),
  unsyncedList: byId('unsynced-list'),
  selectAll: byId('select-all'),
  importSelected: byId('import-selected'),
  selectionCount: byId('selection-count'),
  importResult: byId('import-result'),

  searchForm: byId('search-form'),
  areaCode: byId('area-code'),
  areaCodeError: byId('area-code-error'),
  search: byId('search'),
  searchError: byId('search-error'),
  searchStatus: byId('search-status'),
  offers: byId('offers'),
  buyResult: byId('buy-result'),

  buyDialog: byId('buy-dialog'),
  buyForm: byId('buy-form'),
  buyDialogTitle: byId('buy-dialog-title'),
  buyDialogDescription: byId('buy-dialog-description'),
  buyName: byId('buy-name'),
  buyNameError: byId('buy-name-error'),
  buyError: byId('buy-error'),
  buyCancel: byId('buy-cancel'),
  buyConfirm: byId('buy-confirm'),
};

const state = {
  api: null,
  /** Bumped at every sign-in and sign-out, so answers of an older session are dropped. */
  session: 0,
  demo: null,
  /** Keyset cursors of the pages seen so far: cursors[i] opens page i (null: the first). */
  cursors: [null],
  pageIndex: 0,
  /** Ids to mark as just added in the list. */
  fresh: new Set(),
  unsynced: [],
  selected: new Set(),
  offer: null,
  offerButton: null,
  /** The key of the last purchase attempt, reused only to retry the very same request. */
  purchase: null,
  buying: false,
};

// ---------------------------------------------------------------------------------------------
// Session

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the session then lasts until the page is reloaded.
  }
}

function newApi(token) {
  const session = state.session;
  return new Api(token, {
    onUnauthenticated: (error) => {
      if (session !== state.session) return;
      signOut(`Signed out: ${error.message.replace(/\.$/, '')}. Sign in again.`);
    },
  });
}

/** Signs in with a pasted token, once the API has accepted it. */
async function signIn(token) {
  setFieldError(ui.token, ui.tokenError, null);
  if (!token) {
    setFieldError(ui.token, ui.tokenError, 'Paste a token first.');
    ui.token.focus();
    return;
  }
  // Checked against the API before it is kept: a token that does not authenticate stays out.
  const probe = new Api(token);
  let firstPage = null;
  let listError = null;
  try {
    firstPage = await probe.listPhones();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setFieldError(ui.token, ui.tokenError, `This token was refused: ${error.message}`);
      ui.token.focus();
      return;
    }
    // Valid token that cannot list (403) or a server in trouble: signed in, the list says why.
    listError = error;
  }

  startSession(token);
  ui.token.value = '';
  if (firstPage) renderPage(firstPage, 0);
  else showListError(listError);
  byId('main').focus();
}

function startSession(token) {
  state.session += 1;
  state.api = newApi(token);
  storeToken(token);
  showSession(token);
  resetWorkspace();
  ui.signIn.hidden = true;
  ui.workspace.hidden = false;
}

function showSession(token) {
  const claims = tokenClaims(token) ?? {};
  const organization = typeof claims.org === 'string' ? claims.org : null;
  const isDemo = state.demo && organization === state.demo.organization_id;
  ui.sessionLabel.textContent = isDemo
    ? 'Demo organization'
    : organization
      ? `Organization ${organization.slice(0, 8)}…`
      : 'Signed in';
  ui.sessionLabel.title = organization ? `Organization ${organization}` : '';
  ui.session.hidden = false;
}

function signOut(message = null) {
  state.session += 1;
  state.api = null;
  storeToken(null);
  if (ui.buyDialog.open) ui.buyDialog.close();
  resetWorkspace();
  ui.workspace.hidden = true;
  ui.session.hidden = true;
  ui.signIn.hidden = false;
  setFieldError(ui.token, ui.tokenError, message);
  ui.token.focus();
}

function resetWorkspace() {
  state.cursors = [null];
  state.pageIndex = 0;
  state.fresh.clear();
  state.unsynced = [];
  state.selected.clear();
  state.purchase = null;
  ui.numbersBody.replaceChildren();
  ui.numbersTableWrap.hidden = true;
  ui.numbersEmpty.hidden = true;
  ui.pager.hidden = true;
  showMessage(ui.numbersError, null);
  ui.numbersStatus.textContent = '';
  ui.unsynced.hidden = true;
  ui.unsyncedList.replaceChildren();
  ui.unsyncedStatus.textContent = '';
  showMessage(ui.importError, null);
  ui.importResult.replaceChildren();
  ui.offers.replaceChildren();
  ui.offers.hidden = true;
  ui.searchStatus.textContent = '';
  showMessage(ui.searchError, null);
  setFieldError(ui.areaCode, ui.areaCodeError, null);
  ui.areaCode.value = '';
  ui.buyResult.replaceChildren();
}

async function offerDemo() {
  state.demo = await fetchDemoAccess();
  ui.demoOffer.hidden = !state.demo;
  if (state.api) showSession(state.api.token);
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

async function loadPage(index) {
  if (!state.api) return;
  const session = state.session;
  const after = state.cursors[index] ?? null;
  ui.numbersTable.setAttribute('aria-busy', 'true');
  ui.numbersStatus.textContent = 'Loading numbers…';
  ui.previousPage.disabled = true;
  ui.nextPage.disabled = true;
  ui.refresh.disabled = true;
  try {
    const page = await state.api.listPhones(after);
    if (session !== state.session) return;
    renderPage(page, index);
  } catch (error) {
    if (session !== state.session) return;
    showListError(error);
  } finally {
    if (session === state.session) {
      ui.numbersTable.removeAttribute('aria-busy');
      ui.refresh.disabled = false;
      updatePager();
    }
  }
}

function showListError(error) {
  ui.numbersStatus.textContent = '';
  showMessage(ui.numbersError, `The numbers could not be loaded: ${error.message}`);
}

function renderPage(page, index) {
  // The numbers of a later page can be gone by the time it is opened: show the one before.
  if (page.items.length === 0 && index > 0) return void loadPage(index - 1);
  if (index !== state.pageIndex) state.fresh.clear();
  state.pageIndex = index;
  state.cursors.length = index + 1;
  if (page.nextCursor) state.cursors.push(page.nextCursor);
  showMessage(ui.numbersError, null);

  ui.numbersBody.replaceChildren(...page.items.map(numberRow));
  const empty = page.items.length === 0 && index === 0;
  ui.numbersEmpty.hidden = !empty;
  ui.numbersTableWrap.hidden = empty;

  // Keyset pages have no offset; every page before this one was full.
  const first = index * PAGE_SIZE + 1;
  const last = first + page.items.length - 1;
  const paged = index > 0 || page.nextCursor !== null;
  const range = paged ? `Numbers ${first}–${last}` : plural(page.items.length, 'number');
  ui.numbersCaption.textContent = paged ? `Phone numbers, ${first} to ${last}` : 'Phone numbers';
  ui.numbersStatus.textContent = empty ? '' : range;
  ui.pageLabel.textContent = `${first}–${last}`;
  updatePager();
}

function updatePager() {
  const hasNext = state.cursors.length > state.pageIndex + 1;
  ui.pager.hidden = state.pageIndex === 0 && !hasNext;
  ui.previousPage.disabled = state.pageIndex === 0;
  ui.nextPage.disabled = !hasNext;
}

function numberRow(number) {
  const status = voiceUrlStatus(number.voice_url_status);
  const formatted = formatPhoneNumber(number.number);
  const actionError = el('p', { class: 'row-error', id: `error-${number.id}`, hidden: true });

  const cells = [
    el(
      'td',
      { class: 'numbers__number', role: 'cell', 'data-label': 'Number' },
      el('span', { class: 'number', title: number.number, text: formatted }),
      copyButton(number.number),
    ),
    el('td', { role: 'cell', 'data-label': 'Name' }, friendlyName(number, formatted)),
    el(
      'td',
      { role: 'cell', 'data-label': 'Agent' },
      number.agent_id
        ? el('code', {
            class: 'agent',
            title: `Agent ${number.agent_id}`,
            text: number.agent_id.slice(0, 8),
          })
        : el('span', { class: 'muted', text: 'Unassigned' }),
    ),
    el(
      'td',
      { role: 'cell', 'data-label': 'Voice URL' },
      el('span', {
        class: `pill pill--${status.tone}`,
        title: status.help,
        text: status.label,
      }),
    ),
    el('td', { role: 'cell', 'data-label': 'Source' }, sourceLabel(number.source)),
    el(
      'td',
      { class: 'numbers__actions', role: 'cell' },
      configureAction(number, formatted, actionError),
    ),
  ];
  return el(
    'tr',
    {
      role: 'row',
      class: state.fresh.has(number.id) ? 'is-fresh' : '',
      dataset: { id: number.id },
    },
    cells,
  );
}

/** Twilio names a number after itself by default: that is no name worth showing in black. */
function friendlyName(number, formatted) {
  if (!number.friendly_name) return el('span', { class: 'muted', text: 'No name' });
  const isDefault = number.friendly_name === formatted || number.friendly_name === number.number;
  return el('span', { class: isDefault ? 'muted' : '', text: number.friendly_name });
}

function configureAction(number, formatted, errorNode) {
  if (number.voice_url_status === 'configured') return null;
  const label = number.voice_url_status === 'failed' ? 'Retry voice URL' : 'Configure voice URL';
  const button = el('button', {
    type: 'button',
    class: 'button button--small',
    'aria-label': `${label} for ${formatted}`,
    'aria-describedby': errorNode.id,
    text: label,
  });
  button.addEventListener('click', () => configure(number, button, errorNode));
  return [button, errorNode];
}

async function configure(number, button, errorNode) {
  const session = state.session;
  const formatted = formatPhoneNumber(number.number);
  await whileBusy(button, 'Configuring…', async () => {
    showMessage(errorNode, null);
    try {
      const { data } = await state.api.configurePhoneVoice(number.id);
      if (session !== state.session) return;
      const row = numberRow({ ...number, voice_url_status: data.voice_url_status });
      ui.numbersBody.querySelector(`tr[data-id="${CSS.escape(number.id)}"]`)?.replaceWith(row);
      ui.numbersStatus.textContent =
        data.voice_url_status === 'configured'
          ? `${formatted} now sends its calls to Loquent.`
          : `${formatted}: ${voiceUrlStatus(data.voice_url_status).help}`;
      const focusTarget = row.querySelector('button');
      focusTarget?.focus();
    } catch (error) {
      if (session !== state.session) return;
      showMessage(errorNode, error.message);
    }
  });
}

function copyButton(e164) {
  const button = el(
    'button',
    {
      type: 'button',
      class: 'icon-button',
      'aria-label': `Copy ${e164}`,
      title: `Copy ${e164}`,
    },
    icon('M9 9h10v10H9z', 'M5 15V5h10'),
  );
  button.addEventListener('click', async () => {
    const copied = await copyText(e164);
    ui.numbersStatus.textContent = copied ? `Copied ${e164}` : `Could not copy ${e164}`;
    if (!copied) return;
    button.classList.add('is-copied');
    setTimeout(() => button.classList.remove('is-copied'), 1500);
  });
  return button;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API outside a secure context: the older selection-based copy.
    const area = el('textarea', { class: 'visually-hidden', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

// ---------------------------------------------------------------------------------------------
// Import

async function fetchUnsynced() {
  const session = state.session;
  showMessage(ui.importError, null);
  ui.importResult.replaceChildren();
  await whileBusy(ui.fetchNumbers, 'Fetching…', async () => {
    ui.unsyncedStatus.textContent = 'Asking Twilio for the numbers of the account…';
    try {
      const { data } = await state.api.getUnsyncedNumbers();
      if (session !== state.session) return;
      state.unsynced = data.numbers;
      state.selected.clear();
      renderUnsynced();
    } catch (error) {
      if (session !== state.session) return;
      ui.unsyncedStatus.textContent = '';
      showMessage(ui.importError, error.message);
    }
  });
}

function renderUnsynced() {
  const count = state.unsynced.length;
  ui.unsyncedStatus.textContent = count
    ? `${plural(count, 'number')} in your Twilio account ${count === 1 ? 'is' : 'are'} not in Loquent yet.`
    : 'Every number in your Twilio account is already in Loquent.';
  ui.unsynced.hidden = count === 0;
  ui.unsyncedLegend.textContent = `Numbers in Twilio not yet in Loquent (${count})`;
  ui.unsyncedList.replaceChildren(...state.unsynced.map(unsyncedItem));
  updateSelection();
}

function unsyncedItem(number) {
  const id = `pick-${number.twilio_sid}`;
  const detailId = `${id}-detail`;
  const checkbox = el('input', {
    type: 'checkbox',
    id,
    value: number.twilio_sid,
    'aria-describedby': detailId,
    checked: state.selected.has(number.twilio_sid),
  });
  checkbox.addEventListener('change', () => {
    if (checkbox.checked) state.selected.add(number.twilio_sid);
    else state.selected.delete(number.twilio_sid);
    updateSelection();
  });
  const name =
    number.friendly_name && number.friendly_name !== formatPhoneNumber(number.phone_number);
  return el(
    'li',
    { class: 'picker__item' },
    checkbox,
    el(
      'label',
      { for: id },
      el('span', {
        class: 'number',
        title: number.phone_number,
        text: formatPhoneNumber(number.phone_number),
      }),
      name ? el('span', { class: 'picker__name', text: number.friendly_name }) : null,
    ),
    el('span', {
      class: 'picker__detail',
      id: detailId,
      title: number.voice_url ?? '',
      text: number.voice_url ? `Voice URL ${shortUrl(number.voice_url)}` : 'No voice URL',
    }),
  );
}

function updateSelection() {
  const total = state.unsynced.length;
  const count = state.selected.size;
  ui.importSelected.textContent = `Import Selected (${count})`;
  if (ui.importSelected.dataset.busy !== 'true') ui.importSelected.disabled = count === 0;
  ui.selectAll.checked = total > 0 && count === total;
  ui.selectAll.indeterminate = count > 0 && count < total;
  ui.selectionCount.textContent = total ? `${count} of ${total} selected` : '';
}

function selectAll() {
  const all = ui.selectAll.checked;
  state.selected = new Set(all ? state.unsynced.map((n) => n.twilio_sid) : []);
  for (const box of ui.unsyncedList.querySelectorAll('input[type="checkbox"]')) box.checked = all;
  updateSelection();
}

async function importSelected() {
  const session = state.session;
  const sids = state.unsynced.map((n) => n.twilio_sid).filter((sid) => state.selected.has(sid));
  if (!sids.length) return;
  showMessage(ui.importError, null);
  ui.importResult.replaceChildren();
  const picker = ui.unsynced.querySelector('fieldset');
  const totals = { imported: 0, alreadyExisted: 0, notInAccount: [], ids: [] };

  await whileBusy(ui.importSelected, 'Importing…', async () => {
    picker.disabled = true;
    try {
      for (let i = 0; i < sids.length; i += IMPORT_BATCH) {
        const batch = sids.slice(i, i + IMPORT_BATCH);
        const { data } = await state.api.syncNumbers(batch, newIdempotencyKey());
        if (session !== state.session) return;
        totals.imported += data.imported;
        totals.alreadyExisted += data.already_existed;
        totals.notInAccount.push(...(data.not_in_account ?? []));
        totals.ids.push(...data.numbers.map((n) => n.id));
        // Whatever the answer, these sids are settled: they leave the list to pick from.
        const done = new Set(batch);
        state.unsynced = state.unsynced.filter((n) => !done.has(n.twilio_sid));
        for (const sid of batch) state.selected.delete(sid);
      }
    } catch (error) {
      if (session !== state.session) return;
      const before = totals.imported
        ? ` (${plural(totals.imported, 'number')} imported first)`
        : '';
      showMessage(ui.importError, `${error.message}${before}`);
    } finally {
      picker.disabled = false;
    }
  });
  if (session !== state.session) return;
  renderUnsynced();
  if (totals.imported + totals.alreadyExisted + totals.notInAccount.length === 0) return;

  ui.importResult.replaceChildren(...importSummary(totals));
  for (const id of totals.ids) state.fresh.add(id);
  await loadPage(state.pageIndex);
}

function importSummary({ imported, alreadyExisted, notInAccount }) {
  let headline = `Imported ${imported}`;
  if (alreadyExisted) headline += `, ${alreadyExisted} already existed`;
  if (notInAccount.length) {
    headline += `, ${notInAccount.length} ${notInAccount.length === 1 ? 'was' : 'were'} not in the Twilio account`;
  }
  const lines = [el('p', { class: 'result__headline', text: `${headline}.` })];
  if (imported) {
    lines.push(
      el('p', {
        text:
          'Nothing changed in Twilio. Imported numbers receive no calls through Loquent until ' +
          'their voice URL is configured: use Configure voice URL in the list.',
      }),
    );
  }
  return [el('div', { class: 'result__box result__box--ok' }, lines)];
}

// ---------------------------------------------------------------------------------------------
// Buy

async function searchNumbers(event) {
  event.preventDefault();
  const session = state.session;
  const areaCode = ui.areaCode.value.trim();
  setFieldError(ui.areaCode, ui.areaCodeError, null);
  showMessage(ui.searchError, null);
  ui.buyResult.replaceChildren();

  await whileBusy(ui.search, 'Searching…', async () => {
    ui.searchStatus.textContent = 'Searching…';
    ui.offers.setAttribute('aria-busy', 'true');
    try {
      const { data } = await state.api.searchAvailableNumbers(areaCode);
      if (session !== state.session) return;
      renderOffers(data.numbers, areaCode);
    } catch (error) {
      if (session !== state.session) return;
      ui.searchStatus.textContent = '';
      ui.offers.hidden = true;
      ui.offers.replaceChildren();
      const fieldMessage =
        error instanceof ApiError
          ? (error.messageFor('area_code') ??
            (error.problem.code === 'invalid_area_code' ? error.message : null))
          : null;
      if (fieldMessage) {
        setFieldError(ui.areaCode, ui.areaCodeError, fieldMessage);
        ui.areaCode.focus();
      } else {
        showMessage(ui.searchError, error.message);
      }
    } finally {
      ui.offers.removeAttribute('aria-busy');
    }
  });
}

function renderOffers(numbers, areaCode) {
  ui.offers.replaceChildren(...numbers.map(offerItem));
  ui.offers.hidden = numbers.length === 0;
  ui.searchStatus.textContent = numbers.length
    ? `${plural(numbers.length, 'number')} for sale in area code ${areaCode}.`
    : `No numbers for sale in area code ${areaCode}. Try a nearby area code.`;
}

function offerItem(offer) {
  const formatted = formatPhoneNumber(offer.phone_number);
  const where = place(offer.locality, offer.region);
  const buy = el('button', {
    type: 'button',
    class: 'button button--small',
    'aria-label': `Buy ${formatted}`,
    text: 'Buy',
  });
  buy.addEventListener('click', () => openBuyDialog(offer, buy));
  return el(
    'li',
    { class: 'offer', dataset: { number: offer.phone_number } },
    el(
      'div',
      { class: 'offer__main' },
      el('span', { class: 'number', title: offer.phone_number, text: formatted }),
      el('span', { class: 'offer__place', text: where || 'Location not listed' }),
    ),
    capabilities(offer.capabilities ?? {}),
    buy,
  );
}

function capabilities(caps) {
  const names = [
    ['voice', 'Voice'],
    ['sms', 'SMS'],
    ['mms', 'MMS'],
  ];
  return el(
    'ul',
    { class: 'caps', 'aria-label': 'Capabilities' },
    names.map(([key, label]) =>
      caps[key]
        ? el('li', { class: 'cap', text: label })
        : el(
            'li',
            { class: 'cap cap--off' },
            el('span', { 'aria-hidden': 'true', text: label }),
            el('span', { class: 'visually-hidden', text: `No ${label}` }),
          ),
    ),
  );
}

function openBuyDialog(offer, button) {
  if (ui.buyDialog.open || state.buying) return;
  const formatted = formatPhoneNumber(offer.phone_number);
  const where = place(offer.locality, offer.region);
  state.offer = offer;
  state.offerButton = button;
  state.purchase = null;
  ui.buyDialogTitle.textContent = `Buy ${formatted}?`;
  ui.buyDialogDescription.textContent =
    `${formatted}${where ? ` (${where})` : ''} is bought in your organization's Twilio ` +
    'account, which Twilio bills for it, and its voice URL is pointed at Loquent.';
  ui.buyName.value = '';
  setFieldError(ui.buyName, ui.buyNameError, null);
  showMessage(ui.buyError, null);
  ui.buyDialog.showModal();
  ui.buyName.focus();
}

async function confirmPurchase(event) {
  event.preventDefault();
  if (state.buying || !state.offer) return;
  state.buying = true;
  const session = state.session;
  const offer = state.offer;
  const friendlyName = ui.buyName.value.trim();
  const request = JSON.stringify([offer.phone_number, friendlyName]);
  // The same purchase retried after an unknown outcome keeps its key, so it is never made twice.
  if (state.purchase?.request !== request) state.purchase = { request, key: newIdempotencyKey() };
  setFieldError(ui.buyName, ui.buyNameError, null);
  showMessage(ui.buyError, null);
  ui.buyCancel.disabled = true;

  try {
    await whileBusy(ui.buyConfirm, 'Buying…', async () => {
      try {
        const response = await state.api.buyPhoneNumber(
          offer.phone_number,
          friendlyName,
          state.purchase.key,
        );
        if (session !== state.session) return;
        state.purchase = null;
        closeBuyDialog({ bought: true });
        await purchased(offer, response);
      } catch (error) {
        if (session !== state.session) return;
        const nameMessage = error instanceof ApiError ? error.messageFor('friendly_name') : null;
        if (nameMessage) {
          setFieldError(ui.buyName, ui.buyNameError, nameMessage);
          ui.buyName.focus();
        } else {
          showMessage(ui.buyError, purchaseErrorMessage(error, offer));
        }
      }
    });
  } finally {
    state.buying = false;
    ui.buyCancel.disabled = false;
  }
}

function purchaseErrorMessage(error, offer) {
  const formatted = formatPhoneNumber(offer.phone_number);
  if (!(error instanceof ApiError)) return String(error);
  switch (error.problem.code) {
    case 'number_not_available':
      return `${formatted} is no longer for sale. Cancel and choose another number.`;
    case 'number_already_registered':
      return `${formatted} is already registered in Loquent.`;
    case 'purchase_in_progress':
    case 'idempotency_key_in_flight':
      return `A purchase of ${formatted} is already under way. Wait a moment, then look at the list.`;
    default:
      return error.message;
  }
}

async function purchased(offer, response) {
  const formatted = formatPhoneNumber(offer.phone_number);
  ui.offers.querySelector(`li[data-number="${CSS.escape(offer.phone_number)}"]`)?.remove();
  ui.offers.hidden = ui.offers.children.length === 0;

  let box;
  if (response.status === 202) {
    box = el(
      'div',
      { class: 'result__box result__box--pending' },
      el('p', { class: 'result__headline', text: `Confirming the purchase of ${formatted}.` }),
      el('p', {
        text:
          'Twilio has not confirmed it yet. Loquent keeps checking the account and the number ' +
          'appears in the list once the purchase is confirmed; it is never bought twice.',
      }),
    );
    const session = state.session;
    setTimeout(() => {
      if (session === state.session) loadPage(state.pageIndex);
    }, PENDING_REFRESH_MS);
  } else {
    const number = response.data;
    state.fresh.add(number.id);
    const routed = number.voice_url_status === 'configured';
    box = el(
      'div',
      { class: `result__box ${routed ? 'result__box--ok' : 'result__box--warn'}` },
      el('p', { class: 'result__headline', text: `Bought ${formatted}.` }),
      el('p', {
        text: routed
          ? 'Calls to it now reach Loquent.'
          : 'Twilio did not accept its voice URL, so calls do not reach Loquent yet: use Retry voice URL in the list.',
      }),
    );
  }
  ui.buyResult.replaceChildren(box);
  ui.buyResult.focus();
  await loadPage(state.pageIndex);
}

function closeBuyDialog({ bought = false } = {}) {
  if (ui.buyDialog.open) ui.buyDialog.close();
  const button = state.offerButton;
  state.offer = null;
  state.offerButton = null;
  if (!bought && button?.isConnected) button.focus();
}

// ---------------------------------------------------------------------------------------------

function wire() {
  ui.signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(ui.signInSubmit, 'Signing in…', () => signIn(ui.token.value.trim()));
  });
  ui.useDemo.addEventListener('click', () => {
    if (state.demo) whileBusy(ui.useDemo, 'Signing in…', () => signIn(state.demo.token));
  });
  ui.signOut.addEventListener('click', () => signOut());
  ui.refresh.addEventListener('click', () => loadPage(state.pageIndex));
  ui.previousPage.addEventListener('click', () => loadPage(state.pageIndex - 1));
  ui.nextPage.addEventListener('click', () => loadPage(state.pageIndex + 1));

  ui.fetchNumbers.addEventListener('click', fetchUnsynced);
  ui.selectAll.addEventListener('change', selectAll);
  ui.importSelected.addEventListener('click', importSelected);

  ui.searchForm.addEventListener('submit', searchNumbers);
  ui.buyForm.addEventListener('submit', confirmPurchase);
  ui.buyCancel.addEventListener('click', () => closeBuyDialog());
  ui.buyDialog.addEventListener('cancel', (event) => {
    // Escape while a purchase is in flight would hide its answer: wait for it.
    event.preventDefault();
    if (!state.buying) closeBuyDialog();
  });
}

wire();
offerDemo();
// A reload keeps the session of the tab; a token refused since then signs out with the reason.
const token = storedToken();
if (token) {
  startSession(token);
  loadPage(0);
} else {
  ui.signIn.hidden = false;
}
