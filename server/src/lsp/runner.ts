import type { CancellationToken } from 'vscode-languageserver';
import type { ServerRuntime } from './runtime';

/**
 * How long one request may take before the server answers with its fallback (an empty result)
 * instead. The engine's own limits (nesting depth, document size, finding caps) keep every
 * synchronous step short; the budget covers the rest: slow settings round trips, a pile-up of
 * steps on a huge document. Generous enough for a 2 MB policy on a loaded 2-core machine.
 */
export const REQUEST_BUDGET_MS = 8000;

export type RunSafe = <T>(what: string, fallback: T, work: () => Promise<T> | T, token?: CancellationToken) => Promise<T>;

/**
 * Wraps every handler, like json-language-features' runSafeAsync: a thrown error, a cancelled
 * request or an exhausted time budget answers `fallback` and is logged, so one bad input never
 * takes the server down or leaves a request unanswered.
 */
export function createRunner(runtime: ServerRuntime, logError: (message: string) => void, budgetMs = REQUEST_BUDGET_MS): RunSafe {
	return <T>(what: string, fallback: T, work: () => Promise<T> | T, token?: CancellationToken): Promise<T> => {
		if (token?.isCancellationRequested) return Promise.resolve(fallback);
		return new Promise<T>((resolve) => {
			let settled = false;
			const finish = (value: T) => {
				if (settled) return;
				settled = true;
				cancelTimer();
				listener?.dispose();
				resolve(value);
			};
			const cancelTimer = runtime.setTimer(() => {
				logError(`${what} took longer than ${budgetMs} ms; answered with an empty result.`);
				finish(fallback);
			}, budgetMs);
			const listener = token?.onCancellationRequested(() => finish(fallback));
			Promise.resolve()
				.then(work)
				.then(finish, (e: unknown) => {
					logError(`${what} failed: ${(e as Error)?.stack ?? String(e)}`);
					finish(fallback);
				});
		});
	};
}
