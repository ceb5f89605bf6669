// The call page: lobby → join → one PeerLink per remote peer → hang up; the signaling reconnects by itself meanwhile.

import { CallSignaling, CloseCode, ErrorCode, SignalingSocket } from './signaling.js';
import { openLocalMedia } from './media.js';
import { PeerLink } from './peer.js';
import { ChatLog } from './chat.js';
import { HostChannel, HostCommand } from './host.js';
import {
  addRemoteTile, byId, byTestId, clearError, removeAllRemoteTiles, removeRemoteTile, setPressed,
  setSelfPeerId, setShareLink, showError, showNotice, showState, showView,
} from './ui.js';

/** @import { IceServer, ServerMessage, SignalingEnd, WelcomeMessage } from './signaling.js' */
/** @import { LocalMedia } from './media.js' */
/** @import { CallState } from './ui.js' */

/**
 * The call in progress. selfId is set once the server's welcome arrives, before any PeerLink exists.
 * absent: peers a resumed welcome did not list, each with the timer that drops it unless it comes back.
 * @typedef {{
 *   signaling: CallSignaling, name: string, selfId: string | null, localStream: MediaStream | null,
 *   iceServers: IceServer[], iceTransportPolicy: RTCIceTransportPolicy, links: Map<string, PeerLink>,
 *   absent: Map<string, ReturnType<typeof setTimeout>>, role: string | null,
 * }} Call
 */

const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
// A peer connection interrupted this long while the signaling is down no longer counts as carrying the call.
const MEDIA_LOST_AFTER_MS = 20000;

const chat = new ChatLog(byTestId('chat-log'));
/** The portal page this one is embedded in (embed.js), told of everything below; null on a page of its own. */
const host = HostChannel.fromLocation();
/** @type {Call | null} */
let call = null;
// The lobby's camera and microphone (a promise of openLocalMedia's result), handed to the call on Join.
/** @type {Promise<LocalMedia> | null} */
let lobbyMedia = null;
// A signaling socket opened in the lobby for the room in the form, so Join does not wait for the handshake.
/** @type {SignalingSocket | null} */
let lobbySignaling = null;

function missingFeatures() {
  const missing = [];
  if (!('RTCPeerConnection' in window)) missing.push('WebRTC');
  if (!('WebSocket' in window)) missing.push('WebSocket');
  if (!('MediaStream' in window)) missing.push('media streams');
  return missing;
}

// A join token comes in the URL fragment (#token=…), which browsers never send to the server; it goes only in join.
// A joined page drops it from its address, and keeps the last one it read here, to rejoin a call it lost.
/** @type {string | null} */
let invitation = null;

function joinToken() {
  const fromAddress = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromAddress) invitation = fromAddress;
  return invitation;
}

// The name a join token will give, to show in the lobby; only for display: the server checks the token.
/**
 * @param {string} token
 * @returns {string | null}
 */
function tokenName(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims.name === 'string' ? claims.name : null;
  } catch {
    return null;
  }
}

