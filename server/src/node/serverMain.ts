import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { withClientFiles } from '../lsp/clientFiles';
import { startServer } from '../lsp/server';
import { createNodeRuntime } from './nodeRuntime';

/**
 * Process entry of the language server (bin iam-restore-lint-server). createConnection reads the
 * transport from argv: --stdio for any LSP client (Neovim, Emacs, Helix, Zed), --node-ipc when
 * the VS Code extension forks it.
 */
if (process.argv.includes('--version')) {
	process.stdout.write(`iam-restore-lint-server ${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
} else if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
	process.stderr.write('Usage: iam-restore-lint-server --stdio   (the IAM Restore Lint language server, for any LSP client)\n');
	process.exitCode = 2;
} else {
	const connection = createConnection(ProposedFeatures.all);
	// Files of a virtual workspace (vscode-vfs:) are not on this machine: the editor reads them.
	startServer(connection, withClientFiles(createNodeRuntime(), connection));
}

declare const __VERSION__: string | undefined;
