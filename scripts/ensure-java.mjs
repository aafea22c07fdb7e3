#!/usr/bin/env node
// DynamoDB Local is a Java program. Run before `npm start` and `npm test`: when Java is missing
// and this machine can install it (root with apt-get), it installs Debian's headless JRE; anywhere
// else it says exactly what to install.
import { spawnSync } from 'node:child_process';

const java = process.env.JAVA ?? 'java';
const hasJava = () => spawnSync(java, ['-version'], { stdio: 'ignore' }).status === 0;

if (!hasJava()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.error('Java is missing: installing default-jre-headless for DynamoDB Local…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'default-jre-headless'], { stdio: 'inherit', env });
    if (update.status !== 0 || install.status !== 0 || !hasJava()) {
      console.error('Installing Java failed; install a Java 17+ runtime by hand (apt-get install default-jre-headless).');
      process.exit(1);
    }
  } else {
    console.error(
      'DynamoDB Local needs Java 17 or newer. Install it with `sudo apt-get install -y default-jre-headless` ' +
        '(Debian/Ubuntu) or `brew install openjdk` (macOS), or set JAVA to a java binary.',
    );
    process.exit(1);
  }
}
