"""The sandbox identity provider: a real OpenID Connect server
(django-oauth-toolkit, OIDC on, an RSA key generated under ``var/``), mounted
at ``/sandbox-idp/`` only when ``CITIZEN_OIDC_SANDBOX=1``. Its chooser page
says plainly that it is not VNeID; it offers demo citizens at levels 1 and 2
and a few broken answers to try the portal's error handling."""
