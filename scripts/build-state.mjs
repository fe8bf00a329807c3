// Whether the production build (dist/ and the panel bundle) is there and newer than its sources: the one test
// `npm start` (scripts/start.mjs) and the benchmarks use to decide whether to build first.
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** @param {string} root the project folder */
export function buildIsCurrent(root) {
  const stamp = path.join(root, 'dist/.build-stamp');
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...['src', 'migrations', 'components'].map((d) => newestMtime(path.join(root, d))), fs.statSync(path.join(root, 'package-lock.json')).mtimeMs);
  return !!built && sources <= built && fs.existsSync(path.join(root, 'public/admin-assets/manifest.json'));
}
