/** UK formatting for people: £1.2m, 0.42 ha. */
export function formatPounds(pence: number | null): string {
  if (pence === null) return '—';
  const pounds = pence / 100;
  if (Math.abs(pounds) >= 1e9) return `£${(pounds / 1e9).toFixed(2)}bn`;
  if (Math.abs(pounds) >= 1e6) return `£${(pounds / 1e6).toFixed(1)}m`;
  if (Math.abs(pounds) >= 1e3) return `£${Math.round(pounds / 1e3)}k`;
  return `£${Math.round(pounds)}`;
}

export const formatHa = (ha: number | null): string => (ha === null ? '—' : `${ha.toFixed(2)} ha`);
