// `npm run dev`: the backend (restarting on change) and Vite's dev server side by
// side. Vite proxies /api (HTTP and WebSocket) to the backend on port 8787.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/cli.ts', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
