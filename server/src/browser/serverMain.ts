import { BrowserMessageReader, BrowserMessageWriter, createConnection, Message, MessageReader, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server';
import type { WebInitializationOptions } from '../shared/workspaceFiles';
import { createBrowserRuntime, WorkerScope } from './browserRuntime';

/**
 * Web worker entry of the language server (dist/web/server.js) for VS Code for the Web: LSP
 * over the worker's postMessage (vscode-languageserver/browser), the same server as in Node with a
 * browser runtime (browserRuntime.ts).
 */
declare const self: WorkerScope & ConstructorParameters<typeof BrowserMessageReader>[0];

/**
 * Hands the initialize request's `initializationOptions.web` (where the extension's data files
 * are) to the runtime before the server sees it; the server itself only knows the runtime.
 */
function withInitializeOptions(reader: MessageReader, configure: (web: Partial<WebInitializationOptions> | undefined) => void): MessageReader {
	return {
		onError: reader.onError,
		onClose: reader.onClose,
		onPartialMessage: reader.onPartialMessage,
		dispose: () => reader.dispose(),
		listen: (callback) =>
			reader.listen((message: Message) => {
				const request = message as { method?: string; params?: { initializationOptions?: { web?: Partial<WebInitializationOptions> } } };
				if (request.method === 'initialize') configure(request.params?.initializationOptions?.web);
				callback(message);
			}),
	};
}

const connection = createConnection(
	ProposedFeatures.all,
	// Messages arrive only after this module ran, so `runtime` is set by then.
	withInitializeOptions(new BrowserMessageReader(self), (web) => runtime.configure(web)),
	new BrowserMessageWriter(self),
);
const runtime = createBrowserRuntime(connection, self);
startServer(connection, runtime);
