/**
 * The settings of `npm run reliability`, read from `REL_*` environment variables (sizes of a smoke run,
 * time budgets), checked, and explained by `--help`. Pure, so the usage text and the checks are tested.
 */

/** One setting: its variable, default, bounds and what it does. */
interface SettingSpec {
  readonly name: string;
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  readonly text: string;
}

const SPECS = [
  { name: 'REL_ADMINS', fallback: 50, min: 1, max: 500, text: 'simulated admins in phases 1 and 2' },
  { name: 'REL_RESETS', fallback: 20, min: 1, max: 1000, text: 'resets per admin in phase 1 (load)' },
  { name: 'REL_STORM_S', fallback: 60, min: 0, max: 3600, text: 'seconds of the 429 storm (phase 2)' },
  {
    name: 'REL_DUPLICATES',
    fallback: 500,
    min: 0,
    max: 5000,
    text: 'submits of phase 3, each delivered 2–10 times to either instance',
  },
  {
    name: 'REL_SPREAD_S',
    fallback: 30,
    min: 0,
    max: 600,
    text: 'seconds over which the copies of one submit arrive (phase 3)',
  },
  {
    name: 'REL_LOAD_MIN',
    fallback: 18,
    min: 1,
    max: 600,
    text: 'minutes after which phase 1 starts no new reset',
  },
  { name: 'REL_LIMIT_MIN', fallback: 50, min: 20, max: 600, text: 'minutes after which the whole run stops' },
] as const satisfies readonly SettingSpec[];

/** The checked settings. */
export interface RelSettings {
  readonly admins: number;
  readonly resetsPerAdmin: number;
  readonly stormMs: number;
  readonly duplicates: number;
  readonly spreadMs: number;
  readonly loadBudgetMs: number;
  readonly hardLimitMs: number;
  /** REL_KEEP=1: keep the data folder (logs, Azurite data) for a post-mortem. */
  readonly keep: boolean;
}

/** The settings from `env`, or the sentences saying what is wrong. */
export function readRelSettings(
  env: Readonly<Record<string, string | undefined>>,
): { settings: RelSettings } | { problems: string[] } {
  const problems: string[] = [];
  const value = (spec: SettingSpec): number => {
    const raw = env[spec.name]?.trim();
    if (!raw) return spec.fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
      problems.push(`${spec.name} must be a whole number from ${spec.min} to ${spec.max} (it is "${raw}").`);
      return spec.fallback;
    }
    return n;
  };
  const [admins, resetsPerAdmin, stormS, duplicates, spreadS, loadMin, limitMin] = SPECS.map(value);
  if (problems.length > 0) return { problems };
  return {
    settings: {
      admins,
      resetsPerAdmin,
      stormMs: stormS * 1000,
      duplicates,
      spreadMs: spreadS * 1000,
      loadBudgetMs: loadMin * 60_000,
      hardLimitMs: limitMin * 60_000,
      keep: env.REL_KEEP === '1',
    },
  };
}

/** `npm run reliability -- --help`. */
export function relUsage(): string {
  const width = Math.max(...SPECS.map((spec) => spec.name.length));
  const lines = SPECS.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.text} (default ${spec.fallback})`);
  return [
    'Usage: npm run reliability            (settings: REL_* environment variables)',
    '       npm run reliability -- --help  (this text)',
    '',
    'Starts the local tenant, Azurite and two bot instances (compiled, as production runs them) on',
    'loopback and runs three phases: load with Graph latency and 5 % faults, a 429 storm, and duplicate',
    'delivery of submits across both instances. Prints one table per phase and whether each phase met',
    'its goals (0 duplicate resets or mails, 0 lost audit records, every request told, p95 invoke',
    'answer ≤ 1 s); exits 0 when all did, 1 when one did not, 2 when the run failed. Nothing is left in',
    'the temporary directory afterwards, also after Ctrl-C (unless REL_KEEP=1).',
    '',
    ...lines,
    `  ${'REL_KEEP'.padEnd(width)}  1: keep the data folder (logs, Azurite data) for a post-mortem`,
  ].join('\n');
}
