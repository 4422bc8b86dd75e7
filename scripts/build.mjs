// Bundles the three faces with esbuild (STYLE.md §8). Type checking is separate: `npm run typecheck`.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

const common = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	// Without module first, a bundled jsonc-parser fails at run time ("Cannot find module './impl/format'").
	mainFields: ['module', 'main'],
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	define: { __VERSION__: JSON.stringify(pkg.version) },
};

const entries = [
	{ in: 'server/src/cli/main.ts', out: 'dist/cli.js', bin: true },
	{ in: 'server/src/node/serverMain.ts', out: 'dist/server.js', bin: true },
	{ in: 'client/src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];

rmSync('dist', { recursive: true, force: true });
for (const e of entries) {
	if (!existsSync(e.in)) continue;
	await build({
		...common,
		entryPoints: [e.in],
		outfile: e.out,
		external: e.external ?? [],
		banner: e.bin ? { js: '#!/usr/bin/env node' } : undefined,
	});
	if (e.bin) chmodSync(e.out, 0o755);
}
console.log(`built ${entries.filter((e) => existsSync(e.out)).map((e) => e.out).join(', ')}`);
