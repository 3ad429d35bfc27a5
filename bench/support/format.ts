export const ms = (value: number): string =>
  Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ms` : 'n/a';

export const seconds = (valueMs: number): string =>
  Number.isFinite(valueMs) ? `${(valueMs / 1000).toFixed(2)} s` : 'n/a';

export const perSecond = (value: number): string =>
  Number.isFinite(value) ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} req/s` : 'n/a';

export const times = (value: number): string =>
  Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';

export const count = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : value.toLocaleString('en-US');

export const mb = (value: number): string =>
  Number.isFinite(value) ? `${value.toFixed(0)} MB` : 'n/a';
