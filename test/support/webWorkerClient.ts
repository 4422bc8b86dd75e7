import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CompletionItem, CompletionList, Diagnostic, DocumentDiagnosticReport, Hover, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from './fixtures';

/**
 * Runs the web worker language server (dist/web/server.js) in a real headless Chromium, driven
 * by playwright-core, and plays its LSP client from a page (test/web/page/lspPage.mjs) over the
 * worker's postMessage, as vscode-languageclient/browser does. The extension's dist/ folder and
 * the page are served over loopback HTTP, so the worker fetches its data files as it does from
 * vscode.dev's CDN. Uses the browser tools the VS Code suites install (node test/vscode/setup.mjs).
 */

/** What the page keeps (test/web/page/lspPage.mjs). */
export interface PageState {
	published: PublishDiagnosticsParams[];
	logs: string[];
	errors: string[];
	fileRequests: [string, string][];
	refreshes: number;
	timings: { start: number; workerCreated: number; initialized: number; firstDiagnostics: number };
}

interface LspPage {
	state: PageState & { settings: unknown; files: unknown };
	request(method: string, params: unknown): Promise<unknown>;
	tryRequest(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }>;
	notify(method: string, params: unknown): Promise<void>;
}
/** The page's globals (test/web/page/lspPage.mjs); these functions run in the browser. */
declare const window: { lsp: LspPage; startLsp(serverUrl: string): boolean };

interface Playwright {
	chromium: { launch(options: unknown): Promise<Browser> };
}
interface Browser {
	newPage(): Promise<Page>;
	close(): Promise<void>;
}
interface Page {
	goto(url: string): Promise<unknown>;
	evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
	on(event: 'console' | 'pageerror', listener: (m: { text?: () => string; message?: string }) => void): void;
}

// The tools' locations come from the VS Code suites' own module (ESM), so "installed" means the
// same thing here; a Function keeps tsc from turning this import() into a require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Record<string, unknown>>;

async function browserTools(): Promise<{ playwright: Playwright; chromium: string }> {
	const paths = (await importEsm(pathToFileURL(path.join(repoRoot, 'test', 'vscode', 'lib', 'paths.mjs')).href)) as {
		CHROMIUM: string;
		toolPaths(): { playwrightCore: string };
		missingTools(): string[];
	};
	const missing = paths.missingTools().filter((m) => /playwright|chromium/.test(m));
	if (missing.length > 0) throw new Error(`not installed: ${missing.join(', ')}; run: node test/vscode/setup.mjs`);
	return { playwright: require(paths.toolPaths().playwrightCore) as Playwright, chromium: paths.CHROMIUM };
}

const CONTENT_TYPES: Record<string, string> = {
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.json': 'application/json',
	'.wasm': 'application/wasm',
	'.html': 'text/html',
	'.map': 'application/json',
};

/** Serves `/` (the page) and `/ext/…` (the extension's files) from loopback; records what was fetched. */
function serve(pageDir: string): Promise<{ server: http.Server; base: string; fetched: string[] }> {
	const fetched: string[] = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		fetched.push(url.pathname);
		const file = url.pathname.startsWith('/ext/')
			? path.join(repoRoot, decodeURIComponent(url.pathname.slice('/ext/'.length)))
			: path.join(pageDir, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1)));
		const root = url.pathname.startsWith('/ext/') ? path.join(repoRoot, 'dist') : pageDir;
		if (!path.resolve(file).startsWith(root + path.sep) && path.resolve(file) !== path.join(pageDir, 'index.html')) {
			res.writeHead(403).end();
			return;
		}
		fs.readFile(file, (err, data) => {
			if (err) return void res.writeHead(404).end();
			res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(data);
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, fetched })));
}

export class WebWorkerLspClient {
	private versions = new Map<string, number>();
	readonly pageLog: string[] = [];

	private constructor(
		private readonly browser: Browser,
		private readonly page: Page,
		private readonly http: { server: http.Server; base: string; fetched: string[] },
		private readonly pageDir: string,
	) {}

