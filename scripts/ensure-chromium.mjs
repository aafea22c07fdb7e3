#!/usr/bin/env node
// The console's browser test drives Debian's Chromium (playwright-core downloads no browser of its
// own). Run before `npm start` and `npm test`: when Chromium is missing and this machine can
// install it (root with apt-get), it installs Debian's package; anywhere else it says exactly what
// to install or which binary to point CHROMIUM at.
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = () => spawnSync(chromium, ['--version'], { stdio: 'ignore' }).status === 0;

if (!hasChromium()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.error('Chromium is missing: installing Debian’s chromium for the console’s browser test…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
    if (update.status !== 0 || install.status !== 0 || !hasChromium()) {
      console.error('Installing Chromium failed; install it by hand (apt-get install chromium).');
      process.exit(1);
    }
  } else {
    console.error(
      'The console’s browser test needs Chromium. Install it with `sudo apt-get install -y chromium` ' +
        '(Debian/Ubuntu) or set CHROMIUM to a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
}
