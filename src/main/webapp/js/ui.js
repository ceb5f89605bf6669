// Page elements and what the person sees; no call logic here.

export const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

const STATE_TEXT = {
  idle: 'Not in a call',
  joining: 'Joining…',
  waiting: 'Waiting for others',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Connection interrupted, retrying…',
  failed: 'Connection failed',
};

export function showState(state) {
  const indicator = byTestId('connection-state');
  indicator.dataset.state = state;
  indicator.textContent = STATE_TEXT[state] ?? state;
}

// severity 'error' blocks the call; 'warning' explains a limitation the call continues with.
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

let noticeTimer;
export function showNotice(text) {
  const notice = document.getElementById('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, 5000);
}

export function showView(view) {
  document.getElementById('lobby').hidden = view !== 'lobby';
  document.getElementById('call').hidden = view !== 'call';
}

export function addRemoteTile(peerId, name) {
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
  document.getElementById('remotes').append(figure);
  updateWaiting();
  return video;
}

export function removeRemoteTile(peerId) {
  document.querySelector(`.tile.remote[data-peer-id="${CSS.escape(peerId)}"]`)?.remove();
  updateWaiting();
}

export function removeAllRemoteTiles() {
  document.querySelectorAll('.tile.remote').forEach((tile) => tile.remove());
  updateWaiting();
}

export function setShareLink(href) {
  const link = document.getElementById('share-link');
  link.href = href;
  link.textContent = href;
}

function updateWaiting() {
  document.getElementById('waiting').hidden = document.querySelector('.tile.remote') !== null;
}

export function setPressed(button, pressed, label) {
  button.setAttribute('aria-pressed', String(pressed));
  button.textContent = label;
}
