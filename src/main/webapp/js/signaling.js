// The signaling socket: JSON messages of docs/protocol.md over /signal/{room}, relative to the page
// so the call page works under any context root.

export function signalingUrl(room, base = document.baseURI) {
  const url = new URL(`signal/${encodeURIComponent(room)}`, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

// Dispatches one 'message' event per server message (detail: the parsed object) and one 'close'
// event (detail: {code, reason, expected}) when the socket ends.
export class SignalingChannel extends EventTarget {
  #socket;
  #leaving = false;

  // Resolves with the welcome message; rejects if the server refuses or the socket fails first.
  join(room, name) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(signalingUrl(room));
      this.#socket = socket;
      let welcomed = false;
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
          resolve(message);
        } else if (!welcomed && message.type === 'error') {
          reject(new SignalingError(message.code, message.message));
          return;
        }
        this.dispatchEvent(new CustomEvent('message', { detail: message }));
      });
      socket.addEventListener('close', (event) => {
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
    this.#leaving = true;
    this.send({ type: 'leave' });
    // The server closes after a leave; closing here too covers a socket that is already half gone.
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
    case 1001: return 'The server is restarting. Join again in a moment.';
    default: return 'Could not reach the call server. Check your connection and join again.';
  }
}
