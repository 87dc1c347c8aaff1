// https.test.mjs — the toolbar over HTTPS ([http] tls_port): Debian's
// chromium trusts the daemon's generated tls.pem only through its key
// (--ignore-certificate-errors-spki-list, so the certificate is really
// checked: a browser without the pin is refused), loads the page in a
// secure context, signs in over wss:// /ws and, with its softphone
// (IsSIPPhone), registers over wss:// /sip and talks with a baresip
// customer: each hears the other's tone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { As } from '../../web/toolbar/buttons.js';
import { startDaemon } from './daemon.mjs';
import { launchBrowser, toolbarSignIn, watchErrors } from './browser.mjs';
import { startPhone } from './bphone.mjs';
import { writeToneWav } from './tone.mjs';
import { dominates, pageHears, phoneHeard } from './hear.mjs';

const WAIT = { timeout: 10000 };
const HZ_CUSTOMER = 700;
const HZ_PAGE = 1000;
const TALK_MS = 2500;

let d;
let work;
let browser;
let url;
let agent;      // the signed-in page: {page, errors, sockets}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** base64 of the SHA-256 of the certificate's key (SubjectPublicKeyInfo):
 * what chromium's --ignore-certificate-errors-spki-list pins. */
function spkiPin(pemFile) {
  const cert = new X509Certificate(readFileSync(pemFile));
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'callcloud-https-'));
  d = await startDaemon({
    args: ['--switch', 'sip', '--sip-port', '0', '--agent-tls-port', '0',
      '--https-port', '0'],
    ini: '[sip]\nmedia_address = 127.0.0.1\n',
  });
  assert.ok(d.httpsPort && d.agentTlsPort, 'the ready line has the TLS ports');
  url = `https://127.0.0.1:${d.httpsPort}`;
  const wav = join(work, 'mic.wav');
  writeToneWav(wav, HZ_PAGE, 30);
  browser = await launchBrowser([
    `--ignore-certificate-errors-spki-list=${spkiPin(join(d.dir, 'tls.pem'))}`,
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required']);
});

after(async () => {
  await browser?.close();
  if (d) assert.equal(await d.stop(), 0, d.log());
  rmSync(work, { recursive: true, force: true });
});

/** A page of the toolbar over HTTPS, and the WebSocket URLs it opens. */
async function toolbarPage() {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(`${url}/`);
  return { page, errors, sockets };
}

test('without the pin the certificate is refused', async () => {
  const plain = await launchBrowser();
  try {
    const page = await plain.newPage();
    await assert.rejects(page.goto(`${url}/`), /ERR_CERT/);
  } finally {
    await plain.close();
  }
});

test('the toolbar over https signs in over wss /ws, its softphone over wss /sip', async () => {
  agent = await toolbarPage();
  const { page, sockets } = agent;
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
  const fields = { AgentID: '2003', PassWord: '2003123', DN: '1883',
    ServiceList: '示例=3', SIPServerIP: '127.0.0.1',
    SIPServerPort: String(d.httpsPort), PhoneNum: '1883', PhonePwd: '1234' };
  for (const [name, value] of Object.entries(fields)) {
    await page.locator(`input[name=${name}]`).fill(value);
  }
  await page.locator('input[name=IsSIPPhone]').check();
  await page.locator('#signin-submit').click();
  await page.locator(`#state[data-state="${As.Ready}"]`).waitFor(WAIT);
  for (const path of ['/ws', '/sip']) {
    assert.ok(sockets.includes(`wss://127.0.0.1:${d.httpsPort}${path}`),
      sockets.join(' '));
  }
});

test('the page takes a customer\'s call: each hears the other', async () => {
  const { page, errors } = agent;
  const customer = await startPhone({ user: '13800000001', sipPort: d.sipPort,
    hz: HZ_CUSTOMER });
  try {
    await customer.dial('4000');
    await customer.event('CALL_ESTABLISHED');
    await page.locator(`#state[data-state="${As.Alerting}"]`).waitFor(WAIT);
    await page.locator('#btn-answer').click();
    await page.locator(`#state[data-state="${As.Connected}"]`).waitFor(WAIT);
    await sleep(TALK_MS);
    dominates(await pageHears(page, 1500, [HZ_CUSTOMER, HZ_PAGE]),
      ['customer', 'page'], 'the page hears the customer');
    dominates(phoneHeard(customer, 1500, [HZ_PAGE, HZ_CUSTOMER]),
      ['page', 'customer'], 'the customer hears the page');
    await page.locator('#btn-hangup').click();
    await page.locator(`#state[data-state="${As.Ready}"]`).waitFor(WAIT);
  } finally {
    await customer.stop();
  }
  await page.locator('#btn-signout').click();
  await page.locator(`#state[data-state="${As.UnLogin}"]`).waitFor(WAIT);
  assert.deepEqual(errors, []);
  await page.close();
});
