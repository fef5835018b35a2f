import { DEFAULT_ACCOUNT } from '../world';

export interface Identity {
  accessKeyId: string;
  account: string;
  region: string;
}

/**
 * Who is calling, from the SigV4 Authorization header (signatures are not verified):
 * the region from the credential scope, the account from the first run of 12 digits in
 * the access key id, e.g. AKIA123456789012EMU -> 123456789012, else the default account.
 */
export function identityOf(
  authorization: string | undefined,
): Identity | undefined {
  if (!authorization) return undefined;
  const match =
    /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(
      authorization,
    );
  if (!match) return undefined;
  const [, accessKeyId, region] = match;
  return {
    accessKeyId,
    region,
    account: /\d{12}/.exec(accessKeyId)?.[0] ?? DEFAULT_ACCOUNT,
  };
}
