import type { TreeSitterWasm } from '../engine/syntax/treeSitter';

/**
 * What the language server needs from the place it runs in. The server (everything in this
 * folder) never touches a file system, a path module or a process: it asks the runtime, by URI.
 * `server/src/node/nodeRuntime.ts` implements it for Node (stdio, IPC); a browser web worker
 * implements the same interface with fetch and the client's file system.
 *
 * Every method is asynchronous and never throws for a missing file: it answers `undefined`.
 */
export interface ServerRuntime {
	/** The text of a file (UTF-8), or undefined when it does not exist or cannot be read. */
	readFile(uri: string): Promise<string | undefined>;
	/** Size and modification time of a file, or undefined when it does not exist. */
	stat(uri: string): Promise<FileStat | undefined>;
	/**
	 * Why the last `stat` or `readFile` of a URI answered undefined when that was not because the
	 * file is missing (the editor did not answer the request to read it); undefined otherwise.
	 */
	unreadBecause?(uri: string): string | undefined;
	/**
	 * The AWS action catalog as generated JSON text (`server/src/catalog/aws-actions.json`, shipped
	 * next to the bundle). Rejects with a readable reason when it is not available; the server then
	 * checks without the catalog and says so in its log.
	 */
	loadCatalogText(): Promise<string>;
	/**
	 * tree-sitter's runtime and the HCL grammar (wasm, shipped next to the bundle), for Terraform
	 * files. Asked for once, when the first Terraform file is checked. Absent: .tf files get nothing.
	 */
	loadTreeSitterWasm?(): Promise<TreeSitterWasm>;
	/**
	 * The AWS managed policies as generated JSON text (`server/src/catalog/aws-managed-policies.json`),
	 * for roles that attach them by ARN. Asked for once, on first need. Absent or rejected: such roles
	 * name the policy as one that could not be read.
	 */
	loadManagedPoliciesText?(): Promise<string>;
	readonly platform: RuntimePlatform;
	/** A monotonic clock in milliseconds, for request time budgets. */
	now(): number;
	/** Runs `callback` after `ms` milliseconds; the returned function cancels it. */
	setTimer(callback: () => void, ms: number): () => void;
}

export interface FileStat {
	/** Modification time, milliseconds since the epoch. */
	mtime: number;
	size: number;
}

export interface RuntimePlatform {
	/**
	 * Windows: paths in settings may use `\` and drive letters, and paths and globs compare
	 * without regard to case.
	 */
	readonly windowsPaths: boolean;
	/**
	 * URI schemes whose paths name files `readFile` can read, e.g. `file` and `vscode-remote` for
	 * Node (the remote side of code-server or Remote-SSH is the machine the server runs on).
	 * Two URIs of these schemes with the same path are the same file.
	 */
	readonly localSchemes: readonly string[];
}
