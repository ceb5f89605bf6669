// The signaling socket: JSON messages of docs/protocol.md over /signal/{room}, relative to the page
// so the call page works under any context root.

// The messages of docs/protocol.md, as this page sends and receives them.

/**
 * A peer as the room sees it; userId and role come from its join token, when the server requires one.
 * @typedef {{peerId: string, name: string, userId?: string, role?: 'participant' | 'moderator'}} PeerInfo
 */
/** @typedef {{urls: string[], username?: string, credential?: string}} IceServer */

/** @typedef {{type: 'join', name: string, token?: string, resume?: string}} JoinMessage */
/** @typedef {{type: 'offer' | 'answer', to: string, sdp: string}} DescriptionMessage */
/** @typedef {{type: 'candidate', to: string, candidate: RTCIceCandidateInit | null}} CandidateMessage */
/** @typedef {{type: 'leave'}} LeaveMessage */
/** @typedef {{type: 'ping'}} PingMessage */
/** A moderator's: removes the peer `to` from the call. @typedef {{type: 'remove', to: string}} RemoveMessage */
/** A moderator's: mutes the peer `to`, or asks it to unmute. @typedef {{type: 'mute', to: string, muted: boolean}} MuteMessage */
/** @typedef {JoinMessage | DescriptionMessage | CandidateMessage | LeaveMessage | PingMessage | RemoveMessage | MuteMessage} ClientMessage */

/**
 * name is present when a join token's name replaced the one sent; userId and role are this peer's, from its token.
 * resumeToken and resumeGraceSeconds let a new socket come back as this peer, resumeTokenSeconds is how long a token
 * stays good (to a server that was itself away); resumed: a resume kept the peer id.
 * @typedef {{
 *   type: 'welcome', peerId: string, room: string, peers: PeerInfo[], iceServers: IceServer[],
 *   name?: string, userId?: string, role?: 'participant' | 'moderator',
 *   resumeToken?: string, resumeGraceSeconds?: number, resumed?: boolean, iceTransportPolicy?: RTCIceTransportPolicy,
 *   resumeTokenSeconds?: number,
 * }} WelcomeMessage
 */
/** @typedef {{type: 'peer-joined'} & PeerInfo} PeerJoinedMessage */
/** @typedef {{type: 'peer-left', peerId: string}} PeerLeftMessage */
/**
 * An offer, answer or candidate from another peer, or a moderator's mute; the server sets `from`.
 * @typedef {(DescriptionMessage | CandidateMessage | MuteMessage) & {from: string}} RelayedMessage
 */
/**
 * A refused frame; `code` is one of docs/protocol.md's error codes, `message` is for people.
 * @typedef {{type: 'error', code: typeof ErrorCode[keyof typeof ErrorCode], message: string}} ErrorMessage
 */
/** @typedef {{type: 'pong', resumeToken?: string}} PongMessage */
/**
 * @typedef {WelcomeMessage | PeerJoinedMessage | PeerLeftMessage | RelayedMessage | ErrorMessage | PongMessage} ServerMessage
 */

/**
 * The detail of a SignalingSocket's 'close' event; expected: this side closed it.
 * @typedef {{code: number, reason: string, expected: boolean}} SignalingClose
 */

/**
 * @param {string} room
 * @param {string} [base]
 */
export function signalingUrl(room, base = document.baseURI) {
  const url = new URL(`signal/${encodeURIComponent(room)}`, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

// The error codes and close codes of docs/protocol.md, as the server's ErrorCode and CloseCode enums name them.
export const ErrorCode = Object.freeze({
  BAD_MESSAGE: 'bad-message',
  UNKNOWN_TYPE: 'unknown-type',
  NOT_JOINED: 'not-joined',
  UNKNOWN_PEER: 'unknown-peer',
  ROOM_FULL: 'room-full',
  UNAUTHORIZED: 'unauthorized',
  RATE_LIMITED: 'rate-limited',
  SERVER_BUSY: 'server-busy',
  RESUME_REFUSED: 'resume-refused',
  FORBIDDEN: 'forbidden',
  BANNED: 'banned',
});

export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
  REMOVED: 4001,
});

