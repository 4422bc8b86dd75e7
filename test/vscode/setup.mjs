#!/usr/bin/env node
// Installs what the VS Code tests need on Linux, into the user's cache folder
// (~/.cache/iam-restore-lint-vscode unless IAM_RESTORE_LINT_VSCODE_CACHE says otherwise).
// Idempotent: when everything is there it only checks (well under a second).
//
//   node test/vscode/setup.mjs            install what is missing
//   node test/vscode/setup.mjs --check    exit 1 and list what is missing, install nothing
//
// What it installs (nothing is assumed present):
//   apt  chromium (the browser playwright-core drives), libkrb5-dev (gssapi.h for code-server's
//        `kerberos` addon) and the compilers node-gyp needs, when missing; as root directly,
//        otherwise through sudo. IAM_RESTORE_LINT_VSCODE_SKIP_APT=1 never touches apt.
//   npm  node-linux-<arch>@24 (Node 24 binary from the npm registry; code-server requires it),
//        code-server built with that Node (its native addons compile from source, ~2 min on 2
//        cores), playwright-core (no browser download).
// On other systems there is nothing to install: the tests use @vscode/test-electron there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM, VERSIONS, cacheDir, installedVersion, missingTools, nodePackageName, toolPaths } from './lib/paths.mjs';

const check = process.argv.includes('--check');
const t0 = Date.now();
const log = (...a) => console.log(`[vscode-setup ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

if (!nodePackageName()) {
	log(`nothing to install on ${process.platform}/${process.arch}: the VS Code tests use @vscode/test-electron here`);
	process.exit(0);
}

const tools = toolPaths();
if (check) {
	const missing = [...missingTools(tools), ...missingApt().map((p) => `apt package ${p}`)];
	if (missing.length) {
		console.error(`missing:\n  ${missing.join('\n  ')}\nrun: node test/vscode/setup.mjs`);
		process.exit(1);
	}
	log('everything installed in', tools.cache);
	process.exit(0);
}

fs.mkdirSync(tools.cache, { recursive: true });

// ------------------------------------------------------------------ apt
function missingApt() {
	const need = [];
	if (!fs.existsSync(CHROMIUM)) need.push('chromium');
	if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) need.push('libkrb5-dev');
	for (const [cmd, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3'], ['pkg-config', 'pkg-config']])
		if (!onPath(cmd)) need.push(pkg);
	// code-server's kerberos/node-pty builds are skipped once code-server is installed
	return fs.existsSync(tools.codeServerStamp) ? need.filter((p) => p === 'chromium') : need;
}
function onPath(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
const apt = missingApt();
if (apt.length) {
	if (process.env.IAM_RESTORE_LINT_VSCODE_SKIP_APT === '1') fail(`missing system packages: ${apt.join(' ')} (and IAM_RESTORE_LINT_VSCODE_SKIP_APT=1)`);
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	log(`apt-get install ${apt.join(' ')}${sudo.length ? ' (with sudo)' : ''}`);
	const aptLog = path.join(tools.cache, 'apt.log');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run([...sudo, 'apt-get', 'update', '-qq'], { env, logFile: aptLog });
	run([...sudo, 'apt-get', 'install', '-y', '-qq', ...apt], { env, logFile: aptLog });
} else {
	log('system packages present (chromium, libkrb5-dev, compilers)');
}

// ------------------------------------------------------------------ Node 24 from the npm registry
const nodeOk = () => fs.existsSync(tools.node) && spawnSync(tools.node, ['-v'], { encoding: 'utf8' }).stdout.trim() === `v${VERSIONS.node}`;
if (nodeOk()) {
	log(`node v${VERSIONS.node} present`);
} else {
	log(`npm install ${nodePackageName()}@${VERSIONS.node}`);
	npmInstall(path.join(tools.cache, 'node24'), [`${nodePackageName()}@${VERSIONS.node}`]);
	if (!nodeOk()) fail(`${tools.node} is not Node ${VERSIONS.node} after installing it`);
}

// ------------------------------------------------------------------ code-server, built with Node 24
if (fs.existsSync(tools.codeServerStamp) && fs.existsSync(tools.codeServerEntry)) {
	log(`code-server ${VERSIONS.codeServer} present`);
} else {
	log(`npm install code-server@${VERSIONS.codeServer} with Node ${VERSIONS.node} (compiles native addons, ~2 min)`);
	fs.rmSync(tools.codeServerDir, { recursive: true, force: true });
	const t = Date.now();
	const installLog = path.join(tools.cache, 'code-server-install.log');
	npmInstall(tools.codeServerDir, [`code-server@${VERSIONS.codeServer}`], {
		// npm runs under Node 24 (first on PATH), so code-server's postinstall sees node/v24 in
		// npm_config_user_agent, and node-gyp builds against Node 24's headers instead of whatever
		// `nodedir` a ~/.npmrc names (on our machines /usr, Node 20's).
		PATH: `${path.join(tools.nodeRoot, 'bin')}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: tools.nodeRoot,
	}, ['--foreground-scripts'], installLog);
	log(`code-server installed in ${Math.round((Date.now() - t) / 1000)}s`);
	// Do its native addons load under Node 24? (A wrong ABI shows here, not in the middle of a test.)
	const vscodeDir = path.join(tools.codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
	run([tools.node, '-e', "require('@vscode/spdlog'); require('node-pty'); require('@vscode/sqlite3'); console.log('code-server native addons load under', process.version)"], { cwd: vscodeDir });
	fs.writeFileSync(tools.codeServerStamp, new Date().toISOString() + '\n');
}

