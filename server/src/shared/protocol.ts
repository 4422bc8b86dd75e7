/**
 * Custom requests between the extension and the server. Types only: the client imports this
 * file with `import type`, so nothing crosses at run time and drift is a compile error.
 */
import type { ActionStatus } from '../engine/types';

export const CoverageRequestMethod = 'iamRestoreLint/coverage' as const;

export interface CoverageParams {
	uri: string;
}

export interface ScenarioCoverage {
	id: string;
	title: string;
	shortTitle: string;
	product: string;
	productVersion: string;
	sourceUrl: string;
	inferred: boolean;
	reason?: string;
	satisfied: boolean;
	granted: number;
	total: number;
	/** `file` is set when the deciding statement is in another file of the role. */
	actions: { action: string; status: ActionStatus; by: { sid?: string; line: number; file?: string }[] }[];
	trust: { principal: string; status: string }[];
}

export interface CoverageResult {
	/** False for documents that are not IAM policies (no status bar item then). */
	isPolicy: boolean;
	policyKind?: 'identity' | 'trust' | 'resource';
	/** Set when the file is one of the files of a role (iamRestoreLint.roles): the results are the role's. */
	role?: { name: string; files: string[] };
	scenarios: ScenarioCoverage[];
}

export const ScenariosRequestMethod = 'iamRestoreLint/scenarios' as const;

export interface ScenariosParams {
	/** The document whose settings (user requirement sets) apply; optional. */
	uri?: string;
}

export interface ScenarioInfo {
	id: string;
	title: string;
	shortTitle: string;
	product: string;
	productVersion: string;
	pageDate: string | null;
	sourceUrl: string;
	actionCount: number;
	hasTrust: boolean;
	/** Labels of the policies the source splits the permissions into (empty when it is one policy). */
	parts: string[];
}

export const PolicyTextRequestMethod = 'iamRestoreLint/policyText' as const;

export interface PolicyTextParams {
	/** `permissions` or `trust` of one scenario; `missing`: what the document's scenarios still lack. */
	kind: 'permissions' | 'trust' | 'missing';
	scenario?: string;
	/** For a scenario whose source splits the permissions into several policies: which one (0-based). */
	part?: number;
	uri?: string;
	/** The editor's indentation. */
	insertSpaces?: boolean;
	tabSize?: number;
}

export interface PolicyTextResult {
	text?: string;
	/** Why there is no text (unknown scenario, nothing missing, not a policy). */
	reason?: string;
}
