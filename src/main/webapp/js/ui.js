// Page elements and what the person sees; no call logic here.

/**
 * The elements of index.html by data-testid, with their types, so a lookup of an id the page lacks fails the type check.
 * @typedef {{
 *   'connection-state': HTMLSpanElement, 'error': HTMLParagraphElement,
 *   'preview-video': HTMLVideoElement, 'preview-status': HTMLElement,
 *   'room': HTMLInputElement, 'name': HTMLInputElement, 'join': HTMLButtonElement,
 *   'local-video': HTMLVideoElement, 'toggle-audio': HTMLButtonElement, 'toggle-video': HTMLButtonElement,
 *   'start-audio': HTMLButtonElement, 'leave': HTMLButtonElement, 'rejoin': HTMLButtonElement,
 *   'chat-log': HTMLOListElement, 'chat-input': HTMLInputElement, 'chat-send': HTMLButtonElement,
 * }} TestIdElements
 */

/**
 * The elements of index.html by id.
 * @typedef {{
 *   'lobby': HTMLElement, 'call': HTMLElement, 'join-form': HTMLFormElement, 'chat-form': HTMLFormElement,
 *   'remotes': HTMLDivElement, 'waiting': HTMLParagraphElement, 'share-link': HTMLAnchorElement,
 *   'notice': HTMLParagraphElement,
 * }} IdElements
 */

/** @typedef {keyof typeof STATE_TEXT} CallState */

/**
 * The page's element with this data-testid; index.html always has it.
 * @template {keyof TestIdElements} K
 * @param {K} id
 * @returns {TestIdElements[K]}
 */
export const byTestId = (id) => /** @type {TestIdElements[K]} */ (document.querySelector(`[data-testid="${id}"]`));

/**
 * The page's element with this id; index.html always has it.
 * @template {keyof IdElements} K
 * @param {K} id
 * @returns {IdElements[K]}
 */
export const byId = (id) => /** @type {IdElements[K]} */ (document.getElementById(id));

const STATE_TEXT = {
  idle: 'Not in a call',
  joining: 'Joining…',
  waiting: 'Waiting for others',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Connection interrupted, retrying…',
  'reconnecting-media': 'Reconnecting media…',
  reconnecting: 'Reconnecting…',
  'signaling-down': 'Call server unreachable, still trying…',
  failed: 'Connection failed',
};

/** @param {CallState} state */
export function showState(state) {
  const indicator = byTestId('connection-state');
  indicator.dataset.state = state;
  indicator.textContent = STATE_TEXT[state] ?? state;
}

// severity 'error' blocks the call; 'warning' explains a limitation the call continues with.
/**
 * @param {string} text
 * @param {'error' | 'warning'} [severity]
 */
export function showError(text, severity = 'error') {
  const box = byTestId('error');
  box.textContent = text;
  box.dataset.severity = severity;
  box.hidden = false;
}

export function clearError() {
  const box = byTestId('error');
  box.textContent = '';
  box.hidden = true;
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let noticeTimer;
/** @param {string} text */
export function showNotice(text) {
  const notice = byId('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, 5000);
}

/** @param {'lobby' | 'call'} view */
export function showView(view) {
  byId('lobby').hidden = view !== 'lobby';
  byId('call').hidden = view !== 'call';
}

/** A button on a remote tile, e.g. a moderator's. @typedef {{label: string, testId: string, act: () => void}} TileAction */

/**
 * @param {string} peerId
 * @param {string} name
 * @param {TileAction[]} [actions]
 * @returns {HTMLVideoElement} the tile's video, for the peer's stream
 */
export function addRemoteTile(peerId, name, actions = []) {
  const figure = document.createElement('figure');
  figure.className = 'tile remote';
  figure.dataset.peerId = peerId;
  const video = document.createElement('video');
  video.dataset.testid = 'remote-video';
  video.dataset.peerId = peerId;
  video.autoplay = true;
  video.playsInline = true;
  const caption = document.createElement('figcaption');
  caption.textContent = name;
  figure.append(video, caption);
  if (actions.length) {
    const bar = document.createElement('div');
    bar.className = 'tile-actions';
    for (const { label, testId, act } of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.dataset.testid = testId;
      button.addEventListener('click', act);
      bar.append(button);
    }
    figure.append(bar);
  }
  byId('remotes').append(figure);
  updateWaiting();
  return video;
}

/** @param {string} peerId */
export function removeRemoteTile(peerId) {
  document.querySelector(`.tile.remote[data-peer-id="${CSS.escape(peerId)}"]`)?.remove();
  updateWaiting();
}

export function removeAllRemoteTiles() {
  document.querySelectorAll('.tile.remote').forEach((tile) => tile.remove());
  updateWaiting();
}

// The page's own peer id on its self-view, as the remote tiles carry theirs; null once out of the call.
/** @param {string | null} peerId */
export function setSelfPeerId(peerId) {
  const video = byTestId('local-video');
  if (peerId) video.dataset.peerId = peerId;
  else delete video.dataset.peerId;
}

/** @param {string} href */
export function setShareLink(href) {
  const link = byId('share-link');
  link.href = href;
  link.textContent = href;
}

function updateWaiting() {
  byId('waiting').hidden = document.querySelector('.tile.remote') !== null;
}

/**
 * @param {HTMLButtonElement} button
 * @param {boolean} pressed
 * @param {string} label
 */
export function setPressed(button, pressed, label) {
  button.setAttribute('aria-pressed', String(pressed));
  button.textContent = label;
}
