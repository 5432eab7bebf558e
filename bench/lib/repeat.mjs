// Repeat a measurement and summarise it. One run on a shared 2-core machine is noise (issue 18): each bench
// runs its measurement `times` times (3 by default, `--repeat=N`) and reports the median with the spread
// (min-max) of every headline figure, so a figure that moved can be told from one that did not.
import { log } from './env.mjs';

/**
 * Runs `runOnce(i)` (i = 0 .. times-1) one after the other (never in parallel: they would measure each
 * other) and returns the results in run order. A run that throws fails the bench: a median of the runs
 * that happened to work would hide the failure.
 */
export async function runRepeated(times, runOnce) {
  if (!Number.isInteger(times) || times < 1) throw new Error(`runRepeated: times must be a positive integer, got ${times}`);
  const runs = [];
  for (let i = 0; i < times; i++) {
    if (times > 1) log(`--- run ${i + 1} of ${times} ---`);
    runs.push(await runOnce(i));
  }
  return runs;
}

/** Median of numbers (mean of the middle two for an even count). */
export function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `{ median, min, max }` of `runs[i][key]` (or of `key(run)` when key is a function). */
export function summarize(runs, key) {
  const values = runs.map((run) => Number(typeof key === 'function' ? key(run) : run[key]));
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** The run whose `key` is the median one (odd counts; the lower middle otherwise): its other figures belong together. */
export function medianRun(runs, key) {
  const value = (run) => Number(typeof key === 'function' ? key(run) : run[key]);
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** "123.4 (min 120.1 – max 130.2)" for a log line; d decimals. */
export function spreadText({ median: m, min, max }, d = 1) {
  return `${m.toFixed(d)} (${min.toFixed(d)}–${max.toFixed(d)})`;
}

/**
 * benchLine fields for the headline figures: `name` the median, `name_min` and `name_max` the spread.
 * `keys` maps field name -> run key (or function), `d` decimals.
 */
export function spreadFields(runs, keys, d = 1) {
  const fields = {};
  for (const [name, key] of Object.entries(keys)) {
    const s = summarize(runs, key);
    fields[name] = s.median.toFixed(d);
    fields[`${name}_min`] = s.min.toFixed(d);
    fields[`${name}_max`] = s.max.toFixed(d);
  }
  return fields;
}