// ------------------------------------------------------------------ browser driver
if (installedVersion(tools.playwrightCore) === VERSIONS.playwrightCore) {
	log(`playwright-core ${VERSIONS.playwrightCore} present`);
} else {
	log(`npm install playwright-core@${VERSIONS.playwrightCore}`);
	npmInstall(tools.toolsDir, [`playwright-core@${VERSIONS.playwrightCore}`]);
}

const still = missingTools(tools);
if (still.length) fail(`still missing after setup: ${still.join(', ')}`);
log(`ready in ${cacheDir()} (${spawnSync('du', ['-sh', tools.cache], { encoding: 'utf8' }).stdout.split('\t')[0] || '?'})`);

// ------------------------------------------------------------------ helpers
/**
 * npm install into a private folder of the cache. The environment of an enclosing `npm run`
 * (npm_config_prefix, npm_config_local_prefix, npm_config_user_agent, npm_package_*, …) is
 * dropped, or npm would install into the project or tell code-server the wrong Node version.
 */
function npmInstall(dir, specs, extraEnv = {}, extraArgs = [], logFile) {
	fs.mkdirSync(dir, { recursive: true });
	const pkg = path.join(dir, 'package.json');
	if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({ name: `iam-restore-lint-vscode-${path.basename(dir)}`, private: true }) + '\n');
	const keep = /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|strict_ssl|cache|userconfig)$/i;
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)));
	run(['npm', 'install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', ...extraArgs, ...specs],
		{ cwd: dir, env: { ...env, ...extraEnv }, logFile });
}

function run(argv, { cwd, env, logFile } = {}) {
	const r = spawnSync(argv[0], argv.slice(1), {
		cwd, env: env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
		stdio: logFile ? ['ignore', 'pipe', 'pipe'] : 'inherit',
	});
	if (logFile) fs.appendFileSync(logFile, `$ ${argv.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}\n`);
	if (r.status !== 0) {
		if (logFile) {
			const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
			const key = text.split('\n').filter((l) => /npm error|gyp ERR|fatal error|^E:/.test(l)).slice(0, 30);
			console.error((key.length ? key : text.split('\n').slice(-30)).join('\n'));
		}
		fail(`${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})${logFile ? `; full log: ${logFile}` : ''}`);
	}
	return r;
}

function fail(message) {
	console.error(`[vscode-setup] ${message}`);
	process.exit(1);
}