const JOIN_TIMEOUT_MS = 15000;
// The server closes a socket that has not joined 10 s after opening (docs/protocol.md); join only on younger ones.
const FRESH_FOR_MS = 8000;

// One socket to one room, opened at once so the handshake can happen while the person is still in the lobby.
// Dispatches one 'message' event per server message (detail: the parsed object) and one 'close'
// event (detail: {code, reason, expected}) when the socket ends.
export class SignalingSocket extends EventTarget {
  #socket;
  #openedAt = performance.now();
  #joining = false;
  #leaving = false;
  #welcomed = false;
  // When the last frame arrived: a socket that brings nothing after a ping is dead (see CallSignaling).
  #heardAt = performance.now();
  // Set while join() waits: sees each message and the close before anyone else does.
  /** @type {{message: (message: ServerMessage) => void, close: (event: CloseEvent) => void} | null} */
  #pending = null;

  /** @param {string} room */
  constructor(room) {
    super();
    this.room = room;
    this.#socket = new WebSocket(signalingUrl(room));
    this.#socket.addEventListener('message', (event) => {
      this.#heardAt = performance.now();
      /** @type {ServerMessage} */
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // The server only sends JSON; anything else is not ours to act on.
      }
      if (!this.#welcomed) {
        this.#pending?.message(message);
        if (!this.#welcomed) return; // Before the welcome only join() listens; a refusal is its to report.
      }
      this.dispatchEvent(new CustomEvent('message', { detail: message }));
    });
    this.#socket.addEventListener('close', (event) => {
      this.#pending?.close(event);
      this.dispatchEvent(new CustomEvent('close', {
        detail: { code: event.code, reason: event.reason, expected: this.#leaving },
      }));
    });
  }

  // Whether join() may still be called: not used yet, not closing, and well inside the server's join deadline.
  get fresh() {
    const state = this.#socket.readyState;
    return !this.#joining && !this.#leaving && (state === WebSocket.CONNECTING || state === WebSocket.OPEN)
      && performance.now() - this.#openedAt < FRESH_FOR_MS;
  }

  /** performance.now() of the last frame from the server (or of the socket's creation). */
  get heardAt() {
    return this.#heardAt;
  }

  // Resolves with the welcome message; rejects if the server refuses, the socket fails or nothing answers in time.
  // The tokens, when there are any, travel only in this frame: never in the socket's URL. After a rejected resume
  // (resume-refused) the socket stays open, and join() may be called again without one.
  /**
   * @param {string} name
   * @param {string | null} [token]
   * @param {string | null} [resume]
   * @returns {Promise<WelcomeMessage>}
   */
  join(name, token = null, resume = null) {
    this.#joining = true;
    return new Promise((resolve, reject) => {
      /**
       * @template T
       * @param {(value: T) => void} outcome
       * @param {T} value
       */
      const settle = (outcome, value) => {
        clearTimeout(timeout);
        this.#pending = null;
        outcome(value);
      };
      const timeout = setTimeout(() => {
        settle(reject, new SignalingError('timeout', 'The call server did not answer. Check your connection and join again.'));
        this.close();
      }, JOIN_TIMEOUT_MS);
      this.#pending = {
        message: (message) => {
          if (message.type === 'welcome') {
            this.#welcomed = true;
            settle(resolve, message);
          } else if (message.type === 'error') {
            settle(reject, new SignalingError(message.code, message.message));
          }
        },
        close: (event) => settle(reject, new SignalingError('closed', closeExplanation(event.code, event.reason),
          { code: event.code, reason: event.reason })),
      };
      /** @type {JoinMessage} */
      const message = { type: 'join', name };
      if (token) message.token = token;
      if (resume) message.resume = resume;
      const socket = this.#socket;
      if (socket.readyState === WebSocket.OPEN) this.send(message);
      else socket.addEventListener('open', () => this.send(message), { once: true });
    });
  }

  /** @param {ClientMessage} message */
  send(message) {
    if (this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify(message));
    }
  }

  leave() {
    this.send({ type: 'leave' });
    this.close();
  }

  // Ends the socket from this side; the 'close' event then says it was expected.
  close() {
    this.#leaving = true;
    this.#socket.close(CloseCode.NORMAL, 'left');
  }
}

