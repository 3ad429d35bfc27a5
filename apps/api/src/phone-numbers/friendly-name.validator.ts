import { FriendlyName, InvalidFriendlyName } from '@loquent/telephony-domain';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * The domain's FriendlyName rule as a DTO constraint: a request is refused (400, the field named)
 * for exactly what the domain would refuse, before any Twilio call or database write. Only checks
 * strings; whether the field is required or a string is the DTO's other constraints' business.
 */
export function IsFriendlyName(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFriendlyName',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || refusal(value) === null,
        defaultMessage: (args) => refusal(String(args?.value)) ?? '',
      },
    });
}

function refusal(value: string): string | null {
  try {
    FriendlyName.parse(value);
    return null;
  } catch (error) {
    if (error instanceof InvalidFriendlyName) return error.message;
    throw error;
  }
}
