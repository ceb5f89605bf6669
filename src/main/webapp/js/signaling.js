// The signaling socket: JSON messages of docs/protocol.md over /signal/{room}, relative to the page
// so the call page works under any context root.

export function signalingUrl(room, base = document.baseURI) {
  const url = new URL(`signal/${encodeURIComponent(room)}`, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

const JOIN_TIMEOUT_MS = 15000;

// Dispatches one 'message' event per server message (detail: the parsed object) and one 'close'
// event (detail: {code, reason, expected}) when the socket ends.
export class SignalingChannel extends EventTarget {
  #socket;
  #leaving = false;

  // Resolves with the welcome message; rejects if the server refuses, the socket fails or nothing answers in time.
  join(room, name) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(signalingUrl(room));
      this.#socket = socket;
      let welcomed = false;
      const timeout = setTimeout(() => {
        reject(new SignalingError('timeout', 'The call server did not answer. Check your connection and join again.'));
        this.close();
      }, JOIN_TIMEOUT_MS);
      socket.addEventListener('open', () => this.send({ type: 'join', name }));
      socket.addEventListener('message', (event) => {
        let message;
        try {
          message = JSON.parse(event.data);
        } catch {
          return; // The server only sends JSON; anything else is not ours to act on.
        }
        if (!welcomed && message.type === 'welcome') {
          welcomed = true;
          clearTimeout(timeout);
          resolve(message);
        } else if (!welcomed && message.type === 'error') {
          clearTimeout(timeout);
          reject(new SignalingError(message.code, message.message));
          return;
        }
        this.dispatchEvent(new CustomEvent('message', { detail: message }));
      });
      socket.addEventListener('close', (event) => {
        clearTimeout(timeout);
        if (!welcomed) reject(new SignalingError('closed', closeExplanation(event.code, event.reason)));
        this.dispatchEvent(new CustomEvent('close', {
          detail: { code: event.code, reason: event.reason, expected: this.#leaving },
        }));
      });
    });
  }

  send(message) {
    if (this.#socket?.readyState === WebSocket.OPEN) {
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
    this.#socket?.close(1000, 'left');
  }
}

export class SignalingError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// What a person should read for the close codes of docs/protocol.md.
export function closeExplanation(code, reason) {
  switch (code) {
    case 1008: return reason ? `The server refused the call: ${reason}.` : 'The server refused the call.';
    case 1009: return 'A message was too large for the server.';
    case 1013: return 'The connection was too slow to keep up with the call.';
    case 1001: return 'The connection to the call server was lost. Join again.';
    default: return 'Could not reach the call server. Check your connection and join again.';
  }
}
