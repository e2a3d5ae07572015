// A response body kept with its gzip and brotli forms, each made once, for pages served many times.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export type Encoding = 'br' | 'gzip' | 'identity';

export class PrecompressedBody {
  private readonly forms = new Map<Encoding, Promise<Buffer | string>>();

  constructor(readonly text: string) {
    this.forms.set('identity', Promise.resolve(text));
  }

  /** The body in this encoding, compressed on first use and kept. */
  encoded(encoding: Encoding): Promise<Buffer | string> {
    let form = this.forms.get(encoding);
    if (!form) {
      const input = Buffer.from(this.text);
      form =
        encoding === 'br'
          ? brotli(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } })
          : gzip(input, { level: 9 });
      this.forms.set(encoding, form);
    }
    return form;
  }
}

/** The best encoding the client accepts; q=0 means "not this one". */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}
