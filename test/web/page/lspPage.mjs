// The page side of test/web: plays the LSP client of the web worker server the way
// vscode-languageclient/browser does (a Worker and vscode-jsonrpc's browser reader and writer over
// its postMessage), and answers the server's requests as the web extension would: settings
// (workspace/configuration), workspace files (the iamRestoreLint/workspace/* requests, from an
// in-page map standing in for vscode.workspace.fs) and the extension's own files. The Node test drives it through window.lsp.
// Bundled by the test with esbuild (platform browser) and served over loopback HTTP.
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection } from 'vscode-jsonrpc/browser';

window.startLsp = (serverUrl) => {
	const state = {
		settings: {},
		files: {},
		published: [],
		logs: [],
		errors: [],
		fileRequests: [],
		refreshes: 0,
		timings: { workerCreated: 0, initialized: 0, firstDiagnostics: 0 },
	};
	state.timings.start = performance.now();
	const worker = new Worker(serverUrl);
	state.timings.workerCreated = performance.now();
	worker.addEventListener('error', (e) => state.errors.push(`worker error: ${e.message}`));
	const connection = createMessageConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
	connection.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section === 'iamRestoreLint' ? state.settings : null)));
	connection.onRequest('client/registerCapability', () => null);
	connection.onRequest('client/unregisterCapability', () => null);
	connection.onRequest('workspace/diagnostic/refresh', () => {
		state.refreshes++;
		return null;
	});
	connection.onRequest('window/workDoneProgress/create', () => null);
	connection.onNotification('textDocument/publishDiagnostics', (params) => {
		if (!state.timings.firstDiagnostics) state.timings.firstDiagnostics = performance.now();
		state.published.push(params);
	});
	connection.onNotification('window/logMessage', (params) => state.logs.push(params.message));
	connection.onNotification('window/showMessage', (params) => state.logs.push(params.message));
	const entry = (uri) => (Object.prototype.hasOwnProperty.call(state.files, uri) ? state.files[uri] : undefined);
	connection.onRequest('iamRestoreLint/workspace/readFile', ({ uri }) => {
		state.fileRequests.push(['readFile', uri]);
		const text = entry(uri);
		return typeof text === 'string' ? { text } : {};
	});
	connection.onRequest('iamRestoreLint/workspace/stat', ({ uri }) => {
		state.fileRequests.push(['stat', uri]);
		const text = entry(uri);
		if (typeof text === 'string') return { mtime: state.mtimes?.[uri] ?? 1, size: new TextEncoder().encode(text).length, type: 'file' };
		const prefix = uri.endsWith('/') ? uri : `${uri}/`;
		return Object.keys(state.files).some((k) => k.startsWith(prefix)) ? { mtime: 1, size: 0, type: 'directory' } : null;
	});
	connection.onRequest('iamRestoreLint/workspace/readDirectory', ({ uri }) => {
		state.fileRequests.push(['readDirectory', uri]);
		const prefix = uri.endsWith('/') ? uri : `${uri}/`;
		const names = new Map();
		for (const k of Object.keys(state.files)) {
			if (!k.startsWith(prefix)) continue;
			const rest = k.slice(prefix.length);
			names.set(rest.split('/')[0], rest.includes('/') ? 'directory' : 'file');
		}
		return names.size > 0 ? [...names].map(([name, type]) => ({ name, type })) : null;
	});
	// As client/src/browser/extensionFiles.ts does for an extension the worker cannot fetch from.
	connection.onRequest('iamRestoreLint/extensionFile', async ({ path }) => {
		state.fileRequests.push(['extensionFile', path]);
		// A slow network, when a test asks for one.
		if (state.extensionFileDelayMs) await new Promise((resolve) => setTimeout(resolve, state.extensionFileDelayMs));
		const response = await fetch(`/ext/${path}`);
		if (!response.ok) return {};
		const bytes = new Uint8Array(await response.arrayBuffer());
		let binary = '';
		for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return { base64: btoa(binary) };
	});
	connection.onError(([error]) => state.errors.push(`connection error: ${error?.message ?? error}`));
	connection.listen();

	window.lsp = {
		state,
		async request(method, params) {
			const result = await connection.sendRequest(method, params);
			if (method === 'initialize') state.timings.initialized = performance.now();
			if (method === 'textDocument/diagnostic' && !state.timings.firstDiagnostics) state.timings.firstDiagnostics = performance.now();
			return result;
		},
		/** The result, or the error response as data ({ code, message, data }). */
		async tryRequest(method, params) {
			try {
				return { result: await connection.sendRequest(method, params) };
			} catch (e) {
				return { error: { code: e.code, message: e.message, data: e.data } };
			}
		},
		notify(method, params) {
			return connection.sendNotification(method, params);
		},
		terminate() {
			connection.dispose();
			worker.terminate();
		},
	};
	return true;
};
