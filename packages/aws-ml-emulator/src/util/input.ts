import {
  cloudwatchErrors,
  sagemakerErrors,
  ServiceName,
} from '../server/errors';
import { parseTimestamp } from './time';

/** Reads request members with the validation messages the AWS services use. */
export class Input {
  constructor(
    readonly body: Record<string, unknown>,
    readonly service: ServiceName,
  ) {}

  private fail(message: string) {
    return this.service === 'cloudwatch'
      ? cloudwatchErrors.validation(message)
      : sagemakerErrors.validation(message);
  }

  missing(name: string) {
    if (this.service === 'cloudwatch') {
      return cloudwatchErrors.missingParameter(
        `The parameter ${name} is required.`,
      );
    }
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    return this.fail(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw this.fail(`Value for ${name} must be a string.`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw this.missing(name);
    return value;
  }

  number(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.fail(`Value for ${name} must be a number.`);
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean')
      throw this.fail(`Value for ${name} must be a boolean.`);
    return value;
  }

  timestamp(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    const parsed = parseTimestamp(value);
    if (parsed === undefined)
      throw this.fail(`Value for ${name} is not a valid timestamp.`);
    return parsed;
  }

  list<T = unknown>(name: string): T[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value))
      throw this.fail(`Value for ${name} must be a list.`);
    return value as T[];
  }

  object(name: string): Record<string, unknown> | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw this.fail(`Value for ${name} must be a structure.`);
    }
    return value as Record<string, unknown>;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) {
      throw this.fail(
        `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(
          ', ',
        )}]`,
      );
    }
    return value as T;
  }
}
