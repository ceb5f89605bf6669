// The operator's page: a live view of /api/v1/rooms with the remove and close actions (docs/DEPLOYING.md, Admin
// REST API). The browser sends the Basic credentials it was given for /admin/ with every request to the API.

const API = new URL('../api/v1/', location.href);
const REFRESH_MS = 3000;

/**
 * @typedef {{name: string, participants: number, createdAt: string}} RoomEntry
 * @typedef {{peerId: string, name: string, userId?: string, role?: string, joinedAt: string, transport: 'connected' | 'resuming'}} ParticipantEntry
 * @typedef {{name: string, participants: ParticipantEntry[]}} RoomDetail
 */

/** @param {string} testId */
function byTestId(testId) {
  const element = document.querySelector(`[data-testid="${testId}"]`);
  if (!(element instanceof HTMLElement)) throw new Error(`no element ${testId}`);
  return element;
}

/**
 * @param {string} path
 * @param {RequestInit} [init]
 */
async function api(path, init = {}) {
  const response = await fetch(new URL(path, API), { ...init, headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok && response.status !== 404) {
    /** @type {{message?: string}} */
    const body = await response.json().catch(() => ({}));
    throw new Error(body.message ?? `the API answered ${response.status}`);
  }
  return response;
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function element(tag, text) {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  return made;
}

/** @param {string} iso */
function time(iso) {
  return new Date(iso).toLocaleTimeString();
}

/**
 * @param {string} label
 * @param {string} testId
 * @param {string} question
 * @param {() => Promise<Response>} action
 */
function actionButton(label, testId, question, action) {
  const button = element('button', label);
  button.type = 'button';
  button.className = 'danger';
  button.dataset.testid = testId;
  button.addEventListener('click', async () => {
    if (!confirm(question)) return;
    button.disabled = true;
    try {
      await action();
      shown = '';
      await refresh();
    } catch (failure) {
      showError(/** @type {Error} */ (failure).message);
      button.disabled = false;
    }
  });
  return button;
}

/** @param {RoomDetail} room @param {string} createdAt */
function roomSection(room, createdAt) {
  const section = element('section');
  section.className = 'room';
  section.dataset.testid = 'room';
  section.dataset.room = room.name;
  const heading = element('h2', room.name);
  const since = element('span', `since ${time(createdAt)}, ${room.participants.length} in the call`);
  since.className = 'since';
  heading.append(since, actionButton('Close room', 'close-room', `Remove everyone from ${room.name}?`,
    () => api(`rooms/${encodeURIComponent(room.name)}`, { method: 'DELETE' })));
  const table = element('table');
  const head = element('tr');
  for (const title of ['Name', 'User', 'Role', 'Joined', 'Connection', '']) head.append(element('th', title));
  table.append(head);
  for (const participant of room.participants) {
    const row = element('tr');
    row.dataset.testid = 'participant';
    row.dataset.peerId = participant.peerId;
    const transport = element('td', participant.transport === 'connected' ? 'connected' : 'reconnecting…');
    transport.dataset.transport = participant.transport;
    const actions = element('td');
    actions.append(actionButton('Remove', 'remove', `Remove ${participant.name} from ${room.name}?`,
      () => api(`rooms/${encodeURIComponent(room.name)}/participants/${encodeURIComponent(participant.peerId)}`, { method: 'DELETE' })));
    row.append(element('td', participant.name), element('td', participant.userId ?? '–'), element('td', participant.role ?? '–'),
      element('td', time(participant.joinedAt)), transport, actions);
    table.append(row);
  }
  section.append(heading, table);
  return section;
}

/** @param {string} message */
function showError(message) {
  const error = byTestId('error');
  error.textContent = message;
  error.hidden = false;
}

let refreshing = false;
// What is on screen, so that a refresh that finds nothing new leaves the page (and the button under the mouse) alone.
let shown = '';

async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    /** @type {RoomEntry[]} */
    const rooms = await (await api('rooms')).json();
    /** @type {{detail: RoomDetail, createdAt: string}[]} */
    const details = [];
    for (const entry of rooms) {
      const response = await api(`rooms/${encodeURIComponent(entry.name)}`);
      // A room that ended between the two requests is simply left out.
      if (response.ok) details.push({ detail: await response.json(), createdAt: entry.createdAt });
    }
    const now = JSON.stringify(details);
    if (now !== shown) {
      byTestId('rooms').replaceChildren(...details.map(({ detail, createdAt }) => roomSection(detail, createdAt)));
      shown = now;
    }
    byTestId('no-rooms').hidden = details.length > 0;
    byTestId('refreshed').textContent = `Updated ${new Date().toLocaleTimeString()}`;
    byTestId('error').hidden = true;
  } catch (failure) {
    showError(`Cannot load the rooms: ${/** @type {Error} */ (failure).message}. Retrying…`);
  } finally {
    refreshing = false;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
