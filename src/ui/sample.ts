/** The bundled sample task (public/samples/, precached for offline use) as Files, like a user's drop. */
export async function sampleFile(name: string): Promise<File> {
  const res = await fetch(`./samples/${name}`);
  if (!res.ok) throw new Error(`The bundled sample ${name} is missing (HTTP ${res.status}); reload the app.`);
  return new File([await res.blob()], name, { type: 'video/mp4' });
}