	/** Launches Chromium, serves the page and dist/, and starts the worker (not yet initialized). */
	static async start(): Promise<WebWorkerLspClient> {
		if (!fs.existsSync(path.join(repoRoot, 'dist', 'web', 'server.js'))) throw new Error('dist/web/server.js is missing: run npm run build first');
		const { playwright, chromium } = await browserTools();
		const pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'irl-web-page-'));
		// esbuild is a dev dependency: the page script is bundled for the browser like the worker itself.
		const esbuild = require('esbuild') as typeof import('esbuild');
		await esbuild.build({
			entryPoints: [path.join(repoRoot, 'test', 'web', 'page', 'lspPage.mjs')],
			outfile: path.join(pageDir, 'lsp-page.js'),
			bundle: true,
			platform: 'browser',
			format: 'iife',
			logLevel: 'error',
		});
		fs.writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>iam-restore-lint web worker test</title><script src="/lsp-page.js"></script>\n');
		const served = await serve(pageDir);
		// Chromium writes its profile under TMPDIR; keep it inside our scratch folder.
		const previousTmp = process.env.TMPDIR;
		process.env.TMPDIR = pageDir;
		let browser: Browser;
		try {
			browser = await playwright.chromium.launch({
				executablePath: chromium,
				headless: true,
				args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
			});
		} finally {
			if (previousTmp === undefined) delete process.env.TMPDIR;
			else process.env.TMPDIR = previousTmp;
		}
		const page = await browser.newPage();
		const client = new WebWorkerLspClient(browser, page, served, pageDir);
		page.on('console', (m) => client.pageLog.push(m.text?.() ?? ''));
		page.on('pageerror', (e) => client.pageLog.push(`page error: ${e.message}`));
		await page.goto(`${served.base}/`);
		await page.evaluate((url) => window.startLsp(url), `${served.base}/ext/dist/web/server.js`);
		return client;
	}

	get base(): string {
		return this.http.base;
	}

	/** The paths the browser fetched from the loopback server, in order. */
	get fetched(): readonly string[] {
		return this.http.fetched;
	}

	request<R>(method: string, params: unknown): Promise<R> {
		return this.page.evaluate(([m, p]) => window.lsp.request(m, p), [method, params] as const) as Promise<R>;
	}

	/** The result, or the error response (code, message, data) instead of a rejection. */
	tryRequest(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }> {
		return this.page.evaluate(([m, p]) => window.lsp.tryRequest(m, p), [method, params] as const);
	}

	/** Delays the page's answers to the worker's extension-file requests (a slow network). */
	async setExtensionFileDelay(ms: number): Promise<void> {
		await this.page.evaluate((delay) => {
			(window.lsp.state as unknown as { extensionFileDelayMs: number }).extensionFileDelayMs = delay;
		}, ms);
	}

	notify(method: string, params: unknown): Promise<void> {
		return this.page.evaluate(([m, p]) => window.lsp.notify(m, p), [method, params] as const);
	}

	state(): Promise<PageState> {
		return this.page.evaluate(() => window.lsp.state, undefined);
	}

	/** What the page answers for iamRestoreLint settings and workspace files (uri → text). */
	async setWorkspace(settings: unknown, files: Record<string, string> = {}): Promise<void> {
		await this.page.evaluate(
			([s, f]) => {
				window.lsp.state.settings = s;
				window.lsp.state.files = f;
			},
			[settings, files] as const,
		);
	}

	async initialize(options: { workspaceFolder?: string; initializationOptions?: unknown } = {}): Promise<InitializeResult> {
		const folder = options.workspaceFolder ?? 'vscode-vfs://github/iam-restore-lint/example';
		const result = await this.request<InitializeResult>('initialize', {
			processId: null,
			rootUri: folder,
			workspaceFolders: [{ uri: folder, name: 'example' }],
			initializationOptions: options.initializationOptions ?? { web: { dataUrl: `${this.base}/ext/dist/` } },
			capabilities: {
				workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
				textDocument: { diagnostic: { dynamicRegistration: false }, publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown', 'plaintext'] } },
			},
		});
		await this.notify('initialized', {});
		return result;
	}

	async open(uri: string, text: string, languageId = 'json'): Promise<void> {
		this.versions.set(uri, 1);
		await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
	}

	/** Replaces the whole text (a full change, as a quick fix's result would be synced). */
	async replace(uri: string, text: string): Promise<void> {
		const version = (this.versions.get(uri) ?? 1) + 1;
		this.versions.set(uri, version);
		await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
	}

	async pull(uri: string): Promise<Diagnostic[]> {
		const report = await this.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
		return report.kind === 'full' ? report.items : [];
	}

	hover(uri: string, line: number, character: number): Promise<Hover | null> {
		return this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
	}

	async complete(uri: string, line: number, character: number): Promise<CompletionItem[]> {
		const result = await this.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
		return Array.isArray(result) ? result : (result?.items ?? []);
	}

	async stop(): Promise<void> {
		try {
			await this.request('shutdown', null);
			await this.notify('exit', null);
		} catch {
			// the page or the worker is already gone
		}
		await this.browser.close().catch(() => undefined);
		await new Promise((resolve) => this.http.server.close(resolve));
		fs.rmSync(this.pageDir, { recursive: true, force: true });
	}
}
