// The architecture, held by the linter (ARCHITECTURE.md): the engine is pure, the language server
// never touches Node directly (a browser web worker runs it too), the client reaches the server's
// shared types only with `import type`, the AGPL evaluator stays in tests, and no promise is
// dropped unawaited. Rules are set per directory, so new modules are covered as they are added.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/** The evaluator is AGPL: tests may use it, the shipped extension (MIT) never. */
const agpl = { group: ['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-simulate/*'], message: '@cloud-copilot/iam-simulate is AGPL: tests only, never in what ships.' };

/** The LSP connection and VS Code's API; the engine takes neither (vscode-languageserver-types and -textdocument are data). */
const editorApis = [
	{ group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'The engine never imports VS Code: it runs in the CLI and any editor.' },
	{ group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-protocol', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: 'The engine never imports the LSP connection: server/src/lsp adapts it.' },
];

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
	{
		files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'test/**/*.ts'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
		settings: {
			'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
			// The modules an import leads to are TypeScript too: import-x/no-cycle must parse them.
			'import-x/extensions': ['.ts', '.js'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
			'import-x/no-cycle': ['error', { ignoreExternal: true }],
		},
	},
	{
		files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [agpl] }] },
	},
	{
		// Pure: text and data in, findings and edits out. No Node, no editor, no server.
		files: ['server/src/engine/**/*.ts'],
		rules: {
			'import-x/no-nodejs-modules': 'error',
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						agpl,
						...editorApis,
						{ group: ['**/lsp', '**/lsp/**', '**/node', '**/node/**', '**/cli', '**/cli/**', '**/client/**'], message: 'The engine imports only its own modules and data: the faces import it, never the reverse.' },
					],
				},
			],
		},
	},
	{
		// The language server reads through its runtime (lsp/runtime.ts), so a web worker can run it.
		files: ['server/src/lsp/**/*.ts'],
		rules: {
			'import-x/no-nodejs-modules': 'error',
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						agpl,
						{ group: ['**/node', '**/node/**', '**/cli', '**/cli/**'], message: 'server/src/lsp gets Node only through the ServerRuntime that server/src/node builds.' },
						{ group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver/node', 'vscode-jsonrpc/node'], message: 'server/src/lsp is transport-neutral: no VS Code API, no Node-only entry points.' },
					],
				},
			],
		},
	},
	{
		// Shared types only; they cross to the client as types.
		files: ['server/src/shared/**/*.ts'],
		rules: { 'import-x/no-nodejs-modules': 'error' },
	},
	{
		// The client is VS Code UI: it reaches the server's shared declarations as types, nothing else.
		files: ['client/src/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						agpl,
						{ group: ['**/server/src/shared/**'], allowTypeImports: true, message: 'The client reaches server/src/shared with `import type` only: nothing of the server runs in the client.' },
						{ group: ['**/server/src/*', '!**/server/src/shared', '**/server/src/engine/**', '**/server/src/lsp/**', '**/server/src/node/**', '**/server/src/cli/**', '**/server/src/scenarios/**'], message: 'The client never computes findings: it asks the server.' },
					],
				},
			],
		},
	},
);