// Reconnect delays: 0, 0.3, 1.2, 2.7 s (0.3 s × n², each ±20 % so a restarted server is not hit by every page in
// the same instant), then every 4 s until the resume token expires: a server back a moment is found within seconds.
const RECONNECT_DELAYS_MS = [0, 300, 1200, 2700];
const RECONNECT_EVERY_MS = 4000;
// Past the token's life, while the call's media still flows without the server: slower, to join it again afresh.
const SIGNALING_DOWN_EVERY_MS = 15000;
// docs/protocol.md, "Liveness": a ping every 10 s, and a socket that brings nothing within 5 s of one is dead.
const PING_EVERY_MS = 10000;
const PONG_WITHIN_MS = 5000;
// What a call sends while it reconnects is mostly trickled candidates; past this, ICE restarts after the resume anyway.
const QUEUE_LIMIT = 500;
// For a server that offers no resume (no resumeGraceSeconds): how long to keep trying to join again.
const DEFAULT_GRACE_SECONDS = 30;

/**
 * How a CallSignaling ended by itself; rejoin: no socket got through in time, so joining again afresh may work.
 * @typedef {{error: SignalingError, rejoin: boolean}} SignalingEnd
 */

// The call's signaling across sockets: one SignalingSocket at a time, and when it drops, new ones that resume the
// same peer (docs/protocol.md, "Resume") until the resume token expires; after that, for as long as the call says its
// media still flows (mediaFlows), new ones that join afresh. Dispatches 'message' (detail: a server message other
// than welcome and pong), 'reconnecting' when a socket was lost, 'signaling-down' when the token expired with the
// media still flowing, 'reconnected' (detail: the new welcome; resumed unless the page joined afresh as a new peer)
// and 'ended' (detail: SignalingEnd) when it gives up. While it reconnects, what the call sends waits and goes after
// a resume.
export class CallSignaling extends EventTarget {
  #name;
  #token;
  /** @type {SignalingSocket} */
  #socket;
  /** @type {'joining' | 'joined' | 'reconnecting' | 'ended'} */
  #state = 'joining';
  /** @type {string | null} */
  #resumeToken = null;
  #graceMs = DEFAULT_GRACE_SECONDS * 1000;
  #tokenMs = DEFAULT_GRACE_SECONDS * 1000;
  // Date.now() after which no resume token is valid any more: the last one's arrival plus its life.
  #deadline = 0;
  // The token expired while the media still flowed: joining afresh, slowly, for as long as it flows.
  #down = false;
  /** @type {() => boolean} */
  #mediaFlows;
  #attempts = 0;
  /** @type {ClientMessage[]} */
  #queue = [];
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retryTimer;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #pingTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #pongTimer;

  /**
   * @param {{room: string, name: string, token: string | null, socket?: SignalingSocket, mediaFlows?: () => boolean}} options
   *   socket: one already opened to the room (the lobby's), used for the first join; mediaFlows: whether a peer
   *   connection still carries media, so the call goes on without the server
   */
  constructor({ room, name, token, socket, mediaFlows = () => false }) {
    super();
    this.room = room;
    this.#name = name;
    this.#token = token;
    this.#mediaFlows = mediaFlows;
    this.#socket = socket ?? new SignalingSocket(room);
    this.#watch(this.#socket);
  }

  get reconnecting() {
    return this.#state === 'reconnecting';
  }

  /** The grace period the server gives a lost peer to come back, in seconds. */
  get graceSeconds() {
    return this.#graceMs / 1000;
  }

  /** How long a resume token stays good, in seconds: how long a peer may take to come back to a restarted server. */
  get tokenSeconds() {
    return this.#tokenMs / 1000;
  }

  /** The resume token expired while the server was away; the call goes on, and the page tries to join afresh. */
  get down() {
    return this.#state === 'reconnecting' && this.#down;
  }

