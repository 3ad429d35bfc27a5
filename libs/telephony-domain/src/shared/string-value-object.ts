/** A value object wrapping one validated string; equal when of the same class and value. */
export abstract class StringValueObject {
  protected constructor(readonly value: string) {}

  equals(other: unknown): boolean {
    return (
      other instanceof StringValueObject &&
      other.constructor === this.constructor &&
      other.value === this.value
    );
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}
