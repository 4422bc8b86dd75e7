import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** Matches server/src/shared/settings.ts (a type error if the two drift). */
export const USER_PATHS_OPTION: typeof import('../../server/src/shared/settings').USER_PATHS_OPTION = 'fillsUserPaths';

/**
 * The files the user's own settings (not the workspace's) name: requirement sets and the files
 * of roles. Only these may be outside the workspace; a cloned repository's settings cannot make
 * the server read ~/.aws or ~/.ssh.
 */
export function userPaths(scope: vscode.Uri | undefined): string[] {
	const config = vscode.workspace.getConfiguration('iamRestoreLint', scope);
	const sets = config.inspect<unknown>('requirementSets')?.globalValue;
	const roles = config.inspect<unknown>('roles')?.globalValue;
	const paths: unknown[] = Array.isArray(sets) ? [...sets] : [];
	if (roles && typeof roles === 'object')
		for (const role of Object.values(roles as Record<string, { policies?: unknown; trust?: unknown }>)) {
			if (Array.isArray(role?.policies)) paths.push(...role.policies);
			paths.push(role?.trust);
		}
	return paths.filter((p): p is string => typeof p === 'string' && p.length > 0);
}

/**
 * `workspace/configuration` answers with `userPaths` filled in by the client, always overwriting
 * whatever a workspace wrote under that name.
 */
export const userPathsMiddleware: Middleware['workspace'] = {
	configuration: async (params, token, next) => {
		const result = await next(params, token);
		if (!Array.isArray(result)) return result;
		return result.map((value: unknown, i) => {
			const item = params.items[i];
			if (item?.section !== 'iamRestoreLint' || !value || typeof value !== 'object') return value;
			return { ...value, userPaths: userPaths(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) };
		});
	},
};