function prefillLobby() {
  const params = new URLSearchParams(location.search);
  const room = params.get('room');
  const token = joinToken();
  byTestId('room').value = room ?? `room-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
  byTestId('name').value = (token ? tokenName(token) : null) ?? params.get('name') ?? localStorage.getItem('callroom.name') ?? '';
}

// The camera starts in the lobby, so people see themselves before joining and the call does not wait for it.
function startPreview() {
  const status = byTestId('preview-status');
  status.textContent = 'Starting your camera…';
  const media = openLocalMedia();
  lobbyMedia = media;
  media.then(({ stream, problem }) => {
    if (lobbyMedia !== media) return; // Joined or left meanwhile; whoever took it owns it.
    byTestId('preview-video').srcObject = stream;
    status.textContent = stream?.getVideoTracks().length ? 'Your camera' : 'No camera';
    if (problem) showError(problem, 'warning');
  });
}

function takeLobbyMedia() {
  const media = lobbyMedia ?? openLocalMedia();
  lobbyMedia = null;
  byTestId('preview-video').srcObject = null;
  byTestId('preview-status').textContent = 'Camera is off';
  return media;
}

// Opens (or keeps) a socket to the room in the form; a socket nearing the server's join deadline is replaced.
function warmSignaling() {
  if (call) return;
  const room = byTestId('room').value.trim();
  if (lobbySignaling?.room === room && lobbySignaling.fresh) return;
  lobbySignaling?.close();
  lobbySignaling = ROOM_PATTERN.test(room) ? new SignalingSocket(room) : null;
}

/** @param {string} room */
function takeSignaling(room) {
  const warm = lobbySignaling;
  lobbySignaling = null;
  if (warm?.room === room && warm.fresh) return warm;
  warm?.close();
  return new SignalingSocket(room);
}

function coolSignaling() {
  lobbySignaling?.close();
  lobbySignaling = null;
}

function stopPreview() {
  if (!lobbyMedia) return;
  takeLobbyMedia().then(({ stream }) => stream?.getTracks().forEach((track) => track.stop()));
}

// The link to share: the room only. The fragment is dropped, since a join token in it is one person's.
/** @param {string} room */
function roomLink(room) {
  const url = new URL(location.href);
  url.search = new URLSearchParams({ room }).toString();
  url.hash = '';
  return url.href;
}

/** @param {SubmitEvent} event */
async function join(event) {
  event.preventDefault();
  clearError();
  const room = byTestId('room').value.trim();
  const name = byTestId('name').value.trim();
  if (!ROOM_PATTERN.test(room)) {
    showError('A room name is 1 to 64 letters, digits, "_" or "-".');
    return;
  }
  if (!name) {
    showError('Please enter your name.');
    return;
  }
  localStorage.setItem('callroom.name', name);
  byTestId('join').disabled = true;
  byTestId('rejoin').hidden = true;
  setState('joining');
  // User Timing marks let anyone see in the browser's performance tools where call set-up time goes.
  performance.mark('callroom:join');

  const { stream, problem } = await takeLobbyMedia();
  performance.mark('callroom:media-ready');
  if (problem) showError(problem, 'warning');
  const localVideo = byTestId('local-video');
  localVideo.srcObject = stream;
  updateMediaButtons(stream);

  const signaling = new CallSignaling({ room, name, token: joinToken(), socket: takeSignaling(room), mediaFlows });
  call = {
    signaling, name, selfId: null, localStream: stream, iceServers: [], iceTransportPolicy: 'all',
    links: new Map(), absent: new Map(), role: null,
  };
  // A socket outlives its call only briefly, but its events must never reach the next call.
  // CallSignaling dispatches CustomEvents (see signaling.js); EventTarget's typing knows only Event.
  signaling.addEventListener('message', (event) => {
    const { detail } = /** @type {CustomEvent<ServerMessage>} */ (event);
    if (call?.signaling === signaling) onSignal(detail);
  });
  signaling.addEventListener('reconnecting', () => {
    if (call?.signaling === signaling) refreshState();
  });
  signaling.addEventListener('signaling-down', () => {
    if (call?.signaling !== signaling) return;
    showNotice('The call server cannot be reached. The call goes on; the page keeps trying.');
    refreshState();
  });
  signaling.addEventListener('reconnected', (event) => {
    const { detail } = /** @type {CustomEvent<WelcomeMessage>} */ (event);
    if (call?.signaling === signaling) onReconnected(detail);
  });
  signaling.addEventListener('ended', (event) => {
    const { detail } = /** @type {CustomEvent<SignalingEnd>} */ (event);
    if (call?.signaling === signaling) onSignalingEnded(detail);
  });
  try {
    const welcome = await signaling.join();
    performance.mark('callroom:welcome');
    takeWelcome(welcome);
    // The newcomer offers to everyone already there, first: the browser builds the offers while the page redraws.
    for (const peer of welcome.peers) connectTo(peer.peerId, peer.name, true);
    // The token has served: the address keeps the room only, so a reload needs a new invitation (a removal bans the old one).
    history.replaceState(null, '', roomLink(room));
    setShareLink(roomLink(room));
    showView('call');
    chat.clear();
    chat.system(`You joined ${room} as ${welcome.name ?? name}.`);
    host?.emit('joined', { room, peerId: welcome.peerId, name: welcome.name ?? name });
    applyStartMuted();
    refreshState();
  } catch (caught) {
    // A SignalingError from join(), or whatever the lines after it threw.
    const error = /** @type {Error & {code?: string}} */ (caught);
    endCall();
    showError(joinRefusal(error, room));
    host?.emit('error', { code: error.code ?? 'join-failed', message: joinRefusal(error, room) });
  } finally {
    byTestId('join').disabled = false;
  }
}

// What a person reads when a join fails.
/**
 * @param {Error & {code?: string}} error
 * @param {string} room
 * @returns {string}
 */
function joinRefusal(error, room) {
  switch (error.code) {
    case ErrorCode.ROOM_FULL: return `Room ${room} is full. Try another room name.`;
    case ErrorCode.BANNED: return `You were removed from room ${room} and cannot join it again for now.`;
    case ErrorCode.UNAUTHORIZED:
      return joinToken()
        ? `This invitation link does not admit you to room ${room} (${error.message}). Ask whoever invited you for a new link.`
        : `Room ${room} needs an invitation link. Ask whoever invited you for one.`;
    default: return error.message;
  }
}

/**
 * @param {string} peerId
 * @param {string} name
 * @param {boolean} initiator
 * @returns {PeerLink}
 */
function connectTo(peerId, name, initiator) {
  // Only called while a call is joined, so the call and its selfId exist.
  const current = /** @type {Call} */ (call);
  const link = new PeerLink({
    peerId,
    name,
    initiator,
    polite: /** @type {string} */ (current.selfId) < peerId,
    signaling: current.signaling,
    localStream: current.localStream,
    iceServers: current.iceServers,
    iceTransportPolicy: current.iceTransportPolicy,
    events: {
      onTrack: (l) => playRemote(l),
      onStateChange: (l, state) => onLinkState(l, state),
      onChatOpen: () => refreshChat(),
      onChatClose: () => refreshChat(),
      onChat: (l, text) => {
        chat.message(l.name, text);
        host?.emit('chat', { peerId: l.peerId, name: l.name, text });
      },
    },
  });
  current.links.set(peerId, link);
  link.video = addRemoteTile(peerId, name, current.role === 'moderator' ? moderatorActions(peerId, name) : []);
  return link;
}

// A moderator's buttons on another peer's tile; the server refuses them from anyone else (error forbidden).
/**
 * @param {string} peerId
 * @param {string} name
 * @returns {import('./ui.js').TileAction[]}
 */
function moderatorActions(peerId, name) {
  return [
    { label: 'Mute', testId: 'moderate-mute', act: () => call?.signaling.send({ type: 'mute', to: peerId, muted: true }) },
    { label: 'Ask to unmute', testId: 'moderate-unmute', act: () => call?.signaling.send({ type: 'mute', to: peerId, muted: false }) },
    {
      label: 'Remove', testId: 'moderate-remove',
      act: () => { if (confirm(`Remove ${name} from the call?`)) call?.signaling.send({ type: 'remove', to: peerId }); },
    },
  ];
}

// A moderator muted this page, or asks it to unmute: muting is done here, unmuting only ever by the person.
/** @param {boolean} muted */
function onModeratorMute(muted) {
  if (muted) {
    setMuted('audio', true);
    showNotice('A moderator muted your microphone. Unmute it when you want to speak.');
  } else if (localTracks('audio')[0]?.enabled === false) {
    showNotice('A moderator asks you to unmute your microphone.');
  }
}

// What a welcome (the first, or one after a reconnect) says about this peer.
/** @param {WelcomeMessage} welcome */
function takeWelcome(welcome) {
  const current = /** @type {Call} */ (call);
  current.selfId = welcome.peerId;
  current.role = welcome.role ?? null;
  current.iceServers = welcome.iceServers;
  current.iceTransportPolicy = welcome.iceTransportPolicy ?? 'all';
  setSelfPeerId(welcome.peerId);
}

/** @param {ServerMessage} message */
function onSignal(message) {
  if (!call) return;
  switch (message.type) {
    case 'peer-joined': {
      // Someone we are connected to came back after a server restart: keep its connection and tile as they are.
      const known = call.links.get(message.peerId);
      if (known) {
        clearTimeout(call.absent.get(message.peerId));
        call.absent.delete(message.peerId);
        if (known.connectionState !== 'connected') known.restartIce();
        break;
      }
      connectTo(message.peerId, message.name, false);
      chat.system(`${message.name} joined.`);
      host?.emit('peer-joined', { peerId: message.peerId, name: message.name });
      refreshState();
      break;
    }
    case 'peer-left':
      dropPeer(message.peerId);
      break;
    case 'offer':
    case 'answer':
    case 'candidate':
      call.links.get(message.from)?.receive(message);
      break;
    case 'mute':
      onModeratorMute(message.muted);
      break;
    case 'error':
      console.warn('signaling error', message.code, message.message);
      host?.emit('error', { code: message.code, message: message.message });
      if (message.code === ErrorCode.ROOM_FULL) showError('This room is full.');
      break;
    default:
      break; // Newer servers may send types this page does not know yet.
  }
}

// Media does not need the server: while signaling is down, only a connection that failed by itself is given up.
/**
 * @param {PeerLink} link
 * @param {RTCPeerConnectionState} state
 */
function onLinkState(link, state) {
  if (call?.signaling.down && (state === 'failed' || state === 'closed') && call.links.get(link.peerId) === link) {
    dropPeer(link.peerId);
    return;
  }
  refreshState();
}

// Whether any peer connection still carries the call: then it goes on while the server is away. An interruption
// shorter than MEDIA_LOST_AFTER_MS may still heal by itself; a longer one, with no server to restart ICE, will not.
function mediaFlows() {
  return call !== null && [...call.links.values()].some((link) => link.connectionState === 'connected'
    || (link.connectionState === 'disconnected' && link.lostFor < MEDIA_LOST_AFTER_MS));
}

/** @param {string} peerId */
function dropPeer(peerId) {
  if (!call) return;
  clearTimeout(call.absent.get(peerId));
  call.absent.delete(peerId);
  const link = call.links.get(peerId);
  if (!link) return;
  link.close();
  call.links.delete(peerId);
  removeRemoteTile(peerId);
  host?.emit('peer-left', { peerId });
  chat.system(`${link.name} left the call.`);
  showNotice(`${link.name} left the call.`);
  refreshState();
  refreshChat();
}

// A new socket got through. Resumed: the same peer id, so every connection that still works stays as it is.
/** @param {WelcomeMessage} welcome */
function onReconnected(welcome) {
  if (!call) return;
  if (!welcome.resumed) {
    rejoinAsNewPeer(welcome);
    return;
  }
  const current = call;
  takeWelcome(welcome);
  const listed = new Set(welcome.peers.map((peer) => peer.peerId));
  for (const [peerId, link] of current.links) {
    if (!listed.has(peerId)) {
      // After a server restart the room re-forms as its peers come back, each while its resume token lasts; one that
      // does not in time has left.
      clearTimeout(current.absent.get(peerId));
      current.absent.set(peerId, setTimeout(() => dropPeer(peerId), current.signaling.tokenSeconds * 1000));
    } else if (link.connectionState !== 'connected') {
      link.restartIce(); // Its candidates or answer may have been lost with the old socket.
    }
  }
  // Peers we have no connection to joined while we were away: to us they are newcomers, and we offer.
  for (const peer of welcome.peers) {
    if (current.links.has(peer.peerId)) continue;
    connectTo(peer.peerId, peer.name, true);
    chat.system(`${peer.name} joined.`);
    host?.emit('peer-joined', { peerId: peer.peerId, name: peer.name });
  }
  refreshState();
}

// The server refused the resume (its grace period ended, or it lost our place), or the token expired while the server
// was away, and we joined afresh: a new peer id, so every connection starts over, as a newcomer's.
/** @param {WelcomeMessage} welcome */
function rejoinAsNewPeer(welcome) {
  const current = /** @type {Call} */ (call);
  for (const timer of current.absent.values()) clearTimeout(timer);
  current.absent.clear();
  for (const link of current.links.values()) link.close();
  current.links.clear();
  removeAllRemoteTiles();
  takeWelcome(welcome);
  for (const peer of welcome.peers) connectTo(peer.peerId, peer.name, true);
  chat.system('The call server had lost your place in the call: you joined it again.');
  showNotice('Reconnected: you joined the call again.');
  refreshState();
  refreshChat();
}

// The signaling gave up: the server refused us, or nothing got through while the resume token lasted and no media
// flowed.
/** @param {SignalingEnd} end */
function onSignalingEnded({ error, rejoin }) {
  if (!call) return;
  const { signaling: { room }, name } = call;
  endCall();
  showError(joinRefusal(error, room));
  const code = error.close?.code === CloseCode.REMOVED ? 'removed' : error.code ?? 'signaling-ended';
  host?.emit('error', { code, message: joinRefusal(error, room) });
  if (rejoin) {
    const button = byTestId('rejoin');
    button.dataset.room = room;
    button.dataset.name = name;
    button.hidden = false;
  }
}

// Joins the call that was lost, afresh, under the same name (and with the same join token, from the fragment).
function rejoinLostCall() {
  const button = byTestId('rejoin');
  byTestId('room').value = button.dataset.room ?? byTestId('room').value;
  byTestId('name').value = button.dataset.name ?? byTestId('name').value;
  byId('join-form').requestSubmit();
}

/** @param {PeerLink} link */
function playRemote(link) {
  const video = link.video;
  if (!video) return; // Never so: connectTo gives each link its tile before any track can arrive.
  if (video.srcObject !== link.remoteStream) video.srcObject = link.remoteStream;
  video.play().catch((error) => {
    // The browser refused to start sound without a gesture: offer one rather than staying silent.
    if (error.name === 'NotAllowedError') byTestId('start-audio').hidden = false;
  });
}

function refreshState() {
  if (!call) {
    setState('idle');
    return;
  }
  if (call.signaling.down) {
    setState('signaling-down'); // The token expired: the call goes on while its media flows, and the page keeps trying.
    return;
  }
  if (call.signaling.reconnecting) {
    setState('reconnecting'); // The media goes on meanwhile: only the signaling is away.
    return;
  }
  const links = [...call.links.values()];
  const states = links.map((link) => link.connectionState);
  if (states.length === 0) setState('waiting');
  else if (states.includes('connected')) setState('connected');
  else if (links.some((link) => link.reconnecting)) setState('reconnecting-media');
  else if (states.includes('failed')) setState('failed');
  else if (states.includes('disconnected')) setState('disconnected');
  else setState('connecting');
}

/** The state indicator, and the host page when it changes. */
/** @type {CallState} */
let shownState = 'idle';
/** @param {CallState} state */
function setState(state) {
  showState(state);
  if (state !== shownState) host?.emit('connection-state', { state });
  shownState = state;
}

function refreshChat() {
  const open = call !== null && [...call.links.values()].some((link) => link.chatOpen);
  byTestId('chat-input').disabled = !open;
  byTestId('chat-send').disabled = !open;
}

/** @param {SubmitEvent} event */
function sendChat(event) {
  event.preventDefault();
  const input = byTestId('chat-input');
  if (sendChatText(input.value)) input.value = '';
}

/**
 * @param {string} typed
 * @returns {boolean} whether it went out
 */
function sendChatText(typed) {
  const text = typed.trim();
  if (!text || !call) return false;
  for (const link of call.links.values()) link.sendChat(text);
  chat.message('You', text, true);
  return true;
}

/** @param {MediaStream | null} stream */
function updateMediaButtons(stream) {
  const audio = byTestId('toggle-audio');
  const video = byTestId('toggle-video');
  audio.disabled = !stream?.getAudioTracks().length;
  video.disabled = !stream?.getVideoTracks().length;
  setPressed(audio, false, MEDIA_BUTTONS.audio.onLabel);
  setPressed(video, false, MEDIA_BUTTONS.video.onLabel);
}

// Each kind's button, and its label while the track is on and while it is off.
const MEDIA_BUTTONS = /** @type {const} */ ({
  audio: { testId: 'toggle-audio', onLabel: 'Mute', offLabel: 'Unmute' },
  video: { testId: 'toggle-video', onLabel: 'Camera off', offLabel: 'Camera on' },
});

/**
 * @param {'audio' | 'video'} kind
 * @returns {MediaStreamTrack[]}
 */
function localTracks(kind) {
  return (kind === 'audio' ? call?.localStream?.getAudioTracks() : call?.localStream?.getVideoTracks()) ?? [];
}

// Disabling a track keeps the connection as it is (no renegotiation); the other side gets silence or black.
/** @param {'audio' | 'video'} kind */
function toggle(kind) {
  const tracks = localTracks(kind);
  if (!tracks.length) return;
  const enabled = !tracks[0].enabled;
  tracks.forEach((track) => { track.enabled = enabled; });
  const { testId, onLabel, offLabel } = MEDIA_BUTTONS[kind];
  setPressed(byTestId(testId), !enabled, enabled ? onLabel : offLabel);
  host?.emit(`${kind}-muted-changed`, { muted: !enabled });
}

/**
 * Mutes or unmutes as asked; nothing happens, and nothing is told, when it already is so.
 * @param {'audio' | 'video'} kind
 * @param {boolean} muted
 */
function setMuted(kind, muted) {
  const tracks = localTracks(kind);
  if (tracks.length && tracks[0].enabled === muted) toggle(kind);
}

// An embedding page may start the call muted or with the camera off (<callroom-call audio="off" video="off">).
function applyStartMuted() {
  const params = new URLSearchParams(location.search);
  if (params.get('audio') === 'off') setMuted('audio', true);
  if (params.get('video') === 'off') setMuted('video', true);
}

// What the host page asks through <callroom-call>'s methods; a malformed command is answered with an error event.
/**
 * @param {string} command
 * @param {unknown[]} args
 */
function onHostCommand(command, args) {
  const [value] = args;
  switch (command) {
    case HostCommand.JOIN:
      if (!call) byId('join-form').requestSubmit();
      return;
    case HostCommand.LEAVE:
      hangUp();
      return;
    case HostCommand.SET_AUDIO_MUTED:
    case HostCommand.SET_VIDEO_MUTED:
      if (typeof value === 'boolean') {
        setMuted(command === HostCommand.SET_AUDIO_MUTED ? 'audio' : 'video', value);
        return;
      }
      break;
    case HostCommand.SEND_CHAT:
      if (typeof value === 'string') {
        if (!sendChatText(value)) host?.emit('error', { code: 'not-sent', message: 'Nobody to send the message to yet.' });
        return;
      }
      break;
    default:
      host?.emit('error', { code: 'unknown-command', message: `No command '${command.slice(0, 64)}'.` });
      return;
  }
  host?.emit('error', { code: 'bad-command', message: `${command} takes one ${command === HostCommand.SEND_CHAT ? 'string' : 'boolean'}.` });
}

function endCall() {
  if (!call) return;
  call.signaling.close();
  for (const timer of call.absent.values()) clearTimeout(timer);
  for (const link of call.links.values()) link.close();
  call.localStream?.getTracks().forEach((track) => track.stop());
  byTestId('local-video').srcObject = null;
  setSelfPeerId(null);
  removeAllRemoteTiles();
  byTestId('start-audio').hidden = true;
  call = null;
  refreshChat();
  showView('lobby');
  setState('idle');
  host?.emit('left');
}

function hangUp() {
  if (!call) return;
  call.signaling.leave();
  endCall();
  showNotice('You left the call.');
}

function start() {
  const missing = missingFeatures();
  prefillLobby();
  if (missing.length) {
    showError(`This browser cannot make calls (missing ${missing.join(', ')}). Please use a current Chrome, Edge, Firefox or Safari.`);
    byTestId('join').disabled = true;
    return;
  }
  byId('join-form').addEventListener('submit', join);
  byId('chat-form').addEventListener('submit', sendChat);
  byTestId('leave').addEventListener('click', hangUp);
  byTestId('rejoin').addEventListener('click', rejoinLostCall);
  const button = (/** @type {Event} */ e) => /** @type {HTMLButtonElement} */ (e.currentTarget);
  byTestId('toggle-audio').addEventListener('click', () => toggle('audio'));
  byTestId('toggle-video').addEventListener('click', () => toggle('video'));
  byTestId('start-audio').addEventListener('click', (e) => {
    /** @type {NodeListOf<HTMLVideoElement>} */ (document.querySelectorAll('[data-testid="remote-video"]'))
      .forEach((video) => video.play().catch(() => {}));
    button(e).hidden = true;
  });
  // Leaving the page hangs up and turns the camera off, so a page restored from the back/forward cache has no stale call.
  window.addEventListener('pagehide', () => {
    hangUp();
    stopPreview();
    coolSignaling();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && !call) {
      startPreview();
      warmSignaling();
    }
  });
  // Re-warmed as the person heads for Join: the first socket may have aged out while they were in the lobby.
  byTestId('room').addEventListener('change', warmSignaling);
  byTestId('join').addEventListener('pointerenter', warmSignaling);
  byTestId('join').addEventListener('focus', warmSignaling);
  setState('idle');
  startPreview();
  warmSignaling();
  if (host) {
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang) document.documentElement.lang = lang;
    host.listen(onHostCommand);
    host.emit('ready');
  }
}

start();
