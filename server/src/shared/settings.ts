/**
 * The `iamRestoreLint.*` settings as the server receives them per resource. Declared once in
 * package.json (contributes.configuration); this is their only type. Adding a setting means:
 * package.json + this type + lsp/settings.ts (translator) + a test.
 */
export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface IamRestoreLintSettings {
	/** Master switch. */
	enable: boolean;
	/** Glob (workspace-relative path) → scenario ids. */
	scenarios: Record<string, string[]>;
	/** Infer scenarios from the content of files no glob matches. */
	autoDetect: boolean;
	/** Paths (absolute or workspace-relative) of the user's own requirement-set files. */
	requirementSets: string[];
	/** Finding code → severity, or "off" to hide it. */
	severity: Record<string, SeverityOverride>;
	/** Role name → the policy files that together form the role, its trust policy, its scenarios. */
	roles: Record<string, RoleSetting>;
	/**
	 * Not a setting: the paths (requirement sets, role files) that come from the user's own
	 * settings, filled in by the VS Code client, which always overwrites whatever a workspace
	 * wrote here. Only these may name files outside the workspace folders; the server honours
	 * the list only from a client that says it fills it in (USER_PATHS_OPTION).
	 */
	userPaths?: string[];
}

/** `initializationOptions[USER_PATHS_OPTION] === true`: the client fills in `userPaths` itself. */
export const USER_PATHS_OPTION = 'fillsUserPaths';

/** One IAM role made of several policy files (paths absolute or relative to the workspace folder). */
export interface RoleSetting {
	policies: string[];
	trust?: string;
	scenarios: string[];
}

export const DEFAULT_SETTINGS: IamRestoreLintSettings = {
	enable: true,
	scenarios: {},
	autoDetect: true,
	requirementSets: [],
	severity: {},
	roles: {},
};
