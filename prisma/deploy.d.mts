export function deployPostgres(url: string, options?: { log?: (line: string) => void }): Promise<number>;
