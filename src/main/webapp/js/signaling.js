// The signaling socket: JSON messages of docs/protocol.md over /signal/{room}, relative to the page
// so the call page works under any context root.

// The messages of docs/protocol.md, as this page sends and receives them.

/**
 * A peer as the room sees it; userId and role come from its join token, when the server requires one.
 * @typedef {{peerId: string, name: string, userId?: string, role?: 'participant' | 'moderator'}} PeerInfo
 */
/** @typedef {{urls: string[], username?: string, credential?: string}} IceServer */

/** @typedef {{type: 'join', name: string, token?: string}} JoinMessage */
/** @typedef {{type: 'offer' | 'answer', to: string, sdp: string}} DescriptionMessage */
/** @typedef {{type: 'candidate', to: string, candidate: RTCIceCandidateInit | null}} CandidateMessage */
/** @typedef {{type: 'leave'}} LeaveMessage */
/** @typedef {JoinMessage | DescriptionMessage | CandidateMessage | LeaveMessage} ClientMessage */

/**
 * name is present when a join token's name replaced the one sent; userId and role are this peer's, from its token.
 * @typedef {{
 *   type: 'welcome', peerId: string, room: string, peers: PeerInfo[], iceServers: IceServer[],
 *   name?: string, userId?: string, role?: 'participant' | 'moderator', iceTransportPolicy?: RTCIceTransportPolicy,
 * }} WelcomeMessage
 */
/** @typedef {{type: 'peer-joined'} & PeerInfo} PeerJoinedMessage */
/** @typedef {{type: 'peer-left', peerId: string}} PeerLeftMessage */
/**
 * An offer, answer or candidate from another peer; the server sets `from`.
 * @typedef {(DescriptionMessage | CandidateMessage) & {from: string}} RelayedMessage
 */
/**
 * A refused frame; `code` is one of docs/protocol.md's error codes, `message` is for people.
 * @typedef {{type: 'error', code: typeof ErrorCode[keyof typeof ErrorCode], message: string}} ErrorMessage
 */
/** @typedef {WelcomeMessage | PeerJoinedMessage | PeerLeftMessage | RelayedMessage | ErrorMessage} ServerMessage */

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
});

export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
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
  // Set while join() waits: sees each message and the close before anyone else does.
  /** @type {{message: (message: ServerMessage) => void, close: (event: CloseEvent) => void} | null} */
  #pending = null;

  /** @param {string} room */
  constructor(room) {
    super();
    this.room = room;
    this.#socket = new WebSocket(signalingUrl(room));
    this.#socket.addEventListener('message', (event) => {
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

  // Resolves with the welcome message; rejects if the server refuses, the socket fails or nothing answers in time.
  // The token, when there is one, travels only in this frame: never in the socket's URL.
  /**
   * @param {string} name
   * @param {string | null} [token]
   * @returns {Promise<WelcomeMessage>}
   */
  join(name, token = null) {
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
        close: (event) => settle(reject, new SignalingError('closed', closeExplanation(event.code, event.reason))),
      };
      /** @type {JoinMessage} */
      const message = token ? { type: 'join', name, token } : { type: 'join', name };
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

export class SignalingError extends Error {
  /**
   * @param {ErrorMessage['code'] | 'timeout' | 'closed'} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
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
    default: return 'Could not reach the call server. Check your connection and join again.';
  }
}