  // The first join; rejects as SignalingSocket.join does.
  /** @returns {Promise<WelcomeMessage>} */
  async join() {
    const socket = this.#socket;
    const welcome = await socket.join(this.#name, this.#token);
    if (this.#state === 'joining') this.#joined(socket, welcome);
    return welcome;
  }

  /** @param {ClientMessage} message */
  send(message) {
    if (this.#state === 'joined' || this.#state === 'joining') this.#socket.send(message);
    else if (this.#state === 'reconnecting' && this.#queue.length < QUEUE_LIMIT) this.#queue.push(message);
  }

  // Hangs up: the room learns at once, unless no socket is joined just now (then the server's grace period ends it).
  leave() {
    if (this.#state === 'joined') this.#socket.leave();
    this.close();
  }

  close() {
    this.#state = 'ended';
    this.#stop();
    this.#socket.close();
  }

  /** @param {SignalingSocket} socket */
  #watch(socket) {
    // SignalingSocket dispatches CustomEvents; EventTarget's typing knows only Event.
    socket.addEventListener('message', (event) => {
      if (socket !== this.#socket || this.#state !== 'joined') return; // A welcome is join()'s.
      const message = /** @type {CustomEvent<ServerMessage>} */ (event).detail;
      if (message.type === 'pong') {
        if (message.resumeToken) this.#keep(message.resumeToken);
      } else if (message.type !== 'welcome') {
        this.dispatchEvent(new CustomEvent('message', { detail: message }));
      }
    });
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket || this.#state !== 'joined') return;
      const { code, reason, expected } = /** @type {CustomEvent<SignalingClose>} */ (event).detail;
      if (expected) return;
      if (isTerminalClose(code, reason)) this.#end(new SignalingError('closed', closeExplanation(code, reason), { code, reason }), false);
      else this.#reconnect();
    });
  }

  /**
   * @param {SignalingSocket} socket
   * @param {WelcomeMessage} welcome
   */
  #joined(socket, welcome) {
    this.#state = 'joined';
    this.#attempts = 0;
    this.#down = false;
    this.#graceMs = (welcome.resumeGraceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
    // A server from before resumeTokenSeconds issued tokens for the grace period.
    this.#tokenMs = (welcome.resumeTokenSeconds ?? welcome.resumeGraceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
    this.#resumeToken = null;
    this.#deadline = Date.now() + this.#tokenMs;
    // A server without resume does not answer pings either; it is only joined again afresh.
    if (welcome.resumeToken) {
      this.#keep(welcome.resumeToken);
      this.#ping(socket);
    }
  }

  /** @param {string} token */
  #keep(token) {
    this.#resumeToken = token;
    this.#deadline = Date.now() + this.#tokenMs;
  }

  /** @param {SignalingSocket} socket */
  #ping(socket) {
    this.#pingTimer = setInterval(() => {
      const sentAt = performance.now();
      socket.send({ type: 'ping' });
      clearTimeout(this.#pongTimer);
      this.#pongTimer = setTimeout(() => {
        if (socket !== this.#socket || this.#state !== 'joined' || socket.heardAt >= sentAt) return;
        // Half-open: its close handshake may never finish, so the next socket does not wait for it.
        socket.close();
        this.#reconnect();
      }, PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  #reconnect() {
    this.#stop();
    this.#state = 'reconnecting';
    this.#down = false;
    this.dispatchEvent(new Event('reconnecting'));
    this.#scheduleAttempt();
  }

  #scheduleAttempt() {
    const step = this.#down ? SIGNALING_DOWN_EVERY_MS : RECONNECT_DELAYS_MS[this.#attempts] ?? RECONNECT_EVERY_MS;
    const delay = step * (0.8 + 0.4 * Math.random());
    const until = this.#down ? delay : Math.min(delay, this.#deadline - Date.now());
    this.#retryTimer = setTimeout(() => this.#attempt(), Math.max(0, until));
  }

