// A call between Debian's Chromium and Firefox ESR through a deployed call page, in both join orders.
//
//   node src/test/js/cross-browser-call.js http://127.0.0.1:8080/callroom/
//
// Each side must see the other's video really playing and hear live audio, and a chat line must cross both
// ways. No page load may get a 4xx/5xx answer (favicon included), and no page may throw. Exits 0 when all
// holds, 1 with the reason otherwise, 2 when a browser is missing. Both browsers are always closed.
// Chromium speaks CDP; Firefox speaks WebDriver BiDi, since Debian ships no geckodriver.

import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

/** @typedef {import('puppeteer-core').Browser} Browser */
/** @typedef {import('puppeteer-core').Page} Page */

// Everything, both orders included, must finish in this time; a stuck browser must not hang the build.
const OVERALL_TIMEOUT_MS = 180_000;
// As CallPage.CALL_SETUP in the Java browser tests.
const STEP_TIMEOUT_MS = 45_000;

const CHROMIUM = process.env.CALLROOM_CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.CALLROOM_FIREFOX ?? '/usr/bin/firefox-esr';

// The flags of the Java tests' Chromium (testing/Chromium.java); puppeteer adds --headless itself.
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--window-size=1280,800',
];

// Fake camera and microphone granted without a prompt, ICE on loopback, and nothing that calls home at start-up
// (puppeteer's own profile already turns off updates, telemetry upload and safe browsing).
const FIREFOX_PREFS = {
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.navigator.permission.fake': true,
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'app.update.auto': false,
  'app.update.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'browser.ping-centre.telemetry': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'extensions.blocklist.enabled': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.topsites.contile.enabled': false,
  'media.gmp-gmpopenh264.enabled': true,
  'media.gmp-gmpopenh264.autoupdate': false,
};

const started = performance.now();
/** @param {string} line */
const log = (line) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);

class Failure extends Error {}

/**
 * @param {string} path
 * @param {string} what
 * @param {string} debianPackage
 * @param {string} variable
 */
function requireExecutable(path, what, debianPackage, variable) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    console.error(`${what} not found at ${path}: install Debian's ${debianPackage} (apt-get install -y ${debianPackage})`
      + ` or point ${variable} at it`);
    process.exit(2);
  }
}

/** @param {string} profile */
async function launchChromium(profile) {
  return puppeteer.launch({
    browser: 'chrome',
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: CHROMIUM_FLAGS,
    protocolTimeout: STEP_TIMEOUT_MS,
  });
}

async function launchFirefox() {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
    protocolTimeout: STEP_TIMEOUT_MS,
  });
}

/** One browser's call page, with what went wrong in it recorded as it happens. */
class CallPage {
  /** @type {string[]} */
  failedRequests = [];
  /** @type {string[]} */
  pageErrors = [];
  /** @type {string[]} */
  console = [];

