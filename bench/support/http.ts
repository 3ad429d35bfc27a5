/** A JSON request to the API (or a baseline), failing loudly on an unexpected status. */
export async function requestJson<T>(
  url: string,
  options: { method?: string; token?: string; body?: unknown; expect?: number[] } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const expected = options.expect ?? [200];
  if (!expected.includes(response.status)) {
    throw new Error(
      `${options.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 500)}`,
    );
  }
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers,
  };
}