  // The token has expired: the call goes on while its media flows (joining afresh later), else the page gives up.
  /** @returns {boolean} whether to keep trying */
  #outlived() {
    if (!this.#mediaFlows()) {
      this.#end(new SignalingError('lost', 'Lost the connection to the call server.'), true);
      return false;
    }
    if (!this.#down) {
      this.#down = true;
      this.#resumeToken = null; // Expired: the next socket joins afresh, as a new peer.
      this.dispatchEvent(new Event('signaling-down'));
    }
    return true;
  }

  async #attempt() {
    if (this.#state !== 'reconnecting') return;
    if (Date.now() >= this.#deadline && !this.#outlived()) return;
    this.#attempts++;
    const socket = new SignalingSocket(this.room);
    this.#socket = socket;
    this.#watch(socket);
    /** @type {WelcomeMessage} */
    let welcome;
    try {
      welcome = await this.#joinAgain(socket);
    } catch (caught) {
      if (socket !== this.#socket || this.#state !== 'reconnecting') return; // Closed meanwhile.
      const error = /** @type {SignalingError} */ (caught);
      const retry = error.code === 'timeout' || (error.code === 'closed' && !isTerminalClose(error.close?.code ?? 0, error.close?.reason ?? ''))
        // While signaling is down a refused fresh join (an expired join token, a full room) must not end a call whose
        // media still flows: only a ban or a removal does.
        || (this.#down && error.code !== ErrorCode.BANNED && error.close?.code !== CloseCode.REMOVED);
      if (!retry) this.#end(error, false);
      else if (Date.now() < this.#deadline || this.#outlived()) this.#scheduleAttempt();
      return;
    }
    if (socket !== this.#socket || this.#state !== 'reconnecting') return;
    this.#joined(socket, welcome);
    // Still before the next frame's task: what waited goes first, in order; a new peer's links start afresh.
    const waiting = this.#queue;
    this.#queue = [];
    if (welcome.resumed) waiting.forEach((message) => socket.send(message));
    this.dispatchEvent(new CustomEvent('reconnected', { detail: welcome }));
  }

  // Resumes when there is a token; a refused resume leaves the socket open for a fresh join as a new peer.
  /**
   * @param {SignalingSocket} socket
   * @returns {Promise<WelcomeMessage>}
   */
  async #joinAgain(socket) {
    if (!this.#resumeToken) return socket.join(this.#name, this.#token);
    try {
      return await socket.join(this.#name, this.#token, this.#resumeToken);
    } catch (caught) {
      if (/** @type {SignalingError} */ (caught).code !== ErrorCode.RESUME_REFUSED) throw caught;
      return socket.join(this.#name, this.#token);
    }
  }

  /**
   * @param {SignalingError} error
   * @param {boolean} rejoin
   */
  #end(error, rejoin) {
    this.close();
    this.#queue = [];
    /** @type {SignalingEnd} */
    const detail = { error, rejoin };
    this.dispatchEvent(new CustomEvent('ended', { detail }));
  }

  #stop() {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
  }
}

// code 'closed': the socket closed before the welcome, with close; 'lost': no socket got through while the resume
// token lasted, and no media flowed to carry the call on.
export class SignalingError extends Error {
  /**
   * @param {ErrorMessage['code'] | 'timeout' | 'closed' | 'lost'} code
   * @param {string} message
   * @param {{code: number, reason: string} | null} [close]
   */
  constructor(code, message, close = null) {
    super(message);
    this.code = code;
    this.close = close;
  }
}

// Closes after which a new socket would be refused the same way: the server's policy, or a busy server.
// Anything else (1001, 1006, 1011, a 1013 for a slow reader, ...) is worth a resume.
/**
 * @param {number} code
 * @param {string} reason
 */
export function isTerminalClose(code, reason) {
  return code === CloseCode.POLICY_VIOLATION || code === CloseCode.UNSUPPORTED_DATA || code === CloseCode.MESSAGE_TOO_BIG
    || code === CloseCode.REMOVED || (code === CloseCode.TRY_AGAIN_LATER && reason === 'too many rooms');
}

// What a person should read for the close codes of docs/protocol.md.
/**
 * @param {number} code
 * @param {string} reason
 * @returns {string}
 */
export function closeExplanation(code, reason) {
  switch (code) {
    case CloseCode.POLICY_VIOLATION: return reason ? `The server refused the call: ${reason}.` : 'The server refused the call.';
    case CloseCode.MESSAGE_TOO_BIG: return 'A message was too large for the server.';
    case CloseCode.TRY_AGAIN_LATER:
      return reason === 'too many rooms' ? 'The call server is busy. Try again later.' : 'The connection was too slow to keep up with the call.';
    case CloseCode.GOING_AWAY: return 'The connection to the call server was lost. Join again.';
    case CloseCode.REMOVED: return 'You were removed from the call.';
    default: return 'Could not reach the call server. Check your connection and join again.';
  }
}
