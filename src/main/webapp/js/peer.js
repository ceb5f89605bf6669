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
      if (pc.connectionState === 'connected') performance.mark('callroom:connected');
      if (pc.connectionState === 'failed') this.restartIce();
      events.onStateChange(this, pc.connectionState);
    });
    if (initiator) {
      this.#attachLocal();
      // Offer now rather than on 'negotiationneeded', which fires only after the page has laid out the call view.
      this.#offer();
    }
  }

  // Gathers new candidates and renegotiates through perfect negotiation; the media keeps flowing if it still can.
  restartIce() {
    performance.mark('callroom:ice-restart');
    this.#pc.restartIce();
  }

  get connectionState() {
    return this.#pc.connectionState;
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
    this.#chat?.close();
    this.#pc.close();
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
