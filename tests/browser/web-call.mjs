// Drives the server's /call test page in headless Chromium with a fake microphone playing a WAV file, and prints the
// page's transcript as JSON on stdout: {"ok":bool,"status":"...","transcript":[{"role":"agent","text":"..."}],"error":"..."}.
// Usage: node web-call.mjs --base http://127.0.0.1:PORT --key sb_live_... --wav caller.wav
//        [--chromium /usr/bin/chromium] [--timeout-ms 90000] [--expect "Acme Dental"] [--want-user]
import { chromium } from 'playwright-core';

function options(argv) {
  const parsed = { chromium: '/usr/bin/chromium', timeoutMs: 90000, expect: 'Acme Dental', wantUser: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => argv[++i];
    if (name === '--base') parsed.base = value();
    else if (name === '--key') parsed.key = value();
    else if (name === '--wav') parsed.wav = value();
    else if (name === '--chromium') parsed.chromium = value();
    else if (name === '--timeout-ms') parsed.timeoutMs = Number(value());
    else if (name === '--expect') parsed.expect = value();
    else if (name === '--want-user') parsed.wantUser = true;
    else throw new Error(`Unknown argument ${name}`);
  }
  if (!parsed.base || !parsed.key || !parsed.wav) throw new Error('--base, --key and --wav are required');
  return parsed;
}

const opts = options(process.argv.slice(2));
const deadline = Date.now() + opts.timeoutMs;
const result = { ok: false, status: null, transcript: [], console: [], error: null };
let browser;
try {
  browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    timeout: 30000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${opts.wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  page.on('console', (message) => result.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => result.console.push(`pageerror: ${error.message}`));

  await page.goto(`${opts.base}/call`, { timeout: 30000 });
  await page.fill('#api-key', opts.key);
  await page.click('#call-button');

  const readTranscript = () => page.$$eval('#transcript li', (lines) =>
    lines.map((line) => ({ role: line.dataset.role, text: line.querySelector('.text')?.textContent ?? '' })));

  // Bounded: the agent's greeting (and, when asked, a line the fake microphone produced).
  while (Date.now() < deadline) {
    result.transcript = await readTranscript();
    result.status = await page.textContent('#status');
    const greeted = result.transcript.some((line) => line.role === 'agent' && line.text.includes(opts.expect));
    const heard = !opts.wantUser || result.transcript.some((line) => line.role === 'user');
    if (greeted && heard) {
      result.ok = true;
      break;
    }
    if ((await page.getAttribute('#status', 'data-state')) === 'error') break;
    await page.waitForTimeout(250);
  }
  if (result.ok) {
    await page.click('#hangup-button').catch(() => {});
    await page.waitForSelector('#status[data-state="ended"]', { timeout: 10000 }).catch(() => {});
    result.status = await page.textContent('#status');
  }
} catch (error) {
  result.error = error?.message ?? String(error);
} finally {
  await browser?.close().catch(() => {});
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(result.ok ? 0 : 1);
