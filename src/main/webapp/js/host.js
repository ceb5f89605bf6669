// The page that framed this call page through embed.js's <callroom-call>, and the one channel the two talk on.
// Only sites in callroom.embed.origins can frame the page (its Content-Security-Policy); beyond that, every message
// is checked to come from the parent window, from the origin the element named, on this frame's channel.

/** What the host page may ask: the element's methods. */
export const HostCommand = Object.freeze({
  JOIN: 'join', LEAVE: 'leave', SET_AUDIO_MUTED: 'setAudioMuted', SET_VIDEO_MUTED: 'setVideoMuted', SEND_CHAT: 'sendChat',
});

/** @typedef {{ callroom: 1, channel: string, command: string, args: unknown[] }} HostMessage */

export class HostChannel {
  /**
   * The channel the URL names (?embed=CHANNEL&host=ORIGIN), or null when the page is not in a <callroom-call> frame.
   * @returns {HostChannel | null}
   */
  static fromLocation() {
    const params = new URLSearchParams(location.search);
    const channel = params.get('embed');
    const host = params.get('host');
    if (!channel || !host || window.parent === window) return null;
    try {
      const origin = new URL(host).origin;
      return origin === host ? new HostChannel(channel, origin) : null;
    } catch {
      return null;
    }
  }

  /**
   * @param {string} channel
   * @param {string} origin
   */
  constructor(channel, origin) {
    this.channel = channel;
    this.origin = origin;
  }

  /**
   * Tells the host page something happened; the element dispatches it as a CustomEvent of this name.
   * @param {string} event
   * @param {object} [detail]
   */
  emit(event, detail = {}) {
    window.parent.postMessage({ callroom: 1, channel: this.channel, event, detail }, this.origin);
  }

  /**
   * Calls the handler with each well-formed command from the host page; anything else is dropped unanswered.
   * @param {(command: string, args: unknown[]) => void} handler
   */
  listen(handler) {
    window.addEventListener('message', (event) => {
      if (event.source !== window.parent || event.origin !== this.origin) return;
      const data = /** @type {Partial<HostMessage> | null} */ (event.data);
      if (!data || data.callroom !== 1 || data.channel !== this.channel) return;
      if (typeof data.command !== 'string' || !Array.isArray(data.args)) return;
      handler(data.command, data.args);
    });
  }
}
