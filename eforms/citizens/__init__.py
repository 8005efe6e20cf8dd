"""Citizens' accounts: sign-in with OpenID Connect (VNeID through the
national portal's single sign-on), "Hồ sơ của tôi", prefill and lock of the
identity fields, the level of assurance a procedure requires, and the sandbox
identity provider (``sandbox/``)."""
