/**
 * `vigil-streamer`: runs the engine without a window.
 *
 *   vigil-streamer --headless [--config FILE] [--data-dir DIR] [--api-port N] [--signaling-port N]
 *   vigil-streamer --demo     a demo camera (a yard a figure crosses), motion and recording on, loopback signalling, a pairing QR code
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { ConfigError } from './config/store.ts';
import { openElectronViewer } from './electron-viewer.ts';
import { adminTokenFile, defaultDataDir } from './paths.ts';
import { startEngine, type EngineOptions } from './engine.ts';
import { DEMO_CLOCK_AREA } from './ffmpeg/demo-scene.ts';

/** The demo records into its own folder, kept small: 100 MB (about an hour of events). */
const DEMO_QUOTA_BYTES = 100 * 1024 ** 2;

const HELP = `Usage: vigil-streamer [--headless] [options]

  --config FILE          configuration file (default: <data-dir>/config.json)
  --data-dir DIR         keys, token, paired viewers (default: ~/.vigil/streamer)
  --api-port N           control API port (default from config: 7480)
  --signaling-port N     bundled signalling server port (default from config: 8443)
  --ui-origin ORIGIN     a streamer UI served from ORIGIN may call the control API (repeatable;
                         the Electron app passes app://vigil)
  --demo                 run a demo: a generated camera with motion and recording on, loopback only, data in ./.vigil/demo
  --headless             run without a window (the only mode of this command)
  -h, --help             this text`;

/** Parses arguments into engine options; throws a usage error on bad input. */
export function parseCli(argv: string[]): { help: true } | { help: false; demo: boolean; options: EngineOptions } {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      'api-port': { type: 'string' },
      'ui-origin': { type: 'string', multiple: true },
      'signaling-port': { type: 'string' },
      demo: { type: 'boolean', default: false },
      headless: { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const port = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number (0-65535), not "${text}"`);
    return n;
  };
  const demo = values.demo;
  const dataDir = resolve(values['data-dir'] ?? (demo ? join('.vigil', 'demo') : defaultDataDir()));
  const options: EngineOptions = {
    dataDir,
    configFile: values.config ? resolve(values.config) : undefined,
    apiPort: port('api-port', values['api-port']),
    signalingPort: port('signaling-port', values['signaling-port']),
    uiOrigins: values['ui-origin']?.map(uiOrigin),
    defaults: demo
      ? {
          name: 'Vigil demo',
          // The whole job on a first run: a figure crossing the yard → motion → recording → an alert waiting for a channel.
          cameras: [{
            id: 'demo', name: 'Demo yard', source: { kind: 'test-pattern', scene: 'demo', width: 640, height: 360, fps: 15 },
            motion: { masks: [{ id: 'clock', polygon: DEMO_CLOCK_AREA }] },
            recording: { mode: 'motion', segmentSeconds: 4, quotaBytes: DEMO_QUOTA_BYTES },
          }],
          signaling: { mode: 'embedded', host: '127.0.0.1', port: 8443 },
        }
      : undefined,
  };
  if (demo) options.signalingHost = '127.0.0.1';
  return { help: false, demo, options };
}

/** An exact origin (`scheme://host[:port]`, no path): anything looser would open the API to more pages. */
function uiOrigin(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(text)) throw new Error(`--ui-origin must be an exact origin such as app://vigil, not "${text}"`);
  return text;
}

/** Runs the CLI until SIGINT/SIGTERM. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    console.error(`vigil-streamer: ${(error as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) return void console.log(HELP);
  let engine;
  try {
    engine = await startEngine(parsed.options);
  } catch (error) {
    console.error(`vigil-streamer: ${error instanceof ConfigError ? error.message : (error as Error).stack}`);
    process.exitCode = 1;
    return;
  }
  const { info } = engine;
  const tokenFile = adminTokenFile(parsed.options.dataDir);
  // Secrets on stdout end up in logs (systemd's journal keeps them): the admin link only in the
  // demo, the one-time pairing code only in the demo or when a person is at the terminal.
  const showPairing = parsed.demo || process.stdout.isTTY === true;
  console.log(`Vigil streamer ${info.streamerId} is running.
  streamer UI   ${parsed.demo ? `${info.apiUrl}/#token=${info.adminToken}   (this machine only; the link carries the admin token)` : `${info.apiUrl}/   (this machine only; sign in with the admin token in ${tokenFile})`}
  control API   ${info.apiUrl}   (admin token in ${tokenFile})
  signalling    ${info.signalingUrl}${info.fingerprint ? `   (TLS key pin ${info.fingerprint.pin})` : ''}${info.viewerUrl ? `\n  viewer        ${info.viewerUrl}   (open it in Chromium, Chrome, Edge or Firefox, then ${showPairing ? 'scan or paste the code below' : 'pair it from the streamer UI'})` : ''}`);
  let offer;
  try {
    offer = engine.pairing.offers.issue();
  } catch (error) {
    // The config is checked for this on load; should a pairing code still be impossible, say so and stop cleanly.
    console.error(`vigil-streamer: cannot make a pairing code: ${(error as Error).message}`);
    await engine.stop();
    process.exitCode = 1;
    return;
  }
  if (showPairing) {
    console.log(`\nScan this code with the Vigil viewer to pair (valid until ${new Date(offer.expiresAt).toLocaleTimeString()}):\n`);
    console.log(await QRCode.toString(offer.uri, { type: 'terminal', small: true, errorCorrectionLevel: 'L' }));
    console.log(`or paste: ${offer.uri}\n`);
  } else {
    console.log('\nPairing codes are not printed here (this output may be kept in a log): open the streamer UI → Pairing, or start the streamer in a terminal.\n');
  }
  const electronViewer = parsed.demo ? openElectronViewer() : undefined;
  if (parsed.demo) console.log(electronViewer ? 'Opened the Electron viewer.' : 'No Electron binary installed: use the viewer in the browser (URL above).');
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    electronViewer?.kill();
    await engine.stop();
    // Everything is released; a forgotten timer or socket anywhere must not keep a stopped
    // streamer running (a service manager would have to SIGKILL it).
    process.exit();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
