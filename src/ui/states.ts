/**
 * Lit reactive-state declarations by name: `static override properties = states('_busy', '_error')` instead of one
 * `{ state: true }` line per private field; attribute properties are spread beside it
 * (`{ ...states('_busy'), value: { type: String } }`).
 */
import type { PropertyDeclarations } from 'lit';

export function states(...names: string[]): PropertyDeclarations {
  return Object.fromEntries(names.map((name) => [name, { state: true }]));
}
