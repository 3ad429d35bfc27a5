import { TwilioSandbox } from './twilio-sandbox';

/**
 * The Twilio sandbox on its own: `npm run twilio-sandbox`. TWILIO_SANDBOX_PORT (default 4010),
 * TWILIO_SANDBOX_HOST (default 127.0.0.1), TWILIO_SANDBOX_STATE (a JSON file to keep the state in).
 */
async function main(): Promise<void> {
  const port = Number(process.env.TWILIO_SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(
      `TWILIO_SANDBOX_PORT must be a port number, got ${process.env.TWILIO_SANDBOX_PORT}`,
    );
  }
  const statePath = process.env.TWILIO_SANDBOX_STATE || undefined;
  const sandbox = await TwilioSandbox.start({
    port,
    host: process.env.TWILIO_SANDBOX_HOST || '127.0.0.1',
    // A standalone sandbox shows real dates; tests keep the deterministic clock.
    clock: () => new Date(),
    ...(statePath ? { statePath } : {}),
  });

  console.log(
    [
      `Twilio sandbox listening on ${sandbox.url}`,
      `  account sid: ${sandbox.accountSid}`,
      `  auth token:  ${sandbox.authToken}`,
      statePath ? `  state file:  ${statePath}` : '  state:       in memory',
      '',
      'Point the API at it:',
      `  TWILIO_API_BASE_URL=${sandbox.url} TWILIO_ACCOUNT_SID=${sandbox.accountSid} TWILIO_AUTH_TOKEN=${sandbox.authToken} npm start`,
      '',
      `Controls (faults, logs, accounts): ${sandbox.url}/__sandbox`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the Twilio sandbox`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
