"""Transports: SMTP and the provider HTTP APIs, behind one interface (``base.Transport``)."""
