// <callroom-call room="…" token="…" name="…">: a Callroom call on any page, in a frame of its own.
// Load it as a module from the Callroom server: <script type="module" src="https://CALLROOM/embed.js"></script>.
// The API (attributes, methods, events) is in docs/DEPLOYING.md, "Embedding a call".

const CALLROOM = new URL('./', import.meta.url);
const ORIGIN = CALLROOM.origin;
const ATTRIBUTES = ['room', 'token', 'name', 'lang', 'audio', 'video'];
const SHEET = new CSSStyleSheet();
SHEET.replaceSync(':host{display:block;width:640px;height:480px}iframe{display:block;border:0;width:100%;height:100%}');

/** @typedef {{ callroom: 1, channel: string, event: string, detail: object }} FrameMessage */

export class CallroomCall extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  /** Each element talks on a channel of its own, so two calls on one page never hear each other's messages. */
  #channel = crypto.randomUUID();
  /** @type {HTMLIFrameElement | null} */
  #frame = null;
  #ready = false;
  /** @type {{ command: string, args: unknown[] }[]} Commands given before the frame's page was listening. */
  #waiting = [];
  #onMessage = (/** @type {MessageEvent} */ event) => this.#receive(event);

  connectedCallback() {
    if (!this.#frame) {
      // A closed shadow root: the portal's CSS cannot reach the frame, nor its scripts the element's insides.
      const root = this.attachShadow({ mode: 'closed' });
      // A constructed sheet, not a <style>: a portal whose CSP forbids inline styles (as Callroom's own does) keeps it.
      root.adoptedStyleSheets = [SHEET];
      this.#frame = document.createElement('iframe');
      this.#frame.allow = 'camera; microphone; display-capture; autoplay';
      this.#frame.title = 'Callroom call';
      root.append(this.#frame);
    }
    window.addEventListener('message', this.#onMessage);
    this.#load();
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
    if (this.#frame) this.#frame.src = 'about:blank'; // Ends the call: the page hangs up on pagehide.
    this.#ready = false;
  }

  attributeChangedCallback() {
    if (this.isConnected && this.#frame) this.#load();
  }

  get room() { return this.getAttribute('room') ?? ''; }
  set room(value) { this.setAttribute('room', value); }
  get token() { return this.getAttribute('token') ?? ''; }
  set token(value) { this.setAttribute('token', value); }
  get name() { return this.getAttribute('name') ?? ''; }
  set name(value) { this.setAttribute('name', value); }
  // lang is HTMLElement's own, which reflects the attribute already.
  get audio() { return this.getAttribute('audio') ?? 'on'; }
  set audio(value) { this.setAttribute('audio', value); }
  get video() { return this.getAttribute('video') ?? 'on'; }
  set video(value) { this.setAttribute('video', value); }

  join() { this.#send('join', []); }
  leave() { this.#send('leave', []); }
  /** @param {boolean} muted */
  setAudioMuted(muted) { this.#send('setAudioMuted', [Boolean(muted)]); }
  /** @param {boolean} muted */
  setVideoMuted(muted) { this.#send('setVideoMuted', [Boolean(muted)]); }
  /** @param {string} text */
  sendChat(text) { this.#send('sendChat', [String(text)]); }

  #load() {
    const url = new URL(CALLROOM);
    const params = new URLSearchParams({ embed: this.#channel, host: location.origin });
    for (const name of ['room', 'name', 'lang', 'audio', 'video']) {
      const value = this.getAttribute(name);
      if (value) params.set(name, value);
    }
    url.search = params.toString();
    // The token goes in the fragment, as in an invitation link: the browser never sends it in a request.
    const token = this.getAttribute('token');
    url.hash = token ? new URLSearchParams({ token }).toString() : '';
    this.#ready = false;
    /** @type {HTMLIFrameElement} */ (this.#frame).src = url.href;
  }

  /**
   * @param {string} command
   * @param {unknown[]} args
   */
  #send(command, args) {
    const target = this.#frame?.contentWindow;
    if (!this.#ready || !target) {
      this.#waiting.push({ command, args });
      return;
    }
    target.postMessage({ callroom: 1, channel: this.#channel, command, args }, ORIGIN);
  }

  /** @param {MessageEvent} event */
  #receive(event) {
    if (!this.#frame || event.source !== this.#frame.contentWindow || event.origin !== ORIGIN) return;
    const data = /** @type {Partial<FrameMessage> | null} */ (event.data);
    if (!data || data.callroom !== 1 || data.channel !== this.#channel || typeof data.event !== 'string') return;
    if (data.event === 'ready') {
      this.#ready = true;
      const waiting = this.#waiting.splice(0);
      for (const { command, args } of waiting) this.#send(command, args);
      return;
    }
    this.dispatchEvent(new CustomEvent(data.event, { detail: data.detail ?? {} }));
  }
}

if (!customElements.get('callroom-call')) customElements.define('callroom-call', CallroomCall);
