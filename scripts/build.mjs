// Builds dist/ (tsc) and, with NODE_ENV=production, the minified panel assets, versioned per build, in public/admin-assets.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

fs.rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

// The bundler must run with NODE_ENV=production, or it produces 1.8 MB of unminified code.
process.env.NODE_ENV = 'production';
process.env.ADMIN_JS_SKIP_BUNDLE = 'false';
const destinationDir = 'public/admin-assets';
fs.rmSync(destinationDir, { recursive: true, force: true });
const { bundle } = await import('@adminjs/bundler');
const { componentLoader } = await import(path.join(root, 'dist/src/admin/components.js'));
await bundle({ componentLoader, destinationDir, versioning: { manifestPath: `${destinationDir}/manifest.json` } });
fs.writeFileSync('dist/.build-stamp', new Date().toISOString());
console.log('build: dist/ and public/admin-assets/ are ready');
