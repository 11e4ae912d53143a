// Makes sure Debian's Chromium is there for the e2e tests. Playwright's own
// browser download cannot work on these machines, so we drive the system one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(path)) process.exit(0);

if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
  console.error(
    `e2e tests need Chromium at ${path}.\n` +
      `Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary, then run npm test again.`,
  );
  process.exit(1);
}

console.error(`Chromium not found at ${path}: installing Debian's chromium package (running as root)...`);
const run = (args) => execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
run(['update', '-qq']);
run(['install', '-y', '-qq', 'chromium']);
if (!fs.existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing; set CHROMIUM_PATH to the installed binary.`);
  process.exit(1);
}
