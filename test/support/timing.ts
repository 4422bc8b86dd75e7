/**
 * Timing for tests that must hold on a loaded 2-core machine (load 14 is common here) and still
 * fail on a real slowdown. Two rules:
 * - in process, measure CPU time, not wall time: a process that waits for a core does no work, so
 *   its CPU time barely moves with the load while its wall time grows without bound;
 * - compare with a baseline measured in the same test, interleaved with the work (so both see
 *   the same machine): a ratio says "linear, not quadratic" or "about what a normal input costs"
 *   whatever the machine's speed.
 */

/** CPU time of this process, in milliseconds. */
function cpuNow(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

/** The CPU time `work` takes, in milliseconds. */
export function cpuMs(work: () => unknown): number {
	const started = cpuNow();
	work();
	return cpuNow() - started;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** The median CPU time of `runs` runs of `work`, in milliseconds. */
export function medianCpuMs(work: () => unknown, runs = 3): number {
	return median(Array.from({ length: runs }, () => cpuMs(work)));
}

export interface Ratio {
	ratio: number;
	workMs: number;
	baselineMs: number;
	/** For an assertion's message: both medians and their ratio. */
	summary: string;
}

/**
 * Median CPU time of `work` over median CPU time of `baseline`, runs interleaved. The baseline's
 * time is floored at 1 ms so that a baseline too quick to measure does not make any ratio huge.
 */
export function cpuRatio(work: () => unknown, baseline: () => unknown, runs = 3): Ratio {
	const w: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < runs; i++) {
		b.push(cpuMs(baseline));
		w.push(cpuMs(work));
	}
	const workMs = median(w);
	const baselineMs = median(b);
	const ratio = workMs / Math.max(1, baselineMs);
	return { ratio, workMs, baselineMs, summary: `${workMs.toFixed(1)} ms of CPU vs a baseline's ${baselineMs.toFixed(1)} ms (${ratio.toFixed(1)} x)` };
}
