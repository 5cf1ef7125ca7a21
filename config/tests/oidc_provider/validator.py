from oauth2_provider.oauth2_validators import OAuth2Validator


class ValidatorNip(OAuth2Validator):
    """The provider knows its people by NIP (their user name there) and says so in `nip`."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "nip": "profile"}

    def get_additional_claims(self, request):
        return {"nip": request.user.username, "name": request.user.get_full_name()}
