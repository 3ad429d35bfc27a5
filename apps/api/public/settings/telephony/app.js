import {
  Api,
  ApiError,
  fetchDemoAccess,
  newIdempotencyKey,
  PAGE_SIZE,
  tokenClaims,
} from './api.js';
import {
  byId,
  el,
  icon,
  isInactive,
  setFieldError,
  setInactive,
  showMessage,
  whileBusy,
} from './dom.js';
import {
  formatPhoneNumber,
  place,
  plural,
  shortUrl,
  sourceLabel,
  voiceUrlStatus,
} from './format.js';
import { describeActor, describeEvent, describeFallback, describeHours } from './history.js';
import {
  checkAccountSid,
  checkAddressSid,
  checkAreaCode,
  checkAuthToken,
  checkBundleSid,
  checkCallMessage,
  checkForwardNumber,
  checkOpeningRange,
  checkTimeZone,
  checkFriendlyName,
  checkLocality,
  checkPattern,
  checkPostalCode,
  checkToken,
  parseClosedDates,
  typedNumberMatches,
} from './validate.js';

const TOKEN_KEY = 'loquent.settings.token';
/** sync-numbers takes at most this many sids per request. */
const IMPORT_BATCH = 1000;
/** The import picker shows this many numbers at a time; selection spans all of them. */
const PICKER_PAGE = 100;
/** After a 202, look again once the reconciler has had time to confirm the purchase. */
const PENDING_REFRESH_MS = 15_000;
/** Countries whose numbers have area codes (the North American Numbering Plan) in Twilio. */
const NANP = new Set(['US', 'CA']);

const PERMISSION = {
  list: 'Phone:Collection:List',
  create: 'Phone:Collection:Create',
  view: 'Phone:Instance:View',
  update: 'Phone:Instance:Update',
  remove: 'Phone:Instance:Delete',
  twilio: 'Twilio:Collection:Create',
  agents: 'Agent:Collection:List',
};

const TYPE_LABEL = { local: 'Local', toll_free: 'Toll-free', mobile: 'Mobile' };
const TYPE_WORDS = { local: 'local', toll_free: 'toll-free', mobile: 'mobile' };
const ADDRESS_WORDS = {
  any: 'an address',
  local: 'an address in the same country',
  foreign: 'an address outside its country',
};

