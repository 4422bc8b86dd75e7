import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, IamRestoreLintSettings } from '../shared/settings';
import { normalizeSettings } from './settings';

/**
 * Per-resource settings (`workspace/configuration` with the document's URI as scope), one
 * cached promise per URI, dropped on close and cleared on any configuration change. Clients that
 * cannot answer `workspace/configuration` send the settings in `initializationOptions.settings`
 * and in `workspace/didChangeConfiguration` instead.
 */
export class SettingsStore {
	private readonly cache = new Map<string, Promise<IamRestoreLintSettings>>();
	private pushed: IamRestoreLintSettings = DEFAULT_SETTINGS;
	/** Whether the client answers `workspace/configuration`; set on initialize. */
	pull = false;

	constructor(private readonly connection: Connection) {}

	get(uri: string): Promise<IamRestoreLintSettings> {
		if (!this.pull) return Promise.resolve(this.pushed);
		let cached = this.cache.get(uri);
		if (!cached) {
			cached = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'iamRestoreLint' }).then(normalizeSettings, () => DEFAULT_SETTINGS);
			this.cache.set(uri, cached);
		}
		return cached;
	}

	/** Settings sent by a client without `workspace/configuration` (initializationOptions, didChangeConfiguration). */
	setPushed(raw: unknown): void {
		this.pushed = normalizeSettings(raw);
	}

	forget(uri: string): void {
		this.cache.delete(uri);
	}

	clear(): void {
		this.cache.clear();
	}
}
