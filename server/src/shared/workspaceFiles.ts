/**
 * Requests the web worker server sends to the extension for files: a browser worker has no file
 * system, so user requirement sets and a role's sibling files are read by the extension through
 * `vscode.workspace.fs`, which serves every workspace VS Code can open (virtual ones too: github.dev,
 * vscode.dev). Types only, like protocol.ts: the client imports them with `import type`.
 */
export const ReadFileRequestMethod = 'iamRestoreLint/workspace/readFile' as const;
export const StatRequestMethod = 'iamRestoreLint/workspace/stat' as const;
export const ReadDirectoryRequestMethod = 'iamRestoreLint/workspace/readDirectory' as const;

export interface FileParams {
	uri: string;
}

/** `text` is absent when the file does not exist or cannot be read (never an error response). */
export interface ReadFileResult {
	text?: string;
}

/** Null when the file does not exist. */
export type StatResult = { mtime: number; size: number; type: 'file' | 'directory' | 'other' } | null;

/** The entries of a folder (names, not paths); null when it does not exist. */
export type ReadDirectoryResult = { name: string; type: 'file' | 'directory' | 'other' }[] | null;

/**
 * One of the extension's own files (e.g. `dist/aws-actions.json`), read by the extension for a
 * worker that cannot fetch it: an extension installed on a remote (code-server, a remote web
 * workbench) lives at a vscode-remote: URI, which only the extension host can resolve.
 */
export const ExtensionFileRequestMethod = 'iamRestoreLint/extensionFile' as const;

export interface ExtensionFileParams {
	/** Relative to the extension's folder, with forward slashes. */
	path: string;
}

/** The file's bytes in base64 (survives any serialization on the way); absent when unreadable. */
export interface ExtensionFileResult {
	base64?: string;
}

/**
 * What the web extension tells its worker at start (initializationOptions.web): where the
 * extension's own data files are, as a URL the worker can fetch.
 */
export interface WebInitializationOptions {
	/**
	 * URL of the extension's `dist/` folder, ending in `/`, when the worker can fetch it (http and
	 * https: vscode.dev, github.dev). Absent: the worker asks the extension (ExtensionFileRequestMethod).
	 */
	dataUrl?: string;
}
