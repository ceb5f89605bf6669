// The example portal's own logic: it puts a <callroom-call> on the page, drives it with the buttons and logs its
// events. embed.js, loaded by the page from a fixed address, defines the element; nothing here loads a script.
export {}; // A module with nothing to export: the page loads it with type="module", so it may await.

const params = new URLSearchParams(location.search);
const call = document.createElement('callroom-call');
for (const name of ['room', 'name', 'token', 'lang', 'audio', 'video']) {
  const value = params.get(name);
  if (value) call.setAttribute(name, value);
}
const log = /** @type {HTMLElement} */ (document.getElementById('log'));
const events = ['joined', 'left', 'peer-joined', 'peer-left', 'audio-muted-changed', 'video-muted-changed', 'chat',
  'connection-state', 'error'];
for (const type of events) {
  call.addEventListener(type, (event) => {
    const item = document.createElement('li');
    item.dataset.event = type;
    item.textContent = `${type} ${JSON.stringify(/** @type {CustomEvent} */ (event).detail)}`;
    log.append(item);
  });
}
// The element's methods exist once embed.js has defined it, whichever module ran first.
await customElements.whenDefined('callroom-call');
const element = /** @type {import('../embed.js').CallroomCall} */ (call);
/** @type {HTMLElement} */ (document.getElementById('slot')).append(element);
/**
 * @param {string} id
 * @param {() => void} action
 */
const on = (id, action) => /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`)).addEventListener('click', action);
on('portal-join', () => element.join());
on('portal-leave', () => element.leave());
on('portal-mute', () => element.setAudioMuted(true));
on('portal-unmute', () => element.setAudioMuted(false));
on('portal-camera-off', () => element.setVideoMuted(true));
on('portal-camera-on', () => element.setVideoMuted(false));
/** @type {HTMLElement} */ (document.getElementById('chat')).addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="portal-chat"]'));
  element.sendChat(input.value);
  input.value = '';
});
