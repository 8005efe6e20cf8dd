"""The sandbox provider's claims and ID tokens (django-oauth-toolkit's
validator, extended): the demo person's claims under the names the portal's
default claim mapping expects, and, for the fault accounts, a token that is
wrong in exactly one way."""

import json
import time

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from eforms.citizens.sandbox.people import FAULT_PERSON, key_of, person_for


class SandboxValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "so_dinh_danh": "openid",
        "loa": "openid",
    }

    def get_additional_claims(self, request):
        person, fault = person_for(key_of(request.user.get_username()) or "")
        if person is None:
            return {}
        claims = {name: value for name, value in person.items() if value not in ("", None)}
        if fault != "missing":
            claims["so_dinh_danh"] = FAULT_PERSON if fault else key_of(request.user.get_username())
        return claims

    def finalize_id_token(self, id_token, token, token_handler, request):
        _person, fault = person_for(key_of(request.user.get_username()) or "")
        if fault not in ("forged", "expired", "audience", "nonce"):
            return super().finalize_id_token(id_token, token, token_handler, request)
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        key = request.client.jwk_key
        header = {"typ": "JWT", "alg": request.client.algorithm, "kid": key.thumbprint()}
        if fault == "expired":
            id_token["iat"] = int(time.time()) - 7200
            id_token["exp"] = int(time.time()) - 3600
        elif fault == "audience":
            id_token["aud"] = "ung-dung-khac"
        elif fault == "nonce":
            id_token["nonce"] = "nonce-cua-phien-khac"
        elif fault == "forged":
            key = jwk.JWK.generate(kty="RSA", size=2048)  # same kid, another key: the signature fails
        signed = jwt.JWT(header=json.dumps(header), claims=json.dumps(id_token, default=str))
        signed.make_signed_token(key)
        saved = self._save_id_token(id_token["jti"], request, expiration_time)
        request.access_token = saved
        request.id_token = saved
        return signed.serialize()
