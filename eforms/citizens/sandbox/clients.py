"""The portal's client registration at the sandbox provider (what the center
obtains from the national portal's SSO in production)."""

from oauth2_provider.models import get_application_model


def register_client(client_id, client_secret, redirect_uris, name="Cổng dịch vụ công (thử nghiệm)"):
    """Create or update the confidential client; idempotent."""
    Application = get_application_model()
    app = Application.objects.filter(client_id=client_id).first() or Application(client_id=client_id)
    app.name = name
    app.client_type = Application.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    app.algorithm = Application.RS256_ALGORITHM
    app.skip_authorization = True
    app.redirect_uris = " ".join(dict.fromkeys(redirect_uris))
    app.client_secret = client_secret  # hashed on save
    app.save()
    return app