const ui = new Proxy(
  {},
  {
    get(cache, name) {
      if (!(name in cache))
        cache[name] = byId(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
      return cache[name];
    },
  },
);

const state = {
  api: null,
  /** Bumped at every sign-in and sign-out, so answers of an older session are dropped. */
  session: 0,
  demo: null,
  /** What the token allows, from its claims; null when they cannot be read (all is shown). */
  permissions: null,
  organizationName: null,
  agents: null,
  /** Keyset cursors of the pages seen so far: cursors[i] opens page i (null: the first). */
  cursors: [null],
  pageIndex: 0,
  /** How many numbers there are, once the last page has been seen. */
  total: null,
  /** The numbers of the page shown, by id. */
  rows: new Map(),
  /** Ids to mark as just added in the list. */
  fresh: new Set(),
  unsynced: [],
  filter: '',
  shown: PICKER_PAGE,
  selected: new Set(),
  countries: [],
  criteria: null,
  offer: null,
  offerButton: null,
  /** The key of the last purchase attempt, reused only to retry the very same request. */
  purchase: null,
  buying: false,
  detail: null,
  detailOpener: null,
  /** The token's subject, to say "you" in a number's history. */
  subject: null,
  /** The detail view's history: the cursor of its next page, the last event shown. */
  events: { next: null, last: null, done: false },
  connection: null,
};

function can(permission) {
  return state.permissions === null || state.permissions.has(permission);
}

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
  const problem = checkToken(token);
  if (problem) {
    setFieldError(ui.token, ui.tokenError, problem);
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
  const claims = tokenClaims(token) ?? {};
  state.permissions = Array.isArray(claims.permissions) ? new Set(claims.permissions) : null;
  state.subject = typeof claims.sub === 'string' ? claims.sub : null;
  storeToken(token);
  resetWorkspace();
  showSession(token);
  applyPermissions();
  ui.signIn.hidden = true;
  ui.workspace.hidden = false;
  ui.jump.hidden = false;
  loadOrganization();
  loadAgents();
  loadCountries();
  loadConnection();
}

/**
 * The organization's real name, and the permissions as the API reads them (the claims only
 * guessed them, for the first paint).
 */
async function loadOrganization() {
  const session = state.session;
  try {
    const { data } = await state.api.currentOrganization();
    if (session !== state.session) return;
    state.organizationName = data.name;
    showSession(state.api.token);
    const known = new Set(data.permissions);
    const same =
      state.permissions !== null &&
      Object.values(PERMISSION).every((p) => known.has(p) === state.permissions.has(p));
    if (!same) {
      state.permissions = known;
      applyPermissions();
      loadAgents();
      loadCountries();
      loadConnection();
      loadPage(state.pageIndex);
    }
  } catch {
    // An older server without the route: the claims' guess stands, the id names the organization.
  }
}

function showSession(token) {
  const claims = tokenClaims(token) ?? {};
  const organization = typeof claims.org === 'string' ? claims.org : null;
  const isDemo = state.demo && organization === state.demo.organization_id;
  ui.sessionLabel.textContent =
    state.organizationName ??
    (isDemo
      ? 'Demo organization'
      : organization
        ? `Organization ${organization.slice(0, 8)}…`
        : 'Signed in');
  ui.sessionLabel.title = organization ? `Organization ${organization}` : '';
  ui.session.hidden = false;
}

/**
 * Shows only what the token allows, and says in plain words what a missing permission would
 * unlock: a control that can only fail is worse than none.
 */
function applyPermissions() {
  const listNote = [];
  if (!can(PERMISSION.list)) {
    listNote.push(
      "This token cannot list the organization's numbers; one with the Phone:Collection:List permission shows them here.",
    );
  }
  const missing = [];
  if (!can(PERMISSION.view))
    missing.push('open a number or check voice URLs (Phone:Instance:View)');
  if (!can(PERMISSION.update)) {
    missing.push('rename, assign or configure numbers (Phone:Instance:Update)');
  }
  if (!can(PERMISSION.remove)) missing.push('remove numbers (Phone:Instance:Delete)');
  if (can(PERMISSION.list) && missing.length) {
    listNote.push(`With more permissions you could also ${joinWords(missing)}.`);
  }
  showMessage(ui.listPermission, listNote.join(' ') || null);
  ui.checkVoice.hidden = !can(PERMISSION.view);

  const create = can(PERMISSION.create);
  ui.importControls.hidden = !create;
  ui.buyControls.hidden = !create;
  showMessage(
    ui.importPermission,
    create
      ? null
      : 'Importing needs a token that may add numbers (the Phone:Collection:Create permission). With it, you could pick numbers of your Twilio account here and register them in Loquent.',
  );
  showMessage(
    ui.buyPermission,
    create
      ? null
      : "Buying needs a token that may add numbers (the Phone:Collection:Create permission). With it, you could search Twilio's numbers by country, type and pattern, and buy one here.",
  );
  const twilio = can(PERMISSION.twilio);
  ui.accountControls.hidden = !twilio;
  showMessage(
    ui.accountPermission,
    twilio
      ? null
      : "Connecting the organization's own Twilio account needs the Twilio:Collection:Create permission. With it, you could connect the account here and see whether Twilio accepts it.",
  );
}

function joinWords(items) {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function signOut(message = null) {
  state.session += 1;
  state.api = null;
  state.permissions = null;
  storeToken(null);
  for (const dialog of [ui.buyDialog, ui.detailDialog, ui.removeDialog]) {
    if (dialog.open) dialog.close();
  }
  resetWorkspace();
  ui.workspace.hidden = true;
  ui.jump.hidden = true;
  ui.session.hidden = true;
  ui.signIn.hidden = false;
  setFieldError(ui.token, ui.tokenError, message);
  ui.token.focus();
}

function resetWorkspace() {
  state.cursors = [null];
  state.pageIndex = 0;
  state.total = null;
  state.rows.clear();
  state.fresh.clear();
  state.unsynced = [];
  state.selected.clear();
  state.filter = '';
  state.purchase = null;
  state.agents = null;
  state.organizationName = null;
  state.connection = null;
  state.criteria = null;
  ui.numbersBody.replaceChildren();
  ui.numbersTableWrap.hidden = true;
  ui.numbersEmpty.hidden = true;
  ui.pager.hidden = true;
  showMessage(ui.numbersError, null);
  ui.numbersStatus.textContent = '';
  ui.checkResult.replaceChildren();
  ui.unsynced.hidden = true;
  ui.unsyncedList.replaceChildren();
  ui.unsyncedStatus.textContent = '';
  ui.unsyncedFilter.value = '';
  ui.importProgress.hidden = true;
  showMessage(ui.importError, null);
  ui.importResult.replaceChildren();
  ui.offers.replaceChildren();
  ui.offers.hidden = true;
  ui.searchStatus.textContent = '';
  showMessage(ui.searchError, null);
  for (const [input, error] of searchFields()) {
    setFieldError(input, error, null);
    input.value = '';
  }
  ui.buyResult.replaceChildren();
  ui.accountState.replaceChildren();
  ui.accountStatus.textContent = '';
  showMessage(ui.accountError, null);
  ui.accountSid.value = '';
  ui.authToken.value = '';
}

/**
 * Clears what earlier actions left on the page (results, highlights, errors of rows), so a
 * message is always about the last thing done.
 */
function clearTransient() {
  ui.importResult.replaceChildren();
  ui.buyResult.replaceChildren();
  ui.checkResult.replaceChildren();
  showMessage(ui.importError, null);
  showMessage(ui.searchError, null);
  showMessage(ui.accountError, null);
  state.fresh.clear();
  for (const row of ui.numbersBody.querySelectorAll('tr.is-fresh'))
    row.classList.remove('is-fresh');
  for (const error of ui.numbersBody.querySelectorAll('.row-error')) showMessage(error, null);
}

async function offerDemo() {
  state.demo = await fetchDemoAccess();
  ui.demoOffer.hidden = !state.demo;
  if (state.api) showSession(state.api.token);
}

async function loadAgents() {
  if (!can(PERMISSION.agents)) return;
  const session = state.session;
  try {
    const { data } = await state.api.listAgents();
    if (session !== state.session) return;
    state.agents = new Map(data.map((agent) => [agent.id, agent.name]));
    for (const row of ui.numbersBody.querySelectorAll('tr[data-id]')) {
      const number = state.rows.get(row.dataset.id);
      if (number) row.replaceWith(numberRow(number));
    }
  } catch {
    // Agents stay shown by id.
  }
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

async function loadPage(index) {
  if (!state.api || !can(PERMISSION.list)) return;
  const session = state.session;
  const after = state.cursors[index] ?? null;
  ui.numbersTable.setAttribute('aria-busy', 'true');
  ui.numbersStatus.textContent = 'Loading numbers…';
  setInactive(ui.previousPage, true);
  setInactive(ui.nextPage, true);
  try {
    await whileBusy(ui.refresh, null, async () => {
      try {
        const page = await state.api.listPhones(after);
        if (session !== state.session) return;
        renderPage(page, index);
      } catch (error) {
        if (session !== state.session) return;
        showListError(error);
      }
    });
  } finally {
    if (session === state.session) {
      ui.numbersTable.removeAttribute('aria-busy');
      updatePager();
    }
  }
}

function showListError(error) {
  ui.numbersStatus.textContent = '';
  if (error instanceof ApiError && error.status === 403) {
    showMessage(ui.numbersError, null);
    return;
  }
  showMessage(ui.numbersError, `The numbers could not be loaded: ${error.message}`);
}

function renderPage(page, index) {
  // The numbers of a later page can be gone by the time it is opened: show the one before.
  if (page.items.length === 0 && index > 0) return void loadPage(index - 1);
  state.pageIndex = index;
  state.cursors.length = index + 1;
  if (page.nextCursor) state.cursors.push(page.nextCursor);
  else state.total = index * PAGE_SIZE + page.items.length;
  showMessage(ui.numbersError, null);

  state.rows = new Map(page.items.map((n) => [n.id, n]));
  ui.numbersBody.replaceChildren(...page.items.map(numberRow));
  const empty = page.items.length === 0 && index === 0;
  ui.numbersEmpty.hidden = !empty;
  ui.numbersTableWrap.hidden = empty;

  // Keyset pages have no offset; every page before this one was full.
  const first = index * PAGE_SIZE + 1;
  const last = first + page.items.length - 1;
  const paged = index > 0 || page.nextCursor !== null;
  const total = page.nextCursor ? null : state.total;
  const of = total !== null ? `of ${total}` : `of more than ${last}`;
  const range = paged ? `Numbers ${first}–${last} ${of}` : plural(page.items.length, 'number');
  ui.numbersCaption.textContent = paged
    ? `Phone numbers, ${first} to ${last} ${of}`
    : 'Phone numbers';
  ui.numbersStatus.textContent = empty ? '' : range;
  ui.pageLabel.textContent = `Page ${index + 1} · ${first}–${last} ${of}`;
  updatePager();
}

function updatePager() {
  const hasNext = state.cursors.length > state.pageIndex + 1;
  ui.pager.hidden = state.pageIndex === 0 && !hasNext;
  setInactive(ui.previousPage, state.pageIndex === 0);
  setInactive(ui.nextPage, !hasNext);
}

function replaceRow(number) {
  state.rows.set(number.id, { ...state.rows.get(number.id), ...number });
  const row = numberRow(state.rows.get(number.id));
  ui.numbersBody.querySelector(`tr[data-id="${CSS.escape(number.id)}"]`)?.replaceWith(row);
  return row;
}

function agentName(agentId) {
  return state.agents?.get(agentId) ?? null;
}

function numberRow(number) {
  const status = voiceUrlStatus(number.voice_url_status);
  const formatted = formatPhoneNumber(number.number);
  const actionError = el('p', { class: 'row-error', id: `error-${number.id}`, hidden: true });
  const agent = number.agent_id ? agentName(number.agent_id) : null;

  const cells = [
    el(
      'td',
      { class: 'numbers__number', role: 'cell', 'data-label': 'Number' },
      el('span', { class: 'number', title: number.number, text: formatted }),
      copyButton(number.number),
    ),
    el(
      'td',
      { class: 'numbers__name', role: 'cell', 'data-label': 'Name' },
      friendlyName(number, formatted),
    ),
    el(
      'td',
      { class: 'numbers__agent', role: 'cell', 'data-label': 'Agent' },
      number.agent_id
        ? agent
          ? el('span', { text: agent })
          : el('code', {
              class: 'agent',
              title: `Agent ${number.agent_id}`,
              text: number.agent_id.slice(0, 8),
            })
        : el('span', { class: 'muted', text: 'Unassigned' }),
    ),
    el(
      'td',
      { class: 'numbers__voice', role: 'cell', 'data-label': 'Voice URL' },
      el('span', {
        class: `pill pill--${status.tone}`,
        title: status.help,
        text: status.label,
      }),
    ),
    el(
      'td',
      { class: 'numbers__source', role: 'cell', 'data-label': 'Source' },
      sourceLabel(number.source),
    ),
    el(
      'td',
      { class: 'numbers__actions', role: 'cell' },
      configureAction(number, formatted, actionError),
      detailsButton(number, formatted),
      actionError,
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

function detailsButton(number, formatted) {
  if (!can(PERMISSION.view)) return null;
  const button = el('button', {
    type: 'button',
    class: 'button button--small button--quiet',
    'aria-label': `Details of ${formatted}`,
    dataset: { details: number.id },
    text: 'Details',
  });
  button.addEventListener('click', () => openDetail(number.id, button));
  return button;
}

function configureAction(number, formatted, errorNode) {
  if (number.voice_url_status === 'configured' || !can(PERMISSION.update)) return null;
  const label = number.voice_url_status === 'failed' ? 'Retry voice URL' : 'Configure voice URL';
  const button = el('button', {
    type: 'button',
    class: 'button button--small',
    'aria-label': `${label} for ${formatted}`,
    'aria-describedby': errorNode.id,
    text: label,
  });
  button.addEventListener('click', () => configure(number, button, errorNode));
  return button;
}

async function configure(number, button, errorNode) {
  const session = state.session;
  const formatted = formatPhoneNumber(number.number);
  clearTransient();
  await whileBusy(button, 'Configuring…', async () => {
    try {
      const { data } = await state.api.configurePhoneVoice(number.id);
      if (session !== state.session) return;
      const row = replaceRow(data);
      ui.numbersStatus.textContent =
        data.voice_url_status === 'configured'
          ? `${formatted} now sends its calls to Loquent.`
          : `${formatted}: ${voiceUrlStatus(data.voice_url_status).help}`;
      // The button is gone once configured: its row's Details, or the status, keeps focus.
      (row.querySelector('button[data-details]') ?? ui.numbersStatus).focus();
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
// Check voice URLs

async function checkVoiceUrls() {
  const session = state.session;
  clearTransient();
  await whileBusy(ui.checkVoice, 'Checking…', async () => {
    ui.numbersStatus.textContent = 'Checking every number against Twilio…';
    try {
      const { data } = await state.api.checkPhoneVoice();
      if (session !== state.session) return;
      ui.checkResult.replaceChildren(checkReport(data));
      ui.numbersStatus.textContent = '';
    } catch (error) {
      if (session !== state.session) return;
      ui.numbersStatus.textContent = '';
      ui.checkResult.replaceChildren(
        el(
          'div',
          { class: 'result__box result__box--warn', role: 'alert' },
          el('p', { text: `The voice URLs could not be checked: ${error.message}` }),
        ),
      );
    }
  });
}

function checkReport({ checked, drifted, missing }) {
  const fine = checked - drifted.length - missing.length;
  const headline =
    drifted.length + missing.length === 0
      ? `Checked ${plural(checked, 'number')}: every one sends its calls where Loquent set it to.`
      : `Checked ${plural(checked, 'number')}: ${drifted.length} changed outside Loquent, ${missing.length} no longer in Twilio, ${fine} fine.`;
  const box = el(
    'div',
    {
      class: `result__box ${drifted.length + missing.length ? 'result__box--warn' : 'result__box--ok'}`,
    },
    el('p', { class: 'result__headline', text: headline }),
  );
  if (drifted.length) {
    box.append(
      el('h3', { class: 'result__subhead', text: 'Voice URL changed outside Loquent' }),
      el(
        'ul',
        { class: 'drift', 'aria-label': 'Numbers whose voice URL changed' },
        drifted.map(driftItem),
      ),
    );
  }
  if (missing.length) {
    box.append(
      el('h3', { class: 'result__subhead', text: 'No longer in the Twilio account' }),
      el(
        'ul',
        { class: 'drift', 'aria-label': 'Numbers no longer in Twilio' },
        missing.map(missingItem),
      ),
    );
  }
  return box;
}

function driftItem(number) {
  const formatted = formatPhoneNumber(number.number);
  const note = el('span', {
    class: 'drift__note',
    tabindex: '-1',
    title: number.voice_url ?? '',
    text: number.voice_url
      ? `Calls now go to ${shortUrl(number.voice_url)}, not Loquent.`
      : 'It has no voice URL now: calls do not reach Loquent.',
  });
  const item = el(
    'li',
    { class: 'drift__item' },
    el('span', { class: 'number', title: number.number, text: formatted }),
    note,
  );
  if (can(PERMISSION.update)) {
    const fix = el('button', {
      type: 'button',
      class: 'button button--small',
      'aria-label': `Point back at Loquent: ${formatted}`,
      text: 'Point back at Loquent',
    });
    fix.addEventListener('click', async () => {
      const session = state.session;
      await whileBusy(fix, 'Fixing…', async () => {
        try {
          const { data } = await state.api.configurePhoneVoice(number.id);
          if (session !== state.session) return;
          if (state.rows.has(data.id)) replaceRow(data);
          note.textContent =
            data.voice_url_status === 'configured'
              ? 'Fixed: calls reach Loquent again.'
              : voiceUrlStatus(data.voice_url_status).help;
          fix.remove();
          note.focus();
        } catch (error) {
          if (session !== state.session) return;
          note.textContent = `Not fixed: ${error.message}`;
        }
      });
    });
    item.append(fix);
  }
  return item;
}

function missingItem(number) {
  const formatted = formatPhoneNumber(number.number);
  const item = el(
    'li',
    { class: 'drift__item' },
    el('span', { class: 'number', title: number.number, text: formatted }),
    el('span', {
      class: 'drift__note',
      text: 'Gone from the Twilio account (released or moved there): remove it from Loquent.',
    }),
  );
  if (can(PERMISSION.view)) {
    const open = el('button', {
      type: 'button',
      class: 'button button--small',
      'aria-label': `Details of ${formatted}`,
      text: 'Details',
    });
    open.addEventListener('click', () => openDetail(number.id, open));
    item.append(open);
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Detail view

async function openDetail(id, opener) {
  if (ui.detailDialog.open) return;
  const session = state.session;
  state.detail = null;
  state.detailOpener = { id, button: opener };
  ui.detailTitle.textContent = 'Number';
  ui.detailBody.hidden = true;
  showMessage(ui.detailError, null);
  ui.detailStatus.textContent = 'Loading…';
  ui.detailDialog.showModal();
  ui.detailClose.focus();
  try {
    const { data } = await state.api.getPhone(id);
    if (session !== state.session || !ui.detailDialog.open) return;
    renderDetail(data);
    ui.detailStatus.textContent = '';
    (can(PERMISSION.update) ? ui.detailName : ui.detailClose).focus();
    loadEvents(data.id, { restart: true });
    loadVoicemails(data.id);
  } catch (error) {
    if (session !== state.session) return;
    ui.detailStatus.textContent = '';
    showMessage(ui.detailError, `This number could not be loaded: ${error.message}`);
  }
}

function renderDetail(number) {
  state.detail = number;
  const formatted = formatPhoneNumber(number.number);
  ui.detailTitle.textContent =
    formatted === number.number ? formatted : `${formatted} · ${number.number}`;
  ui.detailBody.hidden = false;

  const editable = can(PERMISSION.update);
  ui.detailName.value = number.friendly_name ?? '';
  ui.detailName.readOnly = !editable;
  setFieldError(ui.detailName, ui.detailNameError, null);
  renderAgentChoice(number, editable);
  ui.detailSave.hidden = !editable;

  const status = voiceUrlStatus(number.voice_url_status);
  ui.detailVoice.replaceChildren(
    el('dt', { text: 'Status' }),
    el(
      'dd',
      {},
      el('span', { class: `pill pill--${status.tone}`, text: status.label }),
      ` ${status.help}`,
    ),
    el('dt', { text: 'Before Loquent' }),
    el('dd', {
      class: number.previous_voice_url ? 'url' : 'muted',
      text: number.previous_voice_url ?? 'No voice URL, or none remembered',
    }),
    el('dt', { text: 'Source' }),
    el('dd', { text: sourceLabel(number.source) }),
    el('dt', { text: 'Twilio SID' }),
    el('dd', {}, el('code', { text: number.twilio_sid })),
    el('dt', { text: 'Added' }),
    el('dd', { text: number.created_at ? new Date(number.created_at).toLocaleString() : '—' }),
  );
  const actions = [];
  if (editable && number.voice_url_status !== 'configured') {
    const configureButton = el('button', {
      type: 'button',
      class: 'button button--small',
      text: 'Configure voice URL',
    });
    configureButton.addEventListener('click', () => detailVoice(configureButton, 'configure'));
    actions.push(configureButton);
  }
  if (editable && number.voice_url_status === 'configured') {
    const restore = el('button', {
      type: 'button',
      class: 'button button--small',
      'aria-describedby': 'detail-restore-hint',
      text: 'Restore previous voice URL',
    });
    restore.addEventListener('click', () => detailVoice(restore, 'restore'));
    actions.push(
      restore,
      el('p', {
        class: 'hint',
        id: 'detail-restore-hint',
        text: number.previous_voice_url
          ? `Calls go to ${shortUrl(number.previous_voice_url)} again, not to Loquent.`
          : 'It had no voice URL before Loquent: calls then get Twilio’s default answer.',
      }),
    );
  }
  ui.detailVoiceActions.replaceChildren(...actions);
  ui.detailRemove.hidden = !can(PERMISSION.remove);
  renderCallHandling(number, editable);
}

/**
 * The number's history, oldest first as the API pages it: a fresh start when the view opens,
 * the next page on "Show more" (the cursor of the Link header), and after a change of the
 * view, the events after the last one shown (only once every page is shown; otherwise "Show
 * more" reaches them). One load at a time, so no event is listed twice.
 */
function loadEvents(id, { restart = false, more = false } = {}) {
  const run = async () => {
    const session = state.session;
    const current = () => session === state.session && state.detail?.id === id;
    if (!current()) return;
    if (!can(PERMISSION.view)) {
      ui.detailEventsList.replaceChildren();
      ui.detailEventsMore.hidden = true;
      ui.detailEventsOrder.hidden = true;
      showMessage(
        ui.detailEventsNote,
        'The history needs a token that may view numbers (the Phone:Instance:View permission). With it, you could see who changed this number, what and when.',
      );
      return;
    }
    ui.detailEventsOrder.hidden = false;
    if (restart) {
      state.events = { id, next: null, last: null, done: false };
      ui.detailEventsList.replaceChildren();
      ui.detailEventsMore.hidden = true;
      showMessage(ui.detailEventsNote, null);
      ui.detailEventsStatus.textContent = 'Loading the history…';
    } else if (state.events.id !== id || (!more && !state.events.done)) {
      return;
    }
    const after = restart ? null : more ? state.events.next : state.events.last;
    try {
      const page = await state.api.listPhoneEvents(id, after);
      if (!current() || state.events.id !== id) return;
      const before = ui.detailEventsList.children.length;
      ui.detailEventsList.append(...page.items.map(eventItem));
      if (page.items.length) state.events.last = page.items[page.items.length - 1].id;
      state.events.next = page.nextCursor;
      state.events.done = page.nextCursor === null;
      ui.detailEventsMore.hidden = state.events.done;
      const total = ui.detailEventsList.children.length;
      showMessage(ui.detailEventsNote, total ? null : 'No changes recorded yet.');
      if (more) {
        ui.detailEventsStatus.textContent = `${plural(page.items.length, 'more event')} shown.`;
        const first = ui.detailEventsList.children[before];
        (first ?? (ui.detailEventsMore.hidden ? ui.detailClose : ui.detailEventsMore)).focus();
      } else if (restart) {
        ui.detailEventsStatus.textContent = '';
      }
    } catch (error) {
      if (!current()) return;
      ui.detailEventsStatus.textContent = `The history could not be loaded: ${error.message}`;
    }
  };
  state.eventsQueue = (state.eventsQueue ?? Promise.resolve()).then(run, run);
  return state.eventsQueue;
}

function eventItem(event) {
  const when = new Date(event.occurred_at);
  return el(
    'li',
    { class: 'events__item', tabindex: '-1', 'data-type': event.type },
    el('span', { class: 'events__what', text: `${describeEvent(event, agentName)}.` }),
    el(
      'span',
      { class: 'events__meta' },
      `By ${describeActor(event.actor, state.subject)}, `,
      el('time', { datetime: event.occurred_at, text: when.toLocaleString() }),
    ),
  );
}

// Call handling: the number's own fallback and business hours.

const WEEKDAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

let knownTimeZones = null;
function timeZones() {
  if (!knownTimeZones) {
    const list =
      typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    knownTimeZones = new Set(list);
  }
  return knownTimeZones;
}

/** Seven rows (open, opens, closes), and the datalist of the browser's time zones. */
function buildHoursForm() {
  ui.timeZones.replaceChildren(...[...timeZones()].map((zone) => el('option', { value: zone })));
  const cells = [
    el('span', { class: 'muted', text: 'Day' }),
    el('span', { class: 'muted', text: 'Opens' }),
    el('span', { class: 'muted', text: 'Closes' }),
  ];
  for (const [day, name] of WEEKDAYS) {
    const open = el('input', { type: 'checkbox', id: `hours-${day}-open` });
    const from = el('input', {
      type: 'text',
      id: `hours-${day}-from`,
      placeholder: '09:00',
      'aria-label': `${name} opens`,
      autocomplete: 'off',
    });
    const to = el('input', {
      type: 'text',
      id: `hours-${day}-to`,
      placeholder: '17:00',
      'aria-label': `${name} closes`,
      autocomplete: 'off',
    });
    open.addEventListener('change', () => {
      from.disabled = to.disabled = !open.checked;
      if (open.checked && !from.value) from.value = '09:00';
      if (open.checked && !to.value) to.value = '17:00';
    });
    cells.push(
      el('label', { class: 'field--check', for: open.id }, open, `Open ${name}`),
      from,
      to,
    );
  }
  ui.hoursWeekly.replaceChildren(...cells);
}

function hoursInputs(day) {
  return {
    open: byId(`hours-${day}-open`),
    from: byId(`hours-${day}-from`),
    to: byId(`hours-${day}-to`),
  };
}

function showFallbackFields() {
  const action = ui.fallbackAction.value;
  ui.fallbackNumberField.hidden = action !== 'dial';
  ui.fallbackMessageField.hidden = action !== 'say';
  ui.fallbackGreetingField.hidden = action !== 'voicemail';
}

const CALL_FIELDS = () => [
  [ui.fallbackNumber, ui.fallbackNumberError],
  [ui.fallbackMessage, ui.fallbackMessageError],
  [ui.fallbackGreeting, ui.fallbackGreetingError],
  [ui.hoursZone, ui.hoursZoneError],
  [ui.hoursClosed, ui.hoursClosedError],
];

function clearCallErrors() {
  for (const [control, error] of CALL_FIELDS()) setFieldError(control, error, null);
  for (const [day] of WEEKDAYS) {
    const inputs = hoursInputs(day);
    setFieldError(inputs.from, ui.hoursWeeklyError, null);
    setFieldError(inputs.to, ui.hoursWeeklyError, null);
  }
}

function renderCallHandling(number, editable) {
  const fallback = number.fallback ?? null;
  const hours = number.business_hours ?? null;
  ui.detailCallsFacts.replaceChildren(
    el('dt', { text: 'Fallback' }),
    el('dd', { text: describeFallback(fallback) }),
    el('dt', { text: 'Business hours' }),
    el('dd', { text: describeHours(hours) }),
  );
  ui.callsForm.hidden = !editable;
  showMessage(
    ui.detailCallsNote,
    editable
      ? null
      : 'Changing these needs a token that may update numbers (the Phone:Instance:Update permission). With it, you could choose what callers get when the agent does not answer, and when the agent takes calls.',
  );
  clearCallErrors();
  ui.fallbackAction.value = fallback?.action ?? '';
  ui.fallbackNumber.value = fallback?.action === 'dial' ? fallback.number : '';
  ui.fallbackMessage.value = fallback?.action === 'say' ? fallback.message : '';
  ui.fallbackGreeting.value = fallback?.action === 'voicemail' ? (fallback.greeting ?? '') : '';
  showFallbackFields();
  ui.hoursZone.value = hours?.time_zone ?? '';
  ui.hoursClosed.value = (hours?.closed_dates ?? []).join(', ');
  // The form edits a day's first range; further ranges of a day (set through the API) are kept.
  state.extraRanges = [];
  for (const [day] of WEEKDAYS) {
    const ranges = (hours?.weekly ?? []).filter((range) => range.day === day);
    const inputs = hoursInputs(day);
    inputs.open.checked = ranges.length > 0;
    inputs.from.value = ranges[0]?.from ?? '';
    inputs.to.value = ranges[0]?.to ?? '';
    inputs.from.disabled = inputs.to.disabled = !ranges.length;
    state.extraRanges.push(...ranges.slice(1));
  }
  ui.callsClearFallback.hidden = !fallback;
  ui.callsClearHours.hidden = !hours;
}

/** The form's fallback and business hours, or the first field in error (already shown). */
function readCallHandling() {
  clearCallErrors();
  const action = ui.fallbackAction.value;
  let fallback = null;
  if (action === 'dial') {
    const number = ui.fallbackNumber.value.replace(/[\s().-]/g, '');
    const problem = checkForwardNumber(number);
    if (problem) return { invalid: [ui.fallbackNumber, ui.fallbackNumberError, problem] };
    const previous = state.detail?.fallback;
    fallback = { action, number };
    if (previous?.action === 'dial' && previous.timeout_s) fallback.timeout_s = previous.timeout_s;
  } else if (action === 'say') {
    const message = ui.fallbackMessage.value.trim();
    const problem = checkCallMessage(message, 'message');
    if (problem) return { invalid: [ui.fallbackMessage, ui.fallbackMessageError, problem] };
    fallback = { action, message };
  } else if (action === 'voicemail') {
    const greeting = ui.fallbackGreeting.value.trim();
    const problem = checkCallMessage(greeting, 'greeting', false);
    if (problem) return { invalid: [ui.fallbackGreeting, ui.fallbackGreetingError, problem] };
    fallback = { action };
    if (greeting) fallback.greeting = greeting;
    const previous = state.detail?.fallback;
    if (previous?.action === 'voicemail' && previous.max_length_s) {
      fallback.max_length_s = previous.max_length_s;
    }
  }

  const zone = ui.hoursZone.value.trim();
  const weekly = [];
  for (const [day, name] of WEEKDAYS) {
    const inputs = hoursInputs(day);
    if (!inputs.open.checked) continue;
    const from = inputs.from.value.trim();
    const to = inputs.to.value.trim();
    const problem = checkOpeningRange(name, from, to);
    if (problem) {
      const control = TIME.test(from) ? inputs.to : inputs.from;
      return { invalid: [control, ui.hoursWeeklyError, problem] };
    }
    weekly.push({ day, from, to });
  }
  const closed = parseClosedDates(ui.hoursClosed.value);
  if (closed.error) return { invalid: [ui.hoursClosed, ui.hoursClosedError, closed.error] };
  let hours = null;
  if (zone || weekly.length || closed.dates.length) {
    const problem = checkTimeZone(zone, timeZones());
    if (problem) return { invalid: [ui.hoursZone, ui.hoursZoneError, problem] };
    hours = { time_zone: zone, weekly: [...weekly, ...(state.extraRanges ?? [])] };
    if (closed.dates.length) hours.closed_dates = closed.dates;
  }
  return { fallback, hours };
}

async function saveCallHandling(event) {
  event.preventDefault();
  const number = state.detail;
  if (!number || !can(PERMISSION.update)) return;
  showMessage(ui.detailError, null);
  const read = readCallHandling();
  if (read.invalid) {
    const [control, errorNode, message] = read.invalid;
    setFieldError(control, errorNode, message);
    control.focus();
    return;
  }
  const changes = {};
  if (JSON.stringify(read.fallback) !== JSON.stringify(number.fallback ?? null)) {
    changes.fallback = read.fallback;
  }
  if (JSON.stringify(read.hours) !== JSON.stringify(number.business_hours ?? null)) {
    changes.business_hours = read.hours;
  }
  if (!Object.keys(changes).length) {
    ui.detailStatus.textContent =
      'Nothing to save: the fallback and business hours are as they were.';
    return;
  }
  await sendCallHandling(ui.callsSave, changes);
}

const CALL_ERROR_FIELDS = [
  ['fallback.number', () => [ui.fallbackNumber, ui.fallbackNumberError]],
  ['fallback.message', () => [ui.fallbackMessage, ui.fallbackMessageError]],
  ['fallback.greeting', () => [ui.fallbackGreeting, ui.fallbackGreetingError]],
  ['business_hours.time_zone', () => [ui.hoursZone, ui.hoursZoneError]],
  ['business_hours.closed_dates', () => [ui.hoursClosed, ui.hoursClosedError]],
];

async function sendCallHandling(button, changes) {
  const number = state.detail;
  if (!number || !can(PERMISSION.update)) return;
  const session = state.session;
  showMessage(ui.detailError, null);
  await whileBusy(button, button === ui.callsSave ? 'Saving…' : 'Clearing…', async () => {
    try {
      const { data } = await state.api.updatePhone(number.id, changes);
      if (session !== state.session || state.detail?.id !== number.id) return;
      renderDetail(data);
      if (state.rows.has(data.id)) replaceRow(data);
      const said = [];
      if ('fallback' in changes) {
        said.push(
          data.fallback ? `fallback: ${describeFallback(data.fallback)}` : 'own fallback cleared',
        );
      }
      if ('business_hours' in changes) {
        said.push(
          data.business_hours
            ? `business hours: ${describeHours(data.business_hours)}`
            : 'business hours cleared, always open',
        );
      }
      ui.detailStatus.textContent = `Saved: ${said.join('; ')}.`;
      loadEvents(data.id);
      // A clear button is hidden once its part is cleared: focus goes to Save, which stays.
      (button.hidden ? ui.callsSave : button).focus();
    } catch (error) {
      if (session !== state.session) return;
      const hit =
        error instanceof ApiError
          ? CALL_ERROR_FIELDS.find(([field]) => error.messageFor(field))
          : null;
      if (hit) {
        const [control, errorNode] = hit[1]();
        setFieldError(control, errorNode, error.messageFor(hit[0]));
        control.focus();
      } else {
        showMessage(ui.detailError, error.message);
      }
    }
  });
}

/** The number's recent voicemails, when the server has the route and the token may view them. */
async function loadVoicemails(id) {
  const session = state.session;
  ui.voicemails.hidden = true;
  ui.voicemailsList.replaceChildren();
  if (!can(PERMISSION.view)) return;
  try {
    const items = await state.api.listPhoneVoicemails(id);
    if (session !== state.session || state.detail?.id !== id) return;
    ui.voicemails.hidden = false;
    showMessage(ui.voicemailsNote, items.length ? null : 'No voicemails yet.');
    ui.voicemailsList.replaceChildren(
      ...items.map((voicemail) => {
        const caller = formatPhoneNumber(voicemail.caller ?? '') || 'Unknown caller';
        const when = new Date(voicemail.received_at).toLocaleString();
        return el(
          'li',
          { class: 'events__item' },
          el('span', { text: `${caller}, ${plural(voicemail.duration_s ?? 0, 'second')}` }),
          el(
            'span',
            { class: 'events__meta' },
            el('time', { datetime: voicemail.received_at, text: when }),
            ' · ',
            voicemail.recording_url
              ? el('a', {
                  href: voicemail.recording_url,
                  rel: 'noopener noreferrer',
                  target: '_blank',
                  text: `Recording from ${caller}, ${when}`,
                })
              : 'no recording',
          ),
        );
      }),
    );
  } catch {
    // An older server without the route, or a token that may not see them: no section.
    if (session === state.session) ui.voicemails.hidden = true;
  }
}

function renderAgentChoice(number, editable) {
  const options = [el('option', { value: '', text: 'No agent' })];
  const agents = state.agents ? [...state.agents] : [];
  agents.sort((a, b) => a[1].localeCompare(b[1]));
  for (const [id, name] of agents) options.push(el('option', { value: id, text: name }));
  if (number.agent_id && !state.agents?.has(number.agent_id)) {
    options.push(
      el('option', { value: number.agent_id, text: `Agent ${number.agent_id.slice(0, 8)}` }),
    );
  }
  ui.detailAgent.replaceChildren(...options);
  ui.detailAgent.value = number.agent_id ?? '';
  ui.detailAgent.disabled = !editable || state.agents === null;
  const hint = !can(PERMISSION.agents)
    ? 'Choosing an agent needs the Agent:Collection:List permission, to list the agents.'
    : state.agents === null
      ? 'The agents could not be loaded.'
      : null;
  showMessage(ui.detailAgentHint, hint);
}

async function saveDetail(event) {
  event.preventDefault();
  const number = state.detail;
  if (!number || !can(PERMISSION.update)) return;
  const session = state.session;
  const name = ui.detailName.value.trim();
  setFieldError(ui.detailName, ui.detailNameError, null);
  showMessage(ui.detailError, null);
  const problem = checkFriendlyName(name);
  if (problem) {
    setFieldError(ui.detailName, ui.detailNameError, problem);
    ui.detailName.focus();
    return;
  }
  const changes = {};
  if (name !== (number.friendly_name ?? '')) changes.friendly_name = name || null;
  const agent = ui.detailAgent.disabled ? number.agent_id : ui.detailAgent.value || null;
  if (agent !== number.agent_id) changes.agent_id = agent;
  if (!Object.keys(changes).length) {
    ui.detailStatus.textContent = 'Nothing to save: the name and agent are as they were.';
    return;
  }
  await whileBusy(ui.detailSave, 'Saving…', async () => {
    try {
      const { data } = await state.api.updatePhone(number.id, changes);
      if (session !== state.session) return;
      renderDetail(data);
      if (state.rows.has(data.id)) replaceRow(data);
      const said = [];
      if ('friendly_name' in changes)
        said.push(data.friendly_name ? `named “${data.friendly_name}”` : 'name cleared');
      if ('agent_id' in changes)
        said.push(
          data.agent_id
            ? `answered by ${agentName(data.agent_id) ?? 'the agent chosen'}`
            : 'no agent',
        );
      ui.detailStatus.textContent = `Saved: ${said.join(', ')}.`;
      loadEvents(data.id);
    } catch (error) {
      if (session !== state.session) return;
      const nameMessage = error instanceof ApiError ? error.messageFor('friendly_name') : null;
      if (nameMessage) {
        setFieldError(ui.detailName, ui.detailNameError, nameMessage);
        ui.detailName.focus();
      } else {
        showMessage(ui.detailError, error.message);
      }
    }
  });
}

async function detailVoice(button, action) {
  const number = state.detail;
  if (!number) return;
  const session = state.session;
  showMessage(ui.detailError, null);
  await whileBusy(button, action === 'restore' ? 'Restoring…' : 'Configuring…', async () => {
    try {
      const { data } =
        action === 'restore'
          ? await state.api.restorePhoneVoice(number.id)
          : await state.api.configurePhoneVoice(number.id);
      if (session !== state.session) return;
      renderDetail(data);
      if (state.rows.has(data.id)) replaceRow(data);
      ui.detailStatus.textContent =
        action === 'restore'
          ? 'Previous voice URL restored: calls no longer reach Loquent.'
          : data.voice_url_status === 'configured'
            ? 'Calls to this number now reach Loquent.'
            : voiceUrlStatus(data.voice_url_status).help;
      loadEvents(data.id);
      // The button pressed is replaced: the other voice action, else Close, keeps focus.
      (ui.detailVoiceActions.querySelector('button') ?? ui.detailClose).focus();
    } catch (error) {
      if (session !== state.session) return;
      showMessage(ui.detailError, error.message);
    }
  });
}

function closeDetail() {
  if (ui.detailDialog.open) ui.detailDialog.close();
  const opener = state.detailOpener;
  state.detail = null;
  state.detailOpener = null;
  if (!opener) return;
  // The row may have been drawn again meanwhile: its new Details button takes focus.
  const target = opener.button?.isConnected
    ? opener.button
    : ui.numbersBody.querySelector(`button[data-details="${CSS.escape(opener.id)}"]`);
  (target ?? ui.numbersStatus).focus();
}

function openRemove() {
  const number = state.detail;
  if (!number) return;
  const formatted = formatPhoneNumber(number.number);
  ui.removeTitle.textContent = `Remove ${formatted}?`;
  ui.removeDescription.textContent =
    `${formatted} leaves Loquent: its previous voice URL is put back, and it stays in your ` +
    'Twilio account unless you release it.';
  ui.removeRelease.checked = false;
  ui.removeTyped.value = '';
  ui.removeTypedHint.textContent = `Type ${number.number}: releasing cannot be undone.`;
  setFieldError(ui.removeTyped, ui.removeTypedError, null);
  showMessage(ui.removeError, null);
  updateRemoveMode();
  ui.removeDialog.showModal();
  ui.removeRelease.focus();
}

function updateRemoveMode() {
  const release = ui.removeRelease.checked;
  ui.removeTypedField.hidden = !release;
  ui.removeConfirm.textContent = release ? 'Release and remove' : 'Remove';
  if (!release) setFieldError(ui.removeTyped, ui.removeTypedError, null);
}

async function confirmRemove(event) {
  event.preventDefault();
  const number = state.detail;
  if (!number || isInactive(ui.removeConfirm)) return;
  const session = state.session;
  const release = ui.removeRelease.checked;
  setFieldError(ui.removeTyped, ui.removeTypedError, null);
  showMessage(ui.removeError, null);
  if (release && !typedNumberMatches(ui.removeTyped.value.trim(), number.number)) {
    setFieldError(
      ui.removeTyped,
      ui.removeTypedError,
      ui.removeTyped.value.trim()
        ? `That is not this number. Type ${number.number} to release it.`
        : `Type ${number.number} to release it, or untick “Also release it at Twilio”.`,
    );
    ui.removeTyped.focus();
    return;
  }
  const formatted = formatPhoneNumber(number.number);
  ui.removeCancel.disabled = true;
  try {
    await whileBusy(ui.removeConfirm, release ? 'Releasing…' : 'Removing…', async () => {
      try {
        await state.api.removePhone(number.id, { release });
        if (session !== state.session) return;
        ui.removeDialog.close();
        state.detailOpener = null;
        closeDetail();
        clearTransient();
        await loadPage(state.pageIndex);
        ui.numbersStatus.textContent = release
          ? `${formatted} was released at Twilio and removed from Loquent.`
          : `${formatted} was removed from Loquent; it stays in your Twilio account.`;
        ui.numbersStatus.focus();
      } catch (error) {
        if (session !== state.session) return;
        showMessage(ui.removeError, error.message);
      }
    });
  } finally {
    ui.removeCancel.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Import

async function fetchUnsynced() {
  const session = state.session;
  clearTransient();
  await whileBusy(ui.fetchNumbers, 'Fetching…', async () => {
    ui.unsyncedStatus.textContent = 'Asking Twilio for the numbers of the account…';
    try {
      const { data } = await state.api.getUnsyncedNumbers();
      if (session !== state.session) return;
      state.unsynced = [...data.numbers].sort((a, b) =>
        a.phone_number < b.phone_number ? -1 : a.phone_number > b.phone_number ? 1 : 0,
      );
      state.selected.clear();
      state.filter = '';
      ui.unsyncedFilter.value = '';
      state.shown = PICKER_PAGE;
      renderUnsynced();
    } catch (error) {
      if (session !== state.session) return;
      ui.unsyncedStatus.textContent = '';
      showMessage(ui.importError, error.message);
    }
  });
}

function matchesFilter(number, filter) {
  if (!filter) return true;
  const digits = filter.replace(/[\s().+-]/g, '');
  if (/^\d+$/.test(digits) && number.phone_number.includes(digits)) return true;
  return (number.friendly_name ?? '').toLowerCase().includes(filter.toLowerCase());
}

function filtered() {
  return state.unsynced.filter((n) => matchesFilter(n, state.filter));
}

function renderUnsynced() {
  const count = state.unsynced.length;
  ui.unsyncedStatus.textContent = count
    ? `${plural(count, 'number')} in your Twilio account ${count === 1 ? 'is' : 'are'} not in Loquent yet.`
    : 'Every number in your Twilio account is already in Loquent.';
  ui.unsynced.hidden = count === 0;
  renderPicker();
}

function renderPicker() {
  const matching = filtered();
  const shown = matching.slice(0, state.shown);
  ui.unsyncedLegend.textContent = state.filter
    ? `Numbers in Twilio not yet in Loquent (${matching.length} of ${state.unsynced.length} match)`
    : `Numbers in Twilio not yet in Loquent (${state.unsynced.length})`;
  ui.unsyncedList.replaceChildren(
    ...(shown.length
      ? shown.map(unsyncedItem)
      : [
          el('li', { class: 'picker__none', text: `No number or name matches “${state.filter}”.` }),
        ]),
  );
  ui.pickerMore.hidden = matching.length <= shown.length;
  ui.pickerShown.textContent = `Showing ${shown.length} of ${matching.length}`;
  ui.selectAllLabel.textContent = state.filter
    ? `Select all ${matching.length} matching`
    : `Select all ${state.unsynced.length}`;
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
  const matching = filtered();
  const count = state.selected.size;
  const selectedMatching = matching.filter((n) => state.selected.has(n.twilio_sid)).length;
  ui.importSelected.textContent = `Import Selected (${count})`;
  setInactive(ui.importSelected, count === 0);
  ui.clearSelection.hidden = count === 0;
  ui.selectAll.checked = matching.length > 0 && selectedMatching === matching.length;
  ui.selectAll.indeterminate = selectedMatching > 0 && selectedMatching < matching.length;
  ui.selectionCount.textContent = state.unsynced.length
    ? `${count} of ${state.unsynced.length} selected`
    : '';
}

function selectAll() {
  const all = ui.selectAll.checked;
  for (const number of filtered()) {
    if (all) state.selected.add(number.twilio_sid);
    else state.selected.delete(number.twilio_sid);
  }
  for (const box of ui.unsyncedList.querySelectorAll('input[type="checkbox"]')) box.checked = all;
  updateSelection();
}

function clearSelection() {
  state.selected.clear();
  for (const box of ui.unsyncedList.querySelectorAll('input[type="checkbox"]')) box.checked = false;
  updateSelection();
  ui.selectAll.focus();
}

async function importSelected() {
  if (isInactive(ui.importSelected)) return;
  const session = state.session;
  const sids = state.unsynced.map((n) => n.twilio_sid).filter((sid) => state.selected.has(sid));
  if (!sids.length) return;
  clearTransient();
  const totals = { imported: 0, alreadyExisted: 0, notInAccount: [], ids: [] };
  const batches = Math.ceil(sids.length / IMPORT_BATCH);
  ui.importProgressBar.max = sids.length;
  ui.importProgressBar.value = 0;
  ui.importProgressLabel.textContent = `Importing ${plural(sids.length, 'number')}…`;
  ui.importProgress.hidden = sids.length <= IMPORT_BATCH;

  await whileBusy(ui.importSelected, 'Importing…', async () => {
    ui.picker.disabled = true;
    ui.unsyncedFilter.disabled = true;
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
        const settled = Math.min(i + IMPORT_BATCH, sids.length);
        ui.importProgressBar.value = settled;
        ui.importProgressLabel.textContent = `Imported batch ${i / IMPORT_BATCH + 1} of ${batches}: ${settled} of ${sids.length} numbers`;
      }
    } catch (error) {
      if (session !== state.session) return;
      const before = totals.imported
        ? ` (${plural(totals.imported, 'number')} imported first)`
        : '';
      showMessage(ui.importError, `${error.message}${before}`);
    } finally {
      ui.picker.disabled = false;
      ui.unsyncedFilter.disabled = false;
    }
  });
  if (session !== state.session) return;
  renderUnsynced();
  if (totals.imported + totals.alreadyExisted + totals.notInAccount.length === 0) {
    ui.importProgress.hidden = true;
    return;
  }

  ui.importResult.replaceChildren(...importSummary(totals));
  for (const id of totals.ids) state.fresh.add(id);
  ui.importResult.focus();
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

function searchFields() {
  return [
    [ui.areaCode, ui.areaCodeError],
    [ui.pattern, ui.patternError],
    [ui.locality, ui.localityError],
    [ui.postalCode, ui.postalCodeError],
  ];
}

async function loadCountries() {
  if (!can(PERMISSION.create)) return;
  const session = state.session;
  try {
    const { data } = await state.api.availableCountries();
    if (session !== state.session) return;
    state.countries = [...data.countries].sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    // Search still works for the United States, the API's default.
    state.countries = [];
  }
  renderCountries();
}

function renderCountries() {
  const countries = state.countries.length
    ? state.countries
    : [{ country_code: 'US', name: 'United States', types: ['local', 'toll_free'] }];
  ui.country.replaceChildren(
    ...countries.map((c) =>
      el('option', { value: c.country_code, text: c.beta ? `${c.name} (beta)` : c.name }),
    ),
  );
  ui.country.value = countries.some((c) => c.country_code === 'US')
    ? 'US'
    : countries[0].country_code;
  renderTypes();
}

function countryOf(code) {
  return (
    state.countries.find((c) => c.country_code === code) ?? {
      country_code: code,
      name: code === 'US' ? 'United States' : code,
      types: ['local', 'toll_free'],
    }
  );
}

function renderTypes() {
  const country = countryOf(ui.country.value);
  const previous = ui.numberType.value;
  ui.numberType.replaceChildren(
    ...country.types.map((t) => el('option', { value: t, text: TYPE_LABEL[t] ?? t })),
  );
  ui.numberType.value = country.types.includes(previous) ? previous : country.types[0];
  const nanp = NANP.has(country.country_code);
  ui.areaCodeField.hidden = !nanp;
  ui.postalCodeField.hidden = !nanp;
  if (!nanp) {
    ui.areaCode.value = '';
    ui.postalCode.value = '';
  }
}

function readCriteria() {
  const country = ui.country.value || 'US';
  const criteria = { country, type: ui.numberType.value || 'local' };
  const areaCode = ui.areaCode.value.trim();
  const contains = ui.pattern.value.trim();
  const locality = ui.locality.value.trim();
  const postalCode = ui.postalCode.value.trim();
  if (NANP.has(country) && areaCode) criteria.area_code = areaCode;
  if (contains) criteria.contains = contains;
  if (locality) criteria.in_locality = locality;
  if (NANP.has(country) && postalCode) criteria.in_postal_code = postalCode;
  const capabilities = {};
  if (ui.capVoice.checked) capabilities.voice = true;
  if (ui.capSms.checked) capabilities.sms = true;
  if (ui.capMms.checked) capabilities.mms = true;
  if (Object.keys(capabilities).length) criteria.capabilities = capabilities;
  return criteria;
}

/** The first field that is not right, with its message; each field shows its own. */
function validateSearch() {
  const checks = [
    [ui.areaCode, ui.areaCodeError, checkAreaCode(ui.areaCode.value.trim())],
    [ui.pattern, ui.patternError, checkPattern(ui.pattern.value.trim())],
    [ui.locality, ui.localityError, checkLocality(ui.locality.value.trim())],
    [ui.postalCode, ui.postalCodeError, checkPostalCode(ui.postalCode.value.trim())],
  ];
  let first = null;
  for (const [input, error, message] of checks) {
    setFieldError(input, error, message);
    if (message && !first) first = input;
  }
  return first;
}

const API_FIELD = {
  area_code: 'areaCode',
  contains: 'pattern',
  in_locality: 'locality',
  in_postal_code: 'postalCode',
};

async function searchNumbers(event) {
  event.preventDefault();
  if (ui.search.dataset.busy === 'true') return;
  const session = state.session;
  clearTransient();
  const invalid = validateSearch();
  if (invalid) {
    ui.searchStatus.textContent = '';
    invalid.focus();
    return;
  }
  const criteria = readCriteria();

  await whileBusy(ui.search, 'Searching…', async () => {
    ui.searchStatus.textContent = 'Searching…';
    ui.offers.setAttribute('aria-busy', 'true');
    try {
      const { data } = await state.api.searchAvailableNumbers(criteria);
      if (session !== state.session) return;
      state.criteria = criteria;
      renderOffers(data);
    } catch (error) {
      if (session !== state.session) return;
      ui.searchStatus.textContent = '';
      ui.offers.hidden = true;
      ui.offers.replaceChildren();
      const field = error instanceof ApiError ? error.fieldErrors[0]?.field : null;
      const key = field ? API_FIELD[field] : null;
      if (key) {
        setFieldError(ui[key], ui[`${key}Error`], error.messageFor(field));
        ui[key].focus();
      } else {
        showMessage(ui.searchError, error.message);
      }
    } finally {
      ui.offers.removeAttribute('aria-busy');
    }
  });
}

function describeCriteria(criteria) {
  const country = countryOf(criteria.country).name;
  const parts = [`in ${country}`];
  if (criteria.area_code) parts.push(`in area code ${criteria.area_code}`);
  if (criteria.in_locality) parts.push(`in ${criteria.in_locality}`);
  if (criteria.in_postal_code) parts.push(`in postal code ${criteria.in_postal_code}`);
  if (criteria.contains) parts.push(`containing ${criteria.contains}`);
  return parts.join(' ');
}

function renderOffers(data) {
  ui.offers.replaceChildren(...data.numbers.map(offerItem));
  describeOffers(data.detail);
}

/** The count said is always the count shown: it is told again after each purchase. */
function describeOffers(detail = null) {
  const count = ui.offers.children.length;
  const criteria = state.criteria;
  ui.offers.hidden = count === 0;
  if (!criteria) return;
  const kind = TYPE_WORDS[criteria.type] ?? criteria.type;
  ui.searchStatus.textContent = count
    ? `${plural(count, `${kind} number`)} for sale ${describeCriteria(criteria)}.`
    : (detail ?? `No ${kind} numbers for sale ${describeCriteria(criteria)}. Try fewer criteria.`);
}

function offerItem(offer) {
  const formatted = formatPhoneNumber(offer.phone_number);
  const where = place(offer.locality, offer.region);
  const needsAddress = offer.address_requirements && offer.address_requirements !== 'none';
  const buy = el('button', {
    type: 'button',
    class: 'button button--small',
    'aria-label': `Buy ${formatted}`,
    text: 'Buy',
  });
  buy.addEventListener('click', () => openBuyDialog(offer, buy));
  const type = TYPE_LABEL[offer.type] ?? offer.type;
  return el(
    'li',
    { class: 'offer', dataset: { number: offer.phone_number } },
    el(
      'div',
      { class: 'offer__main' },
      el('span', { class: 'number', title: offer.phone_number, text: formatted }),
      el('span', {
        class: 'offer__place',
        text: [type, where || (offer.type === 'local' ? 'Location not listed' : null)]
          .filter(Boolean)
          .join(' · '),
      }),
    ),
    el(
      'div',
      { class: 'offer__tags' },
      capabilities(offer.capabilities ?? {}),
      needsAddress ? el('span', { class: 'badge badge--warn', text: 'Needs an address' }) : null,
      offer.beta ? el('span', { class: 'badge', text: 'Beta' }) : null,
    ),
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
  const requirement = offer.address_requirements ?? 'none';
  state.offer = offer;
  state.offerButton = button;
  state.purchase = null;
  ui.buyDialogTitle.textContent = `Buy ${formatted}?`;
  ui.buyDialogDescription.textContent =
    `${formatted}${where ? ` (${where})` : ''} is bought in your organization's Twilio ` +
    'account, which Twilio bills for it, and its voice URL is pointed at Loquent.';
  showMessage(
    ui.buyAddressNote,
    requirement === 'none'
      ? null
      : `An address is required: Twilio sells this number only with ${ADDRESS_WORDS[requirement] ?? 'an address'}. Give the SID of one saved in your Twilio account.`,
  );
  ui.buyAddressField.hidden = requirement === 'none';
  ui.buyBundleField.hidden = NANP.has(offer.iso_country ?? 'US');
  for (const [input, error] of [
    [ui.buyName, ui.buyNameError],
    [ui.buyAddress, ui.buyAddressError],
    [ui.buyBundle, ui.buyBundleError],
  ]) {
    input.value = '';
    setFieldError(input, error, null);
  }
  showMessage(ui.buyError, null);
  ui.buyDialog.showModal();
  ui.buyName.focus();
}

function validatePurchase(offer) {
  const required = (offer.address_requirements ?? 'none') !== 'none';
  const checks = [
    [ui.buyName, ui.buyNameError, checkFriendlyName(ui.buyName.value.trim())],
    [
      ui.buyAddress,
      ui.buyAddressError,
      ui.buyAddressField.hidden ? null : checkAddressSid(ui.buyAddress.value.trim(), required),
    ],
    [
      ui.buyBundle,
      ui.buyBundleError,
      ui.buyBundleField.hidden ? null : checkBundleSid(ui.buyBundle.value.trim()),
    ],
  ];
  let first = null;
  for (const [input, error, message] of checks) {
    setFieldError(input, error, message);
    if (message && !first) first = input;
  }
  return first;
}

async function confirmPurchase(event) {
  event.preventDefault();
  if (state.buying || !state.offer) return;
  const offer = state.offer;
  showMessage(ui.buyError, null);
  const invalid = validatePurchase(offer);
  if (invalid) {
    invalid.focus();
    return;
  }
  state.buying = true;
  const session = state.session;
  const details = {
    friendlyName: ui.buyName.value.trim(),
    addressSid: ui.buyAddressField.hidden ? '' : ui.buyAddress.value.trim(),
    bundleSid: ui.buyBundleField.hidden ? '' : ui.buyBundle.value.trim(),
  };
  const request = JSON.stringify([offer.phone_number, details]);
  // The same purchase retried after an unknown outcome keeps its key, so it is never made twice.
  if (state.purchase?.request !== request) state.purchase = { request, key: newIdempotencyKey() };
  ui.buyCancel.disabled = true;

  try {
    await whileBusy(ui.buyConfirm, 'Buying…', async () => {
      try {
        const response = await state.api.buyPhoneNumber(
          offer.phone_number,
          details,
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
        } else if (error instanceof ApiError && error.problem.code === 'address_required') {
          ui.buyAddressField.hidden = false;
          setFieldError(ui.buyAddress, ui.buyAddressError, purchaseErrorMessage(error, offer));
          ui.buyAddress.focus();
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
    case 'address_required':
      return `Twilio refused the purchase: ${formatted} needs an address it accepts. ${error.message}`;
    case 'bundle_required':
      return `Twilio refused the purchase: ${formatted} needs an approved regulatory bundle. ${error.message}`;
    default:
      return error.message;
  }
}

async function purchased(offer, response) {
  const formatted = formatPhoneNumber(offer.phone_number);
  ui.offers.querySelector(`li[data-number="${CSS.escape(offer.phone_number)}"]`)?.remove();
  describeOffers();

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
    state.fresh.clear();
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
// Twilio account

async function loadConnection() {
  if (!can(PERMISSION.twilio)) return;
  const session = state.session;
  ui.accountStatus.textContent = 'Asking Twilio whether the account works…';
  try {
    const { data } = await state.api.twilioConnection();
    if (session !== state.session) return;
    ui.accountStatus.textContent = '';
    renderConnection(data);
  } catch (error) {
    if (session !== state.session) return;
    ui.accountStatus.textContent = '';
    showMessage(ui.accountError, `The Twilio account could not be read: ${error.message}`);
  }
}

function renderConnection(connection) {
  state.connection = connection;
  ui.disconnectConfirm.hidden = true;
  if (!connection.connected) {
    ui.accountState.replaceChildren(
      el(
        'p',
        { class: 'account-line' },
        el('span', { class: 'pill pill--neutral', text: 'Not connected' }),
        ' Numbers are bought and imported in the platform’s Twilio account.',
      ),
    );
    ui.connectForm.hidden = false;
    ui.disconnectActions.hidden = true;
    return;
  }
  const working = connection.status === 'working';
  const lines = [
    el(
      'p',
      { class: 'account-line' },
      el('span', {
        class: `pill ${working ? 'pill--ok' : 'pill--error'}`,
        text: working ? 'Connected and working' : 'Connected, but failing',
      }),
      ' ',
      el('code', { class: 'sid', text: connection.account_sid }),
      connection.friendly_name
        ? el('span', { class: 'muted', text: ` · ${connection.friendly_name}` })
        : null,
    ),
  ];
  if (!working && connection.problem) {
    lines.push(
      el('p', {
        class: 'account-problem',
        text: `Twilio says: ${connection.problem.detail}. Connect it again with a current auth token, or disconnect it.`,
      }),
    );
  }
  ui.accountState.replaceChildren(...lines);
  ui.connectForm.hidden = working;
  ui.connect.textContent = working ? 'Connect account' : 'Connect again';
  ui.disconnectActions.hidden = false;
}

async function connectAccount(event) {
  event.preventDefault();
  if (ui.connect.dataset.busy === 'true') return;
  const session = state.session;
  clearTransient();
  const accountSid = ui.accountSid.value.trim();
  const authToken = ui.authToken.value.trim();
  const sidProblem = checkAccountSid(accountSid);
  const tokenProblem = checkAuthToken(authToken);
  setFieldError(ui.accountSid, ui.accountSidError, sidProblem);
  setFieldError(ui.authToken, ui.authTokenError, tokenProblem);
  if (sidProblem || tokenProblem) {
    if (tokenProblem) ui.authToken.value = '';
    (sidProblem ? ui.accountSid : ui.authToken).focus();
    return;
  }
  // The token leaves the field at once: the page never shows it again, whatever the answer.
  ui.authToken.value = '';
  await whileBusy(ui.connect, 'Connecting…', async () => {
    ui.accountStatus.textContent = 'Checking the credentials with Twilio…';
    try {
      const { data } = await state.api.connectTwilio(accountSid, authToken);
      if (session !== state.session) return;
      ui.accountSid.value = '';
      renderConnection(data);
      ui.accountStatus.textContent = `Connected ${data.account_sid}. Numbers are now bought and imported there.`;
      resetImport();
      ui.accountState.focus();
    } catch (error) {
      if (session !== state.session) return;
      ui.accountStatus.textContent = '';
      const field = error instanceof ApiError ? error.fieldErrors[0]?.field : null;
      if (field === 'account_sid') {
        setFieldError(ui.accountSid, ui.accountSidError, error.messageFor(field));
        ui.accountSid.focus();
      } else if (field === 'auth_token') {
        setFieldError(ui.authToken, ui.authTokenError, error.messageFor(field));
        ui.authToken.focus();
      } else {
        showMessage(
          ui.accountError,
          error instanceof ApiError && error.status === 422
            ? `Twilio did not accept these credentials: ${error.message} Check the Account SID and paste the auth token again.`
            : error.message,
        );
        ui.authToken.focus();
      }
    }
  });
}

/** The numbers to import were those of the other account: ask again. */
function resetImport() {
  state.unsynced = [];
  state.selected.clear();
  ui.unsynced.hidden = true;
  ui.unsyncedList.replaceChildren();
  ui.unsyncedStatus.textContent = '';
}

async function disconnectAccount() {
  if (ui.disconnectYes.dataset.busy === 'true') return;
  const session = state.session;
  clearTransient();
  await whileBusy(ui.disconnectYes, 'Disconnecting…', async () => {
    try {
      const { data } = await state.api.disconnectTwilio();
      if (session !== state.session) return;
      renderConnection(data);
      resetImport();
      ui.accountStatus.textContent =
        'Disconnected: numbers are bought in the platform’s account again.';
      ui.accountSid.focus();
    } catch (error) {
      if (session !== state.session) return;
      showMessage(ui.accountError, error.message);
    }
  });
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
  ui.refresh.addEventListener('click', () => {
    if (!isInactive(ui.refresh)) loadPage(state.pageIndex);
  });
  ui.previousPage.addEventListener('click', () => {
    if (!isInactive(ui.previousPage)) loadPage(state.pageIndex - 1);
  });
  ui.nextPage.addEventListener('click', () => {
    if (!isInactive(ui.nextPage)) loadPage(state.pageIndex + 1);
  });
  ui.checkVoice.addEventListener('click', checkVoiceUrls);

  ui.fetchNumbers.addEventListener('click', fetchUnsynced);
  ui.selectAll.addEventListener('change', selectAll);
  ui.importSelected.addEventListener('click', importSelected);
  ui.clearSelection.addEventListener('click', clearSelection);
  ui.showMore.addEventListener('click', () => {
    state.shown += PICKER_PAGE;
    const before = ui.unsyncedList.children.length;
    renderPicker();
    ui.unsyncedList.children[before]?.querySelector('input')?.focus();
  });
  ui.unsyncedFilter.addEventListener('input', () => {
    state.filter = ui.unsyncedFilter.value.trim();
    state.shown = PICKER_PAGE;
    renderPicker();
  });

  ui.country.addEventListener('change', renderTypes);
  ui.searchForm.addEventListener('submit', searchNumbers);
  ui.buyForm.addEventListener('submit', confirmPurchase);
  ui.buyCancel.addEventListener('click', () => closeBuyDialog());
  ui.buyDialog.addEventListener('cancel', (event) => {
    // Escape while a purchase is in flight would hide its answer: wait for it.
    event.preventDefault();
    if (!state.buying) closeBuyDialog();
  });

  ui.detailClose.addEventListener('click', closeDetail);
  ui.detailEventsMore.addEventListener('click', () =>
    whileBusy(ui.detailEventsMore, 'Loading…', () => loadEvents(state.events.id, { more: true })),
  );
  ui.detailDialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    closeDetail();
  });
  ui.detailForm.addEventListener('submit', saveDetail);
  buildHoursForm();
  ui.fallbackAction.addEventListener('change', showFallbackFields);
  ui.callsForm.addEventListener('submit', saveCallHandling);
  ui.callsClearFallback.addEventListener('click', () =>
    sendCallHandling(ui.callsClearFallback, { fallback: null }),
  );
  ui.callsClearHours.addEventListener('click', () =>
    sendCallHandling(ui.callsClearHours, { business_hours: null }),
  );
  ui.detailRemoveOpen.addEventListener('click', openRemove);
  ui.removeRelease.addEventListener('change', updateRemoveMode);
  ui.removeForm.addEventListener('submit', confirmRemove);
  const cancelRemove = () => {
    if (ui.removeConfirm.dataset.busy === 'true') return;
    ui.removeDialog.close();
    ui.detailRemoveOpen.focus();
  };
  ui.removeCancel.addEventListener('click', cancelRemove);
  ui.removeDialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    cancelRemove();
  });

  ui.connectForm.addEventListener('submit', connectAccount);
  ui.disconnect.addEventListener('click', () => {
    ui.disconnectConfirm.hidden = false;
    ui.disconnectYes.focus();
  });
  ui.disconnectNo.addEventListener('click', () => {
    ui.disconnectConfirm.hidden = true;
    ui.disconnect.focus();
  });
  ui.disconnectYes.addEventListener('click', disconnectAccount);
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
