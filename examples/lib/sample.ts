// The shape of the demo target's /json answer, and a type guard for it.
export interface Sample {
  name: string;
  version: number;
  items: number[];
  nested: { ok: boolean; text: string };
}

export function isSample(value: unknown): value is Sample {
  const v = value as Partial<Sample> | null;
  return !!v && typeof v.name === 'string' && Array.isArray(v.items) && typeof v.nested?.ok === 'boolean';
}
