/** A span of minutes for people: "45 minutes", "1 hour", "8 hours", "1 day", "90 minutes". */
import { t, type Locale } from './index';

/** Whole days or whole hours when the span is one, else minutes. */
export function formatMinutes(locale: Locale, minutes: number): string {
  if (minutes > 0 && minutes % 1440 === 0) {
    const days = minutes / 1440;
    return days === 1 ? t(locale, 'tap.duration.day') : t(locale, 'tap.duration.days', { n: days });
  }
  if (minutes > 0 && minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? t(locale, 'tap.duration.hour') : t(locale, 'tap.duration.hours', { n: hours });
  }
  return t(locale, 'tap.duration.minutes', { n: minutes });
}
