import packageJson from '../../package.json';

/** Version of the msbound engine, recorded with every result; package.json is its only source. */
export const VERSION: string = packageJson.version;
