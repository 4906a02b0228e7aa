// OpenID Connect sign-in (authorization code flow with PKCE, state and nonce), e.g. Microsoft Entra ID.
import * as oidcClient from 'openid-client';
import type { OidcConfig } from '../../config.js';

export interface OidcPending {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string | null;
}

export interface OidcIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export function oidcService(config: OidcConfig, redirectUri: string) {
  let discovered: Promise<oidcClient.Configuration> | null = null;

  // Discovery happens on first use and is cached: Waymark starts even if the provider is down.
  function configuration(): Promise<oidcClient.Configuration> {
    discovered ??= oidcClient
      .discovery(
        new URL(config.issuer),
        config.clientId,
        config.clientSecret,
        undefined,
        // Plain-HTTP issuers exist only in tests and local development.
        config.issuer.startsWith('http://') ? { execute: [oidcClient.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  }

  return {
    label: config.label,
    async start(returnTo: string | null): Promise<{ url: string; pending: OidcPending }> {
      const pending: OidcPending = {
        state: oidcClient.randomState(),
        nonce: oidcClient.randomNonce(),
        verifier: oidcClient.randomPKCECodeVerifier(),
        returnTo,
      };
      const url = oidcClient.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidcClient.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    async finish(callbackUrl: URL, pending: OidcPending): Promise<OidcIdentity> {
      const tokens = await oidcClient.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('The identity provider sent no ID token');
      // Providers may keep email out of the ID token and answer it from UserInfo instead.
      const claims: Record<string, unknown> & { sub: string } =
        typeof idClaims.email === 'string'
          ? idClaims
          : {
              ...idClaims,
              ...(await oidcClient.fetchUserInfo(await configuration(), tokens.access_token, idClaims.sub)),
            };
      const email =
        typeof claims.email === 'string'
          ? claims.email
          : typeof claims.preferred_username === 'string' && claims.preferred_username.includes('@')
            ? claims.preferred_username
            : null;
      return {
        subject: claims.sub,
        email,
        emailVerified: claims.email_verified === true || config.trustEmail,
        name: typeof claims.name === 'string' ? claims.name : null,
      };
    },
  };
}

export type OidcService = ReturnType<typeof oidcService>;
