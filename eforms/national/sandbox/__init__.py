"""The sandbox of the national portal's LGSP adapter: mounted at
``/dvcqg-sandbox/`` only when ``NATIONAL_PORTAL_SANDBOX`` is on. It issues
sessions (``auth/``), receives ``DongBoHoSoMC`` pushes and answers
``LayDanhSachTTHC`` (``integration/``) like the real adapter, validates
every record, stores what it accepted (``SandboxReceipt``) and what it
refused (``SandboxRefusal``), and misbehaves on request (``SandboxFault``)."""
