// Dates in feeds are always written in UTC, so output never depends on the host's time zone.

/** RFC 3339, as Atom (RFC 4287 §3.3) and JSON Feed require: `2022-01-01T09:30:00.000Z`. */
export function rfc3339Date(date: Date): string {
  return date.toISOString();
}
