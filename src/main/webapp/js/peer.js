// One remote peer: an RTCPeerConnection negotiated with the W3C "perfect negotiation" pattern,
// trickle ICE, and a chat data channel. Either side may renegotiate at any time without glare.

/** @import { CandidateMessage, DescriptionMessage, RelayedMessage, SignalingSocket } from './signaling.js' */

/**
 * What the page hears from one PeerLink.
 * @typedef {object} PeerLinkEvents
 * @property {(link: PeerLink, track: MediaStreamTrack) => void} onTrack
 * @property {(link: PeerLink, state: RTCPeerConnectionState) => void} onStateChange
 * @property {(link: PeerLink) => void} onChatOpen
 * @property {(link: PeerLink) => void} onChatClose
 * @property {(link: PeerLink, text: string) => void} onChat a chat line from this peer, at most 2000 characters
 */

/**
 * @typedef {object} PeerLinkOptions
 * @property {string} peerId
 * @property {string} name
 * @property {boolean} polite yields when offers cross (perfect negotiation)
 * @property {boolean} initiator
 * @property {Pick<SignalingSocket, 'send'>} signaling
 * @property {MediaStream | null} localStream null: receive only
 * @property {RTCIceServer[]} iceServers
 * @property {RTCIceTransportPolicy} [iceTransportPolicy] 'relay' hides both sides' addresses behind TURN
 * @property {PeerLinkEvents} events
 */

/**
 * One chat line on the data channel, as JSON text (docs/protocol.md, "Chat data channel").
 * @typedef {{type: 'chat', text: string}} ChatMessage
 */

const KINDS = ['audio', 'video'];
// How long a connection may stay 'disconnected' before ICE restarts: a short loss of packets often heals by itself.
const DISCONNECTED_GRACE_MS = 4000;
// How long a restart may take before the next: doubled after each one (the relay may still be down), up to the maximum.
const RESTART_RETRY_MS = 5000;
const RESTART_RETRY_MAX_MS = 30000;

export class PeerLink {
  #pc;
  #signaling;
  #localStream;
  #polite;
  #makingOffer = false;
  #ignoreOffer = false;
  #localAttached = false;
  /** @type {Promise<void>} */
  #inbox = Promise.resolve();
  /** @type {RTCDataChannel | undefined} */
  #chat;
  #dtlsWatched = false;
  #reconnecting = false;
  #restartDelay = RESTART_RETRY_MS;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #restartTimer;
  // performance.now() when the connection last stopped being connected; null while it is.
  /** @type {number | null} */
  #lostSince = null;