  /**
   * @param {string} browserName
   * @param {Page} page
   */
  constructor(browserName, page) {
    this.browserName = browserName;
    this.page = page;
    page.on('response', (response) => {
      if (response.status() >= 400) this.failedRequests.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
    page.on('console', (message) => this.console.push(`${message.type()}: ${message.text()}`));
  }

  /**
   * @param {string} base
   * @param {string} room
   * @param {string} name
   */
  async open(base, room, name) {
    const url = new URL(base);
    url.search = new URLSearchParams({ room, name }).toString();
    await this.page.goto(url.href, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  }

  async join() {
    await this.page.click('[data-testid="join"]');
  }

  /** @param {string} state a data-state of the page's connection-state indicator */
  async awaitState(state) {
    await this.waitFor(`connection state ${state}`,
      () => this.page.$eval('[data-testid="connection-state"]', (e, s) => e.getAttribute('data-state') === s, state));
  }

  /** Frames decoded, the playback clock and frame count moving, and the remote audio track receiving. */
  async awaitRemoteMediaPlaying() {
    /** @type {unknown[]} */
    let last = [];
    await this.waitFor(() => `remote video playing with live audio (last seen ${JSON.stringify(last)})`, async () => {
      const first = await this.remoteMedia();
      last = [first];
      if (!first || first.width === 0 || !first.audioLive) return false;
      await new Promise((resolve) => setTimeout(resolve, 800));
      const second = await this.remoteMedia();
      last = [first, second];
      return second !== null && second.time > first.time && second.frames > first.frames;
    });
  }

  // Frames are counted by requestVideoFrameCallback's presentedFrames: Firefox's getVideoPlaybackQuality() stays at 0
  // for a MediaStream. A video that presents no frame within a second counts 0.
  async remoteMedia() {
    return this.page.evaluate(async () => {
      const video = /** @type {HTMLVideoElement | null} */ (document.querySelector('[data-testid="remote-video"]'));
      const stream = /** @type {MediaStream | null} */ (video?.srcObject ?? null);
      if (!video || !stream) return null;
      const audio = stream.getAudioTracks();
      /** @type {number} */
      const frames = await new Promise((resolve) => {
        setTimeout(resolve, 1000, 0);
        video.requestVideoFrameCallback((_, metadata) => resolve(metadata.presentedFrames));
      });
      return {
        width: video.videoWidth,
        time: video.currentTime,
        frames,
        audioLive: audio.length > 0 && audio.every((t) => t.readyState === 'live' && !t.muted) && !video.muted && !video.paused,
      };
    });
  }

  /** @param {string} text */
  async sendChat(text) {
    await this.waitFor('chat to open',
      () => this.page.$eval('[data-testid="chat-input"]', (e) => !(/** @type {HTMLInputElement} */ (e)).disabled));
    await this.page.type('[data-testid="chat-input"]', text);
    await this.page.click('[data-testid="chat-send"]');
  }

  /** @param {string} text */
  async awaitChatLine(text) {
    await this.waitFor(`chat log to show '${text}'`,
      () => this.page.$eval('[data-testid="chat-log"]', (e, t) => (e.textContent ?? '').includes(t), text));
  }

  async hangUp() {
    await this.page.click('[data-testid="leave"]');
  }

  /** Fails unless the page showed no error, got no 4xx/5xx answer and threw nothing. */
  async assertClean() {
    const error = await this.page.$eval('[data-testid="error"]',
      (e) => ((/** @type {HTMLElement} */ (e)).hidden ? '' : e.textContent ?? ''));
    if (error) throw new Failure(`${this.browserName} shows an error: ${error}`);
    if (this.failedRequests.length) {
      throw new Failure(`${this.browserName} got failed requests: ${this.failedRequests.join(', ')}`);
    }
    if (this.pageErrors.length) throw new Failure(`${this.browserName}'s page threw: ${this.pageErrors.join(' | ')}`);
    // Fetched here too: a browser may load its tab icon outside the page, where no response event reports it.
    const icon = await this.page.$eval('link[rel="icon"]', (e) => (/** @type {HTMLLinkElement} */ (e)).href);
    const answer = await fetch(icon);
    if (!answer.ok || !answer.headers.get('content-type')?.startsWith('image/svg+xml')) {
      throw new Failure(`the page's icon ${icon} answers ${answer.status} ${answer.headers.get('content-type')}`);
    }
  }

  /**
   * Polls until the condition holds; the failure says what the page showed at the end.
   * @param {string | (() => string)} what
   * @param {() => Promise<boolean>} condition
   */
  async waitFor(what, condition) {
    const deadline = performance.now() + STEP_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const shown = await this.page.evaluate(() => ({
      state: document.querySelector('[data-testid="connection-state"]')?.textContent,
      error: document.querySelector('[data-testid="error"]')?.textContent,
    })).catch((/** @type {unknown} */ e) => ({ state: `unreadable (${e})`, error: '' }));
    throw new Failure(`${this.browserName}: waited ${STEP_TIMEOUT_MS / 1000} s for ${typeof what === 'string' ? what : what()}; page state: ${shown.state}`
      + ` / error: ${shown.error}\n  ${this.browserName} console:\n    ${this.console.slice(-20).join('\n    ')}`);
  }
}

/**
 * A whole call in one room: first joins and waits, second joins, both see, hear and chat, both hang up.
 * @param {string} base
 * @param {{name: string, browser: Browser}} first
 * @param {{name: string, browser: Browser}} second
 */
async function call(base, first, second) {
  const room = `xb-${first.name.toLowerCase()}-first-${Date.now().toString(36)}`;
  const pages = [];
  try {
    const firstPage = new CallPage(first.name, await first.browser.newPage());
    pages.push(firstPage);
    await firstPage.open(base, room, first.name);
    await firstPage.join();
    await firstPage.awaitState('waiting');
    log(`${first.name} waits in ${room}`);

    const secondPage = new CallPage(second.name, await second.browser.newPage());
    pages.push(secondPage);
    await secondPage.open(base, room, second.name);
    await secondPage.join();
    log(`${second.name} joined`);

    await Promise.all([firstPage.awaitRemoteMediaPlaying(), secondPage.awaitRemoteMediaPlaying()]);
    await Promise.all([firstPage.awaitState('connected'), secondPage.awaitState('connected')]);
    log('both see and hear each other');

    await firstPage.sendChat(`Hello from ${first.name}`);
    await secondPage.awaitChatLine(`Hello from ${first.name}`);
    await secondPage.sendChat(`Hi ${first.name}, ${second.name} here`);
    await firstPage.awaitChatLine(`Hi ${first.name}, ${second.name} here`);
    log('chat crossed both ways');

    await firstPage.assertClean();
    await secondPage.assertClean();
    await firstPage.hangUp();
    await secondPage.awaitState('waiting');
    await secondPage.hangUp();
  } finally {
    await Promise.allSettled(pages.map((p) => p.page.close()));
  }
}

/**
 * Closes the browser, and kills its process if closing hangs.
 * @param {Browser | undefined} browser
 */
async function shut(browser) {
  if (!browser) return;
  const closed = browser.close();
  const late = new Promise((resolve) => setTimeout(resolve, 10_000, 'late'));
  if (await Promise.race([closed.then(() => 'closed', () => 'late'), late]) === 'late') browser.process()?.kill('SIGKILL');
}

async function main() {
  const base = process.argv[2];
  if (!base) {
    console.error('usage: node src/test/js/cross-browser-call.js BASE_URL (the call page, e.g. http://127.0.0.1:8080/)');
    process.exit(2);
  }
  requireExecutable(CHROMIUM, 'Chromium', 'chromium', 'CALLROOM_CHROMIUM');
  requireExecutable(FIREFOX, 'Firefox ESR', 'firefox-esr', 'CALLROOM_FIREFOX');

  const profile = mkdtempSync(join(tmpdir(), 'callroom-chromium-'));
  /** @type {Browser | undefined} */
  let chromium;
  /** @type {Browser | undefined} */
  let firefox;
  const timeout = setTimeout(async () => {
    console.error(`FAILED: the cross-browser call took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
    await Promise.allSettled([shut(chromium), shut(firefox)]);
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  let exitCode = 0;
  try {
    [chromium, firefox] = await Promise.all([launchChromium(profile), launchFirefox()]);
    log(`Chromium ${await chromium.version()}, Firefox ${await firefox.version()}`);
    const sides = { chromium: { name: 'Chromium', browser: chromium }, firefox: { name: 'Firefox', browser: firefox } };
    await call(base, sides.chromium, sides.firefox);
    log('Chromium first, then Firefox: call held');
    await call(base, sides.firefox, sides.chromium);
    log('Firefox first, then Chromium: call held');
    console.log('PASSED: Chromium and Firefox ESR called each other in both join orders');
  } catch (error) {
    console.error(`FAILED: ${error instanceof Failure ? error.message : error instanceof Error ? error.stack : error}`);
    exitCode = 1;
  } finally {
    clearTimeout(timeout);
    await Promise.allSettled([shut(chromium), shut(firefox)]);
    rmSync(profile, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

await main();
