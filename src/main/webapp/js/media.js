// Camera and microphone. A call goes on without them (receive-only); the person is told why.

/**
 * What the page got: a stream with whatever tracks could be opened, and a sentence for the person if something is missing.
 * @typedef {{stream: MediaStream | null, problem: string | null}} LocalMedia
 */

/** @returns {Promise<LocalMedia>} */
export async function openLocalMedia() {
  if (!navigator.mediaDevices?.getUserMedia) {
    return {
      stream: null,
      problem: window.isSecureContext
        ? 'This browser cannot use a camera or microphone. You can still watch, listen and chat.'
        : 'Camera and microphone need a secure (https) page. You can still watch, listen and chat.',
    };
  }
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio: true, video: true }), problem: null };
  } catch (caught) {
    // getUserMedia rejects with a DOMException (or a TypeError for bad constraints, which these are not).
    const error = /** @type {DOMException} */ (caught);
    if (error.name === 'NotAllowedError' || error.name === 'SecurityError') {
      return { stream: null, problem: 'Camera and microphone access was denied. You can still watch, listen and chat; allow access in the browser and join again to be seen and heard.' };
    }
    // One device missing or busy: try each alone so the other still works.
    const audio = await tryOne({ audio: true });
    const video = await tryOne({ video: true });
    const tracks = [...(audio?.getTracks() ?? []), ...(video?.getTracks() ?? [])];
    const busy = error.name === 'NotReadableError' || error.name === 'AbortError';
    const missing = !audio && !video ? 'camera or microphone' : !audio ? 'microphone' : !video ? 'camera' : null;
    const problem = missing
      ? `No usable ${missing} ${busy ? '(it may be in use by another application)' : 'was found'}. The call works without it.`
      : null;
    return { stream: tracks.length ? new MediaStream(tracks) : null, problem };
  }
}

/** @param {MediaStreamConstraints} constraints */
async function tryOne(constraints) {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch {
    return null;
  }
}