  // initiator: the newcomer, which offers at once; the other side attaches its media when the first offer arrives.
  /** @param {PeerLinkOptions} options */
  constructor({ peerId, name, polite, initiator, signaling, localStream, iceServers, iceTransportPolicy = 'all', events }) {
    this.peerId = peerId;
    this.name = name;
    this.remoteStream = new MediaStream();
    this.events = events;
    /** @type {HTMLVideoElement | null} The page's tile for this peer, set by whoever shows it. */
    this.video = null;
    this.#signaling = signaling;
    this.#localStream = localStream;
    this.#polite = polite;

    const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy });
    this.#pc = pc;
    pc.addEventListener('negotiationneeded', () => this.#offer());
    pc.addEventListener('icecandidate', ({ candidate }) => {
      this.#send({ type: 'candidate', candidate: candidate ? candidate.toJSON() : null });
    });
    pc.addEventListener('track', ({ track }) => {
      performance.mark('callroom:remote-track');
      this.remoteStream.addTrack(track);
      events.onTrack(this, track);
    });
    // ICE and DTLS progress as User Timing marks: they show which handshake a slow set-up waits for.
    pc.addEventListener('iceconnectionstatechange', () => performance.mark(`callroom:ice-${pc.iceConnectionState}`));
    pc.addEventListener('connectionstatechange', () => {
      const state = pc.connectionState;
      if (state === 'connected') this.#lostSince = null;
      else this.#lostSince ??= performance.now();
      if (state === 'connected') {
        performance.mark('callroom:connected');
        this.#recovered();
      } else if (!this.#reconnecting && state === 'failed') {
        this.restartIce();
      } else if (!this.#reconnecting && state === 'disconnected') {
        this.#restartAfter(DISCONNECTED_GRACE_MS);
      }
      events.onStateChange(this, state);
    });
    if (initiator) {
      this.#attachLocal();
      // Offer now rather than on 'negotiationneeded', which fires only after the page has laid out the call view.
      this.#offer();
    }
  }

  // Gathers new candidates and renegotiates through perfect negotiation; the media keeps flowing if it still can.
  // Until the connection is back, it restarts again, less often each time, so a dead relay costs no tight loop.
  restartIce() {
    performance.mark('callroom:ice-restart');
    const first = !this.#reconnecting;
    this.#reconnecting = true;
    this.#pc.restartIce();
    this.#restartAfter(this.#restartDelay);
    this.#restartDelay = Math.min(this.#restartDelay * 2, RESTART_RETRY_MAX_MS);
    if (first) this.events.onStateChange(this, this.#pc.connectionState);
  }

  get connectionState() {
    return this.#pc.connectionState;
  }

  /** Milliseconds since the connection stopped being connected; 0 while it is (or has never been). */
  get lostFor() {
    return this.#lostSince === null ? 0 : performance.now() - this.#lostSince;
  }

  /** True from an ICE restart until the connection is connected again. */
  get reconnecting() {
    return this.#reconnecting;
  }

  get chatOpen() {
    return this.#chat?.readyState === 'open';
  }

  // Messages from this peer are handled strictly in order: a candidate must not overtake its offer.
  /**
   * @param {RelayedMessage} message
   * @returns {Promise<void>} settles once this message is handled (failures are logged, never rejected)
   */
  receive(message) {
    this.#inbox = this.#inbox.then(() => this.#handle(message)).catch((error) => {
      console.warn(`signaling with ${this.peerId} failed`, error);
    });
    return this.#inbox;
  }

  /** @param {string} text */
  sendChat(text) {
    /** @type {ChatMessage} */
    const message = { type: 'chat', text };
    if (this.chatOpen) this.#chat?.send(JSON.stringify(message));
  }

  close() {
    clearTimeout(this.#restartTimer);
    this.#chat?.close();
    this.#pc.close();
  }

  // A restart that is due unless the connection is connected by then (which ends the reconnecting).
  /** @param {number} delay milliseconds */
  #restartAfter(delay) {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => {
      if (this.#pc.signalingState === 'closed') return;
      if (this.#pc.connectionState !== 'connected') {
        this.restartIce();
      } else if (this.#reconnecting) {
        // A restart of a path that still worked: no state change announces that it is over.
        this.#recovered();
        this.events.onStateChange(this, 'connected');
      }
    }, delay);
  }

  #recovered() {
    clearTimeout(this.#restartTimer);
    this.#reconnecting = false;
    this.#restartDelay = RESTART_RETRY_MS;
  }

  /** @param {RelayedMessage} message */
  async #handle(message) {
    const pc = this.#pc;
    if (message.type === 'offer' || message.type === 'answer') {
      const description = { type: message.type, sdp: message.sdp };
      const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
      this.#ignoreOffer = !this.#polite && collision;
      if (this.#ignoreOffer) return;
      performance.mark(`callroom:${description.type}-received`);
      await pc.setRemoteDescription(description);
      this.#watchDtls();
      if (description.type === 'offer') {
        if (!this.#localAttached) this.#attachLocal();
        await pc.setLocalDescription();
        this.#watchDtls();
        this.#send({ type: 'answer', sdp: /** @type {RTCSessionDescription} */ (pc.localDescription).sdp });
        performance.mark('callroom:answer-sent');
      }
    } else if (message.type === 'candidate') {
      if (!message.candidate) return; // End of candidates: nothing the browser needs from us.
      try {
        await pc.addIceCandidate(message.candidate);
      } catch (error) {
        if (!this.#ignoreOffer) throw error;
      }
    }
  }

  async #offer() {
    try {
      this.#makingOffer = true;
      await this.#pc.setLocalDescription();
      this.#send({ type: 'offer', sdp: /** @type {RTCSessionDescription} */ (this.#pc.localDescription).sdp });
      performance.mark('callroom:offer-sent');
    } catch (error) {
      console.warn(`offer to ${this.peerId} failed`, error);
    } finally {
      this.#makingOffer = false;
    }
  }

  // Sends what we have and receives both kinds even without a camera or microphone; opens the chat channel.
  #attachLocal() {
    this.#localAttached = true;
    const pc = this.#pc;
    for (const kind of KINDS) {
      const track = this.#localStream?.getTracks().find((t) => t.kind === kind);
      if (track) {
        pc.addTrack(track, /** @type {MediaStream} */ (this.#localStream));
      } else if (!pc.getTransceivers().some((t) => t.receiver.track.kind === kind)) {
        pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    // Negotiated with a fixed id on both sides, so neither waits for the other's 'datachannel' event.
    const chat = pc.createDataChannel('chat', { negotiated: true, id: 0 });
    this.#chat = chat;
    chat.addEventListener('open', () => this.events.onChatOpen(this));
    chat.addEventListener('close', () => this.events.onChatClose(this));
    chat.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message?.type === 'chat' && typeof message.text === 'string') {
        this.events.onChat(this, message.text.slice(0, 2000));
      }
    });
  }

  // Once descriptions are applied the (bundled) DTLS transport exists; its state changes are marked once.
  #watchDtls() {
    const transport = this.#pc.getTransceivers().find((t) => t.sender.transport)?.sender.transport;
    if (!transport || this.#dtlsWatched) return;
    this.#dtlsWatched = true;
    transport.addEventListener('statechange', () => performance.mark(`callroom:dtls-${transport.state}`));
  }

  /** @param {Omit<DescriptionMessage, 'to'> | Omit<CandidateMessage, 'to'>} message */
  #send(message) {
    this.#signaling.send({ ...message, to: this.peerId });
  }
}
