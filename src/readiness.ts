/**
 * Readiness: can this instance serve a reset right now? Each dependency check runs in parallel under
 * one deadline; a check that throws or is still running at the deadline counts as "not ready", so a
 * hanging token endpoint cannot hang the probe. Liveness (`/healthz`) deliberately checks nothing of
 * this: an Entra or storage outage must not make App Service recycle instances that would recover.
 */

/** A named dependency probe; resolves true when the dependency works. */
export type ReadinessCheck = () => Promise<boolean>;

/** Each check's outcome, by name. */
export type ReadinessReport = Record<string, boolean>;

/** Runs every check at once; none takes longer than `deadlineMs`. */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  deadlineMs: number,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, boolean]> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
        timer.unref();
      });
      try {
        return [
          name,
          await Promise.race([
            Promise.resolve()
              .then(check)
              .catch(() => false),
            late,
          ]),
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}
